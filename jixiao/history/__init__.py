"""Years side by side: each consolidation's tidy dataset kept in a DuckDB database, and the checks against it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..consolidate.dataset import Dataset
from ..consolidate.model import Consolidation, Issue
from .checks import CATEGORY, check_history
from .store import Appended, History, HistoryError

DEFAULT_DB = "jixiao历史.duckdb"           # beside the output workbook


@dataclass
class Recorded:
    """What `record` did: the dataset files, the database (None: kept in memory only), the history findings."""

    files: list[Path]
    database: Path | None
    appended: Appended
    issues: list[Issue] = field(default_factory=list)


def record(c: Consolidation, data_dir: Path | None = None, database: Path | None = None) -> Recorded:
    """Write the dataset to data_dir (None: not written), append it to the database (None: an in-memory one, so
    only this consolidation's units are compared), run C101–C103 and add their findings to c's 异常清单."""
    ds = Dataset.from_consolidation(c)
    files = ds.write(data_dir) if data_dir is not None else []
    with History(database or ":memory:") as h:
        appended = h.append(ds)
        issues = check_history(ds, h, c.profile)
    c.add_issues(issues)
    return Recorded(files, Path(database) if database else None, appended, issues)


__all__ = ["CATEGORY", "DEFAULT_DB", "Appended", "Dataset", "History", "HistoryError", "Recorded", "check_history",
           "record"]
