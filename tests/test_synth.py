"""Tests for jixiao.synth: reproducible, JSON-only, valid form data for every form and edge case."""
from __future__ import annotations

import json
import random

import pytest

from jixiao.spec.data import to_inputs
from jixiao.spec.layout import load_form
from jixiao.spec.loader import form_ids
from tests.support.synth import CASES, random_data


def _scalars(data: dict):
    yield from data["fields"].values()
    for rows in data["grids"].values():
        for cols in rows.values():
            yield from cols.values()
    for rows in data["tables"].values():
        for row in rows:
            yield from row.values()


@pytest.mark.parametrize("form_id", form_ids())
def test_every_case_is_reproducible_json_form_data(form_id):
    form = load_form(form_id)
    for case in CASES:
        for seed in range(3):
            data = random_data(form, random.Random(seed), case=case)
            assert data == random_data(form, random.Random(seed), case=case)
            assert data["form"] == form.id
            assert json.loads(json.dumps(data, ensure_ascii=False)) == data
            assert all(v is None or isinstance(v, (str, int, float, bool)) for v in _scalars(data))
            to_inputs(form, data)                       # every key names an input cell


def test_blank_is_empty_and_random_is_not():
    form = load_form(form_ids()[0])
    blank = random_data(form, random.Random(1), case="blank")
    assert not blank["fields"] and not blank["grids"] and not blank["tables"]
    full = random_data(form, random.Random(1))
    assert full["fields"] and full["tables"]


def test_edge_cases_exercise_the_self_evaluation_columns():
    form = load_form("project_self_eval")
    rows = lambda case: [r for s in range(5)  # noqa: E731
                         for r in random_data(form, random.Random(s), case=case)["tables"]["indicators"]]
    assert any(r.get("target") == 0 and r.get("nature") == "＝" for r in rows("target_zero"))
    assert any(r.get("nature") in ("≤", "＜") and isinstance(r.get("actual"), (int, float))
               and r["actual"] >= 2 * r["target"] > 0 for r in rows("reverse"))
    assert any(r.get("target") == 8 and r.get("actual") == 3.3 and r.get("weight") == 10 for r in rows("rounding"))
    assert any(r.get("low") == "是" and r["actual"] >= 1.2 * r["target"] for r in rows("over"))
    assert any(r.get("nature") in ("定性", "定量（其他）") and r.get("manual") is not None for r in rows("qualitative"))
    assert any(isinstance(r.get("target"), str) and r.get("nature") in ("≥", "＞", "＝", "＜", "≤")
               for r in rows("dirty"))
    assert any(r == {} for s in range(5)
               for r in random_data(form, random.Random(s), case="partial")["tables"]["indicators"])


def test_unknown_case_is_refused():
    with pytest.raises(ValueError, match="unknown case"):
        random_data(load_form(form_ids()[0]), random.Random(0), case="nope")


def test_typed_case_exercises_what_spreadsheets_let_people_type():
    """96% stored as 0.96 against a whole target in %, a target stored as 0.95, strict ＞ ＜ met exactly, and text in
    the number cells (≥50个, ５０, 52个) — for the self-evaluation and the monitor (its 全年预计完成情况 too)."""
    from jixiao.scoring.engine import Evaluation
    from jixiao.spec.loader import load_profile
    from tests.support.synth import _TYPED_TARGETS
    form = load_form("project_self_eval")
    datas = [random_data(form, random.Random(s), case="typed") for s in range(8)]
    rows = [r for d in datas for r in d["tables"]["indicators"]]
    num = lambda v: isinstance(v, (int, float))  # noqa: E731
    pct = ("%", "％", "百分比")
    assert any(r.get("unit") in pct and num(r.get("actual")) and 0 < r["actual"] <= 1.5 and num(r.get("target"))
               and r["target"] >= 20 for r in rows)
    assert any(r.get("unit") in pct and num(r.get("target")) and 0 < r["target"] <= 1.5 and num(r.get("actual"))
               and r["actual"] >= 20 for r in rows)
    assert any(r.get("nature") in ("＞", "＜") and num(r.get("target")) and r.get("actual") == r["target"] for r in rows)
    assert any(r.get("target") in _TYPED_TARGETS for r in rows)
    assert any(isinstance(r.get("actual"), str) and any(c.isdigit() for c in r["actual"]) for r in rows)
    flags = [v for d in datas for k, v in Evaluation(form, load_profile("national"), to_inputs(form, d)).computed().items()
             if k.endswith(".flags") and v]
    assert any("分开填写" in f for f in flags) and any("只填半角数字" in f for f in flags)
    monitor = load_form("project_monitor")
    mrows = [r for s in range(8) for r in random_data(monitor, random.Random(s), case="typed")["tables"]["indicators"]]
    assert any(r.get("nature") in ("＞", "＜") and num(r.get("target")) and r.get("forecast") == r["target"]
               for r in mrows)
    assert any(r.get("unit") in pct and num(r.get("forecast")) and 0 < r["forecast"] <= 1.5 for r in mrows)
