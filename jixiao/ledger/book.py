"""The ledger workbook: 整改台账 (one row per item; a clerk edits 责任人、状态、整改说明及佐证、整改期限), 按单位统计, 说明;
written atomically and print-ready, read back for the next update."""

from __future__ import annotations

from collections import Counter
from dataclasses import fields
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from ..errors import JixiaoError
from ..report.model import clean
from ..template import styles
from ..template.builder import save_atomic
from ..workbook import printing
from ..workbook.edited import header_columns, records, sheet_rows
from .items import DONE, OVERDUE, STATUSES, Item, _date

SHEET, UNITS, ABOUT = "整改台账", "按单位统计", "说明"
# (Item field, header, width); the trailing ones are for the screen only
COLUMNS = [("key", "编号", 14.5), ("dept", "主管部门", 12), ("unit_code", "单位编码", 9), ("unit_name", "单位名称", 14),
           ("project", "项目", 14), ("source", "问题来源", 8), ("problem", "问题", 40), ("code", "规则", 6),
           ("found", "发现日期", 11), ("deadline", "整改期限", 11), ("person", "责任人", 8), ("status", "状态", 8),
           ("evidence", "整改说明及佐证", 30), ("checked", "最近核对", 11), ("form", "表单", 14),
           ("file", "来源文件", 40), ("subject", "文件标识", 30)]
SCREEN_ONLY = ("form", "file", "subject")
EDITABLE = ("deadline", "person", "status", "evidence")
HEADERS = {h: k for k, h, _ in COLUMNS}


class LedgerError(JixiaoError):
    """The workbook is not a ledger jixiao wrote (its 整改台账 sheet or header row is missing); message Chinese."""


def write_ledger(items: list[Item], path, bureau: str = "财政局", today: date | None = None) -> Path:
    today = today or date.today()
    wb = Workbook(write_only=True)
    printing.use_font(wb)
    t = printing.Table(wb, SHEET, COLUMNS, f"{bureau}预算绩效问题整改台账（{today:%Y-%m-%d}）", screen_only=SCREEN_ONLY)
    status_col = [k for k, *_ in COLUMNS].index("status")
    for item in items:
        values = [clean(getattr(item, k)) for k, *_ in COLUMNS]
        t.add(values, fills={status_col: styles.FLAG_FILL} if item.status == OVERDUE else
              {i: styles.INPUT_FILL for i, (k, *_) in enumerate(COLUMNS) if k in EDITABLE})
    letter = chr(ord("A") + status_col)
    dv = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True,
                        error="状态只能是：" + "、".join(STATUSES), showErrorMessage=True)
    dv.add(f"{letter}3:{letter}{max(len(items) + 2, 3)}")
    t.ws.data_validations.append(dv)
    t.finish()
    _units(wb, items, bureau, today)
    _about(wb, bureau, today)
    return save_atomic(wb, Path(path))


def _units(wb, items: list[Item], bureau: str, today: date) -> None:
    cols = [("dept", "主管部门", 14), ("unit_name", "单位名称", 18)] + [(s, s, 9) for s in STATUSES] + [("all", "合计", 8)]
    t = printing.Table(wb, UNITS, cols, f"{bureau}整改台账按单位统计（{today:%Y-%m-%d}）")
    counts: dict[tuple, Counter] = {}
    for i in items:
        counts.setdefault((i.dept, i.unit_name), Counter())[i.status] += 1
    for (dept, unit), c in sorted(counts.items()):
        t.add([dept, unit, *[c[s] for s in STATUSES], sum(c.values())],
              fills={5: styles.FLAG_FILL} if c[OVERDUE] else None)
    total = Counter(i.status for i in items)
    t.add(["合计", "", *[total[s] for s in STATUSES], len(items)], total=True)
    t.finish()


ABOUT_ROWS = [
    ("用途", "记录审核发现的强制性问题、自评等级为中或差的项目、绩效评价扣分指标的整改情况，逐项跟踪到整改完成。"),
    ("问题来源", "审核问题：jixiao check 查出的强制性问题；自评等级：自评等级为中、差的项目（整改措施取自“结果应用”表）；"
             "评价扣分：绩效评价指标体系中得分低于权重的指标及其扣分原因。"),
    ("整改期限", "发现日期（审核日期或 --date）加政策口径的整改期限（rectify_days，默认30天）；“结果应用”表填了整改完成时限的，按其填写。"),
    ("可以修改的列", "责任人、状态、整改说明及佐证、整改期限（黄色）。状态选 未整改、整改中、已整改；逾期由程序判断，不必手填。"
                "其他列由程序生成，请勿修改；“编号”是每个问题的固定标识，不要改动或删除。"),
    ("更新", "jixiao ledger update 本台账.xlsx 新的审核结果/：新问题加入；同一文件重新报送后已无的问题标为已整改，并在"
           "“整改说明及佐证”中注明复核日期；手工标为已整改但仍存在的问题改回整改中；超过整改期限未整改完成的标为逾期（红色）。"),
]


def _about(wb, bureau: str, today: date) -> None:
    t = printing.Table(wb, ABOUT, [("item", "项目", 14), ("text", "内容", 80)], f"{bureau}整改台账说明", filter=False)
    for k, v in ABOUT_ROWS:
        t.add([k, v])
    t.finish()


def read_ledger(path) -> list[Item]:
    """The items of a ledger workbook as a clerk left it (edited columns included)."""
    rows = sheet_rows(path, SHEET, "整改台账", LedgerError, "，不是 jixiao 写出的整改台账")
    found = header_columns(rows, "编号", HEADERS)
    if found is None:
        raise LedgerError(f"「{path}」的“{SHEET}”表找不到表头行（编号、问题、状态……），请勿改动表头")
    head, cols = found
    names = {f.name for f in fields(Item)}
    out = []
    for v in records(rows, head, cols, names):
        for k in ("found", "deadline", "checked"):
            v[k] = _date(v.get(k))
        for k in names - {"found", "deadline", "checked"}:
            v[k] = "" if v.get(k) is None else str(v[k]).strip()
        v["status"] = v["status"] if v["status"] in STATUSES else (DONE if v["status"] in ("完成", "已完成") else "")
        out.append(Item(**v))
    return out
