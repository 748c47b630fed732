"""Native Excel bar charts on a small summary sheet: grade distribution, and 执行率 (or amount) by unit/department."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference

from ..report.model import clean
from ..workbook import printing
from ..workbook.printing import styled
from .sheets import AMOUNT_FMT, RATE_FMT, amount_header, rate_header

WIDTHS = [10, 8, 2, 24, 12]


def _bar(title: str, y_title: str, horizontal: bool = False) -> BarChart:
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title, chart.y_axis.title = title, y_title
    chart.legend = None
    chart.width, chart.height = 18, 9
    chart.x_axis.delete = chart.y_axis.delete = False      # openpyxl 3.1 otherwise hides both axes in Excel
    chart.y_axis.scaling.min = 0                           # bars start at zero: no exaggerated differences
    return chart


def write_charts(c, ws, title: str) -> None:
    """A title row, two small tables (A:B grades, D:E by unit or department) and a bar chart over each."""
    grades = []
    if c.metrics.scored:
        grades = [(g, c.tree.shown.get(f"grade:{g}", 0)) for g in c.metrics.grades]
    by_dept = c.level == "bureau"
    groups = c.tree.children if by_dept else [u for d in c.tree.children for u in d.children]
    key = "exec_rate" if c.metrics.rated else ("budget" if "budget" in c.metrics.amounts else None)
    bars = [(g.name or g.code or g.dept_name, g.shown.get(key)) for g in groups] if key else []
    value_head = rate_header(c.form_id) if key == "exec_rate" else (amount_header(c.form_id, key) if key else "")
    who = "主管部门" if by_dept else "单位"
    printing.setup(ws, WIDTHS, landscape=True)          # no print area: the charts beside the tables print too
    ws.merged_cells.add("A1:E1")
    ws.row_dimensions[1].height = printing.TITLE_HEIGHT
    ws.append([styled(ws, title, "title")] + [styled(ws, None, "title") for _ in range(4)])
    heads = [styled(ws, "等级", "head"), styled(ws, "项目数", "head"), None] if grades else [None, None, None]
    heads += [styled(ws, who, "head"), styled(ws, value_head, "head")] if bars else []
    ws.append(heads)
    fmt = RATE_FMT if key == "exec_rate" else AMOUNT_FMT
    for i in range(max(len(grades), len(bars))):
        row = [styled(ws, grades[i][0]), styled(ws, grades[i][1]), None] if i < len(grades) else [None, None, None]
        if i < len(bars):
            name = clean(bars[i][0])
            h = printing.height(printing.lines(name, WIDTHS[3]))
            if h > printing.height(1):
                ws.row_dimensions[i + 3].height = h
            row += [styled(ws, name), styled(ws, bars[i][1], fmt=fmt)]
        ws.append(row)
    if grades:
        chart = _bar("项目等级分布", "项目数")
        chart.add_data(Reference(ws, min_col=2, min_row=2, max_row=len(grades) + 2), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=3, max_row=len(grades) + 2))
        ws.add_chart(chart, "G2")
    if bars:
        chart = _bar(f"{value_head}（按{who}）", value_head, horizontal=len(bars) > 12)
        chart.height = max(9, min(60, 0.5 * len(bars))) if len(bars) > 12 else 9
        chart.add_data(Reference(ws, min_col=5, min_row=2, max_row=len(bars) + 2), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=4, min_row=3, max_row=len(bars) + 2))
        if key == "exec_rate":
            chart.y_axis.numFmt = "0%"
        ws.add_chart(chart, "G22")
