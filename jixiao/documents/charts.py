"""Charts for the reports: matplotlib (Agg) with a Chinese font found on this machine, returned as PNG bytes."""

from __future__ import annotations

import io
from functools import lru_cache

from ..errors import JixiaoError

# the first of these that the machine has: Noto/思源 (Linux: fonts-noto-cjk), then Windows, macOS and WPS fonts
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
             "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei", "DengXian", "PingFang SC", "Heiti SC", "STHeiti",
             "Noto Serif CJK SC", "SimSun")
PLANNED, ACTUAL = "#9DB9D8", "#2F5597"          # 分值 / 得分: light and dark blue, readable in grey print too


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """The family name matplotlib will use for Chinese text (JixiaoError when the machine has none)."""
    from matplotlib import font_manager
    have = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in have:
            return name
    raise JixiaoError("未找到中文字体，无法绘制报告中的图表。请安装中文字体（Debian/Ubuntu：apt-get install fonts-noto-cjk；"
                      "Windows、macOS 自带的黑体、微软雅黑、苹方均可）。")


def _figure(width: float = 6.3, height: float = 3.0):
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    plt.rcParams.update({"font.family": cjk_font(), "axes.unicode_minus": False, "font.size": 9,
                         "svg.hashsalt": "jixiao"})
    fig, ax = plt.subplots(figsize=(width, height), dpi=200)
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def _png(fig) -> bytes:
    from matplotlib import pyplot as plt
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def _label(ax, bars, fmt: str) -> None:
    for b in bars:
        h = b.get_height()
        ax.annotate(fmt.format(h), (b.get_x() + b.get_width() / 2, h), ha="center", va="bottom", fontsize=8,
                    xytext=(0, 2), textcoords="offset points")


def paired_bars(labels: list[str], planned: list[float], actual: list[float], names: tuple[str, str],
                title: str) -> bytes:
    """Two bars per label (e.g. 分值 and 得分 of each 一级指标), values written on top."""
    fig, ax = _figure()
    x = range(len(labels))
    w = 0.38
    _label(ax, ax.bar([i - w / 2 for i in x], planned, w, label=names[0], color=PLANNED), "{:g}")
    _label(ax, ax.bar([i + w / 2 for i in x], actual, w, label=names[1], color=ACTUAL), "{:g}")
    ax.set_xticks(list(x), labels)
    ax.set_title(title)
    ax.legend(frameon=False)
    ax.set_ylim(0, max([*planned, *actual, 1]) * 1.18)
    return _png(fig)


def bars(labels: list[str], values: list[float], title: str, percent: bool = False) -> bytes:
    """One bar per label (grade counts, execution rates); percent: values are ratios shown as 97.6%."""
    fig, ax = _figure(height=3.0 if len(labels) <= 8 else 3.6)
    shown = [v * 100 for v in values] if percent else values
    b = ax.bar(range(len(labels)), shown, 0.6, color=ACTUAL)
    _label(ax, b, "{:.1f}%" if percent else "{:g}")
    ax.set_xticks(range(len(labels)), labels, rotation=30 if len(labels) > 6 else 0,
                  ha="right" if len(labels) > 6 else "center")
    ax.set_title(title)
    ax.set_ylim(0, max([*shown, 1]) * 1.18)
    if percent:
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:g}%")
    return _png(fig)
