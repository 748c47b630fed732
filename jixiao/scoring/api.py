"""Score one indicator row, an execution rate or a total directly: the functions the add-in and scripts call."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..spec.loader import load_profile
from .calcs import CALCS
from .calcs.project import grade_of
from .engine import context
from .excel import is_number
from .expr import Arg, evaluate
from .values import ParseProblem, Target, parse_number, parse_target

SYMBOLS = {">=": "≥", ">": "＞", "=": "＝", "<": "＜", "<=": "≤"}


@dataclass
class RowScore:
    score: float | None                  # None: not scored (not filled), distinct from 0
    flags: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    nature: str | None = None
    target: float | str | None = None
    actual: float | str | None = None


def _profile(profile) -> dict:
    return profile if isinstance(profile, dict) else load_profile(profile)


def _run(calc: str, profile: dict, **values):
    d = CALCS[calc]
    node = d.build(context(profile), **{k: Arg(k) for k in values})
    v = evaluate(node, values)
    return None if v == "" else v


def _number(raw, what: str, problems: list[str]):
    """A number from a cell that may hold '1,200', '95%', '５０' or '≥50个'."""
    if raw is None or raw == "" or is_number(raw):
        return raw
    n = parse_number(raw)
    if n is None:
        t = parse_target(raw)
        n = t.value if isinstance(t, Target) else None
    if n is None:
        problems.append(f"{what}「{raw}」不是数字")
        return raw
    return n


def _actual(raw, problems: list[str]):
    """(number, unit) of a 实际完成值: '96%' typed as text is 96 in %, as the template reads the cell's 96%."""
    if isinstance(raw, str):
        t = parse_target(raw)
        if isinstance(t, Target) and t.unit == "%":
            return t.value, "%"
    return _number(raw, "实际完成值", problems), ""


def parse_row_target(raw, nature: str | None = None):
    """(指标性质, 指标值, 单位, problem) from a target typed in one cell (≥50个) or already split across cells."""
    if raw is None or raw == "" or is_number(raw) or (nature is not None and nature not in SYMBOLS.values()):
        return nature, raw, "", None
    t = parse_target(raw)
    if isinstance(t, ParseProblem):
        return nature, raw, "", t.message
    op = SYMBOLS.get(t.op) if t.op else None
    return (nature or op), t.value, t.unit, None


def score_indicator(target, actual, weight, *, nature: str | None = None, manual=None, tier=None, low=None,
                    reason=None, level1=None, level2=None, name=None, unit=None, profile="national") -> RowScore:
    """One indicator row's score and flags under a profile, exactly as the template computes it."""
    prof = _profile(profile)
    problems: list[str] = []
    nature, t, parsed_unit, problem = parse_row_target(target, nature)
    if problem:
        problems.append(problem)
    a, actual_unit = _actual(actual, problems) if nature in SYMBOLS.values() else (actual, "")
    w = _number(weight, "分值", problems)
    row = dict(nature=nature, target=t, actual=a, weight=w, manual=manual, low=low,
               unit=unit or parsed_unit or actual_unit)
    score = _run("indicator_score", prof, **row)
    flag_text = _run("indicator_flags", prof, level1=level1, level2=level2, name=name, tier=tier, reason=reason,
                     score="" if score is None else score, **row)
    return RowScore(score, [f for f in (flag_text or "").split("；") if f], problems, nature, t, a)


def exec_rate(budget, executed, profile="national"):
    """预算执行率（按口径位数四舍五入）；无法计算时为 None。"""
    return _run("exec_rate", _profile(profile), budget=budget, executed=executed)


def exec_score(budget, executed, weight=None, profile="national"):
    """预算执行率得分。"""
    prof = _profile(profile)
    w = prof["weights"]["exec_rate"] if weight is None else weight
    rate = exec_rate(budget, executed, prof)
    return _run("exec_score", prof, rate=rate if rate is not None else "", weight=w)


def grade(total, profile="national") -> str | None:
    """总分对应的等级（优/良/中/差）。"""
    if not is_number(total):
        return None
    node = grade_of(context(_profile(profile)), Arg("total"))
    return evaluate(node, {"total": total})
