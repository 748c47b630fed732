"""Excel/LibreOffice value semantics in Python: ROUND, comparisons, coercions and error values."""

from __future__ import annotations

import math
import struct
import unicodedata


class XLError(str):
    """A worksheet error value such as #VALUE! or #DIV/0!, carried as a value, never raised."""


VALUE = XLError("#VALUE!")
DIV0 = XLError("#DIV/0!")


def is_number(v) -> bool:
    """ISNUMBER: int or float, not bool."""
    return v.__class__ is float or isinstance(v, (int, float)) and not isinstance(v, bool)


_2P52 = 2.0**52


def _is_integer(v: float) -> bool:
    """rtl::math isRepresentableInteger (v >= 0)."""
    return v <= 2.0**53 - 1 and v.is_integer()


def _round_half_away(v: float) -> float:
    """C's round(): half away from zero on the exact binary value."""
    f = math.floor(abs(v))
    f += 1.0 if abs(v) - f >= 0.5 else 0.0
    return math.copysign(f, v)


def approx_value(x: float) -> float:
    """LibreOffice's rtl::math::approxValue: x rounded to 15 significant digits (where it has a binary fraction)."""
    if x == 0 or not math.isfinite(x) or x > 2.0**41:
        return x
    v = abs(x)
    if _is_integer(v) or v.as_integer_ratio()[1].bit_length() - 1 <= 11:    # ≤ 11 bits after the binary point
        return x
    n = 14 - math.floor(math.log10(v))
    fac = 10.0 ** abs(n)
    v = v / fac if n < 0 else v * fac
    if not math.isfinite(v):
        return x
    v = _round_half_away(v)
    v = v * fac if n < 0 else v / fac
    if not math.isfinite(v):
        return x
    return math.copysign(v, x)


def excel_round(x: float, digits: int) -> float:
    """ROUND as LibreOffice computes it (rtl::math::round, mode Corrected), half away from zero.

    digits 0: C round() on the binary value (ROUND(-2.4999999999999996,0) is -2). Otherwise the value is scaled by
    10^digits and floored after adding 0.5 and cutting to 15 significant digits (approxFloor), so 2.675 gives 2.68 and
    1.005 gives 1.01 although their binary values lie just below the half; this is not the same as rounding the
    15-digit value first (ROUND(-590369.7499999994,1) is -590369.8)."""
    x = float(x)
    if x == 0 or not math.isfinite(x):
        return x
    if digits == 0:
        return _round_half_away(x)
    v = abs(x)
    if digits > 0 and (v >= _2P52 or _is_integer(v)):
        return x
    if digits > 0:
        exponent = (struct.unpack("<Q", struct.pack("<d", v))[0] >> 52) & 0x7FF
        representable = 52 - (exponent - 1023)          # decimals the binary precision can carry at all
        if representable <= 0:
            return x
        digits = min(digits, representable)
    fac = 10.0 ** abs(digits)
    if fac == 0.0 or (digits < 0 and not math.isfinite(fac)):
        return 0.0
    if not math.isfinite(fac):
        return x
    v = v / fac if digits < 0 else v * fac
    if not math.isfinite(v):
        return x
    if v < _2P52:
        v = float(math.floor(approx_value(v + 0.5)))
    v = v * fac if digits < 0 else v / fac
    if not math.isfinite(v):
        return x
    return -v if x < 0 else v


def approx_equal(a: float, b: float) -> bool:
    """LibreOffice's rtl::math::approxEqual (used by its comparison operators): equal to within 2^-48 relative."""
    if a == b:
        return True
    if a == 0 or b == 0:
        return False
    d = abs(a - b)
    if not math.isfinite(d):
        return False
    a, b = abs(a), abs(b)
    if _is_integer(d) and _is_integer(a) and _is_integer(b):
        return False                                   # 2^50+1 and 2^50 are different integers
    eps = 2.0**-48
    return d < a * eps and d < b * eps


def approx_add(a: float, b: float) -> float:
    """LibreOffice's + (rtl::math::approxAdd): a sum that nearly cancels is exactly 0 (0.1+0.2+(-0.3))."""
    if ((a < 0 < b) or (b < 0 < a)) and approx_equal(a, -b):
        return 0.0
    return a + b


def approx_sub(a: float, b: float) -> float:
    """LibreOffice's - (rtl::math::approxSub): the difference of nearly equal numbers is exactly 0."""
    if ((a < 0 and b < 0) or (a > 0 and b > 0)) and approx_equal(a, b):
        return 0.0
    return a - b


def lo_sum(values) -> float:
    """SUM, SUMIFS and SUMPRODUCT as LibreOffice adds (its KahanSum): Neumaier-compensated, zeros skipped, and the
    last non-zero term added like approxAdd, so SUM(517.000000000001,-517) is 0 but SUM(5,517.000000000001,-517)
    is not 5."""
    s = err = mem = 0.0

    def neumaier(s, err, x):
        t = s + x
        err += (s - t) + x if abs(s) >= abs(x) else (x - t) + s
        return t, err

    for x in values:
        if x == 0:
            continue
        if mem == 0:
            mem = x
            continue
        s, err = neumaier(s, err, mem)
        mem = x
    total = s + err
    if mem == 0:
        return total
    if ((mem < 0 < total) or (total < 0 < mem)) and approx_equal(mem, -total):
        return 0.0
    s, err = neumaier(s, err, mem)
    return s + err


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


def _asc_table() -> dict[int, str]:
    """ASC as LibreOffice 7.4 converts (measured on every BMP character): full-width ASCII forms, ￥, a few quotes
    and CJK punctuation, and katakana (voiced ones become two half-width characters)."""
    table = {0xFF01 + i: chr(0x21 + i) for i in range(94)}
    table.update({0xFFE5: "\\", 0x2015: "ｰ", 0x2018: "`", 0x2019: "'", 0x201D: '"', 0x3001: "､", 0x3002: "｡",
                  0x300C: "｢", 0x300D: "｣", 0x309B: "ﾞ", 0x309C: "ﾟ", 0x30FB: "･", 0x30FC: "ｰ"})
    for h in range(0xFF66, 0xFF9E):
        d = unicodedata.decomposition(chr(h))
        if d.startswith("<narrow>"):
            table.setdefault(int(d.split()[1], 16), chr(h))
    for k in range(0x30A1, 0x30FB):
        base, *mark = unicodedata.normalize("NFD", chr(k))
        if mark and mark[0] in "\u3099\u309a":
            table[k] = table.get(ord(base), base) + ("ﾞ" if mark[0] == "\u3099" else "ﾟ")
    return table


_ASC = _asc_table()


def asc(text: str) -> str:
    """ASC(text): full-width characters to half-width (５０ → 50, ＞＝ → >=, ％ → %), as LibreOffice does."""
    return text.translate(_ASC)


def truthy(v):
    """A condition's value as IF sees it; XLError for text."""
    if v.__class__ is bool:
        return v
    if isinstance(v, XLError):
        return v
    if v is None:
        return False
    if isinstance(v, bool):
        return v
    if is_number(v):
        return v != 0
    return VALUE
