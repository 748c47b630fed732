"""绩效指标库 (the indicator library): the common indicators of the rules and, from the history database, each kind of
indicator used before — by 行业 and project — with its 二级 category, typical unit, the distribution of past targets and
actual values, its standard (历史/行业/计划标准) and a scoring note. `jixiao indicators` searches and exports it."""

from __future__ import annotations

from pathlib import Path

from ..intake.roster import norm_text
from ..spec.loader import load_profile
from .common import dept_common, project_common
from .model import COMMON, HISTORY, INDUSTRY_STD, PAST, PLAN, SCOPES, Entry, Stats
from .notes import scoring_note
from .workbook import write_library


def _stats(r: dict, prefix: str) -> Stats:
    return Stats(r[f"{prefix}_n"] or 0, r[f"{prefix}_min"], r[f"{prefix}_median"], r[f"{prefix}_max"])


def _common(profile: dict) -> list[Entry]:
    basis, rows = project_common()
    rows = [dict(r, formula=f"{r['formula']}（{basis}）") for r in rows] + dept_common(profile)
    return [Entry(COMMON, r["scope"], "", r["level1"], r["level2"], r["name"], r["nature"], r["unit"], r["standard"],
                  r.get("scoring") or scoring_note(r["nature"], profile), r["formula"]) for r in rows]


def _past(database, profile: dict) -> list[Entry]:
    from ..history import History
    with History(database) as h:
        kinds = h.kinds()
    out = []
    for r in kinds:
        actuals = _stats(r, "actual")
        years = f"{r['first_year']}" if r["first_year"] == r["last_year"] else f"{r['first_year']}—{r['last_year']}"
        out.append(Entry(PAST, "项目", r["industry"] or "", r["level1"] or "", r["level2"] or "", r["name"],
                         r["nature"] or "", r["measure_unit"] or "", HISTORY if actuals.n else PLAN,
                         scoring_note(r["nature"], profile), targets=_stats(r, "target"), actuals=actuals,
                         units=r["units"], projects=r["projects"], project_names=tuple(r["project_names"] or ()),
                         years=years))
    return sorted(out, key=lambda e: (e.industry, e.level1, e.level2, e.name, e.unit))


def build(database: str | Path | None = None, profile: str | dict | None = None) -> list[Entry]:
    """The library: the common indicators, then (with a history database) every kind of indicator it holds."""
    prof = profile if isinstance(profile, dict) else load_profile(profile or "national")
    return _common(prof) + (_past(database, prof) if database else [])


def search(entries: list[Entry], keywords=(), category: str | None = None, industry: str | None = None,
           scope: str | None = None) -> list[Entry]:
    """Entries matching every keyword (三级指标、二级指标、行业、项目名称、公式), the category (一级 or 二级 指标),
    the 行业 and the scope (项目、部门整体、评价)."""
    words = [norm_text(k) for k in keywords if norm_text(k)]
    cat, ind = norm_text(category), norm_text(industry)
    return [e for e in entries
            if all(w in e.text() for w in words)
            and (not cat or cat in (norm_text(e.level1), norm_text(e.level2)))
            and (not ind or ind in norm_text(e.industry))
            and (not scope or e.scope == scope)]

__all__ = ["COMMON", "Entry", "HISTORY", "INDUSTRY_STD", "PAST", "PLAN", "SCOPES", "Stats", "build", "search",
           "write_library"]
