"""Prefilling the self-evaluation from an approved goal table (`jixiao template fill 项目支出绩效自评表 --from 目标表`):
the goal's funds become 年初预算数, every indicator gets its 分值 from the profile's 一级指标 weights, and the workbook
says what the unit must still fill."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from jixiao.cli.app import app
from jixiao.scoring.engine import Evaluation
from jixiao.spec.data import to_inputs
from jixiao.spec.layout import load_form
from jixiao.spec.loader import load_profile
from jixiao.template.prefill import prefill, prefill_notes, split_weight
from jixiao.workbook.reader import read

GOALS = sorted((Path(__file__).resolve().parents[2] / "samples" / "goal").glob("*.xlsx"))
SELF = load_form("project_self_eval")


@pytest.mark.parametrize("places", [(50, 6, [9, 9, 8, 8, 8, 8]), (30, 2, [15, 15]), (10, 1, [10]), (10, 3, [4, 3, 3]),
                                    (10, 12, [0.9] * 4 + [0.8] * 8), (12.5, 2, [6.3, 6.2]), (40, 7, [6] * 5 + [5] * 2)])
def test_split_weight_adds_up_exactly(places):
    total, n, parts = places
    assert split_weight(total, n) == parts
    assert round(sum(parts), 2) == total


@pytest.mark.parametrize("goal", GOALS, ids=lambda p: p.name.split("-")[1])
def test_each_sample_goal_gives_funds_and_weights(goal):
    source = read(goal).data
    data = prefill(SELF, source)
    annual = source["grids"]["funds"]["annual"]
    assert data["grids"]["funds"]["fiscal"]["budget_initial"] == annual["fiscal"]
    assert "budget" not in data["grids"]["funds"]["fiscal"]          # 全年预算数: the goal table does not give it
    rows = data["tables"]["indicators"]
    assert rows and all(isinstance(r.get("weight"), int) for r in rows)
    by_level1: dict[str, int] = {}
    for r in rows:
        by_level1[r["level1"]] = by_level1.get(r["level1"], 0) + r["weight"]
    assert by_level1 == {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
    computed = Evaluation(SELF, load_profile("national"), to_inputs(SELF, data)).computed()
    assert computed["weight_total"] == 100 and computed["weight_output"] == 50


def test_other_profiles_and_the_goals_own_weights():
    source = read(GOALS[0]).data
    hubei = prefill(SELF, source, "hubei")["tables"]["indicators"]
    assert sum(r["weight"] for r in hubei if r["level1"] == "产出指标") == 40
    own = {**source, "tables": {"indicators": [{**r, "weight": 7} for r in source["tables"]["indicators"]]}}
    assert {r["weight"] for r in prefill(SELF, own)["tables"]["indicators"]} == {7}
    notes = prefill_notes(SELF, own, prefill(SELF, own))
    assert any("分值照录" in n for n in notes)


def test_the_prefilled_workbook_says_what_is_left(tmp_path):
    r = CliRunner().invoke(app, ["template", "fill", "项目支出绩效自评表", "--from", str(GOALS[0]), "-o",
                                 str(tmp_path / "自评表.xlsx")])
    assert r.exit_code == 0, r.output
    assert "填表说明" in r.output
    wb = load_workbook(tmp_path / "自评表.xlsx")
    told = [c.value for c in wb["填表说明"]["A"] if c.value and str(c.value).startswith("【预填说明】")]
    assert len(told) == 2
    assert "《项目支出绩效目标申报表》预填" in told[0] and "全年预算数" in told[0] and "全年执行数" in told[0] \
        and "实际完成值" in told[0]
    assert "产出50、效益30、满意度10" in told[1] and "分值合计须为100" in told[1]
    filled = read(tmp_path / "自评表.xlsx").data
    assert [r["weight"] for r in filled["tables"]["indicators"]] == [9, 9, 8, 8, 8, 8, 15, 15, 10]
    assert filled["grids"]["funds"]["fiscal"]["budget_initial"] == read(GOALS[0]).data["grids"]["funds"]["annual"]["fiscal"]


# ---- next year's goal table from this year's self-evaluation (samples/全周期, python -m jixiao.demo.cycle) ----------

CYCLE = Path(__file__).resolve().parents[2] / "samples" / "全周期"
GOAL = load_form("project_goal")
POOR = CYCLE / "收件箱" / "自评-102001-P01.xlsx"          # 总分 55, 差; two items in 整改台账.xlsx


def test_next_years_goal_carries_identity_indicators_and_the_year():
    source = read(POOR).data
    data = prefill(GOAL, source)
    assert data["fields"] == {"year": 2026, "unit_code": "102001", "unit_name": "区疾病预防控制中心",
                              "department": "区卫生健康委", "department_code": "102",
                              "project_code": "2025102001P01", "project_name": "基本公共卫生服务项目"}
    assert [r["name"] for r in data["tables"]["indicators"]] == ["服务人次", "验收合格率", "政策知晓率", "服务对象满意度"]
    assert data["tables"]["indicators"][0] == {"level1": "产出指标", "level2": "数量指标", "name": "服务人次",
                                               "nature": "≥", "target": 1000, "unit": "人次"}   # no actual, no 分值


def test_next_years_notes_give_the_grade_and_the_rectification_status():
    from jixiao.ledger import read_ledger
    source = read(POOR).data
    local = str(CYCLE / "本地口径示例.yaml")
    notes = prefill_notes(GOAL, source, prefill(GOAL, source), local, ledger=read_ledger(CYCLE / "整改台账.xlsx"),
                          ledger_name="整改台账.xlsx")
    assert notes[1] == ("上年（2025年度）自评：总分 55，等级 差，结果应用：调减直至取消（调整比例 -30%）。"
                        "请结合上年评价结果设定本年绩效目标。")
    assert notes[2] == ("整改台账「整改台账.xlsx」中本项目有 2 项整改事项：整改中 1 项、已整改 1 项。尚未整改完成的："
                        "自评等级为“差”（总分 55）（整改中）。请在本年目标中落实整改要求。")
    good = read(CYCLE / "收件箱" / "自评-101001-P01.xlsx").data
    notes = prefill_notes(GOAL, good, prefill(GOAL, good), ledger=[])
    assert notes[1:] == ["上年（2025年度）自评：总分 100，等级 优，结果应用：优先保障。请结合上年评价结果设定本年绩效目标。",
                         "整改台账中没有本项目的整改事项。"]


def test_a_goal_table_has_no_previous_grade_to_tell():
    source = read(GOALS[0]).data                         # prefilling the self-evaluation: no grade, no ledger
    assert not any(n.startswith("上年（") or "整改台账" in n for n in prefill_notes(SELF, source, prefill(SELF, source)))


def test_cli_fill_with_ledger(tmp_path):
    r = CliRunner().invoke(app, ["template", "fill", "项目支出绩效目标申报表", "--from", str(POOR), "--ledger",
                                 str(CYCLE / "整改台账.xlsx"), "-o", str(tmp_path / "目标表.xlsx")])
    assert r.exit_code == 0, r.output
    told = [c.value for c in load_workbook(tmp_path / "目标表.xlsx")["填表说明"]["A"]
            if c.value and str(c.value).startswith("【预填说明】")]
    assert any("等级 差" in t for t in told) and any("整改中 1 项、已整改 1 项" in t for t in told)
    assert read(tmp_path / "目标表.xlsx").data["fields"]["year"] == 2026
    bad = CliRunner().invoke(app, ["template", "fill", "项目支出绩效目标申报表", "--from", str(POOR), "--ledger",
                                   str(POOR), "-o", str(tmp_path / "x.xlsx")])
    assert bad.exit_code == 2 and "整改台账" in bad.output


def test_only_a_goal_table_is_prefilled_from_last_years_form():
    from jixiao.spec.loader import SpecError
    from jixiao.template.prefill import next_year_rules
    assert next_year_rules(GOAL, "project_self_eval")["next_year"]
    assert next_year_rules(load_form("dept_goal"), "dept_self_eval")["fields"] == [
        "unit_code", "unit_name", "department", "department_code"]
    assert next_year_rules(load_form("dept_goal"), "project_self_eval") is None     # a project is not a department
    assert next_year_rules(GOAL, "dept_self_eval") is None
    assert next_year_rules(load_form("project_monitor"), "project_self_eval") is None   # it has its own source
    with pytest.raises(SpecError):
        prefill(load_form("project_monitor"), read(POOR).data)
