"""Cross-form integrity (family L): a self-evaluation's or monitoring table's indicators against the approved goal
table of the same project — a target loosened, an indicator dropped or added, the scoring basis changed — with a
documented 绩效目标调整 honoured (L107, a note)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import JixiaoError
from ..intake.roster import norm_code, norm_text
from ..scoring.calcs.typed import in_percent_points
from .finding import FileReport, Finding

GOAL_FORM = "project_goal"
CHECKED_FORMS = ("project_self_eval", "project_monitor")
MISSING, ADDED, LOOSENED, CHANGED, BASIS, NO_GOAL, ADJUSTED = "L101", "L102", "L103", "L104", "L105", "L106", "L107"
HIGHER_IS_BETTER, LOWER_IS_BETTER = ("≥", "＞"), ("≤", "＜")
BASIS_KEYS = (("level1", "一级指标"), ("level2", "二级指标"), ("nature", "指标性质"), ("unit", "度量单位"), ("weight", "分值"))
DROPPED = {"取消", "删除", "删去", "不适用", "—", "-"}       # 调整后指标值 of an indicator taken out by an adjustment
CHANGE_COLUMNS = {"project_code": "项目编码", "indicator": "指标", "target": "调整后指标值", "date": "批准日期",
                  "reason": "调整原因", "year": "年度"}


@dataclass(frozen=True)
class Indicator:
    level1: object
    level2: object
    name: str
    nature: object
    target: object
    unit: object
    weight: object = None
    sheet: str = ""
    cell: str = ""                    # the 年度指标值 cell

    @property
    def label(self) -> str:
        return "/".join(str(v or "") for v in (self.level1, self.level2, self.name))

    @property
    def shown(self) -> str:
        """The target as a clerk writes it: ≥95%, 定性 明显改善."""
        nature = "" if self.nature in (None, "定性", "定量（其他）") else str(self.nature)
        unit = "" if self.nature == "定性" else str(self.unit or "")
        return f"{nature}{_text(self.target)}{unit}" if not _blank(self.target) else "（空）"


@dataclass(frozen=True)
class FormIndicators:
    """What a goal table, self-evaluation or monitoring table says about one project's indicators."""

    form_id: str
    year: str
    unit_code: str
    project_code: str
    project_name: str
    indicators: tuple[Indicator, ...]
    file: str = ""

    @property
    def keys(self) -> tuple[tuple, ...]:
        return tuple(k for k in ((self.year, "code", self.project_code) if self.project_code else None,
                                 (self.year, "name", self.unit_code, norm_text(self.project_name))) if k)


@dataclass(frozen=True)
class Adjustment:
    project_code: str
    indicator: str
    target: object
    date: object
    reason: str
    year: str = ""

    @property
    def documented(self) -> bool:
        return not _blank(self.date) and not _blank(self.reason)


@dataclass
class Goals:
    """The approved goal tables by (year, project code) and by (year, unit, project name), and the adjustments."""

    tables: list[FormIndicators] = field(default_factory=list)
    changes: list[Adjustment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)          # goal files that could not be used, and why

    def find(self, fi: FormIndicators) -> FormIndicators | None:
        index = {k: g for g in reversed(self.tables) for k in g.keys}     # the first given wins
        return next((index[k] for k in fi.keys if k in index), None)

    def change(self, fi: FormIndicators, name: str) -> Adjustment | None:
        return next((c for c in self.changes if c.project_code == fi.project_code and norm_text(c.indicator) == name
                     and (not c.year or c.year == fi.year)), None)


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _text(v) -> str:
    return f"{v:.10g}" if isinstance(v, float) else str(v)


def indicator_rows(fr) -> FormIndicators:
    """The project and its indicator rows of one read form (template or non-template layout), with their cells."""
    form, fields = fr.form, fr.data["fields"]
    table = form.tables["indicators"]
    rows = []
    for i, r in enumerate(fr.data["tables"].get("indicators") or []):
        if _blank(r.get("name")):
            continue
        cid = table.cell_id(i, "target")
        sheet, cell = fr.own_cell(cid) or ("", "")
        rows.append(Indicator(r.get("level1"), r.get("level2"), str(r["name"]).strip(), r.get("nature"),
                              r.get("target"), r.get("unit"), r.get("weight"), sheet, cell))
    return FormIndicators(form.id, norm_code(form.role(fields, "year")), norm_code(form.role(fields, "unit_code")),
                          norm_code(form.role(fields, "project_code")), str(form.role(fields, "project_name") or ""),
                          tuple(rows))


def extract(fr, ev=None, profile=None) -> FormIndicators | None:
    """Options.extract for `jixiao check --goals`: the rows of a form this family checks (run in the worker)."""
    return indicator_rows(fr) if fr.form.id in CHECKED_FORMS else None


def load_goal_files(paths) -> Goals:
    """Approved goal tables from files and folders (.xlsx, any layout the reader knows); others are noted, not used."""
    from ..workbook.reader import ReadError, read
    goals = Goals()
    for path in map(Path, paths):
        if not path.exists():
            raise JixiaoError(f"找不到目标表：{path}")
        files = sorted(p for p in path.rglob("*.xlsx") if p.is_file()) if path.is_dir() else [path]
        for p in files:
            try:
                fr = read(p)
            except ReadError as e:
                goals.notes.append(f"{p.name}：无法读取（{e.message}）")
                continue
            if fr.form.id != GOAL_FORM:
                goals.notes.append(f"{p.name}：不是项目支出绩效目标申报表（{fr.form.spec['title']}），未作为目标表")
                continue
            goals.tables.append(_named(indicator_rows(fr), p.name))
    return goals


def _named(fi: FormIndicators, file: str) -> FormIndicators:
    return FormIndicators(fi.form_id, fi.year, fi.unit_code, fi.project_code, fi.project_name, fi.indicators, file)


def load_changes(path) -> list[Adjustment]:
    """绩效目标调整 from a .csv (UTF-8, with or without BOM, or GBK) or .xlsx: 项目编码, 指标, 调整后指标值, 批准日期,
    调整原因 (年度 optional)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gbk", errors="replace")
        rows = list(csv.reader(text.splitlines()))
    else:
        from openpyxl import load_workbook
        wb = load_workbook(path, read_only=True, data_only=True)
        rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
        wb.close()
    if not rows:
        return []
    head = [norm_text(h) for h in rows[0]]
    cols = {k: head.index(norm_text(h)) for k, h in CHANGE_COLUMNS.items() if norm_text(h) in head}
    need = [h for k, h in CHANGE_COLUMNS.items() if k not in cols and k != "year"]
    if need:
        raise JixiaoError(f"绩效目标调整表「{path.name}」缺少列：{'、'.join(need)}（第一行应为列名：项目编码、指标、"
                          f"调整后指标值、批准日期、调整原因）")
    out = []
    for r in rows[1:]:
        v = {k: r[i] if i < len(r) else None for k, i in cols.items()}
        if not _blank(v.get("project_code")) and not _blank(v.get("indicator")):
            out.append(Adjustment(norm_code(v["project_code"]), str(v["indicator"]).strip(), _number(v["target"]),
                                  v["date"], str(v["reason"] or "").strip(), norm_code(v.get("year"))))
    return out


def _number(v):
    if isinstance(v, str):
        try:
            f = float(v.strip().replace(",", ""))
            return int(f) if f.is_integer() else f
        except ValueError:
            return v.strip()
    return v


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(a - b) < 1e-9
    return norm_text(a) == norm_text(b)


def _direction(approved: Indicator, typed: Indicator) -> int:
    """+1 the typed target is looser than approved, -1 stricter or otherwise changed, 0 the same."""
    a, t = in_percent_points(approved.unit, approved.target, typed.target)
    if _same(a, t):
        return 0
    if isinstance(a, (int, float)) and isinstance(t, (int, float)):
        if approved.nature in HIGHER_IS_BETTER:
            return 1 if t < a else -1
        if approved.nature in LOWER_IS_BETTER:
            return 1 if t > a else -1
    return -1


def _where(fi: FormIndicators, ind: Indicator | None = None) -> str:
    cell = f"「{ind.sheet}」{ind.cell}" if ind is not None and ind.sheet else ""
    return f"{fi.file}{cell}"


def _adjusted(change: Adjustment | None, what: str) -> str:
    return (f"按 {change.date} 批准的绩效目标调整（{change.reason}），{what}，已按调整核对。"
            if change is not None else "")


def compare(report: FileReport, fi: FormIndicators, goals: Goals) -> list[Finding]:
    """The L findings of one self-evaluation or monitoring table."""
    file, sheet = report.file, next((i.sheet for i in fi.indicators if i.sheet), "")
    goal = goals.find(fi)
    if goal is None:
        return [Finding(NO_GOAL, file=file, sheet=sheet, label=fi.project_name, value=fi.project_code or "未填",
                        expected=fi.year, detail="请核对项目编码和年度，或用 --goals 给出该项目的目标表。")]
    out: list[Finding] = []
    typed = {}
    for ind in fi.indicators:
        typed.setdefault(norm_text(ind.name), ind)
    approved = {}
    for ind in goal.indicators:
        approved.setdefault(norm_text(ind.name), ind)
    for key, a in approved.items():
        change = goals.change(fi, key)
        t = typed.get(key)
        if t is None:
            if change is not None and change.documented and norm_text(change.target) in DROPPED:
                out.append(Finding(ADJUSTED, file=file, sheet=sheet, label=a.label,
                                   detail=_adjusted(change, f"指标「{a.name}」已取消")))
            else:
                out.append(Finding(MISSING, file=file, sheet=sheet, label=a.label, expected=a.shown,
                                   detail=_where(goal, a) + _undocumented(change)))
            continue
        out += _compare_row(file, goal, a, t, change)
    for key, t in typed.items():
        if key in approved:
            continue
        change = goals.change(fi, key)
        if change is not None and change.documented:
            out.append(Finding(ADJUSTED, file=file, sheet=t.sheet, cell=t.cell, label=t.label,
                               detail=_adjusted(change, f"增加指标「{t.name}」")))
        else:
            out.append(Finding(ADDED, file=file, sheet=t.sheet, cell=t.cell, label=t.label, value=t.shown,
                               detail=_where(goal) + _undocumented(change)))
    return out


def _undocumented(change: Adjustment | None) -> str:
    if change is None:
        return ""
    return "；绩效目标调整记录缺少批准日期或调整原因，未予认可" if not change.documented else \
        f"；与批准调整的指标值 {_text(change.target)} 也不一致"


def _compare_row(file: str, goal: FormIndicators, a: Indicator, t: Indicator, change: Adjustment | None) -> list:
    out = []
    moved = [f"{title}批复为「{_text(getattr(a, k))}」，本表为「{_text(getattr(t, k))}」" for k, title in BASIS_KEYS
             if not _blank(getattr(a, k)) and not _same(getattr(a, k), getattr(t, k))]
    if moved:
        out.append(Finding(BASIS, file=file, sheet=t.sheet, cell=t.cell, label=t.label,
                           detail="；".join(moved) + f"。目标表见 {_where(goal, a)}"))
    way = _direction(a, t)
    if way == 0:
        return out
    if change is not None and change.documented and _same(*in_percent_points(a.unit, change.target, t.target)):
        out.append(Finding(ADJUSTED, file=file, sheet=t.sheet, cell=t.cell, label=t.label,
                           detail=_adjusted(change, f"指标值由批复的 {a.shown} 调整为 {t.shown}")))
        return out
    num = isinstance(t.target, (int, float)) and isinstance(a.target, (int, float))
    out.append(Finding(LOOSENED if way > 0 else CHANGED, file=file, sheet=t.sheet, cell=t.cell, label=t.label,
                       value=t.shown, expected=a.shown,
                       difference=round(t.target - a.target, 10) if num else None,
                       detail=_where(goal, a) + _undocumented(change)))
    return out


def apply(report: FileReport, goals: Goals) -> None:
    """The post-pass of `jixiao check --goals`: L findings for a file whose worker extracted its indicator rows."""
    fi = report.extract
    if isinstance(fi, FormIndicators) and fi.form_id in CHECKED_FORMS and fi.indicators:
        report.findings += compare(report, fi, goals)
