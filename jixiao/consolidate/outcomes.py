"""What a merge leaves out, and why: superseded versions, late files, units that sent nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from ..batch import identity
from ..intake.roster import Unit, norm_code
from ..report.model import form_title, received_key
from ..rules.finding import FileReport, Finding
from .model import EXCLUDED, Issue
from .records import ProjectRecord
from .rules import LATE, MISSING, SUPERSEDED


@dataclass
class Candidate:
    record: ProjectRecord
    fr: FileReport
    order: int
    unit: Unit | None = None          # the roster unit (a typed code corrected by name lands here)


def issue(f: Finding, unit: Unit | None = None, fr: FileReport | None = None, category: str = "",
           sha256: str = "") -> Issue:
    code = unit.code if unit else (str(fr.unit_code or "") if fr else "")
    name = unit.name if unit else (str(fr.unit_name or "") if fr else "")
    sha = sha256 or (str(fr.facts.get("sha256") or "") if fr else "")
    return Issue(f, category, unit.department if unit else "", code, name, sha)


def supersede(cands: list[Candidate], issues: list[Issue]) -> list[Candidate]:
    """Per project the version in force (check/identity.decide, the same decision `jixiao check` makes); rows of one
    workbook never replace each other. Unit files arrive here already decided by the check, so only project rows of
    department workbooks (bureau level) can still collide."""
    items = [identity.Item(_owner(c), c.record.form_id,
                           identity.subject_key(c.record.get("year"), c.record.get("project_code"),
                                                c.record.get("project_name")),
                           (*received_key(c.fr), c.order), source=c.record.source.origin) for c in cands]
    decision = identity.decide(items)
    for i, j in sorted(decision.superseded_by.items()):
        old, winner = cands[i], cands[j]
        issues.append(issue(Finding(SUPERSEDED, file=old.record.source.origin, detail=winner.record.source.origin),
                            fr=old.fr, sha256=old.record.source.sha256))
    return [c for i, c in enumerate(cands) if i not in decision.superseded_by]


def _owner(c: Candidate) -> tuple:
    return identity.owner_key(c.unit.code if c.unit else None, c.record.unit_code, c.record.get("unit_name"))


def late(final: list[ProjectRecord], deadline: datetime | None, roster) -> list[Issue]:
    if deadline is None:
        return []
    out, seen = [], set()
    for r in final:
        src, when = r.source, r.source.received
        if when is None or when <= deadline or src.origin in seen:
            continue
        seen.add(src.origin)
        unit = roster.by_code(r.unit_code) if roster is not None else None
        name = unit.name if unit else str(r.get("unit_name") or r.unit_code)
        f = Finding(LATE, file=src.origin, label=name, value=when.strftime("%Y-%m-%d %H:%M"),
                    expected=deadline.strftime("%Y-%m-%d %H:%M"))
        out.append(Issue(f, "", r.dept_name, r.unit_code, name, src.sha256))
    return out


def missing(final, roster, scope, form_id: str, issues: list[Issue]) -> list[Issue]:
    """Units owing `form_id` (in scope) with nothing merged: identity.missing over the merged units."""
    if roster is None:
        return []
    merged = {(norm_code(r.unit_code), form_id) for r in final}
    left_out = Counter(norm_code(i.unit_code) for i in issues if i.category == EXCLUDED and i.unit_code)
    due = [u for u in roster.units if scope.has(u.code, u.department, u.department_code)]
    out = []
    for u, _ in identity.missing(due, lambda u: [form_id] if form_id in u.forms else [], merged):
        n = left_out.get(norm_code(u.code), 0)
        detail = f"「{form_title(form_id)}」" + (f"（有 {n} 项报送问题未纳入汇总，见本清单）" if n else "")
        out.append(issue(Finding(MISSING, label=u.name, value=u.code, detail=detail), u))
    return out
