"""Family L: the planted self-evaluations and monitoring table of samples/跨表核对/ against their approved goal tables
raise exactly what was planted, with goals from workbooks or from the history database; the rules on made-up rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao import api
from jixiao.batch import check_paths
from jixiao.cli.app import app
from jixiao.errors import JixiaoError
from jixiao.rules.crossform import Adjustment, FormIndicators, Goals, Indicator, compare, load_changes
from jixiao.rules.finding import FileReport
from jixiao.rules.registry import RULES

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "跨表核对"
GOALS, SENT, CHANGES = SAMPLES / "目标表", SAMPLES / "报送", SAMPLES / "绩效目标调整.csv"
# Written by hand from jixiao/demo/crossform.py's CASES (file stem → (code, sheet, cell)); nothing else may be found.
PLANTED = {
    "区第一中学-教师培训专项经费-2025年绩效自评表": set(),
    "区疾病预防控制中心-基本公共卫生服务项目-2025年绩效自评表": {("L103", "自评表", "E14")},     # target lowered 20%
    "区社会福利院-特困人员供养经费-2025年绩效自评表": {("L101", "自评表", "")},                 # 资金拨付及时率 dropped
    "区农业技术推广中心-农村人居环境整治项目-2025年绩效自评表": {("L107", "自评表", "E17")},     # documented adjustment
    "区农村公路管理站-农村公路提档升级工程-2025年绩效自评表": {("L105", "自评表", "E14")},       # 条 → 次
    "区建设工程质量安全监督站-建筑工地扬尘治理经费-2025年绩效自评表": {("L104", "自评表", "E20")},  # 明显改善 → 有所改善
    "区文化馆-图书馆购书经费-2025年绩效运行监控表（1—7月）": {("L102", "运行监控表", "E18")},     # 新增服务网点数 added
    "区科技创新服务中心-科技成果转化专项-2025年绩效自评表": {("L106", "自评表", "")},           # no goal table given
    "区第二中学-学生资助补助资金-2025年绩效自评表": set(),                                     # graded 中 (tests/ledger)
}


def found(batch) -> dict[str, set]:
    return {Path(r.file).stem: {(f.code, f.sheet, f.cell) for f in r.findings} for r in batch.files}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    goals = api.load_goals([GOALS], CHANGES)
    return check_paths([SENT], tmp_path_factory.mktemp("work"), goals=goals, workers=2)


def test_planted_cases_raise_exactly_what_was_planted(batch):
    assert found(batch) == PLANTED


def test_every_family_l_rule_is_planted():
    assert {c for codes in PLANTED.values() for c, *_ in codes} == {c for c in RULES if c[0] == "L"}


def test_messages_name_sheet_cell_indicator_approved_and_typed(batch):
    lowered = next(f for r in batch.files for f in r.findings if f.code == "L103")
    msg = lowered.message
    assert msg.startswith("「自评表」E14：年度指标值填为 ≥39396人，比已批复的 ≥49245人 放宽（产出指标/数量指标/建立居民电子健康档案人数）")
    assert "「目标申报表」E13" in msg and lowered.difference == 39396 - 49245
    dropped = next(f for r in batch.files for f in r.findings if f.code == "L101")
    assert "「产出指标/时效指标/资金拨付及时率」（批复指标值 ≥100%）在本表中没有填列" in dropped.message


def test_without_goals_the_check_is_unchanged(tmp_path):
    plain = check_paths([SENT], tmp_path, workers=2)
    assert all(not codes for codes in found(plain).values())


def test_goals_from_the_history_database_give_the_same_findings(tmp_path, batch):
    from jixiao.consolidate import consolidate
    from jixiao.history import record
    from jixiao.intake.roster import load_roster
    c = consolidate([GOALS], load_roster(SAMPLES.parent / "名册.xlsx"), form="项目支出绩效目标申报表", workers=2)
    record(c, database=tmp_path / "h.duckdb")
    again = check_paths([SENT], tmp_path / "work", goals=api.load_goals(tmp_path / "h.duckdb", CHANGES), workers=2)
    assert found(again) == PLANTED


def test_cli_check_with_goals(tmp_path):
    r = CliRunner().invoke(app, ["check", str(SENT), "--goals", str(GOALS), "--goal-changes", str(CHANGES),
                                 "-o", str(tmp_path / "out"), "-j", "2"])
    assert r.exit_code == 1, r.output                           # L101–L103 are 强制
    assert "已批复目标表：8 张；绩效目标调整：1 条" in r.output
    assert (tmp_path / "out" / "审核结果.json").is_file()


# ---- the rules on made-up rows ----------------------------------------------------------------------------------

def ind(name="服务人次", nature="≥", target=100, unit="人次", weight=None, level2="数量指标", cell="E13"):
    return Indicator("产出指标", level2, name, nature, target, unit, weight, "自评表", cell)


def form(*rows, form_id="project_self_eval", code="P1"):
    return FormIndicators(form_id, "2025", "101001", code, "项目", tuple(rows), "x.xlsx")


def codes(typed, approved, changes=()):
    goals = Goals([form(*approved, form_id="project_goal")], list(changes))
    return [(f.code, f.value, f.expected) for f in compare(FileReport("f.xlsx"), form(*typed), goals)]


def test_percent_typed_as_a_fraction_is_the_same_target():
    assert codes([ind("合格率", target=0.96, unit="%")], [ind("合格率", target=96, unit="%")]) == []


def test_reverse_indicator_raised_is_loosened_and_lowered_is_stricter():
    assert codes([ind("成本", "≤", 120, "万元")], [ind("成本", "≤", 100, "万元")])[0][0] == "L103"
    assert codes([ind("成本", "≤", 90, "万元")], [ind("成本", "≤", 100, "万元")])[0][0] == "L104"
    assert codes([ind(target=120)], [ind(target=100)])[0][0] == "L104"


def test_adjustment_without_approval_date_is_not_honoured():
    undocumented = Adjustment("P1", "服务人次", 80, None, "任务调整")
    out = codes([ind(target=80)], [ind(target=100)], [undocumented])
    assert [c for c, *_ in out] == ["L103"]
    documented = Adjustment("P1", "服务人次", 80, "2025-07-01", "任务调整")
    assert [c for c, *_ in codes([ind(target=80)], [ind(target=100)], [documented])] == ["L107"]
    other = Adjustment("P1", "服务人次", 90, "2025-07-01", "任务调整")        # typed 80, approved change 90
    assert [c for c, *_ in codes([ind(target=80)], [ind(target=100)], [other])] == ["L103"]


def test_adjustments_can_take_out_or_add_an_indicator():
    gone = Adjustment("P1", "服务人次", "取消", "2025-07-01", "项目内容调整")
    added = Adjustment("P1", "新指标", 5, "2025-07-01", "项目内容调整")
    out = codes([ind("新指标", target=5)], [ind()], [gone, added])
    assert sorted(c for c, *_ in out) == ["L107", "L107"]


def test_a_goal_weight_is_part_of_the_scoring_basis():
    assert codes([ind(weight=10)], [ind(weight=10)]) == []
    out = codes([ind(weight=15)], [ind(weight=10)])
    assert [c for c, *_ in out] == ["L105"]


def test_match_by_unit_and_project_name_when_no_code():
    goals = Goals([form(ind(), form_id="project_goal", code="")])
    assert compare(FileReport("f.xlsx"), form(ind(), code=""), goals) == []


def test_changes_table_needs_its_columns(tmp_path):
    bad = tmp_path / "调整.csv"
    bad.write_text("项目编码,指标\nP1,服务人次\n", "utf-8-sig")
    with pytest.raises(JixiaoError, match="缺少列：调整后指标值、批准日期、调整原因"):
        load_changes(bad)
    assert [a.indicator for a in load_changes(CHANGES)] == ["工作任务完成合格率"]
