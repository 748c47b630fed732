"""What a merge leaves out, and why: superseded versions, late files, units that sent nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

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


def issue(f: Finding, unit: Unit | None = None, fr: FileReport | None = None, category: str = "",
           sha256: str = "") -> Issue:
    code = unit.code if unit else (str(fr.unit_code or "") if fr else "")
    name = unit.name if unit else (str(fr.unit_name or "") if fr else "")
    sha = sha256 or (str(fr.facts.get("sha256") or "") if fr else "")
    return Issue(f, category, unit.department if unit else "", code, name, sha)


def supersede(cands: list[Candidate], issues: list[Issue]) -> list[Candidate]:
    """Per project (form, year, unit, project code or name) the latest received file wins; input order breaks ties."""
    groups: dict[tuple, list[Candidate]] = {}
    for c in cands:
        groups.setdefault(c.record.key, []).append(c)
    out = []
    for group in groups.values():
        group.sort(key=lambda c: (*received_key(c.fr), c.order))
        winner = group[-1]
        for old in group[:-1]:
            if old.fr is winner.fr:              # two rows of one workbook: both are kept, never dropped silently
                out.append(old)
                continue
            issues.append(issue(Finding(SUPERSEDED, file=old.record.source.origin, detail=winner.record.source.origin),
                                 fr=old.fr, sha256=old.record.source.sha256))
        out.append(winner)
    return out


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
    if roster is None:
        return []
    merged = {r.unit_code for r in final}
    left_out = Counter(norm_code(i.unit_code) for i in issues if i.category == EXCLUDED and i.unit_code)
    out = []
    for u in roster.units:
        code = norm_code(u.code)
        if form_id not in u.forms or code in merged or not scope.has(code, u.department, u.department_code):
            continue
        n = left_out.get(code, 0)
        detail = f"「{form_title(form_id)}」" + (f"（有 {n} 项报送问题未纳入汇总，见本清单）" if n else "")
        out.append(issue(Finding(MISSING, label=u.name, value=u.code, detail=detail), u))
    return out
