"""What the add-in's functions and scripts do, over a BookLike workbook or a file: runs in Excel, in tests and the CLI."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from openpyxl.utils import get_column_letter

from jixiao.rules.engine import validate_file
from jixiao.rules.finding import Finding
from jixiao.rules.registry import RULES, SEVERITIES
from jixiao.scoring.api import parse_row_target, score_indicator
from jixiao.scoring.engine import cell_expression, profile_key
from jixiao.scoring.sheet import score_form
from jixiao.spec.layout import load_form
from jixiao.spec.loader import load_profile, resolve_profile
from jixiao.workbook.reader import read

from book import BookLike, strip_vba

CHECK_SHEET, SCORE_SHEET = "校验结果", "计算结果"
HEADER = ["严重程度", "单元格", "项目", "问题说明", "规则"]
ROW_FORM = "project_self_eval"          # JX_CHECK(区域): columns in the order of this form's indicator table
_COORD = re.compile(r"^[A-Z]{1,3}[1-9][0-9]{0,6}$")


class AddinError(Exception):
    """Something the user can fix; the message is Chinese."""


def profile_of(fr, profile) -> dict:
    """The profile asked for, else the built-in one the workbook records, else national (spec.loader.resolve_profile)."""
    return resolve_profile(profile, fr.workbook.meta.get("profile_id") if fr.workbook else None)[0]


def snapshot(book: BookLike, folder) -> Path:
    """A macro-free copy of the book's current state in folder (the user's file is never touched)."""
    copy = book.save_copy(Path(folder) / (Path(book.name).stem + ".xlsx"))
    return strip_vba(copy)


# ---- findings as a table ------------------------------------------------------------------------------------------

def where(f: Finding) -> str:
    return f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.sheet or "")


def ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: SEVERITIES.index(f.severity))


def findings_table(findings: list[Finding]) -> list[list]:
    """Header row 严重程度/单元格/项目/问题说明/规则, then one row per finding (or one 通过 row)."""
    rows = [[f.severity, where(f), f.label, f.message, f"{f.code} {f.rule.title}"] for f in ordered(findings)]
    return [HEADER] + (rows or [["通过", "", "", "未发现问题", ""]])


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def hyperlink(sheet: str, cell: str) -> str | None:
    """=HYPERLINK("#'Sheet'!A1","Sheet!A1") with the sheet name quoted and escaped; None for anything but a cell."""
    if not _COORD.match(cell or ""):
        return None
    target = "#'" + sheet.replace("'", "''") + "'!" + cell
    return f"=HYPERLINK({_quote(target)},{_quote(sheet + '!' + cell)})"


def check_file(path, profile=None, name: str | None = None) -> list[list]:
    """JX_CHECK() for a saved workbook: validate a macro-free temporary copy of it."""
    if path is None or not Path(path).is_file():
        return [HEADER, ["提示", "", "", "请先保存工作簿，再用 JX_CHECK() 校验（校验的是最近一次保存的内容）。", ""]]
    with tempfile.TemporaryDirectory(prefix="jixiao-") as tmp:
        copy = Path(tmp) / (Path(path).stem + ".xlsx")
        shutil.copyfile(path, copy)
        report = validate_file(strip_vba(copy), name=name or Path(path).name, profile=profile)
    return findings_table(report.findings)


def validate_workbook(book: BookLike, profile=None):
    """校验本工作簿: the validator's report on the book's current state, written to the 校验结果 sheet."""
    with tempfile.TemporaryDirectory(prefix="jixiao-") as tmp:
        report = validate_file(snapshot(book, tmp), name=book.name, profile=profile)
    table = findings_table(report.findings)
    book.reset_sheet(CHECK_SHEET)
    book.write(CHECK_SHEET, "A1", table)
    sheets = set(book.sheet_names())
    for i, f in enumerate(ordered(report.findings), start=2):
        link = hyperlink(f.sheet, f.cell) if f.sheet in sheets else None
        if link:
            book.write_formula(CHECK_SHEET, f"B{i}", link)
    return report


# ---- JX_CHECK(区域): indicator rows only --------------------------------------------------------------------------

@lru_cache(maxsize=16)
def _row_checks(pkey: str) -> dict[str, tuple[str, str]]:
    """Flag message → (rule code, column key it points at), from the indicator_flags checks of ROW_FORM."""
    form = load_form(ROW_FORM)
    node, refs = cell_expression(form, form.cells[form.tables["indicators"].cell_id(0, "flags")], pkey)
    return {c.message: (c.code, refs[c.at][1].rpartition(".")[2] if c.at in refs else "flags")
            for c in node.checks if c.code and isinstance(c.message, str)}


def range_parts(rows):
    """(values as rows, (sheet, first row, first column) or None) from an xlwings Range or plain rows."""
    if hasattr(rows, "options"):
        return rows.options(ndim=2).value, (rows.sheet.name, rows.row, rows.column)
    if not isinstance(rows, list):
        return [[rows]], None
    return [r if isinstance(r, list) else [r] for r in rows], None


def _at(origin, n: int, col: int) -> str:
    """Where row n, column col of the given rows sits: Sheet!E14 for a worksheet range, else 第N行."""
    if origin is None:
        return f"第{n + 1}行"
    return f"{origin[0]}!{get_column_letter(origin[2] + col)}{origin[1] + n}"


def check_rows(rows, profile="national", origin=None) -> list[list]:
    """Findings for indicator rows laid out like the template's indicator table (一级指标 … 偏差原因分析及改进措施)."""
    prof = load_profile(profile or "national")
    table = load_form(ROW_FORM).tables["indicators"]
    keys = list(table.columns)
    checks = _row_checks(profile_key(prof))
    out = []
    for n, values in enumerate(rows):
        row = {k: (None if v == "" else v) for k, v in zip(keys, values)}
        if all(row.get(k) is None for k in keys if k not in ("score", "flags")):
            continue
        r = score_indicator(row.get("target"), row.get("actual"), row.get("weight"), nature=row.get("nature"),
                            manual=row.get("manual"), tier=row.get("tier"), low=row.get("low"),
                            reason=row.get("reason"), level1=row.get("level1"), level2=row.get("level2"),
                            name=row.get("name"), unit=row.get("unit"), profile=prof)
        label = "/".join(str(row[k]) for k in ("level1", "level2", "name") if row.get(k)) or f"第{n + 1}行"
        for message in r.flags:
            code, key = checks.get(message, ("", "flags"))
            sev = RULES[code].severity if code else "提示"
            out.append([sev, _at(origin, n, keys.index(key)), label, message,
                        f"{code} {RULES[code].title}" if code else ""])
        out += [["强制", _at(origin, n, 0), label, p, ""] for p in r.problems]
    out.sort(key=lambda r: SEVERITIES.index(r[0]))
    return [HEADER] + (out or [["通过", "", "", "未发现问题", ""]])


# ---- 计算得分 ------------------------------------------------------------------------------------------------------

def _first(form, result, calc: str):
    cid = next((c.id for c in form.cells.values() if c.props.get("calc") == calc and c.block is None), None)
    return result.get(cid) if cid else None


def _row_label(row: dict, i: int) -> str:
    return "/".join(str(row[k]) for k in ("level1", "level2", "name") if row.get(k)) or \
        next((str(v) for v in row.values() if isinstance(v, str)), f"第{i + 1}行")


def compute_scores(book: BookLike, profile=None) -> dict:
    """计算得分: per-row scores, totals and grade recomputed by the Python engine, written to the 计算结果 sheet."""
    with tempfile.TemporaryDirectory(prefix="jixiao-") as tmp:
        fr = read(snapshot(book, tmp))
    prof = profile_of(fr, profile)
    form = fr.form
    result = score_form(form, prof, fr.data)
    lines: list[list] = [[f"{form.spec['title']} 计算结果", f"口径：{prof['name']}"], []]
    for t in form.tables.values():
        data_rows = fr.data["tables"].get(t.id, [])
        calc_keys = [k for k, s in t.specs.items() if "calc" in s]
        if not any(data_rows) or not calc_keys:
            continue
        lines += [[t.title], ["行", "指标", *[t.specs[k]["header"] for k in calc_keys]]]
        lines += [[i + 1, _row_label(row, i), *[result.get(t.cell_id(i, k)) for k in calc_keys]]
                  for i, row in enumerate(data_rows) if row]
        lines.append([])
    lines.append(["汇总"])
    lines += [[c.label, result.get(cid)] for cid, c in form.cells.items()
              if c.is_calc and c.block not in form.tables and result.get(cid) is not None]
    width = max(len(r) for r in lines)
    book.reset_sheet(SCORE_SHEET)
    book.write(SCORE_SHEET, "A1", [r + [None] * (width - len(r)) for r in lines])
    return {"total": _first(form, result, "total_score"), "grade": _first(form, result, "grade"),
            "profile": prof["id"], "values": result.values}


# ---- 导出JSON ------------------------------------------------------------------------------------------------------

def export_json(book: BookLike) -> Path:
    """导出JSON: the form data (as `jixiao read` prints it) in <workbook name>.json beside the workbook."""
    if book.path is None:
        raise AddinError("请先保存工作簿，JSON 文件将保存在工作簿所在文件夹。")
    with tempfile.TemporaryDirectory(prefix="jixiao-") as tmp:
        fr = read(snapshot(book, tmp))
    out = book.path.with_suffix(".json")
    text = json.dumps({"data": fr.data, "problems": [p.detail for p in fr.problems], "cells": fr.cells},
                      ensure_ascii=False, indent=2, default=str)
    fd, tmp_name = tempfile.mkstemp(suffix=".json", dir=out.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    os.replace(tmp_name, out)
    return out


# ---- 汇总文件夹 ----------------------------------------------------------------------------------------------------

def consolidate(folder, out=None):
    """汇总文件夹: the unit workbooks in folder → one department workbook beside the folder (jixiao.consolidate).
    Each file is checked first, exactly as `jixiao check` does; files with 强制 problems are listed, not merged."""
    from jixiao.consolidate import consolidate as merge, write_workbook
    from jixiao.errors import JixiaoError
    folder = Path(folder)
    out = Path(out) if out else folder.parent / f"{folder.name}-汇总.xlsx"
    try:
        write_workbook(merge([folder]), out)
    except JixiaoError as e:
        raise AddinError(e.message) from e
    return out


# ---- 生成自评报告 -------------------------------------------------------------------------------------------------

def self_eval_report(book: BookLike, profile=None) -> Path:
    """生成自评报告: the 项目支出绩效自评报告 (.docx) of the book's current state, beside the workbook — the same
    jixiao.documents.write as `jixiao report self-eval`."""
    from jixiao.documents import kind, write
    from jixiao.errors import JixiaoError
    if book.path is None:
        raise AddinError("请先保存工作簿，自评报告将保存在工作簿所在文件夹。")
    out = book.path.with_name(f"{book.path.stem}-{kind('self_eval').title}.docx")
    with tempfile.TemporaryDirectory(prefix="jixiao-") as tmp:
        try:
            return write("self_eval", snapshot(book, tmp), out, profile=profile)
        except JixiaoError as e:
            raise AddinError(e.message) from e


# ---- 从上年导入 ----------------------------------------------------------------------------------------------------

def _shared_keys(dst, src, keys) -> list[str]:
    """The columns this form carries over (spec carry_over) that last year's table also has, with the same list of
    allowed values (项目 and 评价 level-1 lists differ)."""
    return [k for k in keys if k in src.columns and dst.specs[k].get("enum") == src.specs[k].get("enum")]


def _split(row: dict, keys: list[str]) -> dict:
    """A target typed in one cell last year (≥50个) becomes 指标性质 + 指标值 + 度量单位 where the table has them."""
    if "nature" not in keys or row.get("target") in (None, ""):
        return row
    nature, value, unit, problem = parse_row_target(row["target"], row.get("nature"))
    if problem:
        return row
    return {**row, "nature": nature, "target": value, "unit": row.get("unit") or unit or None}


def import_last_year(book: BookLike, source, overwrite: bool = False) -> dict:
    """从上年导入: last year's indicators (一级/二级/三级指标、指标性质、指标值、单位) into this book's indicator table."""
    with tempfile.TemporaryDirectory(prefix="jixiao-") as tmp:
        cur = read(snapshot(book, tmp))
    src = read(source)
    dst_t, src_t = cur.form.tables.get("indicators"), src.form.tables.get("indicators")
    if dst_t is None or src_t is None:
        raise AddinError(f"「{cur.form.spec['title']}」或上年的「{src.form.spec['title']}」没有绩效指标表，无法导入。")
    keys = _shared_keys(dst_t, src_t, cur.form.carry_over.get("indicators", ()))
    rows = [_split(r, keys) for r in src.data["tables"].get("indicators", []) if any(r.get(k) for k in keys)]
    filled = [i for i, r in enumerate(cur.data["tables"].get("indicators", [])) if any(r.get(k) for k in keys)]
    if filled and not overwrite:
        raise AddinError(f"本表指标区已填有 {len(filled)} 行指标。为避免覆盖，请先清空指标区（一级指标至度量单位），再导入。")
    for i in range(dst_t.rows):
        for k in keys:
            cell = cur.form.cells[dst_t.cell_id(i, k)]
            v = rows[i].get(k) if i < len(rows) else None
            if v is not None or i in filled:
                book.write(cell.sheet, cell.coord, v)
    return {"imported": min(len(rows), dst_t.rows), "skipped": max(0, len(rows) - dst_t.rows), "keys": keys,
            "source": src.form.spec["title"]}


# ---- JX_PROFILE_INFO -----------------------------------------------------------------------------------------------

_GROUPS = {"output": "产出", "effect": "效益", "satisfaction": "满意度", "exec_rate": "预算执行率"}
_REVERSE = {"linear_2t": "完成值≤指标值得满分；介于指标值与其2倍之间按 (1−(完成值−指标值)/指标值)×分值；达到2倍及以上0分",
            "ratio": "完成值≤指标值得满分；超过的按 指标值/完成值×分值 计分"}


def profile_info(profile="national") -> list[list]:
    """The profile's key parameters as rows (参数, 值)."""
    p = load_profile(profile or "national")
    q, er = p["quantitative"], p["exec_rate"]
    grades = p["grades"]
    lines = [f"{g['grade']}≥{g['min']:g}" for g in grades[:-1]] + [f"{grades[-1]['grade']}<{grades[-2]['min']:g}"]
    ratio = q["over_completion_ratio"]
    adjust = f"；标记“指标值设定偏低”时得分 = 分值×{ratio:g}×指标值/完成值" if q["over_completion_adjust"] == "ratio" \
        else "；标记“指标值设定偏低”时不调减得分"
    return [
        ["名称", f"{p['name']}（{p['id']}）"],
        ["依据", p["basis"]],
        ["权重", "、".join(f"{_GROUPS.get(k, k)}{v:g}" for k, v in p["weights"].items()) + f"（合计{p['weight_total']:g}）"],
        ["等级线", "；".join(lines)],
        ["超额阈值", f"完成值≥指标值×{ratio:g}须说明原因{adjust}"],
        ["反向口径", _REVERSE.get(q["reverse_rule"], q["reverse_rule"])],
        ["执行率位数", (f"执行率保留{er['rate_decimals']}位小数（即{100 / 10 ** er['rate_decimals']:g}%），"
                   f"得分保留{er['score_decimals']}位；超过{er['cap']:.0%}按{er['cap']:.0%}计")],
    ]
