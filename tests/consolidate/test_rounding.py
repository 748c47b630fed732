"""舍位平衡: displayed children add up to the displayed parent, deterministically."""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from jixiao.consolidate.rounding import balance, round_half_up, to_decimal, yuan_to_wan

D = Decimal


def naive(values, places=2):
    return [D(str(v)).quantize(D(1).scaleb(-places), ROUND_HALF_UP) for v in values]


def test_yuan_to_wan_where_naive_rounding_breaks_the_total():
    # three units' spending in 元; each rounds down to 0.33 万元 but together they are 1.00 万元
    yuan = [3333, 3333, 3334]
    assert sum(naive([y / 10000 for y in yuan])) == D("0.99")               # naive: children ≠ parent
    shown = yuan_to_wan(yuan)
    assert shown == [D("0.33"), D("0.33"), D("0.34")]                        # the largest remainder gets the cent
    assert sum(shown) == round_half_up(D(sum(yuan)) / 10000) == D("1.00")


def test_wan_to_two_decimals_where_naive_rounding_overshoots():
    wan = [1.005, 2.005, 3.005, 0.985]           # exact sum 7.000
    assert sum(naive(wan)) == D("7.02")                                      # naive half-up: +0.02
    shown = balance(wan)
    assert sum(shown) == D("7.00")
    # every child is its exact value rounded down or up, never further
    assert all(abs(s - D(str(v))) < D("0.01") for s, v in zip(shown, wan))
    # all four remainders are 0.005: the two cents go to the first two positions
    assert shown == [D("1.01"), D("2.01"), D("3.00"), D("0.98")]


def test_ties_are_broken_by_position_and_the_result_is_stable():
    values = [0.125, 0.125, 0.125, 0.125]       # sum 0.50: two of four get the extra cent
    first = balance(values)
    assert first == [D("0.13"), D("0.13"), D("0.12"), D("0.12")]
    assert balance(values) == first                                         # deterministic
    assert balance(list(reversed(values))) == first                         # by position, not by value identity


def test_explicit_parent_total_from_a_balanced_level_above():
    # the department was shown as 10.01 (after balancing the bureau); its units must add up to that
    shown = balance([3.334, 3.333, 3.339], total=D("10.01"))
    assert sum(shown) == D("10.01")
    assert shown == [D("3.34"), D("3.33"), D("3.34")]


def test_blanks_stay_blank_and_negative_values_balance():
    assert balance([None, 1.234, "x", 2.345]) == [None, D("1.23"), None, D("2.35")]
    shown = balance([-1.005, -2.005, 4.0])
    assert sum(shown) == round_half_up(D("0.99")) == D("0.99")
    assert balance([]) == []
    assert balance([None]) == [None]


def test_impossible_targets_raise():
    with pytest.raises(ValueError):
        balance([1.0, 2.0], total=D("5.00"))            # more than one cent per child away
    with pytest.raises(ValueError):
        balance([1.0], total=D("1.001"))                # not a 2-decimal figure
    with pytest.raises(ValueError):
        balance([None], total=D("1.00"))                 # nothing to distribute to


def test_to_decimal_drops_float_noise_only():
    assert to_decimal(0.1 + 0.2) == D("0.3")
    assert to_decimal(123.4567) == D("123.4567")
    assert to_decimal(True) is None and to_decimal(float("nan")) is None and to_decimal("abc") is None
