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
