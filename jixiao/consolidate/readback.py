"""Read a workbook written by write_workbook back into records, so a bureau can merge department workbooks."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from ..intake.roster import norm_code
from ..rules.finding import Finding
from ..workbook.reader import ReadError, read_sheets
from .nodecheck import check_tree
from .records import (AMOUNT_CELLS, PROJECT_FORMS, RESULT_CELLS, IndicatorRecord, ProjectRecord, Ref, Source,
                      layout_of, result_value)
from .rounding import MAX_AMOUNT, to_amount
from .rules import BAD_CONSOLIDATION, EDITED
from .sheets import (DETAIL, INDICATORS, KIND, META, ROW_LEVELS, SUMMARY, RowDigest, indicator_columns,
                     project_columns, summary_columns)
from .summary import UNGRADED, Metrics, Node

TEXT_FIELDS = ("unit_name", "project_name", "dept_name", "grade", "status", "origin", "origin_sha256")


@dataclass
class Readback:
    form_id: str | None
    meta: dict
    projects: list[ProjectRecord] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    usable: bool = True


def _number(v):
    return int(v) if isinstance(v, float) and v.is_integer() else v


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def read_meta(path) -> dict | None:
    """The hidden sheet's key/value rows, or None when the workbook has no such sheet or does not pass the vetting
    every submission passes (workbook.reader.vet: sniff, sizes, shared strings)."""
    try:
        _, rows = read_sheets(path, [META])
    except ReadError:        # anything unsafe or unreadable is simply not one of ours
        return None
    if META not in rows:
        return None
    return {str(r[0]).strip(): "" if len(r) < 2 or r[1] is None else str(_number(r[1]))
            for r in rows[META] if r and r[0] is not None and str(r[0]).strip()}


def is_consolidation(path) -> bool:
    meta = read_meta(path)
    return bool(meta) and meta.get("kind") == KIND


def header_index(rows, cols) -> int:
    """Where the header row is: under the title row (row 2), or row 1 in workbooks written before sheets had titles."""
    first = cols[0][1]
    for i, row in enumerate(rows[:2]):
        if row and row[0] is not None and str(row[0]).strip() == first:
            return i
    return 1 if len(rows) > 1 and rows[0] and all(v is None for v in rows[0][1:]) else 0


def sheet_records(rows, cols, sheet: str):
    """(row number, {key: value}) for every non-empty data row under the header."""
    start = header_index(rows, cols) + 1
    for i, row in enumerate(rows[start:], start=start + 1):
        values = [_number(v) for v in row[:len(cols)]] + [None] * max(0, len(cols) - len(row))
        if any(not _blank(v) for v in values):
            yield i, {key: (None if _blank(v) else v) for (key, *_), v in zip(cols, values)}


def header_problem(rows, cols, sheet: str) -> str | None:
    at = header_index(rows, cols)
    found = [str(v).strip() if v is not None else "" for v in (rows[at] if len(rows) > at else [])]
    for j, (_, head, *_) in enumerate(cols):
        got = found[j] if j < len(found) else ""
        if got != head:
            return f"工作表「{sheet}」第 {get_column_letter(j + 1)} 列表头应为「{head}」，实为「{got}」（表头被改动或插入、删除了列）。"
    return None


def number_problem(rows, cols, sheet: str) -> str | None:
    """The first cell of a number column (one with a number format) holding anything but a finite number within range:
    jixiao writes numbers or nothing there, so NaN, infinity, 1e27 or text mean the workbook was altered or damaged."""
    numeric = [(j, head) for j, (_, head, _, fmt) in enumerate(cols) if fmt]
    start = header_index(rows, cols) + 1
    for i, row in enumerate(rows[start:], start=start + 1):
        for j, head in numeric:
            v = row[j] if j < len(row) else None
            if _blank(v):
                continue
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or abs(v) >= MAX_AMOUNT:
                return (f"工作表「{sheet}」{get_column_letter(j + 1)}{i}（{head}）的数值「{v}」无效（应为有限数值），"
                        "汇总表可能在生成后被改动或已损坏。")
    return None


def _project(form_id: str, n: int, row: int, d: dict, cols, source: Source) -> ProjectRecord:
    letters = {key: get_column_letter(j + 1) for j, (key, *_) in enumerate(cols)}
    values = {"year": d["year"], "unit_code": norm_code(d["unit_code"]), "unit_name": d["unit_name"],
              "department": d["dept_name"], "department_code": norm_code(d["dept_code"]) or None,
              "project_code": None if d["project_code"] is None else norm_code(d["project_code"]),
              "project_name": d["project_name"], "secret": d.get("secret") == "是", "layout": layout_of(d.get("layout"))}
    for key in AMOUNT_CELLS[form_id]:
        values[key] = to_amount(d.get(key))
    for key in RESULT_CELLS[form_id]:
        values[key] = result_value(key, d.get(key))
    names = {"department": "dept_name", "department_code": "dept_code"}
    refs = {f: Ref(DETAIL, f"{letters[names.get(f, f)]}{row}", f"projects[{n}].{names.get(f, f)}")
            for f in values if names.get(f, f) in letters}
    return ProjectRecord(form_id, values, refs, source, str(d.get("origin") or ""), str(d.get("origin_sha256") or ""),
                         str(d.get("status") or "通过"), norm_code(d["dept_code"]), str(d["dept_name"] or ""))


def _reported_tree(rows, scols, m: Metrics, projects: list[ProjectRecord], ids: dict[int, str]):
    """The tree as the sheet states it: 合计, 部门小计 and 单位 rows from 单位汇总; projects from 项目明细."""
    keys = [k for k, *_ in scols]
    total, depts, units = None, {}, {}
    for i, d in sheet_records(rows, scols, SUMMARY):
        node_kind = {v: k for k, v in ROW_LEVELS.items()}.get(d["level"], "unit")
        node = Node(node_kind, norm_code(d["unit_code"]), str(d["unit_name"] or ""), norm_code(d["dept_code"]),
                    str(d["dept_name"] or ""), shown={k: d.get(k) for k in m.additive}, row_id=str(d["row_id"] or ""),
                    row_no=i)
        if node_kind == "total":
            total = total or node
        elif node_kind == "department":
            depts.setdefault((node.dept_code, node.dept_name), node)
        else:
            units.setdefault(node.code, node)
    total = total or Node("total", name="合计")
    for r in projects:
        leaf = Node("project", r.unit_code, row_id=ids[id(r)])
        leaf.shown = {"projects": 1, **{a: r.get(a) for a in m.amounts}}
        if m.scored:
            grade = r.get("grade") if r.get("grade") in m.grades else UNGRADED
            leaf.shown.update({f"grade:{g}": int(g == grade) for g in m.grades + (UNGRADED,)})
        unit = units.setdefault(r.unit_code, Node("unit", r.unit_code, "（单位汇总中缺少该单位）", r.dept_code,
                                                  r.dept_name))
        unit.children.append(leaf)
    if depts:
        for unit in units.values():
            key = (unit.dept_code, unit.dept_name)
            depts.setdefault(key, Node("department", dept_code=key[0], dept_name=key[1] or "（缺少部门小计行）"))
            depts[key].children.append(unit)
        total.children = list(depts.values())
    else:
        total.children = [Node("department", children=list(units.values()))]
    return total, bool(depts), keys


def read_consolidation(path, source: Source) -> Readback:
    """Projects and indicators of one of our workbooks, with 节点检查 (C001) and the detail digest (C003)."""
    meta = read_meta(path) or {}
    form_id = meta.get("form_id")
    rb = Readback(form_id, meta)

    def unusable(detail: str) -> Readback:
        rb.usable, rb.projects = False, []
        rb.findings.append(Finding(BAD_CONSOLIDATION, file=source.origin, detail=f"汇总表「{Path(path).name}」：{detail}"))
        return rb

    try:
        _, sheets = read_sheets(path, (SUMMARY, DETAIL, INDICATORS))
    except ReadError as e:               # the same vetting as a submission: a hostile workbook is this finding
        return unusable(e.message)
    if meta.get("kind") != KIND or form_id not in PROJECT_FORMS:
        return unusable("缺少生成标识或表单编号无法识别，不是 jixiao 生成的汇总表。")
    missing = [s for s in (SUMMARY, DETAIL, INDICATORS) if s not in sheets]
    if missing:
        return unusable(f"缺少工作表「{'」「'.join(missing)}」。")
    grades = tuple(g for g in meta.get("grades", "").split(",") if g)
    results = RESULT_CELLS[form_id]
    m = Metrics(tuple(AMOUNT_CELLS[form_id]), "exec_rate" in results, "total_score" in results, grades)
    pcols, icols, scols = project_columns(form_id), indicator_columns(form_id), summary_columns(form_id, m)
    for sheet, cols in ((DETAIL, pcols), (INDICATORS, icols), (SUMMARY, scols)):
        problem = header_problem(sheets[sheet], cols, sheet) or number_problem(sheets[sheet], cols, sheet)
        if problem:
            return unusable(problem)
    digest, ids, by_row = RowDigest(), {}, {}
    for n, (i, d) in enumerate(sheet_records(sheets[DETAIL], pcols, DETAIL)):
        digest.update(DETAIL, d.values())
        record = _project(form_id, n, i, d, pcols, source)
        rb.projects.append(record)
        row_id = str(d["row_id"] or f"第{i}行")
        by_row.setdefault(row_id, record)
        ids[id(record)] = row_id
    letters = {key: get_column_letter(j + 1) for j, (key, *_) in enumerate(icols)}
    for n, (i, d) in enumerate(sheet_records(sheets[INDICATORS], icols, INDICATORS)):
        digest.update(INDICATORS, d.values())
        project = by_row.get(str(d["project_row"]))
        if project is None:
            return unusable(f"「{INDICATORS}」第 {i} 行的项目行号「{d['project_row']}」在「{DETAIL}」中不存在。")
        values = {k: d[k] for k in letters if k not in ("row_id", "project_row", "year", "unit_code", "project_code",
                                                          "index")}
        refs = {k: Ref(INDICATORS, f"{letters[k]}{i}", f"indicators[{n}].{k}") for k in values}
        index = int(d["index"]) - 1 if isinstance(d["index"], int) else len(project.indicators)
        project.indicators.append(IndicatorRecord(project, index, values, refs))
    if meta.get("digest") and meta["digest"] != digest.hexdigest():
        rb.findings.append(Finding(EDITED, file=source.origin, detail=f"（{Path(path).name}）"))
    total, show, keys = _reported_tree(sheets[SUMMARY], scols, m, rb.projects, ids)
    headers = {k: h for k, h, *_ in scols}
    rb.findings += check_tree(total, m, headers, file=source.origin, sheet=SUMMARY, columns=keys,
                              show_departments=show)
    return rb
