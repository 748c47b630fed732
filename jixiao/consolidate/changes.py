"""变更: what a re-run changed against the previous consolidation workbook — units, projects, values and why."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


from ..errors import JixiaoError
from ..intake.roster import norm_code
from ..report.model import clean, form_title
from ..workbook.reader import ReadError, read_sheets
from .readback import header_problem, sheet_records, read_meta
from .records import AMOUNT_CELLS, project_key
from .rounding import to_decimal
from .sheets import DETAIL, INDICATORS, KIND, canon, indicator_columns, project_columns
from .workbook import detail_rows

CHANGES = "变更"
CHANGE_COLUMNS = [("row_id", "行号", 6, None), ("change", "变更类型", 9, None), ("dept_name", "主管部门", 12, None),
                  ("unit_code", "单位编码", 8, None), ("unit_name", "单位名称", 14, None),
                  ("project_code", "项目编码", 15, None), ("project_name", "项目名称", 18, None),
                  ("field", "字段", 14, None), ("old", "原值", 12, None), ("new", "新值", 12, None),
                  ("file", "引起变更的文件", 24, None), ("note", "说明", 24, None)]
UNIT_ADDED, UNIT_REMOVED = "新增单位", "删除单位"
ADDED, REMOVED, CHANGED, SOURCE_ONLY = "新增项目", "删除项目", "数据变更", "来源变更"
KIND_ORDER = (UNIT_ADDED, UNIT_REMOVED, ADDED, REMOVED, CHANGED, SOURCE_ONLY)
# columns that say where a row is or came from, not what it says
_WHO = ("dept_name", "unit_code", "unit_name", "project_code", "project_name")
_PLACE = {"row_id", "project_row", "year", "unit_code", "project_code", "index", "origin", "origin_sha256"}
BALANCE_NOTE = "来源文件未变：金额差异来自舍位平衡（其他单位数据变化后，尾差重新分配）"
CENT = to_decimal("0.01")
GONE_NOTE = "本次汇总中没有该项目（未报送、未纳入汇总或不在本次范围，见“异常清单”）"
SAME_FILE_NOTE = "来源文件未变（可能因名册、政策口径或审核规则调整）"


class ChangeError(JixiaoError, ValueError):
    """The previous workbook cannot be compared; the message is Chinese."""


@dataclass
class Project:
    """One project as the detail sheets show it: its 项目明细 row and its 指标明细 rows by 指标序号."""

    row: dict
    indicators: dict = field(default_factory=dict)


@dataclass
class Snapshot:
    form_id: str
    projects: dict                   # project key → Project, in sheet order


@dataclass
class Change:
    kind: str
    project: dict                    # the 项目明细 row it concerns (new one, or the old one when removed)
    field: str = ""
    old: object = None
    new: object = None
    file: str = ""
    note: str = ""


@dataclass
class ChangeReport:
    previous: str                    # the previous workbook's file name
    changes: list[Change]
    title: str = CHANGES
    columns: list = field(default_factory=lambda: list(CHANGE_COLUMNS))

    def __bool__(self) -> bool:
        return bool(self.changes)

    def counts(self) -> Counter:
        return Counter(c.kind for c in self.changes if c.kind != CHANGED) + Counter(
            {CHANGED: len({_key(c.project) for c in self.changes if c.kind == CHANGED})})

    def units(self) -> list[str]:
        """The units touched, as 「编码 名称」."""
        seen = {norm_code(c.project.get("unit_code")): c.project.get("unit_name") or "" for c in self.changes}
        return [f"{code} {name}".strip() for code, name in sorted(seen.items())]

    def summary(self) -> str:
        if not self.changes:
            return f"与上次汇总「{self.previous}」相比：无变更。"
        n, fields = self.counts(), sum(1 for c in self.changes if c.kind == CHANGED)
        parts = [f"{k} {n[k]} 个" + (f"（{fields} 处）" if k == CHANGED else "") for k in KIND_ORDER if n.get(k)]
        return (f"与上次汇总「{self.previous}」相比：{'、'.join(parts)}；涉及单位：{'、'.join(self.units())}。"
                f"逐项见“{CHANGES}”表。")

    def lines(self, limit: int = 20) -> list[str]:
        """The first `limit` changes as console lines, e.g. 「101003 区教师发展中心 教研活动经费：执行数 12 → 11（文件）」."""
        out = []
        for c in self.changes[:limit]:
            p = c.project
            who = " ".join(str(x) for x in (p.get("unit_code"), p.get("unit_name"), p.get("project_name")) if x)
            what = f"{c.field}：{_text(c.old)} → {_text(c.new)}" if c.field else ""
            out.append(f"{c.kind} {who}" + (f"　{what}" if what else "") + (f"（{c.file}）" if c.file else ""))
        if len(self.changes) > limit:
            out.append(f"……另有 {len(self.changes) - limit} 项，见“{CHANGES}”表")
        return out

    def rows(self):
        for n, c in enumerate(self.changes, 1):
            p = c.project
            yield {"row_id": f"C{n}", "change": c.kind, **{k: p.get(k) for k in _WHO}, "field": c.field,
                   "old": c.old, "new": c.new, "file": c.file, "note": c.note}


def _text(v) -> str:
    if v is None or v == "":
        return "（空）"
    return canon(v).removesuffix(".0") if isinstance(v, (int, float)) or type(v).__name__ == "Decimal" else str(v)


def _key(row: dict) -> tuple:
    return project_key("", row)[1:]


def _same(a, b) -> bool:
    return canon(clean(a)) == canon(clean(b))


def _snapshot(form_id: str, rows) -> Snapshot:
    """Projects keyed by (year, unit, project code or name); a repeated key gets a numbered suffix."""
    snap, seen = Snapshot(form_id, {}), Counter()
    for row, irows in rows:
        key = _key(row)
        seen[key] += 1
        snap.projects[key if seen[key] == 1 else key + (seen[key],)] = Project(row, {r["index"]: r for r in irows})
    return snap


def snapshot_of(c) -> Snapshot:
    """The detail rows of a consolidation, exactly as write_workbook writes them."""
    return _snapshot(c.form_id, ((row, [ir for _, ir in irows]) for _, row, irows in detail_rows(c)))


def read_snapshot(path) -> Snapshot:
    """The detail rows of a workbook written by write_workbook; ChangeError if it is not one (or was mangled)."""
    name = Path(path).name
    meta = read_meta(path) or {}
    form_id = meta.get("form_id")
    if meta.get("kind") != KIND or form_id not in AMOUNT_CELLS:
        raise ChangeError(f"「{name}」不是 jixiao 生成的汇总表，无法比较变更。")
    try:
        names, sheets = read_sheets(path, (DETAIL, INDICATORS))      # vetted like any submission
    except ReadError as e:
        raise ChangeError(f"「{name}」无法比较变更：{e.message}") from e
    if not {DETAIL, INDICATORS} <= set(names):
        raise ChangeError(f"「{name}」缺少“{DETAIL}”或“{INDICATORS}”工作表，无法比较变更。")
    pcols, icols = project_columns(form_id), indicator_columns(form_id)
    for sheet, cols in ((DETAIL, pcols), (INDICATORS, icols)):
        problem = header_problem(sheets[sheet], cols, sheet)
        if problem:
            raise ChangeError(f"「{name}」无法比较变更：{problem}")
    projects = [d for _, d in sheet_records(sheets[DETAIL], pcols, DETAIL)]
    by_row = {str(d["row_id"]): [] for d in projects}
    for _, d in sheet_records(sheets[INDICATORS], icols, INDICATORS):
        by_row.setdefault(str(d["project_row"]), []).append(d)
    return _snapshot(form_id, ((d, by_row[str(d["row_id"])]) for d in projects))


def _fields(old: Project, new: Project, pheads: dict, iheads: dict):
    """(field label, old value, new value) for every shown value that differs."""
    for key, head in pheads.items():
        if key not in _PLACE and not _same(old.row.get(key), new.row.get(key)):
            yield head, old.row.get(key), new.row.get(key)
    for index in sorted(set(old.indicators) | set(new.indicators), key=lambda i: (str(type(i)), i)):
        a, b = old.indicators.get(index), new.indicators.get(index)
        if a is None or b is None:
            yield f"指标{index}", a.get("name") if a else "（无）", b.get("name") if b else "（无）"
            continue
        for key, head in iheads.items():
            if key not in _PLACE and not _same(a.get(key), b.get(key)):
                yield f"指标{index}：{head}", a.get(key), b.get(key)


def _unit_changes(snap: Snapshot, other: Snapshot, kind: str):
    """A unit in `snap` with no project in `other`: one row with its project count and files."""
    known = {norm_code(p.row.get("unit_code")) for p in other.projects.values()}
    rows: dict[str, list[dict]] = {}
    for p in snap.projects.values():
        code = norm_code(p.row.get("unit_code"))
        if code not in known:
            rows.setdefault(code, []).append(p.row)
    for found in rows.values():
        n, files = len(found), "、".join(dict.fromkeys(str(r["origin"]) for r in found if r.get("origin")))
        added = kind == UNIT_ADDED
        yield Change(kind, {**found[0], "project_code": None, "project_name": None}, "项目数", None if added else n,
                     n if added else None, files if added else "", "" if added else f"原来源：{files}")


def _cause(old: dict, new: dict, diffs, amounts: set) -> tuple[str, str]:
    """(the file behind a change, a note): the new source file, or why values moved although it did not change."""
    if str(old.get("origin_sha256") or "") != str(new.get("origin_sha256") or ""):
        moved = old.get("origin") != new.get("origin")
        return str(new.get("origin") or ""), f"原来源：{old.get('origin')}" if moved else "同名文件内容已更新"
    small = all(h in amounts and None not in (to_decimal(a), to_decimal(b))
                and abs(to_decimal(a) - to_decimal(b)) <= CENT for h, a, b in diffs)
    return str(new.get("origin") or ""), BALANCE_NOTE if small else SAME_FILE_NOTE


def compare(old: Snapshot, new: Snapshot, previous: str = "上次汇总") -> ChangeReport:
    """Units and projects added or removed, and each changed value with the file that caused it."""
    if old.form_id != new.form_id:
        raise ChangeError(f"上次汇总「{previous}」是「{form_title(old.form_id)}」，本次是「{form_title(new.form_id)}」，"
                          "表单不同，无法比较变更。")
    pheads = {k: h for k, h, *_ in project_columns(new.form_id)}
    iheads = {k: h for k, h, *_ in indicator_columns(new.form_id)}
    amounts = {pheads[a] for a in AMOUNT_CELLS[new.form_id]}
    out = list(_unit_changes(new, old, UNIT_ADDED)) + list(_unit_changes(old, new, UNIT_REMOVED))
    out += [Change(ADDED, p.row, file=str(p.row.get("origin") or ""))
            for key, p in new.projects.items() if key not in old.projects]
    out += [Change(REMOVED, p.row, note=f"原来源：{p.row.get('origin')}；{GONE_NOTE}")
            for key, p in old.projects.items() if key not in new.projects]
    for key, p in new.projects.items():
        before = old.projects.get(key)
        if before is None:
            continue
        diffs = list(_fields(before, p, pheads, iheads))
        if diffs:
            file, note = _cause(before.row, p.row, diffs, amounts)
            out += [Change(CHANGED, p.row, h, a, b, file, note) for h, a, b in diffs]
        elif not _same(before.row.get("origin_sha256"), p.row.get("origin_sha256")):
            out.append(Change(SOURCE_ONLY, p.row, pheads["origin"], before.row.get("origin"), p.row.get("origin"),
                              str(p.row.get("origin") or ""), "数据未变，来源文件已更换"))
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    out.sort(key=lambda c: (str(c.project.get("dept_code") or "~"), norm_code(c.project.get("unit_code")),
                            c.kind not in (UNIT_ADDED, UNIT_REMOVED), str(c.project.get("project_code") or ""),
                            str(c.project.get("project_name") or ""), order[c.kind]))
    return ChangeReport(previous, out)


def compare_with(previous, c) -> ChangeReport:
    """The change report of consolidation `c` against the workbook at `previous` (read before it is overwritten)."""
    return compare(read_snapshot(previous), snapshot_of(c), Path(previous).name)
