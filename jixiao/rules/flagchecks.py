"""Findings from the templates' own flag checks: each coded check that holds becomes a finding at the cell it names."""

from __future__ import annotations

from ..scoring.engine import Evaluation, calc_cells
from ..workbook.reader import FormRead
from .cells import suggestion
from .finding import Finding
from .labels import at_cell


def flag_findings(fr: FormRead, ev: Evaluation, file: str) -> list[Finding]:
    out = []
    for cid, cell in calc_cells(fr.form, flags=True):
        for check, message, at in ev.failed_checks(cid):
            target = fr.form.cells[at]
            value = ev.value(at)
            expected = suggestion(value) if isinstance(value, str) else None
            out.append(Finding(check.code, value=value, expected=expected, detail=message,
                               **at_cell(fr, target, file)))
    return out
