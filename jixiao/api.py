"""The front door: what a library user (and the CLI, and the add-in) calls. Every function raises JixiaoError with a
Chinese message for a problem the user can fix; findings in submissions are returned, never raised."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from .batch import Options, check_paths, load_check, write_check_folder
from .batch.folder import FORMATS, ensure_writable
from .batch.pipeline import default_workers
from .batch.workdir import work_folder
from .intake.roster import Roster, load_roster
from .report.model import BatchReport
from .rules.crossform import Goals, load_changes, load_goal_files
from .rules.engine import validate_file
from .rules.finding import FileReport
from .scoring.sheet import score_form
from .spec.loader import resolve_profile
from .workbook.reader import FormRead, read


def validate(path, *, profile: str | dict | None = None, select=None, ignore=None) -> FileReport:
    """Every finding for one workbook (in this process; use check() for untrusted batches)."""
    return validate_file(Path(path), profile=profile, select=select, ignore=ignore)


def score(path, profile: str | dict | None = None):
    """Recompute every score, the total and the grade of one workbook (the same rules as the template formulas)."""
    fr: FormRead = read(path)
    prof, _ = resolve_profile(profile, fr.workbook.meta.get("profile_id") if fr.workbook else None)
    return score_form(fr.form, prof, fr.data, fr.cached, {k: v for k, v in fr.formulas.items() if v})


def check(paths: Iterable, out=None, *, roster: Roster | str | Path | None = None, profile=None, select=None,
          ignore=None, workers: int | None = None, formats=FORMATS, bureau: str = "财政局", deadline_days: int = 5,
          on_file: Callable[[FileReport], None] | None = None, goals=None, goal_changes=None) -> BatchReport:
    """Check folders, zips and mail as `jixiao check` does; with `out`, write the check folder there. With `goals`
    (goal workbooks, folders of them, a history database, or a loaded Goals) self-evaluations and monitoring tables
    are compared with their approved goal tables; `goal_changes` is a 绩效目标调整 table (.csv/.xlsx)."""
    goals = load_goals(goals, goal_changes)
    units = load_roster(roster) if isinstance(roster, (str, Path)) else roster
    options = Options(profile=profile, select=tuple(select) if select else None,
                      ignore=tuple(ignore) if ignore else None)
    if out is not None:
        ensure_writable(out, formats)
    with work_folder() as work:
        batch = check_paths([Path(p) for p in paths], work, roster=units, options=options, workers=workers,
                            on_file=on_file, goals=goals)
        if out is not None:
            write_check_folder(batch, out, work_dirs=[work], formats=formats, bureau=bureau,
                               deadline_days=deadline_days, workers=workers or default_workers())
    return batch


def load_goals(goals, goal_changes=None) -> Goals | None:
    """Approved goal tables from workbooks and folders (or a history database, *.duckdb), with the adjustments."""
    if goals is None or isinstance(goals, Goals):
        loaded = goals
    else:
        paths = [Path(p) for p in ([goals] if isinstance(goals, (str, Path)) else goals)]
        loaded = Goals()
        for p in paths:
            if p.suffix.lower() == ".duckdb":
                from .history.goals import goals_from_history
                loaded.tables += goals_from_history(p).tables
            else:
                more = load_goal_files([p])
                loaded.tables += more.tables
                loaded.notes += more.notes
    if goal_changes is not None:
        loaded = loaded or Goals()
        loaded.changes += load_changes(goal_changes)
    return loaded


__all__ = ["check", "load_check", "load_goals", "read", "score", "validate"]
