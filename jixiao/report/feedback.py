"""The per-unit feedback workbook (需修改事项): a new workbook listing what to change — one row per cause, then every
other finding (report/causes.py) — never a re-save of theirs."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from ..intake.roster import Unit
from ..rules.finding import FileReport
from ..rules.registry import SEVERITIES
from ..template import styles
from ..template.builder import save_atomic
from ..workbook import printing
from ..workbook.safe import set_value
from .causes import item_counts, needs_refill, unit_items
from .model import clean, form_title, origin, to_datetime, unit_origin

SHEET = "需修改事项"
COLUMNS = [("序号", 6), ("严重程度", 9), ("工作表", 14), ("单元格", 8), ("项目", 34), ("问题说明", 60),
           ("填报值", 16), ("应为", 16), ("差额", 10), ("规则编号", 9)]
SEVERITY_FILL = {"强制": styles.FLAG_FILL, "提示": styles.INPUT_FILL, "建议": None}


def unit_label(fr: FileReport, unit: Unit | None) -> str:
    name = unit.name if unit else (fr.unit_name or "（未识别单位）")
    code = unit.code if unit else fr.unit_code
    return f"{name}（{code}）" if code else name


def counts_text(fr: FileReport) -> str:
    """Items a unit is told about, by severity (a cause with its consequences counts once)."""
    n = item_counts(unit_items(fr))
    return "、".join(f"{s}{n[s]}项" for s in SEVERITIES)


def instruction(fr: FileReport, deadline_days: int) -> str:
    status = fr.status
    if status == "通过":
        return "审核通过，无需修改。"
    if status == "建议":
        return "审核通过。以下建议供参考，无需重新报送。"
    how = "请按下列意见修改" if needs_refill(unit_items(fr)) else "请在原文件中逐项修改"
    return (f"{how}后，于{deadline_days}日内重新报送；提示类问题如确属实际情况，"
            "请在“偏差原因分析及改进措施”或备注中书面说明。")


def _put(ws, row, col, value, font=styles.VALUE_FONT, align=styles.VALUE_ALIGN, fill=None, border=styles.BORDER):
    cell = set_value(ws, row, col, clean(value))
    printing.style(cell, font, align, fill, border)
    return cell


def write_feedback(file_report: FileReport, path, unit: Unit | None = None, deadline_days: int = 5) -> Path:
    """Write the 需修改事项 workbook for one received file."""
    fr = file_report
    wb = Workbook()
    printing.use_font(wb)
    ws = wb.active
    ws.title = SHEET
    ncol = len(COLUMNS)
    last = get_column_letter(ncol)
    title_font, title_align, _ = styles.STATIC["title"]
    label_font, label_align, label_fill = styles.STATIC["label"]
    _put(ws, 1, 1, "预算绩效材料审核意见——需修改事项", title_font, title_align, border=None)
    printing.merge(ws, 1, 1, 1, ncol)
    ws.row_dimensions[1].height = 30
    when = to_datetime(fr.facts.get("date"))
    form = form_title(fr.form_id)
    head = [("报送单位", unit_label(fr, unit)),
            ("报送文件", unit_origin(origin(fr), fr.facts.get("subject")) + (f"（{form}）" if form else "")),
            ("收到时间", when.strftime("%Y-%m-%d %H:%M") if when else "（未知）"),
            ("审核结果", f"{fr.status}（{counts_text(fr)}）"),
            ("处理要求", instruction(fr, deadline_days))]
    for r, (label, text) in enumerate(head, start=2):
        _put(ws, r, 1, label, label_font, label_align, label_fill)
        printing.merge(ws, r, 1, r, 2)
        _put(ws, r, 3, text)
        printing.merge(ws, r, 3, r, ncol)
    merged_width = sum(w for _, w in COLUMNS[2:])
    for r, (_, text) in enumerate(head, start=2):
        ws.row_dimensions[r].height = printing.height(printing.lines(text, merged_width))
    top = len(head) + 3
    head_font, head_align, head_fill = styles.STATIC["header"]
    for c, (text, width) in enumerate(COLUMNS, 1):
        _put(ws, top, c, text, head_font, head_align, head_fill)
        ws.column_dimensions[get_column_letter(c)].width = width
    row = top
    for row, item in enumerate(unit_items(fr), start=top + 1):
        values = (row - top, item.severity, item.sheet, item.cell, item.label, printing.shorten(item.text, 300),
                  printing.shorten(item.value, 100), printing.shorten(item.expected, 100), item.difference,
                  "、".join(item.codes))
        for c, v in enumerate(values, 1):
            _put(ws, row, c, v, fill=SEVERITY_FILL.get(item.severity) if c == 2 else None)
        ws.row_dimensions[row].height = printing.height(max(printing.lines(v, w) for v, (_, w) in zip(values, COLUMNS)))
    if row == top:
        row = top + 1
        _put(ws, row, 1, "未发现问题。")
        printing.merge(ws, row, 1, row, ncol)
    ws.freeze_panes = f"A{top + 1}"
    ws.auto_filter.ref = f"A{top}:{last}{row}"
    printing.setup(ws, [w for _, w in COLUMNS], header_rows=(top, top), last_row=row)
    return save_atomic(wb, Path(path))
