"""The formula DSL: rendering to worksheet formulas and evaluating with worksheet semantics."""

import pytest

from jixiao.scoring.excel import XLError, compare, excel_round, to_text
from jixiao.scoring.expr import AND, IF, ISNUMBER, MID, ROUND, SUM, SUMPRODUCT, Arg, eq, evaluate, flags, render

a, b = Arg("a"), Arg("b")


def test_render_uses_references_and_precedence():
    node = IF(ISNUMBER(a), ROUND((a - b) / b * 10, 2), "")
    assert render(node, {"a": "G14", "b": "E14"}) == 'IF(ISNUMBER(G14),ROUND((G14-E14)/E14*10,2),"")'


def test_render_escapes_quotes_in_text():
    assert render(IF(a > 1, 'say "hi"', ""), {"a": "A1"}) == 'IF(A1>1,"say ""hi""","")'


@pytest.mark.parametrize("x,digits,expected", [(2.675, 2, 2.68), (-2.5, 0, -3.0), (0.125, 2, 0.13),
                                               (1.005, 2, 1.01), (4.124999999999999, 2, 4.13), (2.0, 2, 2.0)])
def test_excel_round_half_away_from_zero(x, digits, expected):
    assert excel_round(x, digits) == expected


def test_comparisons_follow_worksheet_ordering():
    assert compare(5, "a") < 0 and compare("a", True) < 0
    assert compare(None, 0) == 0 and compare(None, "") == 0
    assert compare("ABC", "abc") == 0
    assert compare(0.1 + 0.2, 0.3) == 0      # approxEqual, as LibreOffice compares


def test_if_is_lazy_and_errors_propagate():
    assert evaluate(IF(eq(b, 0), "", a / b), {"a": 1, "b": 0}) == ""
    err = evaluate(a / b, {"a": 1, "b": 0})
    assert isinstance(err, XLError) and err == "#DIV/0!"
    assert isinstance(evaluate(AND(a > 0, (a / b) > 1), {"a": 1, "b": 0}), XLError)   # AND is not lazy


def test_text_in_arithmetic_is_value_error():
    assert evaluate(a * 2, {"a": "1,200万元"}) == "#VALUE!"
    assert evaluate(a * 2, {"a": None}) == 0


def test_ranges_broadcast_in_sumproduct():
    env = {"a": [1, None, "x", 4], "b": ["", 2, "", ""]}
    assert evaluate(SUMPRODUCT(ISNUMBER(a) * eq(b, "")), env) == 2
    assert evaluate(SUM(a), env) == 5


def test_flags_join_only_the_messages_that_hold():
    node = flags((a > 1, "太大"), (a < 0, "为负"), (eq(a, 5), "等于5"))
    assert evaluate(node, {"a": 5}) == "太大；等于5"
    assert evaluate(node, {"a": 0}) == ""
    assert evaluate(MID("；x", 2, 10), {}) == "x"


def test_to_text_of_numbers_like_general_format():
    assert to_text(3.0) == "3" and to_text(2.5) == "2.5" and to_text(None) == "" and to_text(True) == "TRUE"
