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
from .labels import cell_label


def suggestion(value) -> object:
    """The number a unit probably meant by text such as '1,200万元', '95%', '５０' (None if unclear)."""
    n = parse_number(value)
    if n is None:
        t = parse_target(value)
        n = t.value if isinstance(t, Target) else None
    return n


def check_cell(cell: Cell, v, fr: FormRead, file: str) -> Finding | None:
    props, t = cell.props, cell.props.get("type", "text")
    where = dict(file=file, sheet=cell.sheet, cell=cell.coord, label=cell_label(fr, cell), value=v)
    if v is None:
        return Finding("R001", **where) if props.get("required") else None
    if t in ("number", "integer") and not is_number(v):
        if _out_of_range(v):
            return Finding("T006", **where)
        return Finding("T001", expected=suggestion(v), **where)
    if t == "integer" and is_number(v) and float(v) != int(v):
        return Finding("T001", expected=round(v), **where)
    if t == "enum" and v not in enums()[props["enum"]]:
        return Finding("T002", expected="、".join(enums()[props["enum"]]), **where)
    if t == "date" and not _is_date(v):
        return Finding("T003", expected="如 2026-03-31", **where)
    if isinstance(v, str) and props.get("max_length") and len(v) > props["max_length"]:
        return Finding("T004", expected=props["max_length"], difference=len(v) - props["max_length"], **where)
    if cell.key in ("name", "target", "project_name") and isinstance(v, str) and is_placeholder(v):
        return Finding("T005", **where)
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
