"""Parse indicator values and numeric cells as budget units type them in Excel/WPS."""
from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

OPS = (">=", ">", "=", "<", "<=")  # canonical comparison operators
NATURES = {"≥": ">=", "＞": ">", "＝": "=", "＜": "<", "≤": "<="}  # official 指标性质 symbols

QUALITATIVE_TIERS = ("达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差")


@dataclass(frozen=True)
class Target:
    op: str | None  # one of OPS, or None when the text has no symbol
    value: float | None  # the number; None if none could be read
    unit: str  # unit text after the number, stripped; "%" for percent
    text: str  # the original text


@dataclass(frozen=True)
class ParseProblem:
    message: str  # Chinese: what is wrong and what is expected


# Full-width digits/punctuation and operator look-alikes -> one spelling each.
_FULLWIDTH = {0xFF10 + i: str(i) for i in range(10)}
_FULLWIDTH.update({ord("．"): ".", ord("，"): ",", ord("－"): "-", ord("−"): "-",
                   ord("＋"): "+", ord("％"): "%"})
_OP_CHARS = str.maketrans({"＞": ">", "＜": "<", "＝": "=", "═": "=",
                           "≧": "≥", "⩾": "≥", "≦": "≤", "⩽": "≤"})
_FULLWIDTH = str.maketrans(_FULLWIDTH)

_OP_RE = r"(?P<op>>\s*=|<\s*=|=\s*=|≥|≤|>|<|=)"
_NUM_RE = r"(?P<num>(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)"
_TARGET_RE = re.compile(rf"{_OP_RE}?\s*(?P<sign>[+-])?{_NUM_RE}\s*(?P<rest>.*)", re.S)
_NUMBER_RE = re.compile(rf"(?P<sign>[+-])?{_NUM_RE}\s*(?P<pct>%)?")
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+")
_OP_CANON = {">=": ">=", "≥": ">=", ">": ">", "==": "=", "=": "=", "<": "<", "<=": "<=", "≤": "<="}
_RANGE_SEP = re.compile(r"(?:%|百分比)?\s*[-~～〜—–至到]")
_DASHES = set("-－—–―─")
_PLACEHOLDER_RE = re.compile(r"[*＊_＿]|(?:指标|目标)\d+|xx|××", re.I)
_EXAMPLE = "如“≥50个”“≤90万元”"


def _normalise(text: str) -> str:
    return text.translate(_FULLWIDTH).translate(_OP_CHARS)


def _clean_number(num: str) -> str | None:
    """Drop valid thousands separators; None if commas are misplaced."""
    if "," not in num:
        return num
    head, tail = re.match(r"([\d,]*)(.*)", num, re.S).groups()
    if not _THOUSANDS_RE.fullmatch(head):
        return None
    return head.replace(",", "") + tail


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def parse_number(raw) -> float | None:
    """Plain number from a cell value (no unit text); trailing '%' divides by 100."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, numbers.Real):
        try:
            return _finite(float(raw))
        except (OverflowError, ValueError):
            return None
    if not isinstance(raw, str):
        return None
    m = _NUMBER_RE.fullmatch(raw.strip().translate(_FULLWIDTH))
    num = _clean_number(m["num"]) if m else None
    if num is None:
        return None
    try:
        d = Decimal((m["sign"] or "") + num)
        value = float(d.scaleb(-2)) if m["pct"] else float(d)
    except (InvalidOperation, OverflowError):
        return None
    return _finite(value)


def is_placeholder(text: str) -> bool:
    """True for unfilled template placeholders such as '**人', '—', '指标1', 'XX万元'."""
    if not isinstance(text, str):
        return False
    s = "".join(text.split())
    if s and set(s) <= _DASHES:
        return True
    return bool(_PLACEHOLDER_RE.search(s))


def parse_target(raw) -> Target | ParseProblem:
    """Indicator value typed in one cell: optional operator, one number, optional unit."""
    if isinstance(raw, bool):
        return ParseProblem(f"指标值“{raw}”不是数值，请填写数值，{_EXAMPLE}。")
    if raw is None or (isinstance(raw, numbers.Real) and raw != raw):  # None or NaN
        return ParseProblem(f"指标值为空，请填写，{_EXAMPLE}。")
    if isinstance(raw, numbers.Real):
        value = parse_number(raw)
        if value is None:
            return ParseProblem(f"指标值“{raw}”不是有效数值，请填写数值，{_EXAMPLE}。")
        return Target(None, value, "", str(raw))
    if not isinstance(raw, str):
        return ParseProblem(f"无法识别指标值“{raw}”，应为“比较符号+数值+单位”，{_EXAMPLE}。")
    text = raw.strip()
    if not text:
        return ParseProblem(f"指标值为空，请填写，{_EXAMPLE}。")
    if is_placeholder(text):
        return ParseProblem(f"指标值“{text}”是模板占位符，请替换为实际数值，{_EXAMPLE}。")
    s = _normalise(text)
    m = _TARGET_RE.fullmatch(s)
    if m is None:
        if not re.search(r"\d", s):
            return ParseProblem(f"指标值“{text}”中没有数字。定量指标请填写数值，{_EXAMPLE}；"
                                "定性指标请将指标性质选为“定性”。")
        return ParseProblem(f"无法识别指标值“{text}”，应为“比较符号+数值+单位”，{_EXAMPLE}。")
    rest = m["rest"].strip()
    if re.search(r"\d", rest):
        if _RANGE_SEP.match(rest):
            return ParseProblem(f"指标值“{text}”是一个区间，无法直接评分。请拆分：比较符号填入“指标性质”"
                                "（如“≥”），“指标值”只填一个数值（如“80%”）。")
        return ParseProblem(f"指标值“{text}”含有多个数字，请只填写一个数值，{_EXAMPLE}。")
    if re.search(r"[<>=≥≤]", rest):
        return ParseProblem(f"无法识别指标值“{text}”，比较符号应写在数值前面，{_EXAMPLE}。")
    num = _clean_number(m["num"])
    if num is None:
        return ParseProblem(f"指标值“{text}”中的逗号位置不正确：千分位应写成“1,200”，且只能填写一个数值。")
    try:
        value = _finite(float(Decimal((m["sign"] or "") + num)))
    except (InvalidOperation, OverflowError):
        value = None
    if value is None:
        return ParseProblem(f"指标值“{text}”中的数字无法识别，{_EXAMPLE}。")
    op = _OP_CANON[re.sub(r"\s+", "", m["op"])] if m["op"] else None
    unit = "%" if rest == "百分比" else rest
    return Target(op, value, unit, raw)


def parse_tier(raw) -> int | None:
    """1/2/3 for the three 定性 tiers (exact phrase or code), else None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, numbers.Real):
        return int(raw) if raw in (1, 2, 3) else None
    if not isinstance(raw, str):
        return None
    s = raw.strip().translate(_FULLWIDTH)
    if s in QUALITATIVE_TIERS:
        return QUALITATIVE_TIERS.index(s) + 1
    return int(s) if s in ("1", "2", "3") else None


def normalise_op(raw) -> str | None:
    """Canonical op from a 指标性质 cell, or None ('定性', '定量（其他）', blanks, anything else)."""
    if not isinstance(raw, str):
        return None
    s = "".join(_normalise(raw).split())
    return _OP_CANON.get(s)
