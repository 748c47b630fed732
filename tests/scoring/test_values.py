"""Tests for jixiao.scoring.values."""
from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.scoring.values import (
    NATURES,
    OPS,
    QUALITATIVE_TIERS,
    ParseProblem,
    Target,
    is_placeholder,
    normalise_op,
    parse_number,
    parse_target,
    parse_tier,
)


def _triple(t):
    assert isinstance(t, Target), t
    return (t.op, t.value, t.unit)


# ---- constants ------------------------------------------------------------

def test_constants():
    assert OPS == (">=", ">", "=", "<", "<=")
    assert set(NATURES.values()) == set(OPS)
    assert NATURES["≥"] == ">=" and NATURES["≤"] == "<="
    assert len(QUALITATIVE_TIERS) == 3


# ---- parse_number ---------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    (50, 50.0),
    (0.95, 0.95),
    (-3, -3.0),
    ("42", 42.0),
    ("  42  ", 42.0),
    ("3.14", 3.14),
    ("+7", 7.0),
    ("-7.5", -7.5),
    ("95%", 0.95),
    ("12.34%", 0.1234),
    ("95 %", 0.95),
    ("1,200", 1200.0),
    ("1,234,567.89", 1234567.89),
    ("１，２００", 1200.0),
    ("９５％", 0.95),
    ("－３．５", -3.5),
    ("＋８", 8.0),
    ("1e3", 1000.0),
    (".5", 0.5),
])
def test_parse_number_ok(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", [
    None, True, False, "", "   ", "50万元", "50个", "12元", "abc", "1,2", "12,34,5",
    "1 200", "nan", "inf", "1e999", float("nan"), float("inf"), "-", "%", "≥50", [1],
])
def test_parse_number_rejects(raw):
    assert parse_number(raw) is None


def test_parse_number_int_passes_through_as_float():
    assert parse_number(12) == 12 and isinstance(parse_number(12), float)


# ---- parse_target: valid --------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("≥50个", (">=", 50.0, "个")),
    ("≤90万元", ("<=", 90.0, "万元")),
    ("=8个", ("=", 8.0, "个")),
    ("≧100", (">=", 100.0, "")),
    ("═100", ("=", 100.0, "")),
    ("≥100百分比", (">=", 100.0, "%")),
    ("95%", (None, 95.0, "%")),
    ("≥９５％", (">=", 95.0, "%")),
    ("1,200万元", (None, 1200.0, "万元")),
    ("≥1,200.5 万元", (">=", 1200.5, "万元")),
    ("＜0.5天", ("<", 0.5, "天")),
    ("-3", (None, -3.0, "")),
    (50, (None, 50.0, "")),
    (0.95, (None, 0.95, "")),
    (">=10", (">=", 10.0, "")),
    ("＞=10", (">=", 10.0, "")),
    ("> = 10", (">=", 10.0, "")),
    ("＞10人次", (">", 10.0, "人次")),
    (">10", (">", 10.0, "")),
    ("＝5", ("=", 5.0, "")),
    ("==5", ("=", 5.0, "")),
    ("<3", ("<", 3.0, "")),
    ("≤3", ("<=", 3.0, "")),
    ("≦3", ("<=", 3.0, "")),
    ("<=3", ("<=", 3.0, "")),
    ("＜=3", ("<=", 3.0, "")),
    ("  ≥  50  个  ", (">=", 50.0, "个")),
    ("≥\u300050\u3000个", (">=", 50.0, "个")),
    ("≥-5%", (">=", -5.0, "%")),
    ("≥１，２００万元", (">=", 1200.0, "万元")),
])
def test_parse_target_ok(raw, expected):
    assert _triple(parse_target(raw)) == expected


def test_parse_target_keeps_original_text():
    assert parse_target(" ≥50个 ").text == " ≥50个 "
    assert parse_target(50).text == "50"


# ---- parse_target: problems -----------------------------------------------

@pytest.mark.parametrize("raw", [None, "", "   ", float("nan")])
def test_parse_target_empty(raw):
    p = parse_target(raw)
    assert isinstance(p, ParseProblem)
    assert "为空" in p.message


@pytest.mark.parametrize("raw", ["**人", "≥**人次", "—", "——", "-", "－", "指标1", "目标2", "XX", "xx万元",
                                 "××个", "≥__个"])
def test_parse_target_placeholder(raw):
    p = parse_target(raw)
    assert isinstance(p, ParseProblem)
    assert "占位符" in p.message and raw.strip() in p.message


@pytest.mark.parametrize("raw", ["80-90%", "80~90", "80%-90%", "≥80～90", "80至90个", "80 - 90"])
def test_parse_target_range(raw):
    p = parse_target(raw)
    assert isinstance(p, ParseProblem)
    assert "区间" in p.message and "指标性质" in p.message and "指标值" in p.message
    assert raw in p.message


def test_parse_target_no_number():
    p = parse_target("达到预期")
    assert isinstance(p, ParseProblem)
    assert "达到预期" in p.message and "没有数字" in p.message and "定性" in p.message


@pytest.mark.parametrize("raw", ["约50个", "50个≥", "≥≥50", "50，60", "1,2", "50 60", "abc1", "≥=50",
                                 "±5%", "1e999", "50个2"])
def test_parse_target_garbage(raw):
    p = parse_target(raw)
    assert isinstance(p, ParseProblem)
    assert raw in p.message


@pytest.mark.parametrize("raw", [True, False, object(), [1, 2], float("inf")])
def test_parse_target_odd_types(raw):
    assert isinstance(parse_target(raw), ParseProblem)


# ---- is_placeholder -------------------------------------------------------

@pytest.mark.parametrize("text", ["**人", "≥**人次", "—", "-", "－", "——", " — ", "指标1", "目标12", "XX",
                                  "xx万元", "××", "___", "Xx"])
def test_is_placeholder_true(text):
    assert is_placeholder(text) is True


@pytest.mark.parametrize("text", ["≥50个", "-3", "80-90%", "", "达到预期", "指标", "x个", None, 5])
def test_is_placeholder_false(text):
    assert is_placeholder(text) is False


# ---- parse_tier -----------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("达成年度指标", 1),
    ("部分达成年度指标并具有一定效果", 2),
    ("未达成年度指标且效果较差", 3),
    ("  达成年度指标\n", 1),
    (1, 1), (2, 2), (3, 3),
    ("1", 1), (" 2 ", 2), ("3", 3), ("３", 3),
    (2.0, 2),
])
def test_parse_tier_ok(raw, expected):
    assert parse_tier(raw) == expected


@pytest.mark.parametrize("raw", [None, "", 0, 4, "4", "0", True, 1.5, "达成", "部分达成", "好", "1级"])
def test_parse_tier_none(raw):
    assert parse_tier(raw) is None


# ---- normalise_op ---------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("≥", ">="), ("＞", ">"), ("＝", "="), ("＜", "<"), ("≤", "<="),
    ("≧", ">="), (">=", ">="), ("＞=", ">="), (">", ">"), ("=", "="), ("═", "="), ("==", "="),
    ("<", "<"), ("≦", "<="), ("<=", "<="), ("＜=", "<="), (" ≥ ", ">="), ("> =", ">="),
])
def test_normalise_op_ok(raw, expected):
    assert normalise_op(raw) == expected


@pytest.mark.parametrize("raw", ["定性", "定量（其他）", "", None, 1, "≥50", "≥≥", "大于"])
def test_normalise_op_none(raw):
    assert normalise_op(raw) is None


@pytest.mark.parametrize("sym, op", list(NATURES.items()))
def test_normalise_op_natures(sym, op):
    assert normalise_op(sym) == op


# ---- properties -----------------------------------------------------------

@given(st.text())
@settings(max_examples=500)
def test_parse_target_never_raises(text):
    result = parse_target(text)
    assert isinstance(result, (Target, ParseProblem))
    if isinstance(result, Target):
        assert result.op in OPS or result.op is None
        assert result.value is not None and math.isfinite(result.value)
    else:
        assert result.message


@given(st.one_of(st.none(), st.integers(), st.floats(), st.booleans()))
def test_parse_target_never_raises_scalars(raw):
    assert isinstance(parse_target(raw), (Target, ParseProblem))


SYMBOLS = {**NATURES, "≧": ">=", ">=": ">=", ">": ">", "=": "=", "═": "=", "<": "<", "<=": "<=",
           "≦": "<=", "＞=": ">=", "＜=": "<=", "": None}
UNITS = ["个", "万元", "%", "人次", "天", ""]
_TO_FULLWIDTH = str.maketrans({**{str(i): chr(0xFF10 + i) for i in range(10)},
                               ".": "．", ",": "，", "-": "－", "%": "％"})


@given(
    sym=st.sampled_from(sorted(SYMBOLS)),
    number=st.integers(0, 3).flatmap(lambda places: st.decimals(
        min_value=-10**9, max_value=10**9, places=places, allow_nan=False, allow_infinity=False)),
    unit=st.sampled_from(UNITS),
    style=st.sampled_from(["plain", "thousands", "fullwidth", "fullwidth_thousands", "spaced"]),
)
def test_parse_target_round_trip(sym, number, unit, style):
    num = format(number, ",f" if "thousands" in style else "f")
    text = f"{sym} {num} {unit}" if style == "spaced" else f"{sym}{num}{unit}"
    if style.startswith("fullwidth"):
        text = text.translate(_TO_FULLWIDTH)
    result = parse_target(text)
    assert _triple(result) == (SYMBOLS[sym], float(number), unit)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_parse_number_str_round_trip(x):
    assert parse_number(str(x)) == x


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_parse_number_float_passes_through(x):
    assert parse_number(x) == x
