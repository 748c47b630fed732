"""One identity decision (check/identity.py) for check and consolidation: copies count once, a correction replaces
the first version even when the unit code was typed wrong, and consolidation honours what the check decided."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.batch import check_paths, identity, load_check, write_check_folder
from jixiao.consolidate import consolidate
from jixiao.intake.roster import load_roster

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
TYPO = "inbox/061 【绩效自评】区文化馆2025年度项目支出绩效自评表（文物保护修缮项目）.eml › 附件 附件1：文物保护修缮项目绩效自评表.xlsx"
FIX = "inbox/085 【更正】【绩效自评】区文化馆2025年度项目支出绩效自评表（文物保护修缮项目）.eml › 附件 附件1：文物保护修缮项目绩效自评表.xlsx"
PROJECT = "202510700103"


@pytest.fixture(scope="module")
def roster():
    return load_roster(SAMPLES / "名册.xlsx")


@pytest.fixture(scope="module")
def checked(tmp_path_factory, roster):
    """The sample inbox checked once, and its check folder."""
    work, out = tmp_path_factory.mktemp("work"), tmp_path_factory.mktemp("out") / "审核结果"
    batch = check_paths([SAMPLES / "inbox"], work, roster=roster, workers=2)
    write_check_folder(batch, out, work_dirs=[work])
    return batch, out


def _origin(fr):
    return fr.facts.get("origin") or fr.file


def test_every_file_is_one_row_and_copies_count_once(checked):
    batch, out = checked
    origins = [_origin(fr) for fr in batch.files]
    assert len(origins) == 140 and len(set(origins)) == 140          # samples/README.md: 140 报送文件
    copies = {_origin(c): _origin(f) for c, f in batch.duplicates}
    assert sorted(o.split(" ")[0] for o in copies) == ["inbox/015", "inbox/094"]
    for copy, first in batch.duplicates:
        assert batch.status_of(copy) == "重复报送" and not batch.is_current(copy)
        assert [f.detail for f in copy.findings if f.code == "B006"] == [_origin(first)]
        assert batch.unit_of(copy) is not None and batch.unit_of(copy) == batch.unit_of(first)
    rows = json.loads((out / "审核结果.json").read_text("utf-8"))["files"]
    assert len(rows) == 140 and len({r["origin"] for r in rows}) == 140


def test_letters_go_only_to_files_in_force(checked):
    batch, out = checked
    letters = sorted((out / "退回意见").iterdir())
    assert len(letters) == len(batch.current) == 140 - 3 - 2
    assert not [p for p in letters if "（未识别单位）" in p.read_text("utf-8") and "审核通过" in p.read_text("utf-8")]


def test_a_correction_with_a_fixed_unit_code_replaces_the_typo(checked):
    batch, _ = checked
    pairs = {(_origin(o), _origin(n)) for o, n in batch.superseded}
    assert (TYPO, FIX) in pairs
    old = next(fr for fr in batch.files if _origin(fr) == TYPO)
    assert old.unit_code == "100701" and batch.unit_of(old).code == "107001"


@pytest.mark.parametrize("source", ["inbox", "check_folder"])
def test_consolidation_counts_the_corrected_project_once(checked, roster, tmp_path, source):
    batch, out = checked
    inputs = [SAMPLES / "inbox"] if source == "inbox" else out
    result = consolidate(inputs, roster, form="项目支出绩效自评表", workers=2)
    projects = [leaf.record for leaf in result.tree.leaves()]
    assert len(projects) == 60
    assert [p.source.origin for p in projects if p.get("project_code") == PROJECT] == [FIX]
    replaced = {i.finding.file: i.finding.code for i in result.issues if i.finding.code in ("C006", "C011")}
    assert replaced[TYPO] == "C006"
    assert sorted(o.split(" ")[0] for o, c in replaced.items() if c == "C011") == ["inbox/015", "inbox/094"]


def test_reloaded_check_folder_keeps_the_decision(checked, roster):
    batch, out = checked
    again = load_check(out, roster)
    assert [(_origin(a), _origin(b)) for a, b in again.superseded] == [(_origin(a), _origin(b)) for a, b in batch.superseded]
    assert [(_origin(a), _origin(b)) for a, b in again.duplicates] == [(_origin(a), _origin(b)) for a, b in batch.duplicates]
    assert [(u.code, f) for u, f in again.missing] == [(u.code, f) for u, f in batch.missing]


def test_decide_rules():
    item = identity.Item
    a = item(("unit", "1"), "f", ("2025", "p"), (True, 1), "sha-a")
    b = item(("unit", "1"), "f", ("2025", "p"), (True, 2), "sha-b")        # later version of a
    c = item(("unit", "1"), "f", ("2025", "p"), (True, 3), "sha-a")        # a copy of a, received last
    d = item(("sender", "x@y"), "f", ("2025", "p"), (True, 4), "sha-d")    # a bare sender never replaces
    e = item(("sender", "x@y"), "f", ("2025", "p"), (True, 5), "sha-e")
    r1 = item(("unit", "2"), "f", ("2025", "q"), (True, 1), "", source="dept.xlsx")
    r2 = item(("unit", "2"), "f", ("2025", "q"), (True, 1), "", source="dept.xlsx")  # two rows of one workbook
    got = identity.decide([a, b, c, d, e, r1, r2])
    assert got.duplicate_of == {2: 0}
    assert got.superseded_by == {0: 1}


def test_owner_key_prefers_the_roster_unit():
    assert identity.owner_key("107001", "100701", "区文化馆") == ("unit", "107001")
    assert identity.owner_key(None, " 100701 ", "x") == ("code", "100701")
    assert identity.owner_key(None, None, "区 文化馆") == identity.owner_key(None, "", "区文化馆")


def test_catalogue_fingerprint_does_not_depend_on_imports():
    probes = ["import jixiao.report.model as m", "import jixiao.rules.engine; import jixiao.report.model as m",
              "import jixiao.consolidate; import jixiao.report.model as m"]
    seen = {subprocess.run([sys.executable, "-c", p + "; print(m.catalogue_version())"], capture_output=True,
                           text=True, check=True).stdout.strip() for p in probes}
    assert len(seen) == 1, seen


def test_a_pickled_batch_keeps_the_identity_decision(checked):
    """A worker writes 审核汇总 from a pickled copy of the batch: its id()-keyed maps must be rebuilt, not carried."""
    import pickle
    batch, _ = checked
    copy = pickle.loads(pickle.dumps(batch))
    assert [copy.status_of(fr) for fr in copy.files] == [batch.status_of(fr) for fr in batch.files]
    assert [copy.note_of(fr) for fr in copy.files] == [batch.note_of(fr) for fr in batch.files]
    assert [copy.unit_of(fr) for fr in copy.files] == [batch.unit_of(fr) for fr in batch.files]
    assert len(copy.current) == len(batch.current) == 135


def test_outputs_written_in_workers_are_those_written_here(checked, tmp_path, monkeypatch):
    """The same bytes (timestamps aside) whichever process writes an output and whatever it wrote before: a feedback
    workbook's styles are its own, never those another unit's workbook added in the same process."""
    import zipfile
    from jixiao.batch import folder
    batch, out = checked
    monkeypatch.setattr(folder, "PARALLEL_FROM", 1)
    parallel = tmp_path / "审核结果"
    write_check_folder(batch, parallel, work_dirs=[], workers=2)

    def content(path: Path) -> bytes:
        if path.suffix != ".xlsx":
            return path.read_bytes().replace(batch.generated_at.isoformat(timespec="seconds").encode(), b"")
        with zipfile.ZipFile(path) as z:
            return b"".join(z.read(n) for n in z.namelist() if n != "docProps/core.xml")
    for name in ("审核汇总.xlsx", "审核结果.json"):
        assert content(parallel / name) == content(out / name)
    for sub in ("反馈表", "退回意见"):
        mine = sorted(p.name for p in (parallel / sub).iterdir())
        assert mine == sorted(p.name for p in (out / sub).iterdir()) and mine
        assert [n for n in mine if content(parallel / sub / n) != content(out / sub / n)] == []
