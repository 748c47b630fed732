"""Arithmetic rules: a template formula overwritten by a typed value, and cached results that disagree with the rules."""

from __future__ import annotations

from ..scoring.engine import Evaluation
from ..scoring.excel import is_number
from ..scoring.sheet import same
from ..workbook.reader import FormRead
from .finding import Finding
from .labels import cell_label


CALC_CODES = {"sum": "A002", "exec_rate": "A003", "grade": "A004", "total_score": "A005",
              "indicator_score": "A006", "exec_score": "A007"}


def arithmetic_findings(fr: FormRead, ev: Evaluation, expected_formulas: dict[str, object], file: str) -> list[Finding]:
    """expected_formulas: computed cell id → what the template holds there ('=…' or a constant)."""
    out = []
    # a template has formulas whose cached results are compared; a non-template layout's typed results always are
    calculated = fr.layout is not None or any(v is not None for cid, v in fr.cached.items() if fr.formulas.get(cid))
    for cid, cell in fr.form.cells.items():
        if not cell.is_calc or cell.props.get("format") == "flag":
            continue
        cached, mine = fr.cached.get(cid), ev.value(cid)
        where = dict(file=file, sheet=cell.sheet, cell=cell.coord, label=cell_label(fr, cell))
        template = expected_formulas.get(cid)
        if (fr.layout is None and isinstance(template, str) and template.startswith("=") and not fr.formulas.get(cid)
                and cached is not None):
            out.append(Finding("S009", value=cached, **where))
        elif not calculated or cached is None:
            continue
        if not same(cached, mine):
            diff = float(cached) - float(mine) if is_number(cached) and is_number(mine) else None
            out.append(Finding(CALC_CODES.get(cell.props["calc"], "A001"), value=cached,
                               expected=None if mine == "" else mine, difference=diff, **where))
    return out
