"""Scoring rules: properties that must hold for every input, and the boundary cases the policies name."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jixiao.scoring.api import exec_rate, exec_score, grade, score_indicator

amount = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2, allow_nan=False)
weight = st.decimals(min_value=Decimal("1"), max_value=Decimal("50"), places=1, allow_nan=False)


def half_up(x: Decimal, places: int = 2) -> float:
    return float(x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


@given(t=amount, a=amount, w=weight, sym=st.sampled_from(["≥", "＞"]))
def test_forward_score_is_completion_ratio_rounded_half_up(t, a, w, sym):
    s = score_indicator(float(t), float(a), float(w), nature=sym).score
    if a >= t:
        assert s == float(w)
    else:
        assert s == half_up(a / t * w)        # Decimal-exact, half away from zero, as Excel's ROUND
    assert 0 <= s <= float(w)


@given(t=amount, a=amount, w=weight)
def test_reverse_linear_rule(t, a, w):
    s = score_indicator(float(t), float(a), float(w), nature="≤").score
    if a <= t:
        assert s == float(w)
    elif a >= 2 * t:
        assert s == 0
    else:
        assert s == half_up((1 - (a - t) / t) * w)
    assert 0 <= s <= float(w)


@given(t=amount, a=amount, w=weight)
def test_reverse_ratio_rule_in_beijing_profile(t, a, w):
    s = score_indicator(float(t), float(a), float(w), nature="＜", profile="beijing").score
    assert s == (float(w) if a <= t else half_up(t / a * w))


@given(t=amount, a1=amount, a2=amount, w=weight)
def test_forward_score_is_monotone_in_actual(t, a1, a2, w):
    lo, hi = sorted([a1, a2])
    s1 = score_indicator(float(t), float(lo), float(w), nature="≥").score
    s2 = score_indicator(float(t), float(hi), float(w), nature="≥").score
    assert s1 <= s2


@given(t=amount, a=amount, w=weight)
def test_over_completion_adjustment_only_when_marked_low(t, a, w):
    assume(a >= t * Decimal("1.2"))
    plain = score_indicator(float(t), float(a), float(w), nature="≥")
    adjusted = score_indicator(float(t), float(a), float(w), nature="≥", low="是")
    assert plain.score == float(w)
    assert adjusted.score == half_up(w * Decimal("1.2") * t / a)
    assert adjusted.score <= plain.score
    assert any("120%" in f for f in plain.flags)


def test_not_filled_is_not_zero():
    assert score_indicator(50, None, 10, nature="≥").score is None
    assert score_indicator(None, 40, 10, nature="≥").score is None
    assert score_indicator(50, 40, None, nature="≥").score is None
    assert score_indicator(50, 0, 10, nature="≥").score == 0


@pytest.mark.parametrize("nature,t,a,expected", [
    ("＝", 0, 0, 10), ("＝", 0, 1, 0), ("＝", 0, -1, 10),      # target 0 with ＝: meeting it means nothing happened
    ("≥", 0, 0, 10), ("≥", 0, 5, 10), ("≥", 0, -1, 0),
    ("≤", 0, 0, 10), ("≤", 0, 2, 0),
    ("＝", 8, 8, 10), ("＝", 8, 4, 5),
])
def test_target_zero_and_equal_rows(nature, t, a, expected):
    assert score_indicator(t, a, 10, nature=nature).score == expected


@pytest.mark.parametrize("t,a,w,expected", [
    (8, 3.3, 10, 4.13),        # 4.125 → 4.13 (Python's round() would give 4.12)
    (200, 1.0, 1.0, 0.01),     # 0.005 → 0.01
    (40, 10.7, 10, 2.68),      # 2.675: the float is 2.67499999…, Excel shows 2.68
])
def test_rounding_half_away_from_zero(t, a, w, expected):
    assert score_indicator(t, a, w, nature="≥").score == expected


def test_real_world_target_text_is_parsed():
    r = score_indicator("≥５０个", "45", 20)
    assert (r.nature, r.target, r.score) == ("≥", 50.0, 18.0)
    r = score_indicator("1,200万元", 1000, 10, nature="≥")
    assert r.score == pytest.approx(8.33)


@pytest.mark.parametrize("raw", ["**人", "—", "80-90%", "指标1", "达到预期", ""])
def test_unparseable_target_is_a_problem_not_a_crash(raw):
    r = score_indicator(raw, 10, 10)
    assert r.score is None
    assert r.problems or raw == ""


@pytest.mark.parametrize("tier,manual,in_band", [
    ("达成年度指标", 8, True), ("达成年度指标", 10, True), ("达成年度指标", 7.99, False),
    ("部分达成年度指标并具有一定效果", 6, True), ("部分达成年度指标并具有一定效果", 8, False),
    ("未达成年度指标且效果较差", 5.99, True), ("未达成年度指标且效果较差", 6, False),
])
def test_qualitative_tier_bands(tier, manual, in_band):
    r = score_indicator("有效", "有效", 10, nature="定性", tier=tier, manual=manual, reason="说明")
    assert r.score == manual
    assert ("定性得分不在所选档次的分值区间内" not in r.flags) == in_band


def test_score_above_weight_and_missing_reason_are_flagged():
    assert "得分超过分值" in score_indicator("好", "好", 10, nature="定性", tier="达成年度指标", manual=12).flags
    r = score_indicator(50, 40, 10, nature="≥")
    assert "得分低于分值，须填写偏差原因分析及改进措施" in r.flags
    assert "得分低于分值，须填写偏差原因分析及改进措施" not in score_indicator(50, 40, 10, nature="≥", reason="x").flags


@pytest.mark.parametrize("total,expected", [(100, "优"), (90, "优"), (89.99, "良"), (80, "良"), (79.99, "中"),
                                            (60, "中"), (59.99, "差"), (0, "差")])
def test_grade_bands(total, expected):
    assert grade(total) == expected


@settings(max_examples=200)
@given(b=amount, e=amount)
def test_exec_rate_and_score(b, e):
    rate = exec_rate(float(b), float(e))
    assert rate == half_up(e / b, 4)
    assert exec_score(float(b), float(e)) == half_up(min(Decimal(str(rate)), Decimal(1)) * 10)


def test_exec_rate_needs_a_budget():
    assert exec_rate(0, 5) is None and exec_rate(None, 5) is None and exec_score(None, 5) is None
