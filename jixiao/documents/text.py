"""What a report template receives: values as escaped text, numbers formatted once, and 【待撰写：…】 marks for the
author wherever the data has nothing to say (never an invented number, never "None", never an empty 「」)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from xml.sax.saxutils import escape

from markupsafe import Markup

PENDING = "待撰写"
# a highlighted run of its own inside the paragraph the placeholder stands in (as docxtpl's InlineImage does)
_MARK = ('</w:t></w:r><w:r><w:rPr><w:highlight w:val="yellow"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'
         '<w:r><w:t xml:space="preserve">')


def blank(v) -> bool:
    """Nothing to say: None, '', whitespace, NaN."""
    return v is None or (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and math.isnan(v))


def pending(what: str) -> Markup:
    """「【待撰写：what】」, highlighted yellow so the author sees every gap."""
    return Markup(_MARK.format(escape(f"【{PENDING}：{what}】")))


def text(v, what: str | None = None):
    """A value as paragraph text (line breaks kept); blank → pending(what), or '' when there is nothing to ask for."""
    if blank(v):
        return pending(what) if what else ""
    if isinstance(v, Markup):
        return v
    return Markup(escape(str(v).strip()).replace("\n", '</w:t><w:br/><w:t xml:space="preserve">'))


def _num(v) -> float | None:
    if isinstance(v, bool) or blank(v):
        return None
    if isinstance(v, (int, float, Decimal)):
        return float(v)
    return None


def number(v, places: int = 2) -> str | None:
    """1268.4 → '1,268.40'; None for anything that is not a number."""
    n = _num(v)
    return None if n is None or not math.isfinite(n) else f"{n:,.{places}f}"


def amount(v) -> str | None:
    """An amount in 万元, two decimals with thousands separators."""
    return number(v, 2)


def score(v) -> str | None:
    """A score, two decimals (as the templates show it)."""
    n = _num(v)
    return None if n is None else f"{n:.2f}"


def percent(v, places: int = 2) -> str | None:
    """A ratio as a percentage: 0.9764 → '97.64%'."""
    n = _num(v)
    return None if n is None else f"{n * 100:.{places}f}%"


def plain(v) -> str | None:
    """A cell value as it reads: whole numbers without '.0', dates as 2026年5月28日, text trimmed; None when blank."""
    if blank(v):
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (dt.date, dt.datetime)):
        return date_text(v)
    return str(v).strip()


def date_text(v) -> str | None:
    """2026-05-28 (date or ISO text) → 2026年5月28日; other text as it is; None when blank."""
    if blank(v):
        return None
    if isinstance(v, str):
        try:
            v = dt.date.fromisoformat(v.strip()[:10])
        except ValueError:
            return v.strip()
    return f"{v.year}年{v.month}月{v.day}日"


def joined(*clauses) -> str | None:
    """Clauses that have their data, joined by '，'; None when none has."""
    parts = [c for c in clauses if c]
    return "，".join(parts) if parts else None


def sentence(*clauses) -> str | None:
    """joined(), closed with '。'."""
    j = joined(*clauses)
    return j + "。" if j else None


def clause(template: str, *values) -> str | None:
    """template.format(*values) when every value is there, else None (the clause is left out, not half-filled)."""
    return None if any(blank(v) for v in values) else template.format(*values)


def listing(items: list[str], sep: str = "、") -> str | None:
    items = [i for i in items if not blank(i)]
    return sep.join(items) if items else None


__all__ = ["PENDING", "blank", "pending", "text", "number", "amount", "score", "percent", "plain", "date_text",
           "joined", "sentence", "clause", "listing"]
