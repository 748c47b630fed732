"""Excel/LibreOffice value semantics in Python: ROUND, comparisons, coercions and error values."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


class XLError(str):
    """A worksheet error value such as #VALUE! or #DIV/0!, carried as a value, never raised."""


VALUE = XLError("#VALUE!")
DIV0 = XLError("#DIV/0!")


def is_number(v) -> bool:
    """ISNUMBER: int or float, not bool."""
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def excel_round(x: float, digits: int) -> float:
    """Excel's ROUND: half away from zero on the 15-significant-digit value, as Excel and LibreOffice do."""
    d = Decimal(format(float(x), ".15g"))
    q = Decimal(1).scaleb(-digits)
    return float(d.quantize(q, rounding=ROUND_HALF_UP))


def approx_equal(a: float, b: float) -> bool:
    """LibreOffice's rtl::math::approxEqual, used by its comparison operators."""
    if a == b:
        return True
    if a == 0 or b == 0:
        return False
    d = abs(a - b)
    eps = 2.0**-48
    return d < abs(a) * eps and d < abs(b) * eps


def to_number(v):
    """Coerce an operand of + - * / as a worksheet does; XLError when it cannot."""
    if isinstance(v, XLError):
        return v
    if v is None:
        return 0.0
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if is_number(v):
        return float(v)
    try:
        return float(str(v).strip()) if str(v).strip() else VALUE
    except ValueError:
        return VALUE


def to_text(v) -> str:
    """The text a value becomes under & (General number format)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if is_number(v):
        f = float(v)
        if f.is_integer() and abs(f) < 1e15:
            return str(int(f))
        return format(f, ".15g")
    return str(v)


def _rank(v) -> int:
    if is_number(v):
        return 0
    if isinstance(v, bool):
        return 2
    return 1


def compare(a, b) -> int:
    """-1/0/1 as the worksheet comparison operators order two values (numbers < text < logicals)."""
    if a is None:
        a = 0.0 if is_number(b) else ("" if isinstance(b, str) else False if isinstance(b, bool) else None)
    if b is None:
        b = 0.0 if is_number(a) else ("" if isinstance(a, str) else False if isinstance(a, bool) else None)
    if a is None and b is None:
        return 0
    ra, rb = _rank(a), _rank(b)
    if ra != rb:
        return -1 if ra < rb else 1
    if ra == 0:
        a, b = float(a), float(b)
        if approx_equal(a, b):
            return 0
        return -1 if a < b else 1
    if ra == 1:
        a, b = str(a).casefold(), str(b).casefold()
    return 0 if a == b else (-1 if a < b else 1)


def truthy(v):
    """A condition's value as IF sees it; XLError for text."""
    if isinstance(v, XLError):
        return v
    if v is None:
        return False
    if isinstance(v, bool):
        return v
    if is_number(v):
        return v != 0
    return VALUE
