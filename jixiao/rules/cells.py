"""Entered-value rules for every input cell: required fields, numbers typed as text, lists, dates, lengths, placeholders."""

from __future__ import annotations

import datetime as dt
import math

from ..scoring.excel import is_number
from ..scoring.values import Target, is_placeholder, parse_number, parse_target
from ..spec.data import to_inputs
from ..spec.layout import Cell
from ..spec.loader import enums
from ..workbook.ooxml import MAX_NUMBER
from ..workbook.reader import FormRead
from .finding import Finding
from .labels import at_cell


def suggestion(value) -> object:
    """The number a unit probably meant by text such as '1,200万元', '95%', '５０' (None if unclear)."""
    n = parse_number(value)
    if n is None:
        t = parse_target(value)
        n = t.value if isinstance(t, Target) else None
    return n


def check_cell(cell: Cell, v, fr: FormRead, file: str) -> Finding | None:
    found = _problem(cell, v)
    if found is None:
        return None
    code, said = found            # the cell's label (its row's indicator path) only for a cell with a problem
    return Finding(code, value=v, **said, **at_cell(fr, cell, file))


def _problem(cell: Cell, v) -> tuple[str, dict] | None:
    """(code, what the finding says besides where) of an entered value's problem, None if it has none."""
    props, t = cell.props, cell.props.get("type", "text")
    if v is None:
        return ("R001", {}) if props.get("required") else None
    if t in ("number", "integer") and not is_number(v):
        return ("T006", {}) if _out_of_range(v) else ("T001", {"expected": suggestion(v)})
    if t == "integer" and is_number(v) and float(v) != int(v):
        return "T001", {"expected": round(v)}
    if t == "enum" and v not in enums()[props["enum"]]:
        return "T002", {"expected": "、".join(enums()[props["enum"]])}
    if t == "date" and not _is_date(v):
        return "T003", {"expected": "如 2026-03-31"}
    if isinstance(v, str) and props.get("max_length") and len(v) > props["max_length"]:
        return "T004", {"expected": props["max_length"], "difference": len(v) - props["max_length"]}
    if cell.key in ("name", "target", "project_name") and isinstance(v, str) and is_placeholder(v):
        return "T005", {}
    return None


def _out_of_range(v) -> bool:
    """A number the reader refused as one: NaN, infinity or beyond MAX_NUMBER (it arrives as text such as '1e+27')."""
    try:
        x = float(str(v).strip())
    except ValueError:
        return str(v).strip() == "#NUM!"
    return not math.isfinite(x) or abs(x) >= MAX_NUMBER


def _is_date(v) -> bool:
    try:
        dt.date.fromisoformat(str(v)[:10])
        return True
    except ValueError:
        return False


def cell_findings(fr: FormRead, file: str) -> list[Finding]:
    inputs = to_inputs(fr.form, fr.data)
    out = []
    for cell in fr.form.inputs():
        f = check_cell(cell, inputs.get(cell.id), fr, file)
        if f is not None:
            out.append(f)
    return out
