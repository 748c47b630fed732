"""Write form data into a fresh template: how a department pre-fills its units' forms."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from ..spec.data import to_inputs
from ..spec.layout import Form, load_form
from ..spec.loader import load_profile
from ..workbook.safe import set_value
from .builder import build_workbook, fit_rows, save_atomic


def _cell_value(props: dict, v):
    if props.get("type") == "date" and isinstance(v, str):
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            return v
    return v


def fill_workbook(form: Form, profile: dict, data: dict, notes=()) -> Workbook:
    """A new template workbook with the data's values in their input cells; `notes` lead its 填表说明 (a prefilled
    workbook says what was carried and what the unit must still fill)."""
    inputs = to_inputs(form, data)
    wb = build_workbook(form, profile, notes)
    for cid, v in inputs.items():
        cell = form.cells[cid]
        set_value(wb[cell.sheet], cell.row, cell.col, _cell_value(cell.props, v))
    fit_rows(form, profile, wb, inputs)
    return wb


def fill_template(data: dict, path: Path, profile: str | dict = "national", notes=()) -> Path:
    form = load_form(data["form"])
    prof = load_profile(profile) if isinstance(profile, str) else profile
    return save_atomic(fill_workbook(form, prof, data, notes), path)
