"""What a non-template workbook's indicator cells mean: 指标性质, 指标值 and 度量单位 from one cell (「≥50个」) or from
sub-columns, results typed with their unit, 定性 tiers. Pure functions over cell values; layouts.py finds the cells.

Nothing is guessed: a value that is not one number (a range 「97-99」, 「详见附件」) is `unmappable` and stays as typed,
so the template's own rules name it exactly as they would if the unit had typed it into the template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..scoring.values import QUALITATIVE_TIERS, ParseProblem, Target, parse_target
from ..spec.data import is_blank

_NATURE = {">=": "≥", ">": "＞", "=": "＝", "<": "＜", "<=": "≤"}
_NATURE_TYPED = {"≧": "≥", "⩾": "≥", ">=": "≥", "＞＝": "≥", "≦": "≤", "⩽": "≤", "<=": "≤", "＜＝": "≤", ">": "＞",
                 "<": "＜", "=": "＝", "═": "＝", "==": "＝", "定量": None}
_PLACEHOLDER = re.compile(r"\s*(?P<op>≥|≤|＞|＜|＝|>=|<=|>|<|=|≧|≦|═)?\s*[*＊_＿]+(?P<unit>.*)")
# 「≤10/10万」「6.5/10万」: a rate per N, the unit starts with 「/」 and a number (one number before it, no unit)
_PER = re.compile(r"(?P<head>[^/／]*\d)\s*(?P<per>[/／]\s*\d[\d,.]*\s*[^\d\s/／,.][^/／]*)")
DEFAULT, UNMAPPABLE = "default", "unmappable"


@dataclass
class Definition:
    """An indicator's 指标性质 / 指标值 / 度量单位 as the template holds them, and what the reader had to say."""
    nature: str | None
    target: object
    unit: str | None
    qualitative: bool = False
    said: str | None = None                # DEFAULT (「≥」 assumed for a bare number) or UNMAPPABLE (message below)
    why: str = ""


def is_placeholder_value(v) -> bool:
    """A template example left in place: 「≥**人次」「**元/人·月」「___」."""
    return isinstance(v, str) and bool(_PLACEHOLDER.match(v))


def nature_of(v) -> str | None:
    """A typed 指标性质 in the template's spelling (≧ → ≥, ═ → ＝); 「定量」 says no direction: None."""
    if not isinstance(v, str) or is_blank(v):
        return None
    v = v.strip()
    return _NATURE_TYPED.get(v, v) or None


def parse_value(text: str) -> Target | ParseProblem:
    """values.parse_target, and a unit that starts with 「/」 and a number after one number: 「≤10/10万」 → ≤, 10, /10万."""
    t = parse_target(text)
    if isinstance(t, ParseProblem) and (m := _PER.fullmatch(text.strip())):
        head = parse_target(m["head"])
        if isinstance(head, Target) and not head.unit:
            return Target(head.op, head.value, re.sub(r"\s", "", m["per"]).replace("／", "/"), text)
    return t


def definition(nature, target, unit) -> Definition:
    """The cells of one row (指标性质 and 度量单位 None when the layout has no such column) as the template's values."""
    nature, unit = nature_of(nature), (unit.strip() or None) if isinstance(unit, str) else unit
    if isinstance(target, str) and (m := _PLACEHOLDER.match(target)):
        # 「≥**人次」: kept as typed so the template's T104 names the cell; its symbol and unit are what they say,
        # 「**元/人·月」 has no symbol, and none is assumed
        return Definition(nature or nature_of(m["op"]), target, unit or m["unit"].strip() or None)
    if nature == "定性":
        return Definition(nature, target, unit, True)
    if isinstance(target, str) and not is_blank(target):
        t = parse_value(target)
        if isinstance(t, Target):
            op = nature or _NATURE.get(t.op)
            return Definition(op or "≥", t.value, unit or t.unit or None, said=None if op else DEFAULT)
        if nature is None and not re.search(r"\d", target):
            return Definition("定性", target, unit, True)      # words only, no symbol: a 定性 target
        return Definition(nature, target, unit, said=UNMAPPABLE,
                          why=f"年度指标值“{target.strip()}”不是一个数值" + ("且未选指标性质，不推定评分方向" if nature is None
                                                                       else "") + "，按原文保留，该指标不计分")
    if nature is None and isinstance(target, (int, float)):
        return Definition("≥", target, unit, said=DEFAULT)    # a bare number: the forms' default (正向)
    return Definition(nature, target, unit)


def result(actual, qualitative: bool, what: str = "实际完成值", scored: bool = True) -> tuple[object, str]:
    """A result (实际完成值; a monitoring table's 1—N月执行情况 or 全年预计完成情况, `what`) as the template holds it,
    and why it is not a number ('' when it is): 「97.2%」 → 97.2, 「6.5/10万」 → 6.5; 「详见附件」 in a quantitative row
    stays as typed (unscored, when the form scores rows)."""
    if qualitative or not isinstance(actual, str) or is_blank(actual):
        return actual, ""
    a = parse_value(actual)
    if isinstance(a, Target):
        return a.value, ""
    return actual, f"{what}“{actual.strip()}”不是一个数值，按原文保留" + ("，该指标不计分" if scored else "")


def tier(actual, score, weight) -> str | None:
    """定性完成档次 from the words used, else from the share of the weight scored (80%/60% bands)."""
    text = str(actual or "")
    if "未达成" in text or "未完成" in text:
        return QUALITATIVE_TIERS[2]
    if "部分" in text:
        return QUALITATIVE_TIERS[1]
    if re.search(r"达成|达到|完成|实现", text):
        return QUALITATIVE_TIERS[0]
    try:
        share = float(score) / float(weight)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return QUALITATIVE_TIERS[0 if share >= 0.8 else 1 if share >= 0.6 else 2]
