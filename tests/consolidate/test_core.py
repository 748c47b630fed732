"""consolidate(): what is merged, what is left out (with the reason), selections, supersession, determinism."""

from __future__ import annotations

import os
import random
import tempfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from consolidate_data import NOW, PROJECTS, fill_all, invalid, self_eval, write_roster
from jixiao.consolidate import ConsolidateError, consolidate, write_workbook
from jixiao.consolidate.model import EXCLUDED, MERGED_INVALID
from jixiao.intake.roster import load_roster
from jixiao.batch import check_paths
from jixiao.spec.layout import load_form
from tests.support.synth import random_data
from jixiao.template.fill import fill_template

SE = "project_self_eval"


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    """Clean files, plus: a resent (corrected) project, an invalid file, another form, a stranger, a broken file."""
    root = tmp_path_factory.mktemp("inbox")
    box = root / "收件箱"
    fill_all(box / "1-初报", codes={"101001", "101003", "102001"})
    first = list(PROJECTS["101002"][0])
    first[2] = 111.11                                                 # the first version's budget, later corrected
    fill_template(self_eval("101002", tuple(first)), box / "1-初报" / "101002-P01.xlsx")
    fill_template(self_eval("101002", PROJECTS["101002"][0]), box / "2-更正" / "101002-P01.xlsx")
    fill_template(invalid(self_eval("102002", PROJECTS["102002"][0])), box / "1-初报" / "102002-P01.xlsx")
    goal = random_data(load_form("project_goal"), random.Random(1))
    goal["fields"].update(unit_code="101001", unit_name="区第一中学")
    fill_template(goal, box / "1-初报" / "101001-目标表.xlsx")
    stranger = self_eval("101001", PROJECTS["101001"][0])
    stranger["fields"].update(unit_code="999001", unit_name="外区单位")
    fill_template(stranger, box / "1-初报" / "999001-P01.xlsx")
    (box / "1-初报" / "说明.xlsx").write_bytes(b"not a workbook")
    write_roster(root / "名册.csv")
    return box


@pytest.fixture(scope="module")
def names(inbox):
    return load_roster(inbox.parent / "名册.csv")


@pytest.fixture(scope="module")
def merged(inbox, names):
    return consolidate([inbox], names, form=SE, now=NOW, workers=1)


def _codes(c, category):
    return sorted((i.finding.code, i.finding.file.rsplit("/", 1)[-1]) for i in c.issues if i.category == category)


def test_merges_every_project_of_every_valid_unit_file(merged):
    got = [(r.unit_code, r.get("project_code")) for r in merged.projects]
    assert got == [("101001", "2025101001P01"), ("101001", "2025101001P02"), ("101002", "2025101002P01"),
                   ("101003", "2025101003P01"), ("101003", "2025101003P02"), ("102001", "2025102001P01")]
    assert merged.stats["merged_projects"] == 6 and merged.stats["merged_files"] == 6


def test_excluded_files_are_listed_with_their_reasons(merged):
    excluded = _codes(merged, EXCLUDED)
    assert ("R108", "102002-P01.xlsx") in excluded                  # 强制 finding of the invalid file
    assert ("X001", "999001-P01.xlsx") in excluded                  # unit not in the roster
    assert ("C008", "101001-目标表.xlsx") in excluded                # another form
    assert any(f.endswith("说明.xlsx") for _, f in excluded)         # not a workbook at all
    assert {i.finding.severity for i in merged.issues if i.category == EXCLUDED and i.finding.code != "C008"} == {"强制"}
    messages = {i.finding.message for i in merged.issues if i.finding.code == "R108"}
    assert messages and all("分值" in m for m in messages)


def test_superseded_version_is_skipped_and_listed(merged):
    r = next(r for r in merged.projects if r.unit_code == "101002")
    assert r.source.origin == "收件箱/2-更正/101002-P01.xlsx"
    assert r.get("budget") == Decimal("300.3334")
    assert _codes(merged, "已被替代") == [("C006", "101002-P01.xlsx")]
    old = next(i for i in merged.issues if i.finding.code == "C006")
    assert old.finding.file == "收件箱/1-初报/101002-P01.xlsx" and "2-更正" in old.finding.message


def test_missing_units_include_those_whose_only_file_was_rejected(merged):
    missing = {i.unit_code: i.finding.message for i in merged.issues if i.finding.code == "C005"}
    assert set(missing) == {"101009", "102002"}
    assert "未纳入汇总" in missing["102002"] and "未纳入汇总" not in missing["101009"]


def test_only_valid_false_merges_but_still_lists(inbox, names):
    c = consolidate([inbox], names, only_valid=False, form=SE, now=NOW, workers=1)
    assert "102002" in {r.unit_code for r in c.projects}
    assert ("R108", "102002-P01.xlsx") in _codes(c, MERGED_INVALID)
    assert next(r for r in c.projects if r.unit_code == "102002").status == "强制"


def test_selection_by_department_and_unit(inbox, names):
    dept = consolidate([inbox], names, departments=["区教育局"], form=SE, now=NOW, workers=1)
    assert {r.unit_code for r in dept.projects} == {"101001", "101002", "101003"}
    assert {i.unit_code for i in dept.issues if i.finding.code == "C005"} == {"101009"}
    assert not any(i.finding.code == "R108" for i in dept.issues)         # 102002 is outside the selection
    assert not dept.show_departments and [n.kind for n in dept.rows][:2] == ["total", "unit"]
    both = consolidate([inbox], names, units=["102001"], departments=["101"], form=SE, now=NOW, workers=1)
    assert {r.unit_code for r in both.projects} == {"101001", "101002", "101003", "102001"}
    with pytest.raises(ConsolidateError, match="999"):
        consolidate([inbox], names, units=["999"], form=SE)
    with pytest.raises(ConsolidateError, match="不存在的局"):
        consolidate([inbox], names, departments=["不存在的局"], form=SE)


def test_mixed_forms_need_a_choice(inbox, names):
    with pytest.raises(ConsolidateError, match="--form"):
        consolidate([inbox], names, now=NOW, workers=1)
    with pytest.raises(ConsolidateError, match="项目表单"):
        consolidate([inbox], names, form="dept_goal")


def test_late_files_are_flagged_but_merged(tmp_path, names):
    box = tmp_path / "box"
    early, late = fill_all(box, codes={"101001"})
    deadline = datetime(2026, 3, 31, 23, 59, 59)
    os.utime(early, (datetime(2026, 3, 30, 12).timestamp(),) * 2)
    os.utime(late, (datetime(2026, 4, 2, 8).timestamp(),) * 2)
    c = consolidate([box], names, deadline=deadline, now=NOW, workers=1)
    flagged = [i.finding for i in c.issues if i.finding.code == "C004"]
    assert [f.file for f in flagged] == ["box/101001-P02.xlsx"]
    assert "2026-03-31 23:59" in flagged[0].message
    assert len(c.projects) == 2


def test_a_batch_report_gives_the_same_result_as_paths(inbox, names, merged, tmp_path):
    with tempfile.TemporaryDirectory() as work:
        batch = check_paths([inbox], Path(work), roster=names, workers=1)
    # the check's work folder is gone: files are found again by SHA-256 (plain files in place)
    again = consolidate(batch, names, form=SE, now=NOW)
    assert again.project_table() == merged.project_table()
    assert [(i.finding.code, i.finding.file) for i in again.issues] == \
           [(i.finding.code, i.finding.file) for i in merged.issues]


def test_a_file_changed_after_the_check_is_not_used(tmp_path, names):
    box = tmp_path / "box"
    path, = fill_all(box, codes={"101002"})
    with tempfile.TemporaryDirectory() as work:
        batch = check_paths([box], Path(work), roster=names, workers=1)
    fill_template(self_eval("101002", PROJECTS["101001"][0]), path)      # replaced after the check
    c = consolidate(batch, names, now=NOW)
    assert not c.projects
    assert [i.finding.code for i in c.issues if i.category == EXCLUDED] == ["C009"]


def test_same_inputs_twice_give_identical_workbooks(inbox, names, merged, tmp_path):
    twice = consolidate([inbox], names, form=SE, now=NOW, workers=1)
    a = write_workbook(merged, tmp_path / "a.xlsx")
    b = write_workbook(twice, tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()
    assert list(twice.provenance()) == list(merged.provenance())


def test_tidy_tables(merged):
    projects = merged.project_table()
    first = projects[0]
    assert first["key"] == "project_self_eval|2025|101001|2025101001P01" and first["row_id"] == "P1"
    assert first["budget"] == Decimal("100.3333") and first["budget_cell"] == "自评表!F6"
    assert first["unit_name_cell"] == "自评表!B4" and first["sha256"] and first["file"].endswith("101001-P01.xlsx")
    indicators = merged.indicator_table()
    assert len(indicators) == 4 * len(projects)
    assert indicators[0]["key"] == first["key"] + "|1" and indicators[0]["target_cell"] == "自评表!E14"
    prov = list(merged.provenance())
    assert {p["key"] for p in prov} >= {first["key"], first["key"] + "|4"}
    assert all(p["sha256"] and p["sheet"] and p["cell"] for p in prov)
