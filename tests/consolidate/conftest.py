"""Session fixtures of the consolidation tests: a clean inbox of filled self-evaluations and its roster."""

from __future__ import annotations

from pathlib import Path

import pytest

from consolidate_data import fill_all, write_roster
from jixiao.intake.roster import load_roster


@pytest.fixture(scope="session")
def clean_inbox(tmp_path_factory) -> Path:
    """Every unit's projects, all valid (the roster's sixth unit never sends anything)."""
    root = tmp_path_factory.mktemp("clean")
    fill_all(root / "收件箱")
    write_roster(root / "名册.csv")
    return root / "收件箱"


@pytest.fixture(scope="session")
def roster(clean_inbox):
    return load_roster(clean_inbox.parent / "名册.csv")
