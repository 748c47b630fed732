"""Findings from the templates' own flag checks: each coded check that holds becomes a finding at the cell it names."""

from __future__ import annotations

from ..scoring.engine import Evaluation, calc_cells
from ..workbook.reader import FormRead
from .cells import suggestion
from .finding import Finding
from .labels import cell_label


def flag_findings(fr: FormRead, ev: Evaluation, file: str) -> list[Finding]:
    out = []
    for cid, cell in calc_cells(fr.form, flags=True):
        for check, message, at in ev.failed_checks(cid):
            target = fr.form.cells[at]
            value = ev.value(at)
            expected = suggestion(value) if isinstance(value, str) else None
            out.append(Finding(check.code, file=file, sheet=target.sheet, cell=target.coord,
                               label=cell_label(fr, target), value=value, expected=expected, detail=message))
    return out
