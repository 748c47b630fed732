"""Score a form read from a workbook: per-row scores, total and grade, and where the workbook's cached results differ."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..spec.data import to_inputs
from ..spec.layout import Form
from .engine import Evaluation
from .excel import is_number


@dataclass
class Mismatch:
    cell_id: str
    coord: str                 # Sheet!C3
    label: str
    cached: object
    computed: object


@dataclass
class FormScore:
    form: Form
    profile: dict
    values: dict[str, object]                  # every computed cell, '' where blank
    mismatches: list[Mismatch] = field(default_factory=list)
    uncalculated: bool = False                 # the workbook holds no cached results at all

    def get(self, cell_id: str):
        v = self.values.get(cell_id)
        return None if v == "" else v


def same(a, b) -> bool:
    """Cached and computed agree (blank equals '', numbers to 1e-9)."""
    a = None if a == "" else a
    b = None if b == "" else b
    if is_number(a) and is_number(b):
        return abs(float(a) - float(b)) <= 1e-9
    return a == b


def score_form(form: Form, profile: dict, data: dict, cached: dict[str, object] | None = None,
               formulas: dict[str, str | None] | None = None) -> FormScore:
    """Recompute; with the workbook's cached results (None = never calculated) list where they differ."""
    values = Evaluation(form, profile, to_inputs(form, data)).computed()
    result = FormScore(form, profile, values)
    if cached is None:
        return result
    formula_cells = [cid for cid in (formulas if formulas is not None else cached) if cid in cached]
    if formula_cells and all(cached[cid] is None for cid in formula_cells):
        result.uncalculated = True
        return result
    for cid, v in values.items():
        if cached.get(cid) is not None and not same(cached[cid], v):
            c = form.cells[cid]
            result.mismatches.append(Mismatch(cid, f"{c.sheet}!{c.coord}", c.label, cached[cid], v))
    return result
