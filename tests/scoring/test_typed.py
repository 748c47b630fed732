"""Values typed the way a spreadsheet lets people type them (issue 10, item 5): "96%" where the unit is already %,
strict ＞ ＜ met exactly, "≥50个" in one cell and full-width digits — scored or flagged the same by the template's
formulas and the Python engine (the differential test checks the formulas against LibreOffice)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from jixiao.rules.cells import suggestion
from jixiao.scoring.api import score_indicator
from jixiao.scoring.calcs import CALCS
from jixiao.scoring.calcs.typed import PCT_FRACTION_MAX, PCT_WHOLE_MIN, TARGET_TEXT, target_message
from jixiao.scoring.engine import context
from jixiao.scoring.expr import Arg, evaluate
from jixiao.scoring.values import Target, parse_number, parse_target
from jixiao.spec.loader import load_profile, profile_ids

NATURES = ("≥", "＞", "＝", "＜", "≤")


def pct(x: float) -> float:
    """x% as a spreadsheet stores "x%" typed into a cell."""
    return float(Decimal(repr(x)) / 100)


def row(target, actual, *, nature="≥", unit="%", weight=10, low=None, reason="说明", profile="national"):
    return score_indicator(target, actual, weight, nature=nature, unit=unit, low=low, reason=reason,
                           level1="产出指标", level2="质量指标", name="验收合格率", profile=profile)


def _run(calc: str, profile: str = "national", **values):
    node = CALCS[calc].build(context(load_profile(profile)), **{k: Arg(k) for k in values})
    return evaluate(node, values)


# ---- 96% against a target of 95 in % --------------------------------------------------------------------------------

def test_the_issue_example_scores_full_marks_without_a_false_deduction_flag():
    typed = score_indicator(95, 0.96, 10, nature="≥", unit="%")
    assert typed.score == 10 and not any("低于分值" in f for f in typed.flags)
    assert score_indicator(95, 0.96, 10, nature="≥", unit="个").score == 0.1     # another unit: 0.96 is 0.96


@pytest.mark.parametrize("profile", profile_ids())
@pytest.mark.parametrize("nature", NATURES)
@pytest.mark.parametrize("t,a", [(95, 96), (95, 95), (90, 85.5), (85.5, 100), (100, 100), (98, 120), (60, 150),
                                 (20, 30), (95, 47.5), (25, 2), (80, 99.99), (57, 57), (95, 114), (95, 150), (30, 20)])
@pytest.mark.parametrize("unit", ["%", "％", "百分比"])
def test_a_percentage_typed_with_its_sign_means_the_same_number(profile, nature, t, a, unit):
    low = "是" if a >= 1.2 * t else None
    plain = row(t, a, nature=nature, unit=unit, profile=profile, low=low)
    typed = [(pct(t), pct(a))]                                  # both typed "95%", "96%": the same ratio
    if t >= PCT_WHOLE_MIN and 0 < a <= 100 * PCT_FRACTION_MAX:
        typed.append((t, pct(a)))                               # the issue's case: 95 and "96%"
    if a >= PCT_WHOLE_MIN and 0 < t <= 100 * PCT_FRACTION_MAX:
        typed.append((pct(t), a))                               # "95%" prefilled, 96 typed
    for tt, aa in typed:
        got = row(tt, aa, nature=nature, unit=unit, profile=profile, low=low)
        assert (got.score, got.flags) == (plain.score, plain.flags), (tt, aa)


@pytest.mark.parametrize("t,a,score", [
    (20, 1.5, 10), (20, 1.5000001, 0.75), (19.99, 0.96, 0.48), (20, 0.01, 0.5), (20, 0, 0), (95, -0.5, 0),
    (1.5, 20, 1.33), (1.5000001, 20, 10), (0.5, 19.99, 10),
])
def test_the_edges_of_the_rule(t, a, score):
    """Converted only for a value in (0, 1.5] facing one of at least 20 (1.5 → 150%, 0.01 → 1%)."""
    assert (PCT_FRACTION_MAX, PCT_WHOLE_MIN) == (1.5, 20)
    assert row(t, a, nature="≥").score == score


def test_small_real_percentages_are_left_alone_and_can_be_typed_with_their_sign():
    assert row(5, 0.3, nature="≤").score == 10                      # 投诉率 ≤5%, 0.3%: not 30%
    assert row(3, 1.2, nature="≥").score == 4                       # 增长率 ≥3%, 1.2%: 1.2/3 × 10
    assert row(20, pct(0.5), nature="≤").score == 10                # 0.5% typed "0.5%" against ≤20%: 0.5
    assert row(20, 0.5, nature="≤").score == 0                      # 0.5 against ≤20 reads as 50%: typed "0.5%" instead


def test_over_completion_compares_on_one_scale():
    assert any("120%以上" in f for f in row(95, 1.2, reason=None).flags)        # 120% against 95
    assert not any("120%以上" in f for f in row(95, 0.96, reason=None).flags)
    assert row(80, pct(120), low="是").score == row(80, 120, low="是").score == 8


@pytest.mark.parametrize("nature", NATURES)
def test_monitoring_reads_96_percent_as_96(nature):
    for t, f in ((95, 96), (95, 90), (95, 95)):
        plain = _run("monitor_status", nature=nature, target=t, forecast=f, likelihood=None, unit="%")
        assert _run("monitor_status", nature=nature, target=t, forecast=pct(f), likelihood=None, unit="%") == plain
        assert _run("monitor_status", nature=nature, target=pct(t), forecast=f, likelihood=None, unit="%") == plain


# ---- strict ＞ ＜: equality meets the target --------------------------------------------------------------------------

@pytest.mark.parametrize("profile", profile_ids())
def test_strict_signs_score_like_the_inclusive_ones(profile):
    for strict, inclusive in (("＞", "≥"), ("＜", "≤")):
        for t, a in ((50, 50), (0.3, 0.1 + 0.2), (95, 94), (95, 96), (12.5, 20), (0, 0), (0, 1)):
            s = row(t, a, nature=strict, unit="个", profile=profile)
            i = row(t, a, nature=inclusive, unit="个", profile=profile)
            assert (s.score, s.flags) == (i.score, i.flags), (strict, t, a)
    assert row(50, 50, nature="＞").score == row(50, 50, nature="＜").score == 10


def test_monitoring_counts_a_strict_target_met_exactly_as_met():
    for nature in ("＞", "＜"):
        assert _run("monitor_status", nature=nature, target=50, forecast=50, likelihood=None, unit="个") == "绿"
    assert _run("monitor_status", nature="＞", target=50, forecast=49.9, likelihood=None, unit="个") == "黄"
    assert _run("monitor_status", nature="＜", target=50, forecast=50.1, likelihood=None, unit="个") == "黄"


# ---- text where a number belongs ------------------------------------------------------------------------------------

def _message(text: str) -> str:
    return evaluate(target_message(Arg("t")), {"t": text})


@pytest.mark.parametrize("text,message", [
    ("≥50个", "请把“≥50个”分开填写：指标性质“≥”、年度指标值“50”、度量单位“个”"),
    ("≥５０个", "请把“≥５０个”分开填写：指标性质“≥”、年度指标值“50”、度量单位“个”"),
    ("50个", "请把“50个”分开填写：年度指标值“50”、度量单位“个”"),
    ("≥50", "请把“≥50”分开填写：指标性质“≥”、年度指标值“50”"),
    ("≤90万元", "请把“≤90万元”分开填写：指标性质“≤”、年度指标值“90”、度量单位“万元”"),
    ("=8个", "请把“=8个”分开填写：指标性质“＝”、年度指标值“8”、度量单位“个”"),
    ("≧60%", "请把“≧60%”分开填写：指标性质“≥”、年度指标值“60”、度量单位“%”"),
    ("＜0.5%", "请把“＜0.5%”分开填写：指标性质“＜”、年度指标值“0.5”、度量单位“%”"),
    ("≥95％", "请把“≥95％”分开填写：指标性质“≥”、年度指标值“95”、度量单位“%”"),
    ("1,200万元", "请把“1,200万元”分开填写：年度指标值“1,200”、度量单位“万元”"),
    ("５０", TARGET_TEXT), ("50-80", TARGET_TEXT), ("约100", TARGET_TEXT), ("＞＝50个", TARGET_TEXT),
    ("1,2,3", TARGET_TEXT), ("=1+1", TARGET_TEXT), ("≥ 50 个", TARGET_TEXT), ("达标", TARGET_TEXT),
])
def test_target_text_gets_a_precise_fix(text, message):
    assert _message(text) == message


SPLIT = re.compile(r"请把“(.*)”分开填写：(?:指标性质“(.)”、)?年度指标值“([^”]*)”(?:、度量单位“([^”]*)”)?")
OP = {">=": "≥", ">": "＞", "=": "＝", "<": "＜", "<=": "≤"}


@pytest.mark.parametrize("text", ["≥50个", "≥５０个", "50个", "≥50", "≤90万元", "=8个", "≥100百分比", "≧60%", "═100%",
                                  "＜0.5%", "≦3次", "≥95％", "1,200万元", "９６％", "≥50个/年", "12.5公里"])
def test_the_template_splits_as_the_reader_parses(text):
    """Where the template proposes a split, jixiao's reader (values.parse_target) reads the same three parts."""
    m = SPLIT.fullmatch(_message(text))
    assert m, _message(text)
    _, op, number, unit = m.groups()
    t = parse_target(text)
    assert isinstance(t, Target)
    unit = "%" if unit in ("%", "百分比") else unit or ""
    assert (OP.get(t.op), t.value, t.unit) == (op, parse_number(number), unit)
    # the finding's expected value is the number shown ("96%" alone suggests 0.96, which the % rule reads as 96)
    n = parse_number(number)
    assert suggestion(text) == (n / 100 if re.fullmatch(r"[\d.．]+[%％]", text) else n)


@pytest.mark.parametrize("text", ["５０", "３０．５", "１，２００", "－５", "＋５", "5０"])
def test_full_width_digits_are_the_numbers_the_reader_reads(text):
    value = parse_number(text)
    assert value is not None and suggestion(text) == value
    assert _message(text) == TARGET_TEXT and "半角数字" in TARGET_TEXT


def _flags(**values) -> list[str]:
    base = dict(level1="产出指标", level2="质量指标", name="验收合格率", nature="≥", target=95, unit="%", actual=96,
                tier=None, weight=10, manual=None, low=None, score="", reason="说明")
    text = _run("indicator_flags", **{**base, **values})
    return [f for f in text.split("；") if f]


def test_actual_and_weight_text_messages():
    digits_only = "定量指标的实际完成值应为数字：只填半角数字，不带符号和单位"
    for text in ("９６", "96%", "52个", "已完成"):
        assert _flags(actual=text) == [digits_only]
    assert _flags(weight="10分") == _flags(weight="１０") == ["分值应为数字：只填半角数字，不带单位"]
    assert _flags(weight=None) == ["请填写分值"]
    assert _flags(target="≥95%", unit=None)[0] == "请把“≥95%”分开填写：指标性质“≥”、年度指标值“95”、度量单位“%”"


def test_flag_findings_carry_the_split_message_and_the_number():
    """The validator reports what the template shows (T103 at the 年度指标值 cell) with the number it reads."""
    from jixiao.scoring.engine import Evaluation
    from jixiao.spec.layout import load_form
    form = load_form("project_goal")
    inputs = {"indicators[0].level1": "产出指标", "indicators[0].level2": "数量指标", "indicators[0].name": "培训人次",
              "indicators[0].nature": "≥", "indicators[0].target": "≥５０人次"}
    ev = Evaluation(form, load_profile("national"), inputs)
    found = {(c.code, at): m for c, m, at in ev.failed_checks("indicators[0].flags")}
    assert found[("T103", "indicators[0].target")] == "请把“≥５０人次”分开填写：指标性质“≥”、年度指标值“50”、度量单位“人次”"
    assert suggestion("≥５０人次") == 50


def test_the_python_api_reads_percentages_as_the_template_does():
    """score_indicator (the add-in's JX_SCORE) reads "96%" typed as text as 96 in %, and a 0.96 as 96% where the unit
    is % (given, or read from a target typed as “≥95%”)."""
    assert score_indicator(95, "96%", 10, nature="≥").score == 10
    assert score_indicator("≥95%", "96%", 10).score == 10
    assert score_indicator("≥95%", 0.96, 10).score == 10
    assert score_indicator(95, 0.96, 10, nature="≥").score == 0.1           # no unit: 0.96 is 0.96
