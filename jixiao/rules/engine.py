"""Validate one submitted workbook: structure first, then entered values, the templates' checks and the arithmetic."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable

from ..scoring.engine import Evaluation, profile_key
from ..spec.data import is_blank, to_inputs
from ..spec.layout import Form, load_form
from ..spec.loader import resolve_profile
from ..template.builder import META_SHEET, formula_of
from ..workbook.layouts import NON_TEMPLATE as NON_TEMPLATE_NOTE
from ..workbook.reader import ReadError, read
from .arithmetic import arithmetic_findings
from .cells import cell_findings
from .finding import FileReport, Finding
from .flagchecks import flag_findings
from .registry import selected
from .structure import LAYOUT_BROKEN, UNKNOWN_PROFILE, read_error_finding, structure_findings

SUBJECT_ROLES = ("year", "project_code", "project_name")   # what a file reports on (form roles): a later one replaces it
MAX_PER_RULE = 200          # per file; the report says how many more there were


@lru_cache(maxsize=64)
def _template_contents(form_id: str, pkey: str) -> dict[str, object]:
    form = load_form(form_id)
    return {cid: formula_of(form, c, pkey) for cid, c in form.cells.items() if c.is_calc}


def _first_calc(form: Form, ev: Evaluation, calc: str):
    cid = next((c.id for c in form.cells.values() if c.props.get("calc") == calc and c.block is None), None)
    v = ev.value(cid) if cid else None
    return None if v == "" else v


def _cap(findings: list[Finding], facts: dict) -> list[Finding]:
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        seen[f.code] = seen.get(f.code, 0) + 1
        if seen[f.code] <= MAX_PER_RULE:
            out.append(f)
    over = {c: n - MAX_PER_RULE for c, n in seen.items() if n > MAX_PER_RULE}
    if over:
        facts["omitted"] = over
    return out


def validate_file(path: Path, *, name: str | None = None, profile: str | dict | None = None,
                  select: list[str] | None = None, ignore: list[str] | None = None,
                  extract: Callable | None = None) -> FileReport:
    """Every finding for one file; never raises for a bad file (the failure is the finding).

    `extract(form_read, evaluation, profile)`, when given, runs on a file whose layout is intact and its result is
    kept in report.extract: a caller (consolidation) gets what it needs from the read the check already made."""
    name = name or Path(path).name
    report = FileReport(file=name)
    try:
        fr = read(path)
    except ReadError as e:
        report.findings = [read_error_finding(e.kind, e.message, name)]
        return _filter(report, select, ignore)
    form = fr.form
    meta = fr.workbook.meta if fr.workbook else {}
    prof, note = resolve_profile(profile, meta.get("profile_id"))
    fields = fr.data["fields"]
    report.form_id = form.id
    code = form.role(fields, "unit_code")
    report.unit_code = str(code) if code is not None else None
    report.unit_name = form.role(fields, "unit_name") or form.role(fields, "department")
    subject = {k: form.role(fields, k) for k in SUBJECT_ROLES}
    report.facts.update(profile_id=prof["id"], form_title=form.spec["title"],
                        **{k: v for k, v in subject.items() if not is_blank(v)})
    findings = structure_findings(fr, name)
    read_notes = list(findings)
    if note:
        findings.append(Finding(UNKNOWN_PROFILE, file=name, sheet=META_SHEET, detail=note))
    if not any(f.code in LAYOUT_BROKEN for f in findings):
        ev = Evaluation(form, prof, to_inputs(form, fr.data)).fix(fr.overrides)
        findings += cell_findings(fr, name)
        findings += flag_findings(fr, ev, name)
        findings += arithmetic_findings(fr, ev, _template_contents(form.id, profile_key(prof)), name)
        report.total_score = _first_calc(form, ev, "total_score")
        report.grade = _first_calc(form, ev, "grade")
        if extract is not None:
            report.extract = extract(fr, ev, prof)
    if fr.layout is not None:
        report.facts["layout"] = fr.layout
        main = form.sheets[0].name                   # the other template sheets (结果应用) have no counterpart
        own = {id(f) for f in read_notes}              # the reader's notes already name the unit's own cells
        findings = [f if id(f) in own else _absent_field(*_on_own_cells(f, fr)) for f in findings
                    if id(f) in own or not (f.sheet in {s.name for s in form.sheets[1:]} and f.sheet != main)]
    report.findings = _dedupe(findings)
    return _filter(report, select, ignore)


def _on_own_cells(f: Finding, fr) -> tuple[Finding, bool]:
    """A finding located at the template's cell, moved to the non-template workbook's own cell (blank if it has none);
    and whether that cell is an input the unit's layout has no cell for."""
    if not f.cell or f.sheet not in {s.name for s in fr.form.sheets}:
        return f, False
    cid = _template_cells(fr.form.id).get((f.sheet, f.cell))
    own = fr.own_cell(cid) if cid else None
    f.sheet, f.cell = own or (next(iter(fr.workbook.sheets), "") if fr.workbook else "", "")
    return f, own is None and cid is not None and not fr.form.cells[cid].is_calc


def _absent_field(f: Finding, absent: bool = False) -> Finding:
    """A finding about an input the unit's own layout has no cell for: a layout note, not an omission to send back.
    R001 (the national 附1 has no 单位编码: the roster rules identify the unit by name, X007), and any other rule that
    asks for such a cell (the 136号 monitoring table has no 纠偏措施 column: G304 is said, with the rule's words)."""
    if f.cell or not (f.code == "R001" or absent):
        return f
    if f.code == "R001":
        detail = f"原表没有「{f.label}」栏目（模板中为必填项），未作为漏填退回"
    else:
        detail = f"原表没有「{f.label}」栏目（模板中{f.code}：{f.detail or f.rule.title}），未作为问题退回"
    return Finding(NON_TEMPLATE_NOTE, file=f.file, sheet=f.sheet, label=f.label, detail=detail)


@lru_cache(maxsize=16)
def _template_cells(form_id: str) -> dict[tuple[str, str], str]:
    return {(c.sheet, c.coord): cid for cid, c in load_form(form_id).cells.items()}


# One problem, one finding: on the same cell, the specific code replaces the general ones it implies
# (a placeholder "**人" is also "not a number"; a name over 100 characters is also over the cell's length limit).
SUBSUMED_BY = {"T005": {"T104"}, "T103": {"T104"}, "T004": {"T101", "T501"}}


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per (code, cell): a cell reported by two routes is reported once (the entered-value check and the
    template's own check of the same list cell: the one that says more stays), and implied codes are dropped."""
    at = {(f.sheet, f.cell, f.code) for f in findings if f.cell}
    said = {(f.sheet, f.cell, f.code) for f in findings if f.cell and f.detail}
    seen, out = set(), []
    for f in findings:
        key = (f.code, f.sheet, f.cell, f.detail)
        implied = f.cell and any((f.sheet, f.cell, c) in at for c in SUBSUMED_BY.get(f.code, ()))
        twice = f.cell and not f.detail and (f.sheet, f.cell, f.code) in said
        if key not in seen and not implied and not twice:
            seen.add(key)
            out.append(f)
    return out


def _filter(report: FileReport, select, ignore) -> FileReport:
    keep = selected([f.code for f in report.findings], select, ignore)
    report.findings = _cap([f for f in report.findings if f.code in keep], report.facts)
    return report
