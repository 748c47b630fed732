"""A library entry's scoring note (评分说明), in the words of the profile's scoring rules."""

from __future__ import annotations

HIGHER, LOWER, QUALITATIVE = ("≥", "＞", "＝"), ("≤", "＜"), "定性"


def _pct(x: float) -> str:
    return f"{x * 100:g}%"


def scoring_note(nature: str | None, profile: dict) -> str:
    """How a row of this nature is scored under `profile` (财预〔2020〕10号 and the profile's variants)."""
    q = profile["quantitative"]
    if nature in HIGHER:
        return (f"完成值达到指标值得满分，未达到按 完成值÷指标值×分值 计分；完成值达到指标值的 {_pct(q['over_completion_ratio'])} "
                "以上须分析原因（指标值设定偏低的按偏离度调减）")
    if nature in LOWER:
        rule = ("超出时按 指标值÷完成值×分值 计分" if q["reverse_rule"] == "ratio"
                else "超出时按 (1−超出比例)×分值 计分，达到指标值 2 倍为 0 分")
        return f"完成值不超过指标值得满分，{rule}"
    if nature == QUALITATIVE:
        bands = profile["qualitative_bands"]
        return (f"定性三档：达成年度指标 {_pct(bands[0][0])}（含）—{_pct(bands[0][1])}，部分达成 {_pct(bands[1][0])}（含）—"
                f"{_pct(bands[1][1])}，未达成 {_pct(bands[2][1])} 以下（占分值）")
    return "按本行评分标准计分"
