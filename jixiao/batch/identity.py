"""One decision on who sent what: identical copies, later versions of the same report, and what is still owed.

Check and consolidation both call these functions; consolidation honours what check decided for unit files and uses
the same functions for project rows of department workbooks, so the two can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from ..intake.roster import Unit, norm_code, norm_text


def owner_key(roster_code: str | None = None, unit_code=None, unit_name=None, sender=None, fallback: str = "") -> tuple:
    """Who an item belongs to: its roster unit (a typed code corrected by name lands here), else the unit code it
    carries, else its unit name, else its sender, else itself (fallback)."""
    if roster_code:
        return ("unit", norm_code(roster_code))
    if norm_code(unit_code):
        return ("code", norm_code(unit_code))
    if norm_text(unit_name):
        return ("name", norm_text(unit_name))
    sender = str(sender or "").strip().lower()
    return ("sender", sender) if sender else ("file", fallback)


def subject_key(year=None, project_code=None, project_name=None) -> tuple:
    """What an item reports on within its unit and form: the year and the project (code, else name), where given."""
    return (norm_code(year), norm_code(project_code) or norm_text(project_name))


@dataclass(frozen=True)
class Item:
    """What the decision needs to know of one received thing: a checked file, or one project row of a workbook."""
    owner: tuple
    form_id: str | None
    subject: tuple
    when: tuple                 # received order: (dated, datetime); ties go to input order
    sha256: str = ""            # identical bytes are one submission ("" for rows: never compared)
    source: str = ""            # rows of one source never replace each other


@dataclass
class Decision:
    duplicate_of: dict[int, int]      # index of a later identical copy → index of the first received
    superseded_by: dict[int, int]     # index of an earlier version → index of the version in force


def decide(items: Sequence[Item]) -> Decision:
    """Identical bytes: the first received is the submission, later copies are 重复报送. Among the rest, the same
    owner (a unit, a code or a name — never a bare sender), form and subject: the latest received is in force."""
    order = sorted(range(len(items)), key=lambda i: (*items[i].when, i))
    first: dict[str, int] = {}
    duplicate_of: dict[int, int] = {}
    for i in order:
        sha = items[i].sha256
        if sha and sha in first:
            duplicate_of[i] = first[sha]
        elif sha:
            first[sha] = i
    groups: dict[tuple, list[int]] = {}
    for i in order:
        it = items[i]
        if i not in duplicate_of and it.form_id and it.owner[0] in ("unit", "code", "name"):
            groups.setdefault((it.owner, it.form_id, it.subject), []).append(i)
    superseded_by: dict[int, int] = {}
    for idx in groups.values():
        winner = idx[-1]
        for i in idx[:-1]:
            if not (items[i].source and items[i].source == items[winner].source):
                superseded_by[i] = winner
    return Decision(duplicate_of, superseded_by)


def missing(units: Iterable[Unit], owed: Callable[[Unit], Iterable[str]],
            received: set[tuple[str, str]]) -> list[tuple[Unit, str]]:
    """(unit, form id) owed and not received; `received` holds (unit code, form id) pairs, codes as norm_code."""
    out = [(u, f) for u in units for f in owed(u) if (norm_code(u.code), f) not in received]
    return sorted(out, key=lambda m: (m[0].department, m[0].code, m[1]))
