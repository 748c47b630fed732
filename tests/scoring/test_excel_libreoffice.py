"""LibreOffice arithmetic the Python engine reproduces (each expected value measured in LibreOffice 7.4 headless)."""
from __future__ import annotations

import pytest

from jixiao.scoring.excel import XLError, approx_add, approx_equal, approx_sub, excel_round, lo_sum
from jixiao.scoring.expr import ASC, FIND, LEFT, MID, SUBSTITUTE, SUM, SUMPRODUCT, Arg, eq, evaluate

a, b = Arg("a"), Arg("b")


@pytest.mark.parametrize("x,digits,expected", [
    (-2.4999999999999991, 0, -2.0),          # digits 0: C round() on the binary value
    (5.4999999999999956, 0, 5.0),
    (-590369.74999999942, 1, -590369.8),     # not "round the 15-digit value": that would give -590369.7
    (9.81499999999999, 2, 9.81),
    (0.0149999999999967, 2, 0.01),
    (1.0049999999999999, 2, 1.01),
    (2.675, 2, 2.68),
    (4.124999999999999, 2, 4.13),
    (1234567.125, 2, 1234567.13),
    (2.0**52 + 0.0, 2, 2.0**52),
])
def test_round_is_libreoffices(x, digits, expected):
    assert excel_round(x, digits) == expected


def test_add_and_subtract_snap_near_cancellation_to_zero():
    assert approx_sub(517.000000000001, 517.0) == 0.0
    assert approx_add(517.000000000001, -517.0) == 0.0
    assert approx_add(0.1 + 0.2, -0.3) == 0.0
    assert approx_sub(1.5, 1.0) == 0.5
    assert evaluate(eq(a - b, 0), {"a": 517.000000000001, "b": 517.0}) is True


def test_sum_adds_its_last_term_like_approx_add():
    assert lo_sum([517.000000000001, -517.0]) == 0.0
    assert lo_sum([0.1, 0.2, -0.3]) == 0.0
    assert f"{lo_sum([5.0, 517.000000000001, -517.0]):.15g}" == "5.00000000000102"   # no snap in the middle
    assert evaluate(SUM(a), {"a": [517.000000000001, None, "x", -517.0]}) == 0.0
    assert evaluate(SUMPRODUCT(a), {"a": [0.1, 0.2, -0.3]}) == 0.0


def test_approx_equal_keeps_large_integers_apart():
    assert not approx_equal(2.0**50 + 1, 2.0**50)
    assert approx_equal(2.0**50 + 0.5, 2.0**50)
    assert approx_equal(0.1 + 0.2, 0.3)


@pytest.mark.parametrize("text,expected", [
    ("≥５０个", "≥50个"), ("＞＝５０％", ">=50%"), ("３０．５", "30.5"), ("１，２００", "1,200"), ("－５", "-5"),
    ("ＡＢｃ", "ABc"), ("￥", "\\"), ("’”“", "'\"“"), ("、。「」", "､｡｢｣"), ("ガパ・ー", "ｶﾞﾊﾟ･ｰ"), ("\u3000", "\u3000"),
    ("≧≦═—", "≧≦═—"), ("", ""),
])
def test_asc_converts_as_libreoffice(text, expected):
    """ASC, measured on every BMP character in LibreOffice 7.4 (U+3000 and “ stay; ” ’ ― and katakana change)."""
    assert evaluate(ASC(a), {"a": text}) == expected


def test_text_functions_at_their_edges():
    assert isinstance(evaluate(FIND(a, "abc"), {"a": ""}), XLError)          # LibreOffice: #VALUE! (Excel: 1)
    assert evaluate(MID(a, 5, 2), {"a": "abc"}) == "" and evaluate(LEFT(a, 0), {"a": "abc"}) == ""
    assert evaluate(LEFT(a, 5), {"a": "abc"}) == "abc"
    assert evaluate(SUBSTITUTE(a, "", "x"), {"a": "abc"}) == "abc"
    assert evaluate(SUBSTITUTE(a, "5", ""), {"a": 550.5}) == "0."
