"""What goes to a unit, grouped by cause: one structural mistake is one item, in plain words, with its fix.

A check finds facts cell by cell: rows inserted in the indicator table move every header and defined name below
them, so the reader reports a dozen header mismatches, twenty moved names and the formulas that now sit in input
cells. The bureau keeps all of them (审核汇总 问题明细, 审核结果.json); a unit gets one item per cause — 「绩效指标表中
插入或删除了行」 and what to do — followed by the findings no cause explains, one by one. Internal names (defined
names, cell ids, rule keys), formulas and the bureau's own folders never reach the unit.

CAUSES is the one table: which rule codes make a cause, which findings it absorbs, how it is worded. Letters
(letter.py), feedback workbooks (feedback.py) and the consolidation's exclusion list all read it through unit_items()
or cause_summary().
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from openpyxl.utils import get_column_letter

from ..rules.finding import FileReport, Finding
from ..rules.registry import SEVERITIES
from ..spec.layout import Form, load_form
from ..spec.loader import SpecError
from .model import cell_key, finding_key, form_title, unit_origin

SHOWN_CELLS = 3                      # cells named in an item before 「等 N 处」
TEMPLATE_FIX = "请在下发的模板中重新填写（或使用 jixiao template fill 把已填数据搬到新模板）"


@dataclass(frozen=True)
class Cause:
    """One cause: a file has it when it has a finding with one of `codes`; the item then stands for those findings,
    for the findings with `absorbs` codes (anywhere in the file, or at the cells of the cause's own findings when
    `same_cell`), and for the findings with `role_codes` when the cell of that role (the unit code …) is on a sheet
    the cause made unreadable."""

    key: str
    codes: tuple[str, ...]
    title: str                        # the 项目 of the feedback row
    text: str                         # str.format over the cause's FACTS: what happened, where
    fix: str                          # what the unit does
    absorbs: tuple[str, ...] = ()
    same_cell: bool = False
    role_codes: dict[str, str] = field(default_factory=dict)
    applies: Callable[[list[Finding]], bool] | None = None     # a further condition on the cause's own findings
    refill: bool = False              # the fix is a fresh template, not an edit of the file sent
    cells: str = "cells"              # the 单元格 column: "cells" (C45、G14 等 N 处), "rows" (第44—47行) or "" (none)
    whole_file: bool = False          # listed under 文件整体 rather than under its sheet


def _is_shift(layout: list[Finding]) -> bool:
    """Moved names, several header rows or a capped list: rows or columns went in or out, not one header edited."""
    rows = {_row(f.cell) for f in layout if f.code == "S006" and f.cell}
    return any(f.code == "S007" for f in layout) or len(rows) >= 2 or any(
        f.code == "S006" and not f.cell for f in layout)


CAUSES: tuple[Cause, ...] = (
    Cause("layout", ("S006", "S007"), "表格结构被改动", "{where}，表格结构已被改动{cells}，表中内容无法按模板逐格读取和审核。",
          TEMPLATE_FIX + "，不要插入、删除行列或移动单元格；指标行不够时请与财政部门联系。", absorbs=("S008",),
          applies=_is_shift, refill=True, cells="rows"),
    Cause("header_text", ("S006",), "表头文字被改动", "{cells}的表头文字与下发模板不同（{expected}）。",
          "请恢复模板原有的表头文字（不要改动灰色的表头单元格），或在下发的模板中重新填写。"),
    Cause("sheet", ("S005",), "工作表被改名或删除", "工作表{sheets}被改名或删除，表中内容无法读取{also}。",
          "请把工作表名称改回{sheets}（工作表名称不能改动），或在下发的模板中重新填写。",
          role_codes={"X005": "unit_code"}, cells=""),
    Cause("overwritten", ("S009",), "公式被改写为数值", "{cells}应由表格自动计算，现被改写为数值{values}。",
          "蓝色单元格是公式，请勿填写或粘贴数值：请把这些单元格从下发模板中复制回来，或在下发的模板中重新填写。",
          absorbs=tuple(f"A{n:03d}" for n in range(1, 8)), same_cell=True),
    Cause("typed_formula", ("S008",), "填报单元格中录入了公式", "{cells}中录入的是公式，已按公式的计算结果读取。",
          "请在黄色单元格中直接填写数值或文字，不要使用公式。"),
    Cause("no_meta", ("S002",), "缺少模板标识",
          "文件中没有下发模板的标识（可能把内容复制到了新建的工作簿，或删除了模板中隐藏的工作表），已按「{form}」的模板位置读取。",
          "请使用下发的模板填报。", refill=True, whole_file=True),
    Cause("foreign_meta", ("S003",), "不是本次下发的模板",
          "所用模板与本次下发的「{form}」模板不一致（可能用了别处或往年下发的模板），已按「{form}」的模板位置读取。",
          "请使用本次下发的模板重新填写。", refill=True, whole_file=True),
)
BY_KEY = {c.key: c for c in CAUSES}
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}


@dataclass
class Item:
    """One thing a unit is told: a cause (with every finding it stands for) or a single finding."""

    severity: str
    sheet: str
    cell: str                          # the cells it concerns, summarised: "第44—47行", "C45", "G14、G15 等 5 处"
    label: str                         # 项目
    text: str                          # the sentence the unit reads: what, where and the fix
    findings: list[Finding]
    cause: str = ""                    # Cause.key, "" for a single finding
    what: str = ""                     # for a cause: what happened, where (text without the fix)
    value: object = None
    expected: object = None
    difference: object = None

    @property
    def codes(self) -> list[str]:
        return sorted({f.code for f in self.findings})


# ---- cells ---------------------------------------------------------------------------------------------------------
_A1 = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)$")


def _row(cell: str) -> int | None:
    m = _A1.match(cell or "")
    return int(m.group(2)) if m else None


def row_ranges(rows) -> str:
    """[12, 13, 14, 20] → 第12—14行、第20行."""
    rows, out = sorted(set(rows)), []
    for r in rows:
        if out and r == out[-1][1] + 1:
            out[-1][1] = r
        else:
            out.append([r, r])
    return "、".join(f"第{a}行" if a == b else f"第{a}—{b}行" for a, b in out)


@lru_cache(maxsize=32)
def _form(form_id: str | None) -> Form | None:
    if not form_id:
        return None
    try:
        return load_form(form_id)
    except (SpecError, OSError, KeyError):
        return None


def _labels(form: Form | None) -> dict[tuple[str, str], str]:
    return {(c.sheet, c.coord): c.label for c in form.cells.values()} if form else {}


def _cell_list(findings: list[Finding], form: Form | None, labels=True) -> str:
    """「自评表」C45（总分）、G14（绩效指标/第1行/实际完成值） … 等 N 处, sheet by sheet."""
    names = _labels(form)
    by_sheet: dict[str, list[Finding]] = {}
    for f in sorted(findings, key=lambda f: (f.sheet or "", cell_key(f.cell))):
        if f.cell and f.cell not in [g.cell for g in by_sheet.get(f.sheet, [])]:
            by_sheet.setdefault(f.sheet, []).append(f)
    parts = []
    for sheet, fs in by_sheet.items():
        shown = []
        for f in fs[:SHOWN_CELLS]:
            label = f.label or names.get((sheet, f.cell), "")
            shown.append(f"{f.cell}（{label}）" if labels and label else f.cell)
        more = f"等 {len(fs)} 处" if len(fs) > SHOWN_CELLS else ""
        parts.append(f"「{sheet}」" + "、".join(shown) + more)
    return "；".join(parts)


def _cells_summary(findings: list[Finding]) -> str:
    """The cells of an item for the 单元格 column: "C45", "G14、H15", "G14 等 5 处"."""
    cells = sorted({f.cell for f in findings if f.cell}, key=cell_key)
    return "、".join(cells[:SHOWN_CELLS]) + (f" 等 {len(cells)} 处" if len(cells) > SHOWN_CELLS else "")


# ---- what each cause says --------------------------------------------------------------------------------------------
def _layout_facts(own: list[Finding], fr: FileReport, form: Form | None) -> dict:
    headers = [f for f in own if f.code == "S006" and _row(f.cell)]
    by_sheet: dict[str, list[Finding]] = {}
    for f in headers:
        by_sheet.setdefault(f.sheet, []).append(f)
    wheres, cells = [], []
    for sheet, fs in by_sheet.items():
        wrong = {(_row(f.cell), f.cell) for f in fs}
        first = min(r for r, _ in wrong)
        where = f"「{sheet}」中插入、删除了行列或移动了单元格"
        if form is not None:
            wrong_cells = {c for _, c in wrong}
            matched = [s.row for s in form.statics if s.sheet == sheet and s.text and s.row < first
                       and f"{get_column_letter(s.col)}{s.row}" not in wrong_cells]
            above = max(matched, default=0)
            between = [t for t in form.tables.values() if t.sheet == sheet and above < t.first_row <= t.last_row < first]
            if between:
                where = f"「{sheet}」的{between[0].title}表中插入或删除了行"
            elif above:
                where = f"「{sheet}」第{above}行以下插入、删除了行列或移动了单元格"
        wheres.append(where)
        texts = [s.text for s in sorted(form.statics, key=lambda s: (s.row, s.col)) if s.sheet == sheet and s.text
                 and f"{get_column_letter(s.col)}{s.row}" in {c for _, c in wrong}] if form is not None else []
        what = "".join(f"“{t}”" for t in texts[:2]) + ("等" if len(texts) > 2 else "")
        cells.append(("" if len(by_sheet) == 1 else f"「{sheet}」") + row_ranges(r for r, _ in wrong)
                     + (f"的{what}" if what else "的表头") + "已不在模板中的位置")
    if not wheres:
        wheres = ["表格中插入或删除了行列"]
    return {"where": "；".join(wheres), "cells": "（" + "；".join(cells) + "）" if cells else ""}


def _header_text_facts(own, fr, form) -> dict:
    expected = {}
    if form is not None:
        expected = {(s.sheet, f"{get_column_letter(s.col)}{s.row}"): s.text for s in form.statics if s.text}
    texts = [f"{f.cell} 应为「{expected[(f.sheet, f.cell)]}」" for f in own if (f.sheet, f.cell) in expected]
    return {"cells": _cell_list(own, None, labels=False), "expected": "；".join(texts[:SHOWN_CELLS]) or "请核对表头"}


def _sheet_facts(own, fr, form) -> dict:
    sheets = "、".join(dict.fromkeys(f"「{f.sheet}」" for f in own if f.sheet)) or "（模板中的工作表）"
    also = "（因此也读不到单位编码和单位名称）" if any(f.code == "X005" for f in own) else ""
    return {"sheets": sheets, "also": also}


def _overwritten_facts(own, fr, form) -> dict:
    typed = [f for f in own if f.code == "S009"]
    values = ""
    if len(typed) == 1:
        f = typed[0]
        recomputed = next((g for g in own if g.code != "S009" and g.expected not in (None, "")), None)
        values = f" {_show(f.value)}" if f.value not in (None, "") else ""
        if recomputed is not None:
            values += f"（按规则应为 {_show(recomputed.expected)}）"
    return {"cells": _cell_list(typed, form), "values": values}


def _show(v) -> str:
    return f"{v:.10g}" if isinstance(v, float) else str(v)


FACTS = {
    "layout": _layout_facts,
    "header_text": _header_text_facts,
    "sheet": _sheet_facts,
    "overwritten": _overwritten_facts,
    "typed_formula": lambda own, fr, form: {"cells": _cell_list([f for f in own if f.code == "S008"], form)},
}


# ---- grouping ------------------------------------------------------------------------------------------------------
def _claim(fr: FileReport, form: Form | None) -> list[tuple[Cause, list[Finding]]]:
    """Each cause present in the file with the findings it stands for; a finding goes to the first cause claiming it."""
    taken: set[int] = set()
    out = []
    missing_sheets = {f.sheet for f in fr.findings if f.code == "S005" and f.sheet}
    role_sheet = {}
    if form is not None:
        for role, field_id in form.roles.items():
            cell = form.cells.get(field_id)
            if cell is not None:
                role_sheet[role] = cell.sheet
    for cause in CAUSES:
        own = [f for f in fr.findings if f.code in cause.codes and id(f) not in taken]
        if not own or (cause.applies is not None and not cause.applies(own)):
            continue
        mine = {id(f) for f in own}
        cells = {(f.sheet, f.cell) for f in own if f.cell}
        for f in fr.findings:
            if id(f) in taken or id(f) in mine:
                continue
            if f.code in cause.absorbs and (not cause.same_cell or (f.sheet, f.cell) in cells):
                own.append(f)
            elif f.code in cause.role_codes and role_sheet.get(cause.role_codes[f.code]) in missing_sheets:
                own.append(f)
        taken.update(id(f) for f in own)
        out.append((cause, own))
    return out


def _worst(findings: list[Finding]) -> str:
    return min((f.severity for f in findings), key=lambda s: SEVERITY_RANK.get(s, 9))


def _cause_item(cause: Cause, own: list[Finding], fr: FileReport, form: Form | None) -> Item:
    facts = {"form": form_title(fr.form_id) or "本表", "cells": "", "where": "", "sheets": "", "also": "",
             "values": "", "expected": ""}
    facts.update(FACTS.get(cause.key, lambda *_: {})(own, fr, form))
    what = cause.text.format(**facts)
    text = what + cause.fix.format(**facts)
    sheets = {f.sheet for f in own if f.sheet}
    sheet = sheets.pop() if len(sheets) == 1 and not cause.whole_file else ""
    cell = ""
    if cause.cells == "rows":
        cell = row_ranges(r for f in own if f.code in cause.codes and (r := _row(f.cell)))
    elif cause.cells:
        cell = _cells_summary(own)
    item = Item(_worst(own), sheet, cell, cause.title, text, sorted(own, key=finding_key), cause.key, what)
    primary = [f for f in own if f.code in cause.codes]
    if len(primary) == 1:                          # one cell: its value, and what the rules say it should be
        f = primary[0]
        again = next((g for g in own if g is not f and g.expected not in (None, "")), f)
        item.value, item.expected, item.difference = f.value, again.expected, again.difference
    return item


def unit_message(f: Finding, fr: FileReport | None = None) -> str:
    """A finding's message as the unit reads it: the file named as the unit sent it, never by the bureau's folders."""
    if not f.file:
        return f.message
    subject = (fr.facts.get("subject") if fr is not None else None) or None
    return replace(f, file=unit_origin(f.file, subject)).message


def _single_item(f: Finding, fr: FileReport) -> Item:
    return Item(f.severity, f.sheet or "", f.cell or "", f.label or f.rule.title, unit_message(f, fr), [f],
                value=f.value, expected=f.expected, difference=f.difference)


def unit_items(fr: FileReport) -> list[Item]:
    """What the unit is told about this file: one item per cause, then every other finding; 强制 → 提示 → 建议, then
    sheet and cell in reading order."""
    form = _form(fr.form_id)
    claimed = _claim(fr, form)
    items = [_cause_item(c, own, fr, form) for c, own in claimed]
    taken = {id(f) for _, own in claimed for f in own}
    items += [_single_item(f, fr) for f in fr.findings if id(f) not in taken]
    return sorted(items, key=lambda i: (SEVERITY_RANK.get(i.severity, 9), i.sheet, min(
        (finding_key(f)[2] for f in i.findings), default=(0, 0, "")), i.codes))


def needs_refill(items: list[Item]) -> bool:
    """Whether the unit must start again from the template (a changed structure), rather than edit the file it sent."""
    return any(BY_KEY[i.cause].refill for i in items if i.cause)


def item_counts(items: list[Item]) -> dict[str, int]:
    return {s: sum(1 for i in items if i.severity == s) for s in SEVERITIES}


def cause_summary(fr: FileReport, codes=None) -> str:
    """What happened to this file, cause by cause, without the fixes: for the bureau's lists (e.g. why a file is left
    out of a consolidation); limited to the causes made of `codes` when given."""
    form = _form(fr.form_id)
    items = [_cause_item(c, own, fr, form) for c, own in _claim(fr, form)
             if codes is None or any(f.code in codes for f in own)]
    return "".join(i.what for i in items)
