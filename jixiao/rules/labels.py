"""Human label paths for findings: 产出指标/数量指标/学生受资助人数 rather than 指标表第3行."""

from __future__ import annotations

from ..spec.layout import Cell
from ..workbook.reader import FormRead

PATH_KEYS = ("level1", "level2", "name")


def at_cell(fr: FormRead, cell: Cell, file: str) -> dict:
    """Where a finding about `cell` is: the file, sheet and cell, and the cell's label."""
    return dict(file=file, sheet=cell.sheet, cell=cell.coord, label=cell_label(fr, cell))


def cell_label(fr: FormRead, cell: Cell) -> str:
    """A table cell is named by its row's indicator path and column header; other cells by their spec label."""
    table = fr.form.tables.get(cell.block)
    if table is None:
        return cell.label
    rows = fr.data["tables"].get(table.id, [])
    row = rows[cell.index] if cell.index < len(rows) else {}
    path = "/".join(str(row[k]) for k in PATH_KEYS if row.get(k) not in (None, ""))
    header = table.specs[cell.key]["header"]
    return f"{path}/{header}" if path else f"{table.title}第{cell.index + 1}行/{header}"
