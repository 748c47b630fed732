"""Rules that compare a submission with the unit roster and with who sent it."""

from __future__ import annotations

from ..intake.roster import Roster
from .finding import FileReport, Finding


def roster_findings(report: FileReport, roster: Roster, sender: str | None) -> list[Finding]:
    """Who the workbook says it is, against the roster and the email sender."""
    if report.form_id is None:
        return []
    file = report.file
    unit = roster.match(report.unit_code, report.unit_name)     # the same match reconcile assigns the file by
    if unit is None:
        if not report.unit_code:
            return [Finding("X005", file=file, detail=f"单位名称：{report.unit_name or '未填写'}")]
        return [Finding("X001", file=file, value=report.unit_code)]
    out = []
    if not report.unit_code:
        out.append(Finding("X007", file=file, label=unit.name, expected=unit.code))
    elif str(report.unit_code) != unit.code:
        out.append(Finding("X006", file=file, label=unit.name, value=report.unit_code, expected=unit.code))
    report.facts["roster_unit"] = unit.code
    if report.unit_name and report.unit_name != unit.name:
        out.append(Finding("X003", file=file, label=unit.name, value=report.unit_name, expected=unit.name))
    if sender and unit.emails and sender.lower() not in {e.lower() for e in unit.emails}:
        out.append(Finding("X002", file=file, label=unit.name, value=sender, expected="、".join(unit.emails)))
    if unit.forms_explicit and report.form_id not in unit.forms:
        out.append(Finding("X004", file=file, label=unit.name, detail=report.facts.get("form_title", report.form_id)))
    return out
