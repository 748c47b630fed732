"""A batch of checked files reconciled with the roster: who sent what, what is a copy or replaced, who owes what."""

from __future__ import annotations

from datetime import datetime

from ..intake.roster import Roster, Unit, norm_code, resolve_form
from ..report.model import DUPLICATE, SUPERSEDED, BatchReport, form_title, origin, received_key
from ..rules.finding import FileReport
from ..rules.registry import SEVERITIES
from . import identity


def item(fr: FileReport, unit: Unit | None, order_source: str = "") -> identity.Item:
    """The identity facts of one checked file."""
    f = fr.facts
    owner = identity.owner_key(unit.code if unit else None, fr.unit_code, fr.unit_name, f.get("sender"), origin(fr))
    sha = str(f.get("sha256") or "") if f.get("size") != 0 else ""      # empty files are all alike, not copies
    return identity.Item(owner, fr.form_id, identity.subject_key(f.get("year"), f.get("project_code"),
                                                                 f.get("project_name")),
                         received_key(fr), sha, order_source)


def _assign(fr: FileReport, roster: Roster | None) -> Unit | None:
    if roster is None:
        return None
    if fr.unit_code or fr.unit_name:
        return roster.match(fr.unit_code, fr.unit_name)       # a file naming an unknown unit stays unknown
    by_mail = roster.by_email(fr.facts.get("sender"))
    return by_mail[0] if len(by_mail) == 1 else None


def _resolve(forms) -> list[str] | None:
    """Form ids from ids or titles; an unknown form is an error (it would put every unit on the 未报送 list)."""
    return None if forms is None else list(dict.fromkeys(resolve_form(f) for f in forms))


def owed_forms(roster: Roster | None, expected_forms=None) -> dict[str, list[str]]:
    """unit code → the forms it owes: those of its roster row in `expected_forms` (ids or titles; None = all), or
    all of `expected_forms` when its row left 应报表单 blank."""
    expected = _resolve(expected_forms)
    owed: dict[str, list[str]] = {}
    for u in (roster.units if roster else []):
        if expected is None:
            owed[u.code] = list(u.forms)
        else:
            owed[u.code] = [f for f in expected if f in u.forms] if u.forms_explicit else list(expected)
    return owed


def reconcile(files: list[FileReport], roster: Roster | None, expected_forms=None,
              profile_id: str = "national", now: datetime | None = None) -> BatchReport:
    """Match files to units and make the one identity decision (check/identity.py) about the batch.

    A file is matched by its unit code, else its unit name, else (naming no unit) a sender address that belongs to
    exactly one unit. Identical bytes count once (later copies are 重复报送). Same unit, form, year and project: the
    latest received (then input order) is in force. A file with 强制 findings counts as received: it is 退回, not
    未报送.
    """
    expected = _resolve(expected_forms)
    assigned = [_assign(fr, roster) for fr in files]
    owed = owed_forms(roster, expected_forms)
    items = [item(fr, u) for fr, u in zip(files, assigned)]
    decision = identity.decide(items)
    duplicates = [(files[i], files[j]) for i, j in sorted(decision.duplicate_of.items())]
    superseded = [(files[i], files[j]) for i, j in sorted(decision.superseded_by.items())]

    wrong = []
    for i, (fr, unit) in enumerate(zip(files, assigned)):
        if i in decision.duplicate_of:
            continue                     # said once, for the first copy
        if not fr.form_id:
            wrong.append((fr, "无法识别表单"))
        elif unit is not None and fr.form_id not in owed.get(unit.code, []):
            wrong.append((fr, f"非该单位应报表单：{form_title(fr.form_id)}"))
        elif unit is None and expected is not None and fr.form_id not in expected:
            wrong.append((fr, f"非本次应报表单：{form_title(fr.form_id)}"))

    received = {(norm_code(u.code), fr.form_id) for fr, u in zip(files, assigned) if u is not None and fr.form_id}
    missing = identity.missing(roster.units if roster else [], lambda u: owed[u.code], received)
    batch = BatchReport(files=list(files), roster=roster, missing=missing, wrong_form=wrong,
                        superseded=superseded, duplicates=duplicates,
                        generated_at=now or datetime.now().replace(microsecond=0),
                        profile_id=profile_id, assigned=assigned, owners=[it.owner for it in items], owed=owed)
    batch.totals = _totals(batch)
    return batch


def _totals(b: BatchReport) -> dict:
    current = b.current
    by_status: dict[str, int] = {}
    for fr in b.files:
        s = b.status_of(fr)
        by_status[s] = by_status.get(s, 0) + 1
    findings = {s: 0 for s in SEVERITIES}
    for fr in current:
        for f in fr.findings:
            findings[f.severity] += 1
    units = b.roster.units if b.roster else []
    missing_units = {u.code for u, _ in b.missing}
    due = [u for u in units if b.owed.get(u.code)]
    return {
        "files": len(b.files), "current_files": len(current), "superseded": len(b.superseded),
        "duplicates": len(b.duplicates), "wrong_form": len(b.wrong_form),
        "unmatched_files": sum(1 for u in b.assigned if u is None) if b.roster else 0,
        "units": len(units), "units_due": len(due), "units_missing": len(missing_units),
        "units_complete": len(due) - len(missing_units), "missing": len(b.missing),
        "file_status": {s: by_status[s] for s in (*SEVERITIES, "通过", SUPERSEDED, DUPLICATE) if s in by_status},
        "findings": findings,
    }
