"""舍位平衡: round children so that their displayed values add up exactly to the displayed parent (largest remainder)."""

from __future__ import annotations

import math
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import Sequence

from ..workbook.ooxml import MAX_NUMBER

EXACT = Decimal("1e-8")            # amounts in 万元 are kept to 0.0001 元; anything finer is float noise
WAN = Decimal(10000)               # 元 per 万元
MAX_AMOUNT = Decimal(int(MAX_NUMBER))   # no amount reaches it (the reader reads such a number as text)


def to_decimal(value) -> Decimal | None:
    """A number as a Decimal (floats by their shortest repr, float noise below 1e-8 dropped); None if not a number."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        d = Decimal(repr(value))
        return d.quantize(EXACT) if d.as_tuple().exponent < -8 else d
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def to_amount(value) -> Decimal | None:
    """to_decimal for an amount (万元 or 元): None also beyond ±MAX_AMOUNT, a number no budget comes near."""
    d = to_decimal(value)
    return d if d is None or abs(d) < MAX_AMOUNT else None


def quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def _digits(values, places: int) -> int:
    """A precision that holds every value (and sums of a great many of them) exactly to `places` decimals."""
    return max([28] + [d.adjusted() + places + 12 for d in values if d])


def round_half_up(value, places: int = 2) -> Decimal | None:
    """Excel's ROUND (half away from zero) on the decimal value; exact however large the value."""
    d = to_decimal(value)
    if d is None:
        return None
    with localcontext() as ctx:
        ctx.prec = _digits([d], places)
        return d.quantize(quantum(places), rounding=ROUND_HALF_UP)


def balance(values: Sequence, total=None, places: int = 2) -> list[Decimal | None]:
    """舍位平衡 by the largest-remainder method.

    Every number is rounded down or up to `places` decimals so that the rounded numbers add up exactly to `total`
    (default: their exact sum rounded half up, which is what the parent row shows). The units left over after
    rounding everything down go to the largest remainders; equal remainders go to the earlier position, so the result
    is deterministic. Blanks (None or non-numbers) stay None and take no part.
    """
    exact = [to_decimal(v) for v in values]
    with localcontext() as ctx:
        ctx.prec = _digits(exact + [to_decimal(total)], places)
        return _balance(exact, total, places)


def _balance(exact: list[Decimal | None], total, places: int) -> list[Decimal | None]:
    q = quantum(places)
    present = [(i, d) for i, d in enumerate(exact) if d is not None]
    out: list[Decimal | None] = [None] * len(exact)
    if not present:
        if total not in (None, 0) and to_decimal(total) != 0:
            raise ValueError(f"舍位平衡：没有下级数，上级数 {total} 无法分配")
        return out
    target = round_half_up(sum(d for _, d in present), places) if total is None else to_decimal(total)
    if target is None or target != target.quantize(q):
        raise ValueError(f"舍位平衡：上级数 {total} 不是 {places} 位小数")
    floors = {i: d.quantize(q, rounding=ROUND_FLOOR) for i, d in present}
    units = int((target - sum(floors.values())) / q)
    if not 0 <= units <= len(present):
        raise ValueError(f"舍位平衡：上级数 {target} 与下级数之和 {sum(d for _, d in present)} 相差过大，无法平衡")
    by_remainder = sorted(present, key=lambda p: (-(p[1] - floors[p[0]]), p[0]))
    lucky = {i for i, _ in by_remainder[:units]}
    for i, _ in present:
        out[i] = floors[i] + q if i in lucky else floors[i]
    return out


def yuan_to_wan(values: Sequence, total=None, places: int = 2) -> list[Decimal | None]:
    """元 → 万元 with 舍位平衡 (`total`, if given, is already in 万元)."""
    wan = [None if (d := to_decimal(v)) is None else d / WAN for v in values]
    return balance(wan, total, places)
