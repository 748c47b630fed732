"""整改台账 (the rectification ledger): the problems a check found that must be put right, per unit and project, with
deadline, responsible person, status and evidence; a later check updates it (`jixiao ledger`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..batch.folder import load_check
from ..intake.roster import Roster
from ..spec.loader import load_profile
from .book import LedgerError, read_ledger, write_ledger
from .items import DONE, OVERDUE, STATUSES, Item, items_from_check, merge, subject_of


@dataclass
class Updated:
    items: list[Item]
    added: int
    resolved: int
    overdue: int


def update(checks, ledger: list[Item] | None = None, *, roster: Roster | None = None, profile: str | dict | None = None,
           notice: date | None = None, today: date | None = None) -> Updated:
    """The ledger after the check folders `checks` (in order, each a `jixiao check` output): new items added, items
    of files checked again resolved when gone, overdue items flagged. `notice` (default: each check's date) starts
    the deadlines."""
    prof = profile if isinstance(profile, dict) else load_profile(profile or "national")
    today = today or date.today()
    items = list(ledger or [])
    before = {i.key: i.status for i in items}
    for folder in map(Path, checks):
        batch = load_check(folder, roster)
        new = items_from_check(batch, folder, prof, notice or batch.generated_at.date())
        checked = {subject_of(fr) for fr in batch.current if fr.form_id}
        items = merge(items, new, checked, today)
    added = sum(1 for i in items if i.key not in before)
    resolved = sum(1 for i in items if i.status == DONE and before.get(i.key) not in (None, DONE))
    return Updated(items, added, resolved, sum(1 for i in items if i.status == OVERDUE))


__all__ = ["LedgerError", "STATUSES", "Item", "Updated", "read_ledger", "update", "write_ledger"]
