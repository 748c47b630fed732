"""部门预算绩效管理工作考核: each department scored on what jixiao already holds — 报送及时 (check folders' received
times against the deadline, 未报送 counted late), 报送质量 (files without 强制 problems), 问题整改 (the 整改台账), 信息公开
(the publish internal list's 公开比例) — with the points of the profile's `assessment`, plus bonus points."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from ..batch.folder import load_check
from ..errors import JixiaoError
from ..intake.roster import Roster
from ..ledger import read_ledger
from ..ledger.items import DONE, OVERDUE
from ..report.model import to_datetime
from ..scoring.api import grade
from ..scoring.excel import excel_round
from ..spec.loader import load_profile

ITEMS = {"timeliness": "报送及时", "quality": "报送质量", "rectification": "问题整改", "disclosure": "信息公开"}
UNLISTED = "（名册外）"
SELF_EVALS = ("project_self_eval", "dept_self_eval")


class AssessError(JixiaoError):
    """An input of the assessment cannot be used; message Chinese."""


@dataclass
class Part:
    score: float
    points: float
    basis: str                   # how the score came about, in words


@dataclass
class Dept:
    name: str
    parts: dict[str, Part] = field(default_factory=dict)
    bonus: float = 0.0
    bonus_basis: str = ""
    total: float = 0.0           # 折算为百分制后的得分 + 附加分
    grade: str = ""
    rank: int = 0


def settings(profile: dict | None) -> dict:
    return (profile or {}).get("assessment") or load_profile("national")["assessment"]


def default_deadline(year: int, cfg: dict) -> datetime:
    """The self-evaluation deadline of `year`'s self-evaluations: the profile's 月-日 of the next year, end of day."""
    month, day = map(int, cfg["deadline"].split("-"))
    return datetime.combine(date(year + 1, month, day), time(23, 59, 59))


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 1.0


def _received(fr) -> datetime | None:
    return to_datetime(fr.facts.get("date")) or to_datetime(fr.facts.get("mtime"))


def _checks(folders, roster: Roster, deadline: datetime | None, cfg: dict) -> tuple[dict, dict, datetime | None]:
    """Per department: (on time, due) and (without 强制, files) from the check folders."""
    timely: dict[str, list[int]] = {}
    quality: dict[str, list[int]] = {}
    for folder in folders:
        batch = load_check(folder, roster)
        if deadline is None:                  # the deadline of the self-evaluations the folder holds
            years = sorted({int(fr.facts["year"]) for fr in batch.current
                            if fr.form_id in SELF_EVALS and str(fr.facts.get("year", "")).isdigit()})
            deadline = default_deadline(years[-1], cfg) if years else None
        older: dict[int, list] = {}
        for old, new in batch.superseded:
            older.setdefault(id(new), []).append(old)
        for fr in batch.files:
            unit = batch.unit_of(fr)
            if unit is None or fr.form_id is None or batch.copy_of(fr) is not None:
                continue
            q = quality.setdefault(unit.department, [0, 0])
            q[0] += fr.status != "强制"
            q[1] += 1
            if not batch.is_current(fr):
                continue
            first = min((w for w in map(_received, [fr, *older.get(id(fr), [])]) if w is not None), default=None)
            t = timely.setdefault(unit.department, [0, 0])
            t[0] += first is not None and deadline is not None and first.replace(tzinfo=None) <= deadline
            t[1] += 1
        for unit, _form in batch.missing:
            timely.setdefault(unit.department, [0, 0])[1] += 1
    return timely, quality, deadline


def _ledger(path) -> dict[str, list[int]]:
    """Per department: [已整改, 全部, 逾期] of the ledger."""
    out: dict[str, list[int]] = {}
    for item in read_ledger(path):
        c = out.setdefault(item.dept or UNLISTED, [0, 0, 0])
        c[0] += item.status == DONE
        c[1] += 1
        c[2] += item.status == OVERDUE
    return out


def _coverage(path) -> dict[str, tuple[float, float]]:
    """Per department (公开比例, 要求不低于) from the 公开比例 sheet of `jixiao publish --report`."""
    from ..consolidate.public_workbook import COVERAGE, coverage_columns
    from ..workbook.edited import sheet_rows
    heads = {h: k for k, h, *_ in coverage_columns()}
    rows = sheet_rows(path, COVERAGE, "公开版内部清单", AssessError,
                      "：请给出 jixiao publish --report 写出的内部清单（.xlsx）")
    need = ("dept_name", "ratio", "required")
    for head, r in enumerate(rows[:5]):
        cols = {heads[h]: i for i, h in enumerate(r or ()) if h in heads}
        if all(k in cols for k in need):
            break
    else:
        raise AssessError(f"「{path}」的“{COVERAGE}”表找不到表头行（主管部门、公开比例、要求不低于）")
    out = {}
    for r in rows[head + 1:]:
        name, ratio, req = (r[cols[k]] for k in ("dept_name", "ratio", "required"))
        if name and name != "合计" and isinstance(ratio, (int, float)) and isinstance(req, (int, float)):
            out[str(name)] = (float(ratio), float(req))
    return out


def load_bonus(path) -> dict[str, list[tuple[str, float]]]:
    """附加分 (.csv with 主管部门, 附加分[, 事项]): per department its (事项, points)."""
    out: dict[str, list[tuple[str, float]]] = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        for n, row in enumerate(csv.DictReader(f), 2):
            dept, pts = (row.get("主管部门") or "").strip(), (row.get("附加分") or "").strip()
            if not dept:
                continue
            try:
                out.setdefault(dept, []).append(((row.get("事项") or "").strip(), float(pts)))
            except ValueError:
                raise AssessError(f"附加分清单「{path}」第{n}行：附加分「{pts}」不是数字") from None
    return out


def assess(checks, roster: Roster, *, ledger=None, publish=None, bonus=None, deadline: datetime | None = None,
           profile: str | dict | None = None) -> tuple[list[Dept], datetime | None]:
    """The assessment of every department of the roster; items without data (no ledger, no publish list) are left out
    and the total is scaled to 100."""
    prof = profile if isinstance(profile, dict) else load_profile(profile or "national")
    cfg = settings(prof)
    points = cfg["items"]
    timely, quality, deadline = _checks(checks, roster, deadline, cfg)
    book = _ledger(ledger) if ledger else None
    cover = _coverage(publish) if publish else None
    extra = bonus or {}
    names = sorted({u.department for u in roster.units if u.department} | set(timely) | set(quality))
    out = []
    for name in names:
        d = Dept(name)
        if "timeliness" in points and name in timely:
            ok, due = timely[name]
            d.parts["timeliness"] = Part(excel_round(points["timeliness"] * _share(ok, due), 2), points["timeliness"],
                                         f"按期报送 {ok} / 应报 {due}（截止 {deadline:%Y-%m-%d}，未报送计为未按期）"
                                         if deadline else f"按期报送 {ok} / 应报 {due}")
        if "quality" in points and name in quality:
            ok, n = quality[name]
            d.parts["quality"] = Part(excel_round(points["quality"] * _share(ok, n), 2), points["quality"],
                                      f"无强制性问题的文件 {ok} / 报送文件 {n}")
        if "rectification" in points and book is not None:
            done, n, late = book.get(name, [0, 0, 0])
            d.parts["rectification"] = Part(excel_round(points["rectification"] * _share(done, n), 2), points["rectification"],
                                            f"已整改 {done} / 整改事项 {n}，逾期 {late} 项" if n else "无整改事项")
        if "disclosure" in points and cover is not None and name in cover:
            ratio, req = cover[name]
            d.parts["disclosure"] = Part(excel_round(points["disclosure"] * min(1.0, ratio / req if req else 1.0), 2),
                                         points["disclosure"], f"公开比例 {ratio:.2%}（要求不低于 {req:.0%}）")
        items = extra.get(name) or []
        d.bonus = excel_round(min(cfg["bonus_max"], sum(p for _, p in items)), 2)
        d.bonus_basis = "；".join(f"{what or '附加分'} {p:g}" for what, p in items)
        full = sum(p.points for p in d.parts.values())
        d.total = excel_round((sum(p.score for p in d.parts.values()) / full * 100 if full else 0) + d.bonus, 2)
        d.grade = grade(min(d.total, 100), prof) or ""
        out.append(d)
    for i, d in enumerate(sorted(out, key=lambda d: (-d.total, d.name)), 1):
        d.rank = i
    return sorted(out, key=lambda d: d.rank), deadline
