"""The re-review sample (复核抽样) of one year's self-evaluations in the history database: every project at risk —
the largest budgets, a big gap between the scores typed in the table and the rule scores, a grade jump against the
prior year — plus a seeded random share of the rest, so the same database and seed always give the same sample."""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass, field

from ..history import History
from ..history.checks import GRADES, SELF_EVAL
from ..scoring.api import score_indicator
from ..scoring.excel import excel_round
from ..spec.loader import load_profile

LARGE, GAP, JUMP, RANDOM = "大额预算", "得分差异", "等级跳变", "随机抽取"
QUANTITATIVE = ("≥", "＞", "＝", "＜", "≤")


@dataclass
class Pick:
    key: str                     # stable: year, unit, project
    year: int
    dept: str
    unit_code: str
    unit_name: str
    project_key: str
    project: str
    budget: float | None
    score: float | None
    grade: str
    prev_grade: str = ""
    gap: float = 0.0             # Σ |表内得分 − 规则得分| over the quantitative indicators
    reasons: list[str] = field(default_factory=list)
    file: str = ""

    @property
    def why(self) -> str:
        return "；".join(self.reasons)


def settings(profile: dict | None) -> dict:
    """The profile's `review` settings; a profile without them (an older custom one) uses the national ones."""
    return (profile or {}).get("review") or load_profile("national")["review"]


def pick_key(year, unit_code, project_key) -> str:
    return "FH" + hashlib.sha1(f"{year}|{unit_code}|{project_key}".encode("utf-8")).hexdigest()[:10].upper()


def _num(v) -> float | None:
    return None if v is None else float(v)


def score_gaps(h: History, year: int, profile: dict) -> dict[tuple, float]:
    """(unit, project) → Σ |typed − rule score| of its quantitative rows (the rule: scoring.api.score_indicator)."""
    gaps: dict[tuple, float] = {}
    for r in h.indicators(year, SELF_EVAL):
        if r["nature"] not in QUANTITATIVE or None in (r["score"], r["target_num"], r["actual_num"], r["weight"]):
            continue
        rule = score_indicator(r["target_num"], r["actual_num"], r["weight"], nature=r["nature"],
                               unit=r["measure_unit"], profile=profile).score
        if isinstance(rule, (int, float)):
            k = (r["unit_code"], r["project_key"])
            gaps[k] = excel_round(gaps.get(k, 0.0) + abs(float(r["score"]) - rule), 2)
    return gaps


def prior_grades(h: History, year: int) -> dict[tuple, str]:
    """(unit, project) → last year's grade of the same project (the matching of C103: history.checks.GRADES)."""
    h.con.execute(f"CREATE OR REPLACE TEMP VIEW cur_projects AS SELECT * FROM projects "
                  f"WHERE form_id = '{SELF_EVAL}' AND year = {int(year)}")
    try:
        return {(r["unit_code"], r["project_key"]): r["prev_grade"] for r in h.query(GRADES)}
    finally:
        h.con.execute("DROP VIEW cur_projects")


def draw(database, year: int | None = None, seed: int | None = None, profile: str | dict | None = None) -> list[Pick]:
    """The sample of `year` (default: the latest self-evaluation year), seeded by `seed` (default: the year)."""
    prof = profile if isinstance(profile, dict) else load_profile(profile or "national")
    cfg, order = settings(prof), [g["grade"] for g in prof["grades"]]
    with History(database) as h:
        years = h.years(SELF_EVAL)
        if not years:
            return []
        year = year or years[-1]
        rows = h.projects(year, SELF_EVAL)
        gaps, prior = score_gaps(h, year, prof), prior_grades(h, year)
    picks = []
    for r in rows:
        k = (r["unit_code"], r["project_key"])
        picks.append(Pick(pick_key(year, *k), year, r["dept_name"] or "", r["unit_code"], r["unit_name"] or "",
                          r["project_key"], r["project_name"] or "", _num(r["budget_wan"]), r["total_score"],
                          r["grade"] or "", prior.get(k) or "", gaps.get(k, 0.0), file=r["file"] or ""))
    by_budget = sorted((p for p in picks if p.budget is not None), key=lambda p: (-p.budget, p.key))
    for p in by_budget[:math.ceil(len(picks) * cfg["large_top"])]:
        p.reasons.append(f"{LARGE}：全年预算数 {p.budget:,.2f} 万元，位于前 {cfg['large_top']:.0%}")
    for p in picks:
        if p.gap >= cfg["score_gap"]:
            p.reasons.append(f"{GAP}：表内得分与按规则重算相差 {p.gap:g} 分")
        if p.grade in order and p.prev_grade in order and abs(order.index(p.grade) - order.index(p.prev_grade)) \
                >= cfg["grade_jump"]:
            p.reasons.append(f"{JUMP}：上年「{p.prev_grade}」，本年「{p.grade}」")
    rest = sorted((p for p in picks if not p.reasons), key=lambda p: p.key)
    n = min(len(rest), math.ceil(len(rest) * cfg["random_share"]))
    for p in random.Random(year if seed is None else seed).sample(rest, n):
        p.reasons.append(f"{RANDOM}（种子 {year if seed is None else seed}）")
    return sorted((p for p in picks if p.reasons), key=lambda p: (p.dept, p.unit_code, p.project, p.key))
