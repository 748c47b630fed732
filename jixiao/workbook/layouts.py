"""Workbooks that are not jixiao templates: found by their labels (jixiao/spec/layouts/*.yaml), read into the same form
data as a template, with every value's own cell, the unit's typed results as `cached`, and what could not be mapped.

Labels are compared after normalising (spaces, colons, 「（50分）」 and 「(A)」 removed); a layout lists the synonyms each
region uses, so a bureau adds its province's variant by writing YAML, not code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from openpyxl.utils.cell import column_index_from_string, get_column_letter

from ..scoring.values import QUALITATIVE_TIERS, Target, is_placeholder, parse_target
from ..spec.data import is_blank, to_data
from ..spec.layout import Form, load_form
from ..spec.loader import SpecError
from .reader import json_path

LAYOUTS_DIR = Path(__file__).resolve().parents[1] / "spec" / "layouts"
NON_TEMPLATE = "S011"                    # a cell the layout could not map (structure family)
_SCORE_IN_LABEL = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]|[（(]\s*[A-Za-z]\s*[)）]")
_NOISE = re.compile(r"[\s:：*＊]")
_REF = re.compile(r"([A-Z]+)(\d+)")
_EMPTY_REASON = {"0", "无", "/", "—", "-", "－", "――", "无。"}
_NATURE = {">=": "≥", ">": "＞", "=": "＝", "<": "＜", "<=": "≤"}
_NATURE_TYPED = {"≧": "≥", "⩾": "≥", ">=": "≥", "＞＝": "≥", "≦": "≤", "⩽": "≤", "<=": "≤", "＜＝": "≤", ">": "＞",
                 "<": "＜", "=": "＝", "═": "＝", "==": "＝", "定量": None}
_GRADES = ("优", "良", "中", "差")
MAX_LABEL = 40                          # characters: a cell longer than this is never a label
_PLACEHOLDER = re.compile(r"\s*(?P<op>≥|≤|＞|＜|＝|>=|<=|>|<|=|≧|≦|═)?\s*[*＊_＿]+(?P<unit>.*)")


def norm(text) -> str:
    """A label as compared: no spaces, colons or asterisks, no 「（50分）」 or 「(A)」."""
    return _NOISE.sub("", _SCORE_IN_LABEL.sub("", str(text)))


@lru_cache(maxsize=None)
def layouts() -> tuple[dict, ...]:
    """Every layout description, checked for the keys the reader needs."""
    out = []
    for path in sorted(LAYOUTS_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        missing = {"id", "title", "form", "detect", "fields", "indicators"} - set(data or {})
        if missing:
            raise SpecError(f"版式定义 {path} 缺少：{'、'.join(sorted(missing))}")
        out.append(data)
    return tuple(out)


@dataclass
class Sheet:
    """One sheet's non-blank values by (row, column), 1-based, and the normalised text of its short text cells."""
    name: str
    cells: dict[tuple[int, int], object]
    texts: dict[tuple[int, int], str]

    @classmethod
    def of(cls, name: str, values: dict[str, object]) -> Sheet:
        cells, texts = {}, {}
        for ref, v in values.items():
            m = _REF.fullmatch(ref)
            if m and not is_blank(v):
                rc = (int(m[2]), column_index_from_string(m[1]))
                cells[rc] = v
                if isinstance(v, str) and len(v) <= MAX_LABEL:       # labels are short; long text is content
                    texts[rc] = norm(v)
        return cls(name, cells, texts)

    def find(self, labels, rows=None) -> list[tuple[int, int]]:
        want = {norm(x) for x in labels}
        return sorted(rc for rc, t in self.texts.items() if t in want and (rows is None or rows[0] <= rc[0] <= rows[1]))

    def mentions(self, labels) -> int:
        """How many cells contain one of the labels (titles carry more words: 项目支出绩效自评表（2025年度）)."""
        want = [norm(x) for x in labels]
        return sum(1 for t in self.texts.values() if any(w in t for w in want))

    def right_of(self, r: int, c: int, stop: set[str]) -> tuple[int, int] | None:
        """The first filled cell right of (r, c) on its row, unless it is another label."""
        for col in range(c + 1, c + 30):
            if (r, col) in self.cells:
                return None if self.texts.get((r, col)) in stop else (r, col)
        return None

    def ref(self, r: int, c: int) -> str:
        return f"{self.name}!{get_column_letter(c)}{r}"


@dataclass
class LayoutRead:
    """What read_layout found, before it becomes a FormRead."""
    layout: dict
    form: Form
    data: dict
    cells: dict[str, str]                  # json path (inputs) or computed.<cell id> (typed results) → Sheet!A1
    cached: dict[str, object]              # calc cell id → the unit's typed result
    problems: list[tuple[str, str, str]]   # (detail, sheet, cell) of what could not be mapped
    overrides: dict[str, object]           # calc cell id → the unit's own value used instead (layout `unit_sets`)


def detect(sheets: dict[str, dict[str, object]]) -> tuple[dict, Sheet] | None:
    """The layout and sheet a workbook matches: every detect group found; the sheet with most labels wins."""
    best = None
    for name, values in sheets.items():
        sheet = Sheet.of(name, values)
        for lay in layouts():
            counts = [sheet.mentions(group) for group in lay["detect"]]
            if all(counts):
                score = sum(counts)
                if best is None or score > best[0]:
                    best = (score, lay, sheet)
    return (best[1], best[2]) if best else None


def read_layout(lay: dict, sheet: Sheet) -> LayoutRead:
    form = load_form(lay["form"])
    out = LayoutRead(lay, form, {}, {}, {}, [], {})
    inputs: dict[str, object] = {}
    labels = {norm(x) for group in lay["fields"].values() for x in group}
    labels |= {norm(x) for sec in ("funds", "goal") for group in (lay.get(sec, {}).get("columns") or
                                                                  lay.get(sec) or {}).values()
               if isinstance(group, list) for x in group}

    def put(cid: str, value, r: int, c: int) -> None:
        out.cells[json_path(form, form.cells[cid])] = sheet.ref(r, c)        # blank too: a finding about it points here
        if not is_blank(value):
            inputs[cid] = value

    def typed(cid: str, value, r: int, c: int) -> None:
        out.cached[cid] = value
        out.cells[f"computed.{cid}"] = sheet.ref(r, c)

    _fields(lay, sheet, labels, put)
    _year(lay, sheet, put)
    _funds(lay, sheet, form, put, typed, out)
    _pairs(lay, sheet, form, put, typed)
    _goal(lay, sheet, form, put)
    end = _indicators(lay, sheet, form, put, typed, out)
    _total(lay, sheet, form, typed, end)
    out.data = to_data(form, inputs)
    out.overrides = {cid: out.cached[cid] for cid in lay.get("unit_sets", []) if out.cached.get(cid) is not None}
    return out


def _fields(lay, sheet: Sheet, labels: set[str], put) -> None:
    for key, synonyms in lay["fields"].items():
        for r, c in sheet.find(synonyms):
            at = sheet.right_of(r, c, labels)
            if at is not None:
                put(key, _text(sheet.cells[at]), *at)
                break


def _year(lay, sheet: Sheet, put) -> None:
    pattern = re.compile(lay.get("year", r"(\d{4})\s*年度?"))
    for (r, c), v in sorted(sheet.cells.items()):
        if r > 4:
            break
        m = pattern.search(str(v))
        if m:
            put("year", int(m[1]), r, c)
            return


def _funds(lay, sheet: Sheet, form: Form, put, typed, out: LayoutRead) -> None:
    spec = lay.get("funds")
    found = sheet.find(spec["header"]) if spec else []
    if not found:
        return
    hr = found[0][0]
    cols = _columns(sheet, hr, spec["columns"])
    factor = _money_factor(sheet, hr, spec.get("money_units", {}))
    for key, synonyms in spec["rows"].items():
        rows = sheet.find(synonyms, (hr + 1, hr + 8))
        if not rows:
            continue
        r = rows[0][0]
        for col_key, c in cols.items():
            v = sheet.cells.get((r, c))
            cid = f"{spec['grid']}.{key}.{col_key}"
            if v is None or cid not in form.cells:
                continue
            if col_key in ("budget_initial", "budget", "executed"):
                v = _amount(v, factor)
            if form.cells[cid].is_calc:
                typed(cid, v, r, c)
            else:
                put(cid, v, r, c)


_MONEY = re.compile(r"(?:单位[:：]\s*|[（(]\s*)(万元|元)")


def _pairs(lay, sheet: Sheet, form: Form, put, typed) -> None:
    """Label | value pairs around each group's anchor (a goal table's 年度资金总额 | 其中：财政拨款 | 其他资金)."""
    for spec in lay.get("pairs") or []:
        _pair_group(spec, sheet, form, put, typed)


def _pair_group(spec: dict, sheet: Sheet, form: Form, put, typed) -> None:
    anchors = sheet.find(spec["anchor"])
    if not anchors:
        return
    ar, ac = anchors[-1]
    factor = _money_factor(sheet, ar, spec.get("money_units", {}))
    stop = {norm(x) for group in spec["cells"].values() for x in group}
    for cid, synonyms in spec["cells"].items():
        hits = [(r, c) for r, c in sheet.find(synonyms) if (c == ac and 0 <= r - ar <= 3) or (r == ar and c >= ac)]
        if not hits or cid not in form.cells:
            continue
        at = sheet.right_of(*min(hits, key=lambda rc: (abs(rc[0] - ar) + abs(rc[1] - ac))), stop)
        if at is not None:
            (typed if form.cells[cid].is_calc else put)(cid, _amount(sheet.cells[at], factor), *at)


def _money_factor(sheet: Sheet, header_row: int, units: dict) -> float:
    """万元 unless the funds header or a note above it says （元） or 单位：元 (the nearest one wins)."""
    for (r, _), v in sorted(sheet.cells.items(), reverse=True):
        if r <= header_row + 1 and isinstance(v, str) and (m := _MONEY.search(v)):
            return float(units.get(m[1], 1))
    return 1.0


def _amount(v, factor: float):
    t = parse_target(v) if isinstance(v, str) else v
    number = t.value if isinstance(t, Target) else (v if isinstance(v, (int, float)) else None)
    if number is None:
        return v                                  # left as typed: the checker reports text in a number cell
    if isinstance(t, Target) and t.unit == "元":
        factor = 0.0001
    return round(number * factor, 6) if factor != 1 else number


def _goal(lay, sheet: Sheet, form: Form, put) -> None:
    """Goal text below its label (a 预期目标 | 实际完成情况 header), else right of it."""
    for cid, synonyms in (lay.get("goal") or {}).items():
        for r, c in sheet.find(synonyms):
            below = sheet.cells.get((r + 1, c))
            at = (r + 1, c) if isinstance(below, str) and norm(below) not in map(norm, synonyms) else \
                sheet.right_of(r, c, {norm(x) for x in synonyms})
            if cid in form.cells and at is not None and isinstance(sheet.cells[at], str):
                put(cid, sheet.cells[at], *at)
                break


def _columns(sheet: Sheet, header_row: int, columns: dict, block=()) -> dict[str, int]:
    """key → column from the header row; a row below that splits a column (指标性质 | 指标值 | 度量单位 under
    年度指标值) takes over the columns it names. With `block`, a split column under that label wins (年度指标 beside
    中期指标)."""
    parent = sheet.find(block, (header_row, header_row)) if block else []
    start = parent[0][1] if parent else 0

    def row_map(r: int) -> dict[str, int]:
        out = {}
        for k, syn in columns.items():
            hits = [c for _, c in sheet.find(syn, (r, r))]
            if hits:
                out[k] = next((c for c in hits if c >= start), hits[0]) if r > header_row else hits[0]
        return out
    found, sub = row_map(header_row), row_map(header_row + 1)
    if sub:
        found = {k: c for k, c in found.items() if c not in set(sub.values())}
        found.update(sub)
    return found


def _indicators(lay, sheet: Sheet, form: Form, put, typed, out: LayoutRead) -> int:
    spec = lay["indicators"]
    headers = sheet.find(spec["header"])
    if not headers:
        return 0
    hr = headers[-1][0]
    cols = _columns(sheet, hr, spec["columns"], spec.get("block", ()))
    sub = bool(sheet.find([x for s in spec["columns"].values() for x in s], (hr + 1, hr + 1)))
    first = hr + (2 if sub else 1)
    ends = [r for r, _ in sheet.find(spec.get("end", []), (first, 10 ** 6))]
    last = ends[0] - 1 if ends else max((r for r, _ in sheet.cells), default=first)
    table = form.tables["indicators"]
    carry = {"level1": None, "level2": None}
    i = 0
    for r in range(first, last + 1):
        row = {k: sheet.cells.get((r, c)) for k, c in cols.items()}
        for k in carry:
            if not is_blank(row.get(k)):
                carry[k] = _text(row[k])
            row[k] = carry[k]
        name = row.get("name")
        if is_blank(name) or (isinstance(name, str) and (is_placeholder(name) or norm(name) in ("……", "…"))):
            continue                                           # blank, note or placeholder row (指标2, ……)
        if i >= table.rows:
            out.problems.append((f"指标超过 {table.rows} 行，第 {r} 行起未读取", sheet.name, f"A{r}"))
            break
        _indicator(i, r, row, cols, sheet, form, put, typed, out)
        i += 1
    return last + 1


def _indicator(i, r, row, cols, sheet: Sheet, form: Form, put, typed, out: LayoutRead) -> None:
    cid = lambda k: form.tables["indicators"].cell_id(i, k)   # noqa: E731
    at = lambda k: (r, cols[k])                                # noqa: E731
    aliases = out.layout.get("aliases", {})
    for k in ("level1", "level2", "name"):
        if k in cols:
            v = _label_value(row.get(k))
            if v in aliases.get(k, {}):                     # a regional 二级 the national lists spell otherwise
                out.problems.append((f"“{v}”按“{aliases[k][v]}”审核（{out.layout['title']}的写法）", sheet.name,
                                     sheet.ref(*at(k)).split("!")[1]))
                v = aliases[k][v]
            put(cid(k), v, *at(k))
    target, nature, unit = row.get("target"), row.get("nature"), row.get("unit")
    if isinstance(nature, str):
        nature = nature.strip()
        nature = _NATURE_TYPED.get(nature, nature) or None
    qualitative = nature == "定性"
    placeholder = isinstance(target, str) and _PLACEHOLDER.match(target)
    if placeholder:                                  # 「≥**人次」: left as typed, so the checker names the placeholder
        nature = nature or _NATURE_TYPED.get(placeholder["op"] or "", placeholder["op"]) or None
        unit = unit or placeholder["unit"].strip() or None
    elif isinstance(target, str) and not is_blank(target):
        t = parse_target(target)
        if isinstance(t, Target):
            nature = nature or _NATURE.get(t.op) or "≥"
            target, unit = t.value, unit or t.unit or None
        elif nature in (None, "定性"):
            qualitative = True
    if qualitative:
        nature = "定性"
    elif nature is None and target is not None:
        nature = "≥"                                   # a bare number: the forms' default (正向), noted below
        out.problems.append(("年度指标值没有指标性质符号，按“≥”（正向指标）计分", sheet.name, sheet.ref(*at("target")).split("!")[1]))
    if "target" in cols:
        put(cid("target"), target, *at("target"))
        put(cid("nature"), nature, *(at("nature") if "nature" in cols else at("target")))
        if unit or "unit" in cols:
            put(cid("unit"), unit, *(at("unit") if "unit" in cols else at("target")))
    actual = row.get("actual")
    if "actual" in cols and not is_blank(actual):
        if not qualitative and isinstance(actual, str):
            a = parse_target(actual)
            actual = a.value if isinstance(a, Target) else actual
        put(cid("actual"), actual, *at("actual"))
    if "weight" in cols:
        put(cid("weight"), row.get("weight"), *at("weight"))
    score = row.get("score")
    if "score" in cols and not is_blank(score):
        if qualitative:
            put(cid("manual"), score, *at("score"))
            tier = _tier(row.get("actual"), score, row.get("weight"))
            put(cid("tier"), tier, *at("score"))
            if tier is not None and not _tier(row.get("actual"), None, None):
                out.problems.append((f"定性指标“{row.get('name')}”未写明完成档次，按得分占分值的比例推定为“{tier}”",
                                     sheet.name, sheet.ref(*at("score")).split("!")[1]))
        typed(cid("score"), score, *at("score"))
    reason = row.get("reason")
    if "reason" in cols:                      # 「0」「无」 explain nothing: read as blank
        put(cid("reason"), None if is_blank(reason) or str(reason).strip() in _EMPTY_REASON else _text(reason),
            *at("reason"))


def _tier(actual, score, weight) -> str | None:
    """定性完成档次 from the words used, else from the share of the weight scored (80%/60% bands)."""
    text = str(actual or "")
    if "未达成" in text or "未完成" in text:
        return QUALITATIVE_TIERS[2]
    if "部分" in text:
        return QUALITATIVE_TIERS[1]
    if re.search(r"达成|达到|完成|实现", text):
        return QUALITATIVE_TIERS[0]
    try:
        share = float(score) / float(weight)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return QUALITATIVE_TIERS[0 if share >= 0.8 else 1 if share >= 0.6 else 2]


def _total(lay, sheet: Sheet, form: Form, typed, start: int) -> None:
    if not lay.get("total"):
        return
    rows = [r for r, _ in sheet.find(lay["total"]["label"], (max(start - 1, 1), 10 ** 6))]
    if not rows:
        return
    r = rows[0]
    spec = lay["total"]
    numbers = [(c, v) for (rr, c), v in sorted(sheet.cells.items()) if rr == r and isinstance(v, (int, float))]
    # the row's numbers fill the cells listed, from the right: 「总分 | 100 | 93」 → weight total, total score
    for cid, (c, v) in zip(reversed(spec["numbers"]), reversed(numbers)):
        typed(cid, v, r, c)
    for (rr, c), v in sorted(sheet.cells.items()):
        if rr == r and isinstance(v, str) and v.strip() in _GRADES and spec.get("grade"):
            typed(spec["grade"], v.strip(), r, c)


def _label_value(v):
    """A 一级/二级/三级 label as the lists spell it: 「产出指标（50分）」 → 产出指标, 「…★」 (core indicator) → …."""
    return _SCORE_IN_LABEL.sub("", v).replace("★", "").strip() if isinstance(v, str) else v


def _text(v):
    return v.strip() if isinstance(v, str) else v
