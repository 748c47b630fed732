"""Rectification items (整改事项) from a check: 强制 findings, self-evaluations graded 中/差, an evaluation's deducted
indicators; and how a later check updates a ledger (resolved, still open, overdue)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from ..intake.roster import norm_code, norm_text
from ..report.model import BatchReport, origin
from ..rules.finding import FileReport

OPEN, DOING, DONE, OVERDUE = "未整改", "整改中", "已整改", "逾期"
STATUSES = (OPEN, DOING, DONE, OVERDUE)
FINDING, GRADE, EVALUATION = "审核问题", "自评等级", "评价扣分"
GRADED = ("project_self_eval", "dept_self_eval")
EVAL_FORM = "evaluation"
PEOPLE = ("rectify_person", "project_leader", "sign_project", "sign_unit", "filler")   # who answers for the file


@dataclass
class Item:
    key: str                    # stable across checks: unit, form, year, project, source and what the problem is
    dept: str
    unit_code: str
    unit_name: str
    project: str
    form: str
    source: str                 # 审核问题 | 自评等级 | 评价扣分
    problem: str
    code: str
    found: date | None
    deadline: date | None
    person: str = ""
    status: str = OPEN
    evidence: str = ""          # 整改说明及佐证 (the clerk's), and each recheck's note
    checked: date | None = None
    file: str = ""
    subject: str = ""           # the file's identity (unit|form|year|project): a later check of it resolves items


def _key(*parts) -> str:
    return "ZG" + hashlib.sha1("|".join(str(p or "") for p in parts).encode("utf-8")).hexdigest()[:10].upper()


def subject_of(fr: FileReport) -> str:
    f = fr.facts
    project = norm_code(f.get("project_code")) or norm_text(f.get("project_name"))
    unit = norm_code(f.get("roster_unit") or fr.unit_code) or norm_text(fr.unit_name)
    return "|".join((unit, fr.form_id or "", norm_code(f.get("year")), project))


def _fields(folder: Path | None, fr: FileReport) -> dict:
    """The workbook's own fields and tables (结果应用, 项目负责人, 扣分原因) from the check's kept copy; {} without one."""
    copy = fr.facts.get("copy")
    if folder is None or not copy or not (folder / copy).is_file():
        return {}
    from ..workbook.reader import ReadError, read
    try:
        return read(folder / copy).data
    except ReadError:
        return {}


def _date(v) -> date | None:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v).strip()[:10]) if v not in (None, "") else None
    except ValueError:
        return None


def items_from_check(batch: BatchReport, folder: Path | None, profile: dict, notice: date) -> list[Item]:
    """Every item of the files in force: 强制 findings, grades 中/差 (the profile's two lowest), evaluation deductions."""
    low = tuple(g["grade"] for g in profile["grades"])[-2:]
    deadline = notice + timedelta(days=int(profile.get("rectify_days") or 30))
    out = []
    for fr in batch.current:
        if fr.form_id is None:
            continue
        strict = [f for f in fr.findings if f.severity == "强制"]
        graded = fr.form_id in GRADED and fr.grade in low
        if not (strict or graded or fr.form_id == EVAL_FORM):
            continue
        data = _fields(folder, fr)
        fields = data.get("fields") or {}
        unit = batch.unit_of(fr)
        subject = subject_of(fr)
        base = Item("", unit.department if unit else str(fields.get("department") or ""), unit.code if unit else
                    str(fr.unit_code or ""), unit.name if unit else str(fr.unit_name or fields.get("department") or ""),
                    str(fr.facts.get("project_name") or fields.get("object_name") or ""),
                    str(fr.facts.get("form_title") or fr.form_id), FINDING, "", "", notice, deadline,
                    person=next((str(fields[p]) for p in PEOPLE if fields.get(p)), ""), file=origin(fr),
                    subject=subject)
        for f in strict:
            out.append(replace(base, key=_key(subject, f.code, f.sheet, f.label or f.cell, f.detail if not
                                              (f.label or f.cell) else ""), problem=f.message, code=f.code))
        own = _date(fields.get("rectify_deadline"))
        if graded:
            measures = str(fields.get("rectify_measures") or "").strip()
            text = f"自评等级为“{fr.grade}”（总分 {fr.total_score}）" + (f"；整改措施：{measures}" if measures else "")
            out.append(replace(base, key=_key(subject, GRADE), source=GRADE, problem=text, deadline=own or deadline))
        if fr.form_id == EVAL_FORM:
            for row in (data.get("tables") or {}).get("indicators") or []:
                w, s = row.get("weight"), row.get("score")
                if isinstance(w, (int, float)) and isinstance(s, (int, float)) and s < w and row.get("name"):
                    text = f"「{row['name']}」扣 {round(w - s, 2):g} 分：{row.get('reason') or '（未写扣分原因）'}"
                    out.append(replace(base, key=_key(subject, EVALUATION, norm_text(row["name"])), source=EVALUATION,
                                       problem=text, deadline=own or deadline))
    return out


def merge(old: list[Item], new: list[Item], checked: set[str], today: date) -> list[Item]:
    """The ledger after a check: new items added; an old item whose file was checked again and no longer has the
    problem is 已整改; the clerk's columns (责任人、状态、整改说明及佐证、整改期限) are kept; open items past their
    deadline are 逾期."""
    fresh = {i.key: i for i in new}
    out = []
    for item in old:
        again = fresh.pop(item.key, None)
        status = item.status if item.status in (OPEN, DOING, DONE) else (DOING if item.evidence else OPEN)
        if again is not None:
            if status == DONE:
                status = DOING
                item.evidence = _note(item.evidence, f"{today:%Y-%m-%d} 复核：重新报送的文件仍有此问题")
            item.problem, item.file, item.checked = again.problem, again.file, today
        elif item.subject in checked and status != DONE:
            status = DONE
            item.evidence = _note(item.evidence, f"{today:%Y-%m-%d} 复核：重新报送的文件已无此问题")
            item.checked = today
        item.status = status
        out.append(item)
    for item in fresh.values():
        item.checked = today
        out.append(item)
    for item in out:
        if item.status != DONE and item.deadline and item.deadline < today:
            item.status = OVERDUE
    return sorted(out, key=lambda i: (i.dept, i.unit_code, i.project, i.form, i.source, i.key))


def _note(text: str, line: str) -> str:
    return f"{text}\n{line}" if text and line not in text else (text or line)
