"""The assessment workbook (部门考核): 考核结果 (one row per department, ranked), 考核依据 (how each score came about)
and 说明 (the points of the profile)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

from ..template.builder import save_atomic
from ..workbook import printing
from ..workbook.safe import clean_text
from .assess import ITEMS, Dept, settings

RESULT, BASIS, ABOUT = "考核结果", "考核依据", "说明"
SCORE_FMT = "0.00"


def _t(v):
    return clean_text(v) if isinstance(v, str) else v


def write_assessment(depts: list[Dept], path, profile: dict, deadline: datetime | None, year: str = "",
                     bureau: str = "财政局", today: date | None = None) -> Path:
    today = today or date.today()
    cfg = settings(profile)
    items = [k for k in ITEMS if k in cfg["items"]]
    wb = Workbook(write_only=True)
    printing.use_font(wb)
    cols = ([("rank", "排名", 5), ("dept", "主管部门", 16)]
            + [(k, f"{ITEMS[k]}（{cfg['items'][k]:g}分）", 10, SCORE_FMT) for k in items]
            + [("bonus", f"附加分（≤{cfg['bonus_max']:g}）", 9, SCORE_FMT), ("total", "总分（百分制）", 9, SCORE_FMT),
               ("grade", "等级", 6)])
    title = f"{bureau}{year}年度部门预算绩效管理工作考核结果（{today:%Y-%m-%d}）"
    t = printing.Table(wb, RESULT, cols, title)
    for d in depts:
        t.add([d.rank, _t(d.name), *[d.parts[k].score if k in d.parts else None for k in items], d.bonus or None,
               d.total, d.grade])
    t.finish()
    b = printing.Table(wb, BASIS, [("dept", "主管部门", 16), ("item", "考核项目", 10), ("points", "分值", 6),
                                   ("score", "得分", 7, SCORE_FMT), ("basis", "计分依据", 50)],
                       f"{bureau}{year}年度部门预算绩效管理工作考核依据")
    for d in depts:
        for k in items:
            p = d.parts.get(k)
            b.add([_t(d.name), ITEMS[k], cfg["items"][k], p.score if p else None,
                   _t(p.basis) if p else "无数据，不计（总分按其余项目折算为百分制）"])
        if d.bonus_basis:
            b.add([_t(d.name), "附加分", cfg["bonus_max"], d.bonus, _t(d.bonus_basis)])
    b.finish()
    a = printing.Table(wb, ABOUT, [("item", "项目", 14), ("text", "内容", 80)], "考核说明", filter=False)
    for k, v in _about(cfg, deadline):
        a.add([k, v])
    a.finish()
    return save_atomic(wb, Path(path))


def _about(cfg: dict, deadline: datetime | None) -> list[tuple[str, str]]:
    p = cfg["items"]
    rows = [("依据", "上海普陀《部门预算绩效管理工作考核办法》的做法：按年度考核各部门预算绩效管理工作，设附加分；分值在政策口径的 "
                   "assessment 项中设定，财政局可按本地办法修改。")]
    texts = {
        "timeliness": f"按期报送的表单 ÷ 应报表单 × {p.get('timeliness', 0):g} 分。报送时间取邮件时间（普通文件取修改时间），同一项目"
                      f"更正重报的按第一次报送时间；名册中应报未报的计为未按期。截止时间：{deadline:%Y-%m-%d}。"
        if deadline else "",
        "quality": f"没有强制性问题的报送文件 ÷ 报送文件 × {p.get('quality', 0):g} 分（含被后来版本替代的早先版本，不含重复报送）。",
        "rectification": f"整改台账中已整改的事项 ÷ 全部事项 × {p.get('rectification', 0):g} 分（逾期、未整改、整改中的都不计）；"
                         "没有整改事项的得满分。",
        "disclosure": f"公开比例达到要求得满分 {p.get('disclosure', 0):g} 分，未达到按 公开比例 ÷ 要求 × 分值。",
    }
    rows += [(ITEMS[k], texts[k]) for k in ITEMS if k in p and texts[k]]
    rows += [("总分", "各项得分之和按有数据的考核项目折算为百分制，再加附加分（上限 "
                    f"{cfg['bonus_max']:g} 分）；等级按政策口径的等级线。")]
    return rows
