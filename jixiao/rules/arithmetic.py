"""Arithmetic rules: a template formula overwritten by a typed value, and cached results that disagree with the rules."""

from __future__ import annotations

from ..scoring.engine import Evaluation, calc_cells
from ..scoring.excel import excel_round, is_number
from ..scoring.sheet import same
from ..workbook.reader import FormRead
from .finding import Finding
from .labels import at_cell


CALC_CODES = {"sum": "A002", "exec_rate": "A003", "grade": "A004", "total_score": "A005",
              "indicator_score": "A006", "exec_score": "A007"}

# A non-template form's typed results are the unit's own arithmetic, compared as rules.md §10 allows: 执行率 within half a
# percentage point (it is shown as a %), 执行率得分 rounded to an integer or one decimal, 总分 within 0.01, a row's score
# to one or two decimals. Excel's ROUND (half away from zero) decides what a rounding gives.
TYPED_WITHIN = {"exec_rate": 0.005, "total_score": 0.01}
TYPED_DECIMALS = {"exec_score": (0, 1), "indicator_score": (1, 2)}
OWN_PARTS = {"sum", "total_score", "grade"}          # typed totals checked against the unit's own typed parts


def _agrees(calc: str, typed, mine) -> bool:
    if same(typed, mine):
        return True
    if not (is_number(typed) and is_number(mine)):
        return False
    typed, mine = float(typed), float(mine)
    if abs(typed - mine) <= TYPED_WITHIN.get(calc, 0) + 1e-9:
        return True
    return any(same(typed, excel_round(mine, d)) for d in TYPED_DECIMALS.get(calc, ()))


def arithmetic_findings(fr: FormRead, ev: Evaluation, expected_formulas: dict[str, object], file: str) -> list[Finding]:
    """expected_formulas: computed cell id → what the template holds there ('=…' or a constant)."""
    out = []
    # a template has formulas whose cached results are compared; a non-template layout's typed results always are
    calculated = fr.layout is not None or any(v is not None for cid, v in fr.cached.items() if fr.formulas.get(cid))
    # a non-template form's typed results: a total against the unit's own parts (rules.md §10 #14: 总分 = Σ得分,
    # 年度资金总额 = Σ来源; Evaluation.local), so one wrong score is reported at its row and not again at the total; every
    # other result (执行率, 执行率得分, a row's score) against the rule from the unit's inputs. A result the rule cannot
    # give (a row that cannot be scored) is the completeness rules' (G109), not reported as wrong.
    typed = {cid: v for cid, v in fr.cached.items() if fr.layout is not None and v not in (None, "")
             and fr.form.cells[cid].is_calc}
    for cid, cell in calc_cells(fr.form, flags=False):
        cached = fr.cached.get(cid)
        template = expected_formulas.get(cid)
        if (fr.layout is None and isinstance(template, str) and template.startswith("=") and not fr.formulas.get(cid)
                and cached is not None):
            out.append(Finding("S009", value=cached, **at_cell(fr, cell, file)))
        elif not calculated or cached is None or cid in fr.overrides:
            continue
        calc = cell.props["calc"]
        mine = ev.local(cid, typed) if fr.layout is not None and calc in OWN_PARTS else ev.value(cid)
        if fr.layout is not None and (mine in (None, "") or _agrees(calc, cached, mine)
                                      or _agrees(calc, cached, ev.value(cid))):
            continue
        if not same(cached, mine):
            diff = float(cached) - float(mine) if is_number(cached) and is_number(mine) else None
            out.append(Finding(CALC_CODES.get(calc, "A001"), value=cached,
                               expected=None if mine == "" else mine, difference=diff,
                               **at_cell(fr, cell, file)))
    return out
