"""Rules that compare a submission with the unit roster and with who sent it."""

from __future__ import annotations

from ..intake.roster import Roster
from .finding import FileReport, Finding
from .registry import rule

BASIS = "报送单位以名册为准：单位编码、单位名称、联系邮箱与应报表单"

rule("X001", "强制", "单位编码不在名册中", BASIS, "工作簿中的单位编码“{value}”不在报送名册中，请核对单位编码")
rule("X002", "提示", "发件人不是该单位的联系邮箱", BASIS, "发件人 {value} 不是名册中「{label}」的联系邮箱（{expected}），请确认报送单位")
rule("X003", "提示", "单位名称与名册不一致", BASIS, "工作簿中的单位名称“{value}”与名册中的“{expected}”不一致")
rule("X004", "提示", "报送了名册未要求的表单", BASIS, "名册中「{label}」不需报送「{detail}」，请确认是否报错表单")
rule("X005", "强制", "未填写单位编码", BASIS, "工作簿中未填写单位编码，无法确认报送单位（{detail}）")
rule("X006", "提示", "单位编码与名册不一致", BASIS, "工作簿中的单位编码“{value}”与名册中「{label}」的编码“{expected}”不一致")


def roster_findings(report: FileReport, roster: Roster, sender: str | None) -> list[Finding]:
    """Who the workbook says it is, against the roster and the email sender."""
    if report.form_id is None:
        return []
    file = report.file
    if not report.unit_code:
        return [Finding("X005", file=file, detail=f"单位名称：{report.unit_name or '未填写'}")]
    unit = roster.match(report.unit_code, report.unit_name)
    if unit is None:
        return [Finding("X001", file=file, value=report.unit_code)]
    out = []
    if str(report.unit_code) != unit.code:
        out.append(Finding("X006", file=file, label=unit.name, value=report.unit_code, expected=unit.code))
    report.facts["roster_unit"] = unit.code
    if report.unit_name and report.unit_name != unit.name:
        out.append(Finding("X003", file=file, label=unit.name, value=report.unit_name, expected=unit.name))
    if sender and unit.emails and sender.lower() not in {e.lower() for e in unit.emails}:
        out.append(Finding("X002", file=file, label=unit.name, value=sender, expected="、".join(unit.emails)))
    if unit.forms_explicit and report.form_id not in unit.forms:
        out.append(Finding("X004", file=file, label=unit.name, detail=report.facts.get("form_title", report.form_id)))
    return out
