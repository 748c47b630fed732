"""结果应用, quantified: the profile's `results_budget` maps a grade to a budget consequence, and the consolidation lists
each project's suggested next-year adjustment = ROUND(本年全年预算数 × rate, 2), half away from zero.

The sample samples/全周期 (python -m jixiao.demo.cycle) plants four self-evaluations graded 优/良/中/差; the expected
figures below are worked out by hand."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from jixiao.consolidate import consolidate, write_workbook
from jixiao.consolidate.results_use import NO_GRADE, NO_RATE, SHEET, rows, suggestion, totals
from jixiao.intake.roster import load_roster
from jixiao.spec.loader import load_profile, profile_ids

CYCLE = Path(__file__).resolve().parents[2] / "samples" / "全周期"
LOCAL = str(CYCLE / "本地口径示例.yaml")
LOCAL_RULES = load_profile(LOCAL)["results_budget"]["grades"]


def test_national_wording_and_no_invented_rates():
    grades = load_profile("national")["results_budget"]["grades"]
    assert {g: r["action"] for g, r in grades.items()} == {"优": "优先保障", "良": "维持", "中": "调减", "差": "调减直至取消"}
    assert (grades["优"]["rate"], grades["良"]["rate"]) == (0, 0)
    assert grades["中"]["rate"] is None and grades["差"]["rate"] is None          # 全国文件未规定比例: 本地设定
    assert grades["中"]["local"] and grades["差"]["local"]
    assert "财预〔2020〕10号" in load_profile("national")["results_budget"]["basis"]
    for pid in profile_ids():                                  # every built-in profile inherits it and validates
        assert set(load_profile(pid)["results_budget"]["grades"]) == {"优", "良", "中", "差"}


def test_local_profile_sets_the_rates():
    assert (LOCAL_RULES["中"]["rate"], LOCAL_RULES["差"]["rate"]) == (-0.1, -0.3)
    assert LOCAL_RULES["优"] == {"action": "优先保障", "rate": 0}                # inherited from national


@pytest.mark.parametrize("budget, grade, adjustment, next_budget", [
    (123.45, "中", "-12.35", "111.10"),      # -12.345: half away from zero (Excel ROUND), not banker's -12.34
    (40.05, "差", "-12.02", "28.03"),        # -12.015 exactly in decimal; float arithmetic gives -12.014999…
    (200, "优", "0", "200"),
    (0.05, "中", "-0.01", "0.04"),           # -0.005 → -0.01
    (Decimal("99.994"), "中", "-10.00", "89.99"),   # -9.9994 → -10.00; the budget itself rounds to 99.99
])
def test_adjustment_rounds_half_away_from_zero(budget, grade, adjustment, next_budget):
    s = suggestion(budget, grade, LOCAL_RULES)
    assert s["adjustment"] == Decimal(adjustment) and s["next_budget"] == Decimal(next_budget)
    assert s["note"] == ("比例为本地设置" if grade in ("中", "差") else "")


def test_no_rate_no_grade_no_budget():
    national = load_profile("national")["results_budget"]["grades"]
    assert suggestion(100, "中", national) == {"action": "调减", "rate": None, "adjustment": None, "next_budget": None,
                                               "note": NO_RATE}
    assert suggestion(100, None, national)["note"] == NO_GRADE
    assert suggestion(None, "中", LOCAL_RULES)["note"] == "无全年预算数，未计算金额"
    assert suggestion(100, "良", {})["action"] == ""         # a profile without results_budget: nothing suggested


@pytest.fixture(scope="module")
def roster():
    return load_roster(CYCLE / "名册.csv")


@pytest.fixture(scope="module")
def local(roster):
    return consolidate([CYCLE / "收件箱"], roster, "bureau", form="project_self_eval", profile=LOCAL, workers=1)


# (row, unit, project, budget, 总分, 等级, action, rate, adjustment, next year) — by hand from the planted actual values
EXPECTED = [
    ("P1", "区第一中学", "学生资助补助资金", "200.00", 100, "优", "优先保障", 0, "0.00", "200.00"),
    ("P2", "区第一中学", "校园安全防范设施建设项目", "150.50", 85, "良", "维持", 0, "0.00", "150.50"),
    ("P3", "区实验小学", "中小学校舍维修改造项目", "123.45", 70, "中", "调减", -0.1, "-12.35", "111.10"),
    ("P4", "区疾病预防控制中心", "基本公共卫生服务项目", "40.05", 55, "差", "调减直至取消", -0.3, "-12.02", "28.03"),
]


def test_each_project_gets_its_suggestion(local):
    got = [(r["row_id"], r["unit_name"], r["project_name"], r["budget"], r["total_score"], r["grade"], r["action"],
            r["rate"], r["adjustment"], r["next_budget"]) for r in rows(local)]
    assert got == [(*e[:3], Decimal(e[3]), *e[4:8], Decimal(e[8]), Decimal(e[9])) for e in EXPECTED]
    t = totals(rows(local))
    assert (t["budget"], t["adjustment"], t["next_budget"]) == (Decimal("514.00"), Decimal("-24.37"), Decimal("489.63"))


def test_national_profile_lists_the_action_without_an_amount(roster):
    c = consolidate([CYCLE / "收件箱"], roster, "bureau", form="project_self_eval", profile="national", workers=1)
    low = {r["grade"]: r for r in rows(c) if r["grade"] in ("中", "差")}
    assert {g: (r["action"], r["adjustment"], r["note"]) for g, r in low.items()} == {
        "中": ("调减", None, NO_RATE), "差": ("调减直至取消", None, NO_RATE)}


def test_the_sheet_in_the_workbook(local, tmp_path):
    out = write_workbook(local, tmp_path / "汇总.xlsx")
    wb = load_workbook(out, read_only=True)
    assert SHEET in wb.sheetnames and wb.sheetnames.index(SHEET) > wb.sheetnames.index("说明")
    body = list(wb[SHEET].iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in body] == ["P1", "P2", "P3", "P4", None, "依据"]
    assert body[2][8:12] == ("调减", -0.1, -12.35, 111.1)
    assert body[4][4:12] == ("合计", 514, None, None, None, None, -24.37, 489.63)
    assert "本地口径示例" in body[5][-1] and "ROUND" in body[5][-1]


def test_monitoring_has_no_results_sheet(roster, tmp_path):
    c = consolidate([CYCLE / "收件箱"], roster, "bureau", form="project_monitor", workers=1)
    assert rows(c) == []
    wb = load_workbook(write_workbook(c, tmp_path / "监控汇总.xlsx"), read_only=True)
    assert SHEET not in wb.sheetnames


# a rate outside −100%…100%, a grade of its own without its action, a rate written as a percentage
@pytest.mark.parametrize("grades", ["中: {action: 调减, rate: -2}", "甲: {rate: -0.1}", "中: {action: 调减, rate: 10%}"])
def test_a_bad_local_setting_is_refused(tmp_path, grades):
    from jixiao.spec.loader import SpecError
    path = tmp_path / "bad.yaml"
    path.write_text(f"id: bad\nextends: national\nresults_budget:\n  basis: 某区\n  grades:\n    {grades}\n", "utf-8")
    with pytest.raises(SpecError):
        load_profile(path)


def test_the_bureau_suggests_what_the_departments_did(local, roster, tmp_path):
    """From department workbooks the bureau reads the 项目明细 amounts (舍位平衡): the same budgets, the same amounts."""
    for dept in ("区教育局", "区卫生健康委"):
        d = consolidate([CYCLE / "收件箱"], roster, "department", departments=[dept], form="project_self_eval",
                        profile=LOCAL, workers=1)
        write_workbook(d, tmp_path / "部门" / f"{dept}.xlsx")
    bureau = consolidate([tmp_path / "部门"], roster, "bureau", form="project_self_eval", profile=LOCAL, workers=1)
    keys = ("project_name", "budget", "grade", "action", "adjustment", "next_budget")
    assert [tuple(r[k] for k in keys) for r in rows(bureau)] == [tuple(r[k] for k in keys) for r in rows(local)]
