"""A non-template form's typed results (row scores, 执行率, 总分, 等级) are checked against the unit's own inputs, each
once, with the rounding rules.md §10 allows; the corpus files are real layouts with hand-written expectations."""

from pathlib import Path

import pytest

from jixiao.rules.arithmetic import _agrees
from jixiao.rules.engine import validate_file

REAL = Path(__file__).resolve().parents[1] / "corpus" / "real"


def found(name: str) -> dict[tuple[str, str], object]:
    return {(f.code, f.cell): f for f in validate_file(REAL / f"{name}.xlsx").findings}


def test_a_wrong_row_score_is_reported_at_the_row_not_again_at_the_total():
    got = found("附1-区人民医院-公立医院综合改革补助-2024")
    assert got[("A006", "H17")].expected == 12                 # reverse indicator: (1-(6-5)/5)×15
    assert not any(code in ("A005", "A004") for code, _ in got), "the total is the sum of the unit's own scores"


def test_a_total_that_is_not_the_sum_of_the_typed_scores_is_reported():
    got = found("鄂式-区园林绿化中心-城区绿化养护-2024")
    assert got[("A005", "H21")].expected == pytest.approx(96.74)


def test_an_exec_score_below_the_forms_own_weight_is_reported():
    got = found("鄂式-区社区卫生服务中心-家庭医生签约服务-2024")
    assert got[("A007", "I7")].expected == pytest.approx(19)   # the form's 20 分 × 95%, not the profile's 10


def test_an_integer_rounded_exec_score_is_tolerated():
    assert not any(code == "A007" for code, _ in found("附1-区图书馆-全民阅读推广-2025"))


def test_a_zero_total_row_is_reported_once_and_the_rate_from_the_sources_stands():
    got = found("附1-区农业技术推广中心-高标准农田建设-2025")
    assert {cell for code, cell in got if code == "A002"} == {"D6", "E6", "F6"}
    assert ("A003", "H6") not in got


def test_a_regional_exec_weight_is_the_units_setting_and_g108_points_at_it():
    got = found("鄂式-区住房保障服务中心-老旧小区改造-2025")
    assert ("G108", "G7") in got and ("G108", "G21") not in got
    assert not any(code == "A001" for code, _ in got)


@pytest.mark.parametrize("calc, typed, rule, ok", [
    ("exec_score", 10, 9.5, True),          # ROUND(9.5, 0) = 10, half away from zero
    ("exec_score", 9, 9.5, False),
    ("exec_score", 9.7, 9.65, True),        # one decimal
    ("exec_score", 9.6, 9.65, False),
    ("exec_rate", 0.97, 0.9735, True),      # shown as 97%
    ("exec_rate", 0.97, 0.9751, False),
    ("total_score", 93.8, 93.805, True),
    ("total_score", 93.8, 93.82, False),
    ("indicator_score", 12.5, 12.5, True),
    ("indicator_score", 13, 12.5, False),   # a row score is not rounded to an integer
    ("indicator_score", 8.83, 8.8333, True),
    ("grade", "良", "优", False),
])
def test_typed_rounding(calc, typed, rule, ok):
    assert _agrees(calc, typed, rule) is ok
