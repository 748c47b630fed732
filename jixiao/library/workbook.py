"""The library as a print-ready workbook: 指标库 (one row per indicator, its first eight columns in the order of the
goal table's indicator table, so a row copies straight into 项目支出绩效目标申报表) and 说明."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from ..template.builder import save_atomic
from ..workbook import printing
from ..workbook.safe import clean_text
from .model import COMMON, HISTORY, Entry, Stats

SHEET, ABOUT = "指标库", "说明"
NUM = "#,##0.##"
COLUMNS = [("level1", "一级指标", 9), ("level2", "二级指标", 10), ("name", "三级指标", 16), ("nature", "指标性质", 6),
           ("reference", "参考指标值", 8, NUM), ("unit", "度量单位", 6), ("formula", "指标值说明", 20),
           ("basis", "指标值设定依据及数据来源", 24), ("scoring", "评分说明", 24), ("industry", "行业", 8),
           ("scope", "适用", 6),
           ("t_n", "以往指标值个数", 6), ("t_min", "指标值最低", 8, NUM), ("t_med", "指标值中位数", 8, NUM),
           ("t_max", "指标值最高", 8, NUM),
           ("a_n", "以往完成值个数", 6), ("a_min", "完成值最低", 8, NUM), ("a_med", "完成值中位数", 8, NUM),
           ("a_max", "完成值最高", 8, NUM), ("units", "单位数", 6), ("projects", "常见项目", 20), ("years", "年度", 9)]


def _show(x) -> str:
    return f"{x:,.10g}" if isinstance(x, float) else str(x)


def basis_text(e: Entry) -> str:
    """指标值设定依据及数据来源 of an entry, as a unit would write it in the goal table."""
    if e.source == COMMON:
        return f"{e.standard}：{e.source}"
    s = e.actuals if e.standard == HISTORY else e.targets
    what = "实际完成值" if e.standard == HISTORY else "指标值"
    return (f"{e.standard}：{e.years}年 {e.units} 个单位同名指标{what} {s.n} 个，最低 {_show(s.min)}、中位数 "
            f"{_show(s.median)}、最高 {_show(s.max)}{e.unit}（绩效指标库）")


def _stat(s: Stats) -> list:
    return [s.n or None, s.min, s.median, s.max] if s.n else [None] * 4


def _row(e: Entry) -> list:
    values = [e.level1, e.level2, e.name, e.nature, e.reference, e.unit, e.formula, basis_text(e), e.scoring,
              e.industry or "（通用）", e.scope, *_stat(e.targets), *_stat(e.actuals), e.units or None,
              "、".join(e.project_names), e.years]
    return [clean_text(v) if isinstance(v, str) else v for v in values]


def write_library(entries: list[Entry], path, title: str = "绩效指标库", today: date | None = None) -> Path:
    today = today or date.today()
    wb = Workbook(write_only=True)
    printing.use_font(wb)
    t = printing.Table(wb, SHEET, COLUMNS, f"{title}（{today:%Y-%m-%d}，{len(entries)} 项）")
    for e in entries:
        t.add(_row(e))
    t.finish()
    about = printing.Table(wb, ABOUT, [("item", "项目", 14), ("text", "内容", 80)], f"{title}说明", filter=False)
    for k, v in ABOUT_ROWS:
        about.add([k, v])
    about.finish()
    return save_atomic(wb, Path(path))


ABOUT_ROWS = [
    ("用途", "编制绩效目标时选用指标：前八列（一级指标至指标值设定依据及数据来源）与“项目支出绩效目标申报表”绩效指标表的列顺序相同，"
           "选中一行的这八格复制，粘贴到目标表指标行的“一级指标”格即可；参考指标值、指标值说明请按本项目实际修改。"),
    ("共性指标", "项目支出共性指标取自财预〔2020〕10号 附2；部门整体支出共性指标及其评分标准取自部门整体支出绩效自评表的表单定义"
             "（财预〔2013〕53号），与模板计分一致。"),
    ("历年指标", "取自历史库（jixiao consolidate --history 累积的历年自评表、目标申报表）：按行业（主管部门）、三级指标名称和度量单位"
             "归类，列出以往指标值和实际完成值的个数、最低、中位数、最高，以及用过该指标的单位数和项目。"),
    ("标准类型", "历史标准：有以往自评实际完成值（财预〔2020〕10号：为体现绩效改进，可实现条件下取相对较高标准）；计划标准：只有以往"
             "指标值；行业标准：共性指标的通行标准。"),
    ("参考指标值", "比率类指标（度量单位为%）以往实际完成值的中位数；数量指标随项目规模变化，不给参考值。"),
    ("偏低提示", "汇总时（jixiao consolidate --history），与上年对不上的项目的比率类正向指标，本年指标值低于指标库中同行业同名指标"
             "以往全部实际完成值的，提示 C101（指标值可能设定偏低）。"),
]
