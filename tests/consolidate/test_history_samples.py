"""Two years of samples: samples/上年 (2024) then samples/inbox (2025) into one history database; the history checks
find exactly what jixiao/demo/prior_year.py planted (samples/上年/expected.json), and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from jixiao.consolidate import consolidate, write_workbook
from jixiao.demo.prior_year import FOLDER, PriorPlan, write_plan
from jixiao.demo.samples import Plan
from jixiao.history import History, record
from jixiao.intake.roster import load_roster

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
PRIOR = SAMPLES / "上年"
SE = "project_self_eval"


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads((PRIOR / "expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def years(tmp_path_factory):
    """Consolidate 2024, then 2025, as `jixiao consolidate` does: dataset, database, findings in 异常清单."""
    out, roster = tmp_path_factory.mktemp("years"), load_roster(SAMPLES / "名册.xlsx")
    runs = {}
    for year, inputs in ((2024, PRIOR / FOLDER), (2025, SAMPLES / "inbox")):
        c = consolidate([inputs], roster, form=SE, workers=1)
        runs[year] = (c, record(c, out / f"{year}_数据", out / "历史.duckdb"))
        write_workbook(c, out / f"{year}.xlsx")
    return out, runs


def found(rec, code) -> set[tuple]:
    """(unit, project, indicator) of the findings: the project as the message names it."""
    return {(i.unit_code, i.finding.detail.split("项目「", 1)[1].split("」", 1)[0], i.finding.label.rsplit("/", 1)[-1])
            for i in rec.issues if i.finding.code == code}


def test_the_committed_prior_year_is_what_the_generator_plans(tmp_path, expected):
    write_plan(PriorPlan(Plan()), tmp_path)
    assert (tmp_path / "expected.json").read_bytes() == (PRIOR / "expected.json").read_bytes(), \
        "samples/上年/expected.json 与生成结果不一致，请运行 python -m jixiao.demo.prior_year"
    assert sorted(f"{FOLDER}/{p.name}" for p in (PRIOR / FOLDER).iterdir()) == expected["files"]
    assert sum(p.stat().st_size for p in PRIOR.rglob("*") if p.is_file()) < 3 * 2**20


def test_every_prior_year_file_is_merged(years, expected):
    _, runs = years
    c24, rec = runs[2024]
    assert len(c24.projects) == len(expected["files"])
    assert [i.finding.code for i in c24.issues if i.category != "历史比对"] == []     # nothing left out, nobody 未报送
    assert {p.get("year") for p in c24.projects} == {2024}
    assert (rec.appended.projects, rec.appended.replaced) == (len(expected["files"]), 0)


def test_2024_finds_exactly_the_planted_cost_outliers(years, expected):
    _, runs = years
    rec = runs[2024][1]
    assert found(rec, "C102") == {(c["unit"], c["project"], c["indicator"]) for c in expected["cost_outliers"]}
    assert {i.finding.code for i in rec.issues} == {"C102"}             # no prior year yet: no C101, no C103
    for i, c in zip(sorted(rec.issues, key=lambda i: i.unit_code), sorted(expected["cost_outliers"],
                                                                         key=lambda c: c["unit"])):
        ratio = i.finding.value / i.finding.expected
        assert ratio > 2 if c["kind"] == "偏高" else ratio < 0.5


def test_2025_finds_exactly_the_planted_low_targets(years, expected):
    _, runs = years
    rec = runs[2025][1]
    low = {(i.unit_code, i.finding.label.rsplit("/", 1)[-1]): (i.finding.value, i.finding.expected)
           for i in rec.issues if i.finding.code == "C101"}
    assert low == {(x["unit"], x["indicator"]): (x["target_2025"], x["actual_2024"]) for x in expected["low_targets"]}
    assert found(rec, "C101") == {(x["unit"], x["project"], x["indicator"]) for x in expected["low_targets"]}


def test_2025_finds_exactly_the_planted_grade_drop(years, expected):
    _, runs = years
    drops = {(i.unit_code, i.finding.expected, i.finding.value) for i in runs[2025][1].issues
             if i.finding.code == "C103"}
    assert drops == {(x["unit"], x["grade_2024"], x["grade_2025"]) for x in expected["grade_drops"]}


def test_2025_cost_outliers_are_the_inbox_own(years, expected):
    _, runs = years
    assert found(runs[2025][1], "C102") == {(x["unit"], x["project"], x["indicator"])
                                             for x in expected["cost_outliers_in_inbox"]}


def test_findings_are_in_the_workbook_with_file_sheet_and_cell(years, expected):
    out, runs = years
    wb = load_workbook(out / "2025.xlsx", read_only=True)
    rows = list(wb["异常清单"].iter_rows(values_only=True))[1:]       # under the title row
    wb.close()
    head = rows[0]
    history = [dict(zip(head, r)) for r in rows[1:] if r[head.index("类别")] == "历史比对"]
    n = len(expected["low_targets"]) + len(expected["grade_drops"]) + len(expected["cost_outliers_in_inbox"])
    assert len(history) == n == len(runs[2025][1].issues)
    for r in history:
        assert r["文件"].startswith("inbox/") and r["工作表"] == "自评表" and r["单元格"] and r["单位名称"]
        assert r["规则编号"] in ("C101", "C102", "C103") and r["严重程度"] == "提示"
    low = next(r for r in history if r["规则编号"] == "C101")
    assert "上年（2024年）实际完成值" in low["问题说明"] and f"{FOLDER}/" in low["问题说明"]


def test_the_database_holds_both_years(years):
    out, runs = years
    with History(out / "历史.duckdb") as h:
        assert h.years(SE) == [2024, 2025]
        assert len(h.projects(2025)) == len(runs[2025][0].projects)
