"""The per-unit feedback workbook (需修改事项): a new workbook listing what to change — one row per cause, then every
other finding (report/causes.py) — never a re-save of theirs."""

from __future__ import annotations

import threading
from pathlib import Path

from openpyxl.utils import get_column_letter

from ..intake.roster import Unit
from ..rules.finding import FileReport
from ..rules.registry import SEVERITIES
from ..template import styles
from ..workbook import printing
from ..workbook.safe import set_value
from .causes import Item, item_counts, needs_refill, unit_items
from .model import clean, form_title, origin, to_datetime, unit_origin
from .prepared import PreparedBook

SHEET = "需修改事项"
COLUMNS = [("序号", 6), ("严重程度", 9), ("工作表", 14), ("单元格", 8), ("项目", 34), ("问题说明", 60),
           ("填报值", 16), ("应为", 16), ("差额", 10), ("规则编号", 9)]
WIDTHS = [w for _, w in COLUMNS]
NCOL = len(COLUMNS)
SEVERITY_FILL = {"强制": styles.FLAG_FILL, "提示": styles.INPUT_FILL, "建议": None}
HEAD = ("报送单位", "报送文件", "收到时间", "审核结果", "处理要求")     # each with the file's text in C:J
HEAD_WIDTH = sum(WIDTHS[2:])
TOP = len(HEAD) + 3                                                    # the column headers' row
_local = threading.local()


def unit_label(fr: FileReport, unit: Unit | None) -> str:
    name = unit.name if unit else (fr.unit_name or "（未识别单位）")
    code = unit.code if unit else fr.unit_code
    return f"{name}（{code}）" if code else name


def counts_text(items: list[Item]) -> str:
    """Items a unit is told about, by severity (a cause with its consequences counts once)."""
    n = item_counts(items)
    return "、".join(f"{s}{n[s]}项" for s in SEVERITIES)


def instruction(status: str, items: list[Item], deadline_days: int) -> str:
    if status == "通过":
        return "审核通过，无需修改。"
    if status == "建议":
        return "审核通过。以下建议供参考，无需重新报送。"
    how = "请按下列意见修改" if needs_refill(items) else "请在原文件中逐项修改"
    return (f"{how}后，于{deadline_days}日内重新报送；提示类问题如确属实际情况，"
            "请在“偏差原因分析及改进措施”或备注中书面说明。")


def _put(ws, row, col, value, font=styles.VALUE_FONT, align=styles.VALUE_ALIGN, fill=None, border=styles.BORDER):
    cell = set_value(ws, row, col, clean(value))
    printing.style(cell, font, align, fill, border)
    return cell


def _layout(ws) -> None:
    """What every feedback workbook has: the title, the head's labels, the column headers, widths and print setup.
    The head's texts (C2:C6) are each file's own: their cells are made here only to style their merges."""
    title_font, title_align, _ = styles.STATIC["title"]
    label_font, label_align, label_fill = styles.STATIC["label"]
    _put(ws, 1, 1, "预算绩效材料审核意见——需修改事项", title_font, title_align, border=None)
    printing.merge(ws, 1, 1, 1, NCOL)
    ws.row_dimensions[1].height = 30
    for r, label in enumerate(HEAD, start=2):
        _put(ws, r, 1, label, label_font, label_align, label_fill)
        printing.merge(ws, r, 1, r, 2)
        _put(ws, r, 3, None)
        printing.merge(ws, r, 3, r, NCOL)
        del ws._cells[r, 3]
    head_font, head_align, head_fill = styles.STATIC["header"]
    for c, (text, _) in enumerate(COLUMNS, 1):
        _put(ws, TOP, c, text, head_font, head_align, head_fill)
    ws.freeze_panes = f"A{TOP + 1}"
    printing.setup(ws, WIDTHS, header_rows=(TOP, TOP))


def _book() -> PreparedBook:
    """This thread's prepared feedback workbook (a copy is filled in place: one per thread)."""
    if not hasattr(_local, "book"):
        _local.book = PreparedBook(SHEET, _layout)
    return _local.book


def _head(fr: FileReport, unit: Unit | None, items: list[Item], deadline_days: int) -> list[str]:
    when = to_datetime(fr.facts.get("date"))
    form = form_title(fr.form_id)
    return [unit_label(fr, unit),
            unit_origin(origin(fr), fr.facts.get("subject")) + (f"（{form}）" if form else ""),
            when.strftime("%Y-%m-%d %H:%M") if when else "（未知）",
            f"{fr.status}（{counts_text(items)}）",
            instruction(fr.status, items, deadline_days)]


def write_feedback(file_report: FileReport, path, unit: Unit | None = None, deadline_days: int = 5,
                   items: list[Item] | None = None) -> Path:
    """Write the 需修改事项 workbook for one received file (`items`: its unit_items(), when already made)."""
    fr = file_report
    items = unit_items(fr) if items is None else items
    book = _book()
    ws = book.fresh()
    for r, text in enumerate(_head(fr, unit, items, deadline_days), start=2):
        _put(ws, r, 3, text)
        ws.row_dimensions[r].height = printing.height(printing.lines(text, HEAD_WIDTH))
    row = TOP
    for row, item in enumerate(items, start=TOP + 1):
        values = (row - TOP, item.severity, item.sheet, item.cell, item.label, printing.shorten(item.text, 300),
                  printing.shorten(item.value, 100), printing.shorten(item.expected, 100), item.difference,
                  "、".join(item.codes))
        for c, v in enumerate(values, 1):
            _put(ws, row, c, v, fill=SEVERITY_FILL.get(item.severity) if c == 2 else None)
        ws.row_dimensions[row].height = printing.height(max(printing.lines(v, w) for v, w in zip(values, WIDTHS)))
    if row == TOP:
        row = TOP + 1
        _put(ws, row, 1, "未发现问题。")
        printing.merge(ws, row, 1, row, NCOL)
    ws.auto_filter.ref = f"A{TOP}:{get_column_letter(NCOL)}{row}"
    printing.print_area(ws, row, NCOL)
    return book.save(path)
