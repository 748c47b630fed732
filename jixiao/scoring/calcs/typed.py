"""Values typed the way a spreadsheet lets people type them: 96% against a target in %, ≥50个 in one cell, ５０."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from ..expr import AND, ASC, FIND, IF, ISNUMBER, LEFT, LEN, MID, SUBSTITUTE, Arg, Node, any_of, eq, evaluate
from ..excel import is_number
from . import Ctx

# ---- 96% typed where the 度量单位 is already % ------------------------------------------------------------------
#
# A spreadsheet stores "96%" as 0.96. Where the 度量单位 is a percentage (enums.percent_units), a value above 0 and
# at most PCT_FRACTION_MAX (150%) facing a value of at least PCT_WHOLE_MIN on the other side of the row is that
# fraction: the whole side is divided by 100 and both are compared on one scale (0.96 against 95 scores as 96 against
# 95). Only values decide, so the template's formula and the Python engine agree; the number format plays no part.
# A real small percentage (0.5% against ≤20%) is typed with its % sign ("0.5%" → 0.005) and reads right.

PCT_FRACTION_MAX = 1.5
PCT_WHOLE_MIN = 20


def _percent_fraction(ctx: Ctx, unit: Node, x: Node, other: Node) -> Node:
    """x is a percentage typed with its % sign (stored as a fraction) while the other value is a whole percentage."""
    return AND(any_of(unit, ctx.enums["percent_units"]), x > 0, x <= PCT_FRACTION_MAX, other >= PCT_WHOLE_MIN)


def one_scale(ctx: Ctx, unit: Node, target: Node, actual: Node) -> tuple[Node, Node]:
    """(target, actual) on one scale: the whole side divided by 100 when the other was typed as "96%".

    Every rule comparing a target with an actual value (score, over-completion, monitoring) uses these. Dividing the
    whole side keeps "95" and "95%" the same number (95/100 is the double 0.95), so equal values stay equal."""
    t = IF(_percent_fraction(ctx, unit, actual, target), target / 100, target)
    a = IF(_percent_fraction(ctx, unit, target, actual), actual / 100, actual)
    return t, a


@lru_cache(maxsize=1)
def _one_scale_nodes() -> tuple[Node, Node]:
    from ...spec.loader import enums
    return one_scale(Ctx({}, enums()), Arg("unit"), Arg("target"), Arg("actual"))


def in_percent_points(unit, target, actual) -> tuple[object, object]:
    """(target, actual) as numbers a dataset can compare, by the very expression the templates use (one_scale): the
    side typed as "96%" (stored 0.96) facing a whole percentage is given in percentage points (96). Exact in decimal,
    so 0.07 becomes 7, not 7.000000000000001."""
    if not (is_number(target) and is_number(actual)):
        return target, actual
    env = {"unit": unit, "target": target, "actual": actual}
    t, a = (evaluate(n, env) for n in _one_scale_nodes())
    if t != target:                   # the target was the whole side: the actual was typed with its % sign
        return target, float(Decimal(repr(float(actual))) * 100)
    if a != actual:
        return float(Decimal(repr(float(target))) * 100), actual
    return target, actual


# ---- text in a number cell: "≥50个", "≥５０个", "50个" -----------------------------------------------------------
#
# The text is read after ASC (full-width digits, ＞ ＝ and ％ become half-width). It splits as [symbol][number][unit]
# when it starts with a digit, or with one symbol (≥ ≤ ＞ ＜ ＝ ≧ ≦ ═) and then a digit, its number characters
# (digits, "." and ",") stand together, and a symbol or a unit is there: the number is that run, the unit the rest.
# Formulas have no variables, so every use of a part repeats its expression: the parts are kept few and cheap (the
# longest flag formula must stay well under Excel's 8,192 characters; tests/template checks it).

_NUMBER_CHARS = "0123456789.,"
_OPS = "||≥|≤|>|<|=|≧|≦|═|"          # "|" + symbol + "|" is found here; no symbol is "||"
_CANON = "||≥|≤|＞|＜|＝|≥|≤|＝|"       # the 指标性质 to choose, at the position of its symbol in _OPS


def _without_number_chars(x: Node) -> Node:
    for ch in _NUMBER_CHARS:
        x = SUBSTITUTE(x, ch, "")
    return x


class Typed:
    """Expressions describing the text typed into one cell (evaluate them only where the cell holds text)."""

    def __init__(self, cell: Node):
        self.cell = cell
        a = self.text = ASC(cell)
        self.digits = LEN(a) - LEN(_without_number_chars(a))                   # how many number characters
        self.lead = 1 - ISNUMBER(FIND(LEFT(a, 1), "0123456789"))              # a symbol before the number: 1
        self.op_at = FIND("|" & LEFT(a, self.lead) & "|", _OPS)
        self.number = MID(a, self.lead + 1, self.digits)
        self.unit = MID(a, self.lead + self.digits + 1, 100)

    def splits(self) -> Node:
        """[symbol][number][unit] with a symbol or a unit around the number (≥50个, ≥50, 50个, ≥５０％)."""
        a, lead, digits = self.text, self.lead, self.digits
        together = eq(LEN(_without_number_chars(LEFT(a, lead + digits))), lead)   # no number character after it
        return AND(digits > 0, ISNUMBER(self.op_at), together, LEN(a) > digits)

    def nature(self) -> Node:
        return MID(_CANON, self.op_at + 1, 1)


TARGET_TEXT = "定量指标的年度指标值应为数字：只填半角数字，符号选在“指标性质”，单位填在“度量单位”"


def target_message(cell: Node) -> Node:
    """What the template shows for a 年度指标值 typed as text in a quantitative row: the split into its three cells
    where the text splits (请把“≥50个”分开填写：指标性质“≥”、年度指标值“50”、度量单位“个”), else TARGET_TEXT.

    Text that splits is text jixiao's reader reads too (values.parse_target; "1.2.3个" is the rare exception), and
    the add-in reads such text itself and never flags it: every message it meets is one of the rules' fixed texts."""
    t = Typed(cell)
    split = ("请把“" & cell & "”分开填写：" & IF(t.lead > 0, "指标性质“" & t.nature() & "”、", "")
             & "年度指标值“" & t.number & "”" & IF(LEN(t.text) > t.lead + t.digits, "、度量单位“" & t.unit & "”", ""))
    return IF(t.splits(), split, TARGET_TEXT)
