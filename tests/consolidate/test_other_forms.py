"""The cycle's other forms in the consolidation: 部门整体目标/自评, 运行监控 (lights rolled up by department), 事前评估 and
目标审核 registers, and 全周期概览. The sample is samples/全周期 (python -m jixiao.demo.cycle); expected values by hand."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from jixiao.batch import Options, check_paths, write_check_folder
from jixiao.consolidate import consolidate, write_workbook
from jixiao.consolidate.cycle import OVERVIEW, WARNINGS, overview_rows, warning_rows
from jixiao.consolidate.registers import REGISTERS, ex_ante_budgeting, monitor_light
from jixiao.intake.roster import load_roster

CYCLE = Path(__file__).resolve().parents[2] / "samples" / "全周期"
INBOX = CYCLE / "收件箱"


@pytest.fixture(scope="module")
def roster():
    return load_roster(CYCLE / "名册.csv")


@pytest.fixture(scope="module")
def c(roster):
    return consolidate([INBOX], roster, "bureau", form="project_self_eval", workers=1)


def values(c, form_id, *keys):
    return [tuple(r.values.get(k) for k in keys) for r in c.registers[form_id]]


def test_every_other_form_has_its_register(c):
    assert list(c.registers) == list(REGISTERS)           # declaration order
    assert {f: len(rows) for f, rows in c.registers.items()} == {
        "dept_goal": 1, "dept_self_eval": 1, "project_monitor": 3, "ex_ante": 2, "goal_review": 2}
    assert c.stats["registered"] == 9


def test_dept_goal_and_self_evaluation(c):
    # 1500.5 = 1200 财政拨款 + 300.5 其他资金; one indicator of each kind
    assert values(c, "dept_goal", "year", "unit_code", "total", "fiscal", "other", "count_output", "count_effect",
                  "count_satisfaction") == [(2026, "101000", 1500.5, 1200, 300.5, 1, 1, 1)]
    # 共性 26.8 + 个性 66.5 = 93.3 (worked out in tests/scoring/test_department.py): 优
    assert values(c, "dept_self_eval", "unit_code", "weight_total", "total_score", "grade") == [
        ("102000", 100, 93.3, "优")]
    assert [r.dept_name for r in c.registers["dept_self_eval"]] == ["区卫生健康委"]


def test_an_invalid_form_is_left_out_with_its_reasons(c, roster):
    """部门整体目标-102000（有误）: 60 + 30 ≠ 100 (A201) and the 金额合计 (A202) — 强制, so not registered."""
    assert [r.values["unit_code"] for r in c.registers["dept_goal"]] == ["101000"]
    left = sorted(i.finding.code for i in c.issues if "有误" in i.finding.file)
    assert left == ["A201", "A202"] and all(i.category == "未纳入汇总" for i in c.issues if "有误" in i.finding.file)
    loose = consolidate([INBOX], roster, "bureau", only_valid=False, form="project_self_eval", workers=1)
    assert values(loose, "dept_goal", "unit_code", "total", "fiscal", "other") == [
        ("101000", 1500.5, 1200, 300.5), ("102000", 100, 60, 30)]
    assert [r.status for r in loose.registers["dept_goal"]] == ["通过", "强制"]


def test_register_forms_are_not_listed_as_other_forms(c):
    """C008 (非本次汇总表单) stays for the monitoring tables only: the other forms are registered, not left out."""
    assert sorted(Path(i.finding.file).name for i in c.issues if i.finding.code == "C008") == [
        "监控-101001-P01.xlsx", "监控-101002-P01.xlsx", "监控-102001-P01.xlsx"]


def test_monitoring_lights(c):
    # 1—6月: 时间进度 50%, 容差 10 points. 60% 绿; 45% 黄 (lags by 5 points); 60% but one indicator 完全不可能: 红
    assert values(c, "project_monitor", "unit_code", "period", "rate", "progress", "funds_light", "deviation_count",
                  "red_count", "light") == [
        ("101001", "1—6月", 0.6, 0.5, "绿", 0, 0, "绿"),
        ("101002", "1—6月", 0.45, 0.5, "黄", 0, 0, "黄"),
        ("102001", "1—6月", 0.6, 0.5, "绿", 1, 1, "红")]


def test_lights_rolled_up_by_department(c):
    got = [(r["dept_code"], r["dept_name"], r["projects"], r["light:红"], r["light:黄"], r["light:绿"], r["light:未定"],
            r["budget"], r["executed"], r["rate"]) for r in warning_rows(c)]
    assert got == [
        ("101", "区教育局", 2, 0, 1, 1, 0, Decimal("300.00"), Decimal("165.00"), 0.55),          # 165 / 300
        ("102", "区卫生健康委", 1, 1, 0, 0, 0, Decimal("80.00"), Decimal("48.00"), 0.6),
        ("", "合计", 3, 1, 1, 1, 0, Decimal("380.00"), Decimal("213.00"), 0.5605)]              # 213 / 380 = 0.56052…


@pytest.mark.parametrize("row, light", [
    ({"funds_light": "红", "indicator_count": 3}, "红"),
    ({"funds_light": "绿", "red_count": 1, "deviation_count": 1}, "红"),
    ({"funds_light": "绿", "deviation_count": 2}, "黄"),
    ({"funds_light": "黄", "indicator_count": 3}, "黄"),
    ({"funds_light": "", "indicator_count": 3, "deviation_count": 0}, "绿"),
    ({"funds_light": "", "indicator_count": 0}, "未定"),
])
def test_a_projects_light_is_the_worst_of_funds_and_indicators(row, light):
    assert monitor_light(row) == light


def test_ex_ante_and_goal_review(c):
    # every item at 100% of its points: 100 予以支持; at 60%: 60 调整完善后予以支持 (60 ≤ 得分 < 80)
    assert values(c, "ex_ante", "unit_code", "project_name", "amount", "score", "conclusion", "budgeting") == [
        ("101000", "2027年智慧校园建设项目", 300, 60, "调整完善后予以支持", "调整完善后重新评估"),
        ("101000", "2027年老旧小区改造补助资金", 800, 100, "予以支持", "可纳入预算")]
    # four items of 25: 4 × 20 = 80 良; 4 × 25 = 100 优 (财预〔2015〕88号 consequences)
    assert values(c, "goal_review", "unit_code", "unit_name", "total_score", "result", "consequence") == [
        ("101002", "区实验小学", 80, "良", "与预算部门（单位）协商后直接完善绩效目标，再进入下一步预算安排"),
        ("102000", "区卫生健康委", 100, "优", "进入下一步预算安排")]


def test_adjusted_conclusion_may_go_with_the_budget_by_profile():
    v = {"conclusion": "调整完善后予以支持"}
    assert ex_ante_budgeting(v, {"ex_ante": {"adjust_allows_budget": True}}) == "可纳入预算"
    assert ex_ante_budgeting({"conclusion": "不予支持"}, {}) == "不得纳入预算"
    assert ex_ante_budgeting({}, {}) == "评估未完成"


def test_overview(c):
    assert [(r["stage"], r["count"], r["outcome"]) for r in overview_rows(c)] == [
        ("本次汇总", 4, "优 1、良 1、中 1、差 1"),
        ("目标申报（部门整体）", 1, ""),
        ("绩效自评（部门整体）", 1, "优 1"),
        ("运行监控", 3, "红 1、黄 1、绿 1"),
        ("事前评估", 2, "予以支持 1、调整完善后予以支持 1"),
        ("目标审核", 2, "优 1、良 1")]


def test_consolidating_monitoring_registers_its_own_records(roster):
    m = consolidate([INBOX], roster, "bureau", form="project_monitor", workers=1)
    assert [r.values["light"] for r in m.registers["project_monitor"]] == ["绿", "黄", "红"]
    assert len(m.projects) == 3 and "project_self_eval" not in m.registers


def test_a_check_folder_gives_the_same_registers(c, roster, tmp_path):
    batch = check_paths([INBOX], tmp_path / "work", roster=roster, options=Options(), workers=1)
    folder = tmp_path / "审核结果"
    write_check_folder(batch, folder, work_dirs=[tmp_path / "work"])
    again = consolidate(folder, roster, "bureau", form="project_self_eval")
    assert {f: [r.values for r in rows] for f, rows in again.registers.items()} == \
        {f: [r.values for r in rows] for f, rows in c.registers.items()}


def test_sheets_of_the_workbook(c, tmp_path):
    wb = load_workbook(write_workbook(c, tmp_path / "汇总.xlsx"), read_only=True)
    names = wb.sheetnames
    assert names[names.index("说明") + 1:] == ["结果应用", OVERVIEW, WARNINGS, "部门整体目标", "部门整体自评", "运行监控",
                                              "事前评估", "目标审核", "_jixiao_consolidation"]
    head = list(wb["运行监控"].iter_rows(min_row=2, max_row=2, values_only=True))[0]
    assert head[:5] == ("行号", "年度", "主管部门", "单位编码", "单位名称") and head[-3:] == ("预警", "审核状态", "来源文件")
    last = list(wb[WARNINGS].iter_rows(values_only=True))[-1]
    assert last[1:7] == ("合计", 3, 1, 1, 1, 0)
