"""Native Excel bar charts on a small summary sheet: grade distribution, and 执行率 (or amount) by unit/department."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference

from ..template import styles
from .sheets import AMOUNT_FMT, RATE_FMT, amount_header, rate_header

_HEAD_FONT, _HEAD_ALIGN, _HEAD_FILL = styles.STATIC["header"]


def _bar(title: str, y_title: str, horizontal: bool = False) -> BarChart:
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title, chart.y_axis.title = title, y_title
    chart.legend = None
    chart.width, chart.height = 18, 9
    chart.x_axis.delete = chart.y_axis.delete = False      # openpyxl 3.1 otherwise hides both axes in Excel
    chart.y_axis.scaling.min = 0                           # bars start at zero: no exaggerated differences
    return chart


def write_charts(c, ws) -> None:
    """Two small tables (A:B grades, D:E by unit or department) and a bar chart over each; all from the tree."""
    from .workbook import out_cell
    grades = []
    if c.metrics.scored:
        grades = [(g, c.tree.shown.get(f"grade:{g}", 0)) for g in c.metrics.grades]
    by_dept = c.level == "bureau"
    groups = c.tree.children if by_dept else [u for d in c.tree.children for u in d.children]
    key = "exec_rate" if c.metrics.rated else ("budget" if "budget" in c.metrics.amounts else None)
    bars = [(g.name or g.code or g.dept_name, g.shown.get(key)) for g in groups] if key else []
    value_head = rate_header(c.form_id) if key == "exec_rate" else (amount_header(c.form_id, key) if key else "")
    who = "主管部门" if by_dept else "单位"
    ws.column_dimensions["A"].width, ws.column_dimensions["D"].width = 10, 28
    styles.print_landscape(ws, "1:1")
    heads = [out_cell(ws, "等级", head=True), out_cell(ws, "项目数", head=True), None] if grades else [None, None, None]
    heads += [out_cell(ws, who, head=True), out_cell(ws, value_head, head=True)] if bars else []
    ws.append(heads)
    fmt = RATE_FMT if key == "exec_rate" else AMOUNT_FMT
    for i in range(max(len(grades), len(bars))):
        row = [out_cell(ws, grades[i][0]), grades[i][1], None] if i < len(grades) else [None, None, None]
        if i < len(bars):
            row += [out_cell(ws, bars[i][0]), out_cell(ws, bars[i][1], fmt)]
        ws.append(row)
    if grades:
        chart = _bar("项目等级分布", "项目数")
        chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=len(grades) + 1), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(grades) + 1))
        ws.add_chart(chart, "G2")
    if bars:
        chart = _bar(f"{value_head}（按{who}）", value_head, horizontal=len(bars) > 12)
        chart.height = max(9, min(60, 0.5 * len(bars))) if len(bars) > 12 else 9
        chart.add_data(Reference(ws, min_col=5, min_row=1, max_row=len(bars) + 1), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=4, min_row=2, max_row=len(bars) + 1))
        if key == "exec_rate":
            chart.y_axis.numFmt = "0%"
        ws.add_chart(chart, "G22")
