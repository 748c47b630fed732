"""Workbooks that are not jixiao templates: found by their labels (jixiao/spec/layouts/*.yaml), read into the same form
data as a template, with every value's own cell, the unit's typed results as `cached`, and what could not be mapped.

Labels are compared after normalising (spaces, colons, 「（50分）」 and 「(A)」 removed); a layout lists the synonyms each
region uses, and a regional layout `extends` the national one (layout_specs.py), so a bureau adds its province's variant
by writing YAML, not code. Detection takes the most specific layout that matches (layout_specs: depth, detect groups).

A monitoring table (national_monitor.yaml) adds three things, each data-driven: the period in its headers 「1-6月执行数」
is compared as 「1—N月」 and gives the 监控月份 (`month`); options ticked with √ in the sub-columns of a two-row header
(偏差原因分析: 经费保障 | 制度保障 | …) read as the option chosen (`indicators.choices`); a template column the sheet lacks
is read from another one and said once (`funds.fallback`: the 136号 table's 执行率 is on 年初预算数).

What cannot be read as a value is never guessed: a range 「97-99」 without 指标性质, a result 「详见附件」 in a quantitative
row, stays as typed (the template's rules name the cell, as they would if the same text were typed into the template)
and is reported with its cell (S011); the row is unscored, and the form's 未评分 finding points at its 得分 cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openpyxl.utils.cell import column_index_from_string, get_column_letter

from ..scoring.values import Target, is_placeholder, parse_number, parse_target
from ..spec.data import is_blank, to_data
from ..spec.layout import Form, load_form
from .layout_specs import LAYOUTS_DIR, layouts, load_layouts, row_spec  # noqa: F401  (layouts: the public entry)
from .layout_values import DEFAULT, UNMAPPABLE, definition, is_placeholder_value, result, tier
from .reader import json_path

NON_TEMPLATE = "S011"                    # a cell the layout could not map (structure family)
PLACEHOLDER = "T104"                     # a template placeholder where the form has no cell (goal table 中期指标)
_SCORE_IN_LABEL = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]|[（(]\s*[A-Za-z]\s*[)）]")
_NOISE = re.compile(r"[\s:：*＊]")
# 「1-6月执行数」「1—7月执行情况」「1~8月」: the monitoring period in a header, compared as the template spells it (1—N月)
_PERIOD = re.compile(r"(?<!\d)1\s*[—–\-－~～至]\s*(?:\d{1,2}|[Nn])\s*月")
_REF = re.compile(r"([A-Z]+)(\d+)")
_EMPTY_REASON = {"0", "无", "/", "—", "-", "－", "――", "无。"}
_GRADES = ("优", "良", "中", "差")
MAX_LABEL = 40                          # characters: a cell longer than this is never a label


def norm(text) -> str:
    """A label as compared: no spaces, colons or asterisks, no 「（50分）」 or 「(A)」, a period 「1-6月」 as 「1—N月」."""
    return _NOISE.sub("", _PERIOD.sub("1—N月", _SCORE_IN_LABEL.sub("", str(text))))


def raw(text) -> str:
    """A label as a `detect: - {raw: [...]}` group compares it: only spaces removed and brackets made full-width, so
    「预算执行情况(20分)」 still says 20分."""
    return re.sub(r"\s", "", str(text)).replace("(", "（").replace(")", "）")


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

    def mentions(self, group) -> int:
        """How many cells contain one of the group's labels (titles carry more words: 项目支出绩效自评表（2025年度）);
        a `{raw: [...]}` group is compared with the score in brackets kept."""
        if isinstance(group, dict):
            want = [raw(x) for x in group["raw"]]
            return sum(1 for rc in self.texts if any(w in raw(self.cells[rc]) for w in want))
        want = [norm(x) for x in group]
        return sum(1 for t in self.texts.values() if any(w in t for w in want))

    def right_of(self, r: int, c: int, stop: set[str]) -> tuple[int, int] | None:
        """The first filled cell right of (r, c) on its row, unless it is another label."""
        for col in range(c + 1, c + 30):
            if (r, col) in self.cells:
                return None if self.texts.get((r, col)) in stop else (r, col)
        return None

    def ref(self, r: int, c: int) -> str:
        return f"{self.name}!{get_column_letter(c)}{r}"

    def at(self, r: int, c: int) -> str:
        return f"{get_column_letter(c)}{r}"


class Note(tuple):
    """(detail, sheet, cell) of something read by a default or not read at all; `code` is S011 unless a template rule
    says the same thing (T104 for a placeholder in a block the form has no cell for)."""
    code: str

    def __new__(cls, detail: str, sheet: str, cell: str, code: str = NON_TEMPLATE):
        self = super().__new__(cls, (detail, sheet, cell))
        self.code = code
        return self


@dataclass
class LayoutRead:
    """What read_layout found, before it becomes a FormRead."""
    layout: dict
    form: Form
    data: dict
    cells: dict[str, str]                  # json path (inputs) or computed.<cell id> (typed results) → Sheet!A1
    cached: dict[str, object]              # calc cell id → the unit's typed result
    problems: list[Note]                   # (detail, sheet, cell) of what could not be mapped
    overrides: dict[str, object]           # calc cell id → the unit's own value used instead (layout `unit_sets`)
    # {grid: {row: {column: value}}} the form has no cell for: Sichuan 财政专户管理资金/单位资金 (their amounts are also
    # in the row their `into` names), a 原因 beside 财政资金; their cells are in `cells` as grids.<grid>.<row>.<column>
    extra: dict = field(default_factory=dict)

    def note(self, detail: str, sheet: Sheet, r: int, c: int, code: str = NON_TEMPLATE) -> None:
        self.problems.append(Note(detail, sheet.name, sheet.at(r, c), code))


def specificity(lay: dict) -> tuple[int, int]:
    """Of two layouts matching one sheet, the one that extends more and asks for more is the region's own."""
    return lay.get("depth", 0), len(lay["detect"])


def detect(sheets: dict[str, dict[str, object]], candidates=None) -> tuple[dict, Sheet] | None:
    """The layout and sheet a workbook matches: every detect group found on the sheet. The sheet with most labels
    wins; on it, the most specific layout (see specificity)."""
    best = None
    for name, values in sheets.items():
        sheet = Sheet.of(name, values)
        found = []
        for lay in candidates or layouts():
            counts = [sheet.mentions(group) for group in lay["detect"]]
            if all(counts):
                found.append((specificity(lay), sum(counts), lay))
        if found:
            score = max(n for _, n, _ in found)
            if best is None or score > best[0]:
                best = (score, max(found, key=lambda x: x[:2])[2], sheet)
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
    _month(lay, sheet, put)
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


def _month(lay, sheet: Sheet, put) -> None:
    """A monitoring form's 监控月份 from the first header that names the period (「1—7月执行数」 → 7), at that cell."""
    if not lay.get("month"):
        return
    pattern = re.compile(lay["month"])
    for (r, c), v in sorted(sheet.cells.items()):
        m = pattern.search(v) if isinstance(v, str) and len(v) <= MAX_LABEL else None
        if m and 1 <= int(m[1]) <= 12:
            put("month", int(m[1]), r, c)
            return


def _year(lay, sheet: Sheet, put) -> None:
    pattern = re.compile(lay.get("year", r"(\d{4})\s*年度?"))
    for (r, c), v in sorted(sheet.cells.items()):
        if r > 4:
            break
        m = pattern.search(str(v))
        if m:
            put("year", int(m[1]), r, c)
            return


_AMOUNTS = ("budget_initial", "budget", "executed", "forecast")


def _funds(lay, sheet: Sheet, form: Form, put, typed, out: LayoutRead) -> None:
    """The funds grid: amounts in 万元, a rate typed as text 「90.00%」 as 0.9. A row the template lacks
    (`{labels, into}`: Sichuan 财政专户管理资金, 单位资金) is kept in out.extra with its own cells, and its amounts are
    added into the `into` row (其他资金), so 年度资金总额 = 财政拨款 + 上年结转 + 其他资金 holds as on the template."""
    spec = lay.get("funds")
    found = sheet.find(spec["header"]) if spec else []
    if not found:
        return
    hr, grid = found[0][0], spec["grid"]
    cols = _columns(sheet, hr, spec["columns"])
    for key, source in (spec.get("fallback") or {}).items():
        if key not in cols and source in cols:         # the 136号 monitoring table: 执行率 on 年初预算数
            cols[key] = cols[source]
            header = next((x["header"] for x in form.grids[grid]["columns"] if x["key"] == key), key)
            out.note(f"原表没有“{header}”栏，按“{_text(sheet.cells[(hr, cols[source])])}”读取（{out.layout['title']}"
                     "的写法）", sheet, hr, cols[source])
    factor = _money_factor(sheet, hr, spec.get("money_units", {}))
    read: dict[str, tuple[int, dict[str, object]]] = {}            # row key → (sheet row, {column: value})
    for key, value in spec["rows"].items():
        rows = sheet.find(row_spec(value)[0], (hr + 1, hr + 8))
        if rows:
            r = rows[0][0]
            read[key] = r, {k: (_amount(v, factor) if k in _AMOUNTS else _rate(v) if k == "rate" else v)
                            for k, c in cols.items() if (v := sheet.cells.get((r, c))) is not None}
    into = {key: row_spec(spec["rows"][key])[1] for key in read}
    for key, (r, values) in read.items():
        for col_key, c in cols.items():
            v, cid = values.get(col_key), f"{grid}.{key}.{col_key}"
            if into[key] or cid not in form.cells:         # no template cell: kept where it can be seen, with its cell
                if v is not None and not (isinstance(v, str) and v.strip() in _EMPTY_REASON):
                    out.extra.setdefault(grid, {}).setdefault(key, {})[col_key] = v
                    out.cells[f"grids.{grid}.{key}.{col_key}"] = sheet.ref(r, c)
            elif form.cells[cid].is_calc:
                if v is not None:
                    typed(cid, v, r, c)
            elif not (col_key in _AMOUNTS and key in into.values()):
                put(cid, v, r, c)                          # an empty input still gets its cell (a finding names it)
    for target in {t for t in into.values() if t}:
        _merge_rows(grid, target, [k for k in read if into[k] == target], read, cols, sheet, form, put, out)


def _merge_rows(grid: str, target: str, parts: list[str], read: dict, cols: dict, sheet: Sheet, form: Form, put,
                out: LayoutRead) -> None:
    """The `target` row's amounts plus those of the rows merged into it, at the target row's own cells (the first
    merged row's when the sheet has no target row); each merged row that holds money is said once (S011)."""
    r, own = read.get(target, (read[parts[0]][0], {}))
    for col_key in (k for k in _AMOUNTS if k in cols):
        total = own.get(col_key)
        if total is None or isinstance(total, (int, float)):   # text in the row itself: left as typed, to be named
            numbers = [x for x in (total, *(read[k][1].get(col_key) for k in parts)) if isinstance(x, (int, float))]
            total = round(sum(numbers), 6) if numbers else None
        put(f"{grid}.{target}.{col_key}", total, r, cols[col_key])
    label = next((x["label"] for x in form.grids[grid]["rows"] if x["key"] == target), target)
    for k in parts:
        pr, values = read[k]
        if any(isinstance(values.get(c), (int, float)) and values[c] for c in _AMOUNTS):
            c = _label_col(sheet, pr)
            out.note(f"“{_text(sheet.cells.get((pr, c)))}”的金额并入“{label}”审核（模板没有此行；{out.layout['title']}"
                     "的写法）", sheet, pr, c)


def _label_col(sheet: Sheet, r: int) -> int:
    return min((c for (rr, c) in sheet.texts if rr == r), default=1)


def _rate(v):
    """An execution rate typed as text 「90.00%」 → 0.9; anything else as typed."""
    n = parse_number(v) if isinstance(v, str) else None
    return v if n is None else n


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
    """Goal text below its label (a 预期目标 | 实际完成情况 header), else right of it; only above the indicator table,
    whose header may use the same words (a monitoring table's 「1—7月执行情况」) and is never goal text. A label
    with nothing below it or to its right: the blank cell below is the goal's cell (a finding that it is missing
    names it)."""
    table = [r for r, _ in sheet.find(lay["indicators"]["header"])]
    limit = table[-1] if table else 10 ** 6
    goal = lay.get("goal") or {}
    stop = {norm(x) for synonyms in goal.values() for x in synonyms}
    for cid, synonyms in goal.items():
        hits = sheet.find(synonyms, (1, limit - 1)) if cid in form.cells else []
        for r, c in hits:
            below = sheet.cells.get((r + 1, c)) if r + 1 < limit else None
            at = (r + 1, c) if isinstance(below, str) and norm(below) not in stop else sheet.right_of(r, c, stop)
            if at is not None and isinstance(sheet.cells[at], str):
                put(cid, sheet.cells[at], *at)
                break
        else:
            blank = [(r + 1, c) for r, c in hits if r + 1 < limit and (r + 1, c) not in sheet.cells
                     and sheet.right_of(r, c, stop) is None]
            if blank:
                put(cid, None, *blank[0])


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
    choices = _choice_columns(sheet, hr, spec.get("choices") or {}, cols)
    for key in choices:                          # the sub-columns replace the column their parent header names
        cols.pop(key, None)
    sub = bool(choices) or bool(sheet.find([x for s in spec["columns"].values() for x in s], (hr + 1, hr + 1)))
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
            out.note(f"指标超过 {table.rows} 行，第 {r} 行起未读取", sheet, r, 1)
            break
        where = dict(cols)
        for key, options in choices.items():
            row[key], where[key] = _choice(r, options, sheet, out)
        _indicator(i, r, row, where, sheet, form, put, typed, out)
        i += 1
    if spec.get("block"):
        _other_blocks(spec, sheet, hr, cols, (first, last), out)
    for cid in spec.get("table_cells", []):     # a table-level finding (缺少满意度指标) points at the table's header
        out.cells.setdefault(f"computed.{cid}", sheet.ref(*headers[-1]))
    return last + 1


# what marks the chosen sub-column of a 「偏差原因分析：经费保障 | 制度保障 | …」 group, and what marks none
_MARKS = {"√", "✓", "✔", "☑", "■", "●", "是", "v", "V", "Y", "y", "1"}
_NO_MARKS = {"×", "✗", "否", "□", "☐", "0", "-", "—", "/", "无"}


def _choice_columns(sheet: Sheet, hr: int, choices: dict, cols: dict) -> dict[str, list[tuple[int, str]]]:
    """key → [(column, option)] for each choice whose options are sub-columns under its header (the 136号 table's
    偏差原因分析 and 完成目标可能性 are ticked, not typed): two or more options on the row below the header, from the
    header's column up to the next header. One option there is a value typed in the first data row, not a header."""
    out = {}
    for key, options in choices.items():
        if key not in cols:
            continue
        start = cols[key]
        stop = min((c for (r, c) in sheet.texts if r == hr and c > start), default=10 ** 6)
        found = sorted((c, option) for option in options for _, c in sheet.find([option], (hr + 1, hr + 1))
                       if start <= c < stop)
        if len(found) >= 2:
            out[key] = found
    return out


def _choice(r: int, options: list[tuple[int, str]], sheet: Sheet, out: LayoutRead) -> tuple[str | None, int]:
    """The option ticked on row r and its column; none ticked: None at the group's first column (a finding that the
    choice is missing names that cell). Two ticks: the first, said (S011); a mark that is not a tick: said, not read."""
    ticked = []
    for c, option in options:
        v = sheet.cells.get((r, c))
        mark = _text(str(v)) if v is not None else ""
        if mark in _MARKS:
            ticked.append((c, option))
        elif mark and mark not in _NO_MARKS:
            out.note(f"“{option}”栏中的“{mark}”不是勾选符号（如“√”），未作为选择读取", sheet, r, c)
    if len(ticked) > 1:
        out.note(f"勾选了{len(ticked)}项（{'、'.join(o for _, o in ticked)}），按第一项“{ticked[0][1]}”审核"
                 "（模板只能选一项主要原因，其余可在说明中写明）", sheet, r, ticked[0][0])
    return (ticked[0][1], ticked[0][0]) if ticked else (None, options[0][0])


def _other_blocks(spec, sheet: Sheet, hr: int, cols: dict, rows: tuple[int, int], out: LayoutRead) -> None:
    """A goal table's 中期指标 beside the 年度指标 read: the form has no cells for it, but a template placeholder
    left there (「≥**人次」) is the same T104 as in the 年度 block, at its own cell."""
    others = [c for _, c in sheet.find(spec["columns"]["target"], (hr + 1, hr + 1)) if c != cols.get("target")]
    for c in others:
        block = next((sheet.cells[(hr, cc)] for cc in range(c, 0, -1) if (hr, cc) in sheet.texts), "")
        for r in range(rows[0], rows[1] + 1):
            v = sheet.cells.get((r, c))
            if is_placeholder_value(v):
                out.note(f"{_text(block)}的指标值“{v}”含占位符，请填写实际值", sheet, r, c, PLACEHOLDER)


def _indicator(i, r, row, cols, sheet: Sheet, form: Form, put, typed, out: LayoutRead) -> None:
    cid = lambda k: form.tables["indicators"].cell_id(i, k)   # noqa: E731
    at = lambda k: (r, cols[k])                                # noqa: E731
    aliases = out.layout.get("aliases", {})
    for k in ("level1", "level2", "name"):
        if k in cols:
            v = _label_value(row.get(k))
            if v in aliases.get(k, {}):                     # a regional 二级 the national lists spell otherwise
                out.note(f"“{v}”按“{aliases[k][v]}”审核（{out.layout['title']}的写法）", sheet, *at(k))
                v = aliases[k][v]
            put(cid(k), v, *at(k))
    d = definition(row.get("nature"), row.get("target"), row.get("unit"))
    if "target" in cols:
        if d.said == DEFAULT:
            out.note("年度指标值没有指标性质符号，按“≥”（正向指标）计分", sheet, *at("target"))
        elif d.said == UNMAPPABLE:
            out.note(d.why, sheet, *at("target"))
        put(cid("target"), d.target, *at("target"))
        put(cid("nature"), d.nature, *(at("nature") if "nature" in cols else at("target")))
        if d.unit or "unit" in cols:
            put(cid("unit"), d.unit, *(at("unit") if "unit" in cols else at("target")))
    table = form.tables["indicators"]
    scored, results = "score" in table.columns, {}
    for k in _RESULTS:                        # 实际完成值; a monitoring table's 1—N月执行情况, 全年预计完成情况
        if k in cols and k in table.columns:
            results[k], why = result(row.get(k), d.qualitative, table.specs[k]["header"], scored)
            if why:
                out.note(why, sheet, *at(k))
            put(cid(k), results[k], *at(k))       # blank too: 「请填写…」 names the unit's own cell
    actual = results.get("actual")
    if "weight" in cols:
        put(cid("weight"), row.get("weight"), *at("weight"))
    score = row.get("score")
    if "score" in cols and not is_blank(score):
        if d.qualitative:
            put(cid("manual"), score, *at("score"))
            t = tier(row.get("actual"), score, row.get("weight"))
            put(cid("tier"), t, *at("score"))
            if t is not None and not tier(row.get("actual"), None, None):
                out.note(f"定性指标“{row.get('name')}”未写明完成档次，按得分占分值的比例推定为“{t}”", sheet, *at("score"))
        typed(cid("score"), score, *at("score"))
        if not d.qualitative and (d.nature is None or not _is_number(d.target) or not _is_number(actual)):
            out.cells.setdefault("computed.unscored", sheet.ref(*at("score")))   # 尚有指标未评分: the first such 得分
    for k in (k for k in cols if k not in _READ and k in table.columns and not form.cells[cid(k)].is_calc):
        v = row.get(k)                        # 偏差原因说明, 完成目标可能性, 纠偏措施, 备注 …: as typed
        if k in _EXPLAINS and not is_blank(v) and str(v).strip() in _EMPTY_REASON:
            v = None                          # 「0」「无」 explain nothing: read as blank
        put(cid(k), _text(v), *at(k))


_RESULTS = ("actual", "forecast")             # results typed with their unit (「45人」): read as numbers
_EXPLAINS = ("reason", "note", "measures")    # text that explains a deviation
_READ = {"level1", "level2", "name", "nature", "target", "unit", "weight", "score", *_RESULTS}


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _total(lay, sheet: Sheet, form: Form, typed, start: int) -> None:
    if not lay.get("total"):
        return
    spec = lay["total"]
    rows = [r for r, _ in sheet.find(spec["label"], (max(start - 1, 1), 10 ** 6))]
    if not rows:
        return
    r = rows[0]
    numbers = [(c, v) for (rr, c), v in sorted(sheet.cells.items()) if rr == r and isinstance(v, (int, float))]
    # the row's numbers fill the cells listed, from the right: 「总分 | 100 | 93」 → weight total, total score
    for cid, (c, v) in zip(reversed(spec["numbers"]), reversed(numbers)):
        typed(cid, v, r, c)
    if not spec.get("grade"):
        return
    grades = [(rr, c) for (rr, c), v in sorted(sheet.cells.items()) if isinstance(v, str) and v.strip() in _GRADES
              and (rr == r or any(lab[0] == rr and lab[1] < c for lab in sheet.find(spec.get("grade_label", []),
                                                                                      (r + 1, r + 3))))]
    if grades:                                 # on the total row, else right of a 「自评等级」 label just below it
        typed(spec["grade"], sheet.cells[grades[0]].strip(), *grades[0])


def _label_value(v):
    """A 一级/二级/三级 label as the lists spell it: 「产出指标（50分）」 → 产出指标, 「…★」 (core indicator) → …."""
    return _SCORE_IN_LABEL.sub("", v).replace("★", "").strip() if isinstance(v, str) else v


def _text(v):
    return v.strip() if isinstance(v, str) else v
