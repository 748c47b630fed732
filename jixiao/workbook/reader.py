"""Vet an .xlsx before calamine opens it, read it once (values, formulas, names, metadata), extract its form data."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from itertools import groupby
from typing import NamedTuple
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import column_index_from_string
from python_calamine import CalamineWorkbook

from ..errors import JixiaoError
from ..spec.data import is_blank, to_data
from ..spec.layout import Cell, Form, load_form
from ..spec.loader import form_ids
from ..template.builder import META_SHEET, abs_ref, defined_name
from .ooxml import (EXCEL_COLS, EXCEL_ROWS, MAX_NUMBER, PartError, SheetEntry, SheetXml, count_shared_strings, ref_text,
                    read_sheet_part, read_workbook_part, shared_strings_parts)
from .safe import clean_text
from .sniff import Limits, Sniff, sniff, unparsed

__all__ = ["ReadError", "Workbook", "FormRead", "vet", "open_workbook", "read_sheets", "identify", "read_form", "read",
           "json_path", "NOT_A_NUMBER"]

MAX_COPIED = 16 * 2**20    # bytes of a package besides its worksheets that _lifted_copy copies
_CALAMINE_READS = (".xml", ".rels")
MAX_CELLS = Limits().max_cells   # dense A1-based area calamine would materialise for one sheet
SHEET_FOLDERS = ("xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/")   # calamine reads a sheet only from these
NOT_A_NUMBER = "#NUM!"           # what a NaN or infinite number cell reads as
MATCH_THRESHOLD = 0.6      # share of a form's labels a workbook must show to be recognised without metadata
MAX_LISTED = 20            # per kind of structure problem, before summarising


class ReadError(JixiaoError):
    """A workbook that cannot be read; message is Chinese and names the file."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.message, self.kind = message, kind


@dataclass
class Workbook:
    path: Path
    sheets: list[str]                        # in workbook order
    sheet_states: dict[str, str]             # visible | hidden | veryHidden
    meta: dict[str, str]                     # the _jixiao sheet's key/value rows ({} if absent)
    defined_names: dict[str, str]            # name -> refers-to text; sheet-scoped ones as "Sheet!Name"
    values: dict[str, dict[str, object]]     # non-blank cached values; a calculated formula whose result is empty text is ''
    formulas: dict[str, dict[str, str]]      # "=…" for every cell holding a formula (shared ones expanded)
    has_vba: bool


@dataclass
class FormRead:
    form: Form
    data: dict
    cells: dict[str, str]
    cached: dict[str, object]
    formulas: dict[str, str | None]
    problems: list[Problem]
    workbook: Workbook | None = field(default=None, repr=False)
    layout: str | None = None                # a non-template workbook: the jixiao/spec/layouts id it was read by
    overrides: dict = field(default_factory=dict)   # calc cell id → the unit's own value (a layout's unit_sets)
    extra: dict = field(default_factory=dict)       # a layout's rows the form has no cell for: {grid: {row: {col: v}}}

    def own_cell(self, cid: str) -> tuple[str, str] | None:
        """(sheet, cell) a form cell's value was read from: an input by its JSON path, a computed cell's typed result
        (non-template layouts) by computed.<id> — the keys `cells` uses, as consolidation's provenance does."""
        cell = self.form.cells[cid]
        where = self.cells.get(f"computed.{cid}" if cell.is_calc else json_path(self.form, cell))
        return tuple(where.rsplit("!", 1)) if where else None


def _number(v):
    return int(v) if isinstance(v, float) and v.is_integer() and abs(v) < 2**53 else v


def _value(v):
    """A cell value as the rest of jixiao may use it: text without control characters, numbers finite and within
    MAX_NUMBER (others become text: '#NUM!' for NaN and infinity, the number written out for one that is too large),
    whole floats as int."""
    if isinstance(v, str):
        return clean_text(v)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if not math.isfinite(v):
            return NOT_A_NUMBER
        if abs(v) >= MAX_NUMBER:
            return f"{float(v):.10g}"      # as a finding shows a number, so the message quotes it once
    return _number(v)


def _invalid(text: str):
    """What an out-of-range number cell reads as (see _value), from the text of its <v>."""
    return _value(float(text))


def _broken(name: str, kind: str) -> str:
    if kind == "xml_bomb":
        return f"文件「{name}」内部含有不允许的 XML 结构（DTD/实体声明），出于安全考虑不予打开。请使用下发的 Excel 模板填报。"
    if kind == "zip_bomb":
        return f"文件「{name}」内部部件过大，出于安全考虑不予打开。请删除无关内容后另存为 .xlsx 重新报送。"
    return f"文件「{name}」已损坏或结构异常，无法读取。请确认文件能在 Excel/WPS 中正常打开，另存为 .xlsx 后重新报送。"


@dataclass
class _Vetted:
    """A file that passed every check that has to come before a spreadsheet library opens it."""
    path: Path
    sniffed: Sniff
    entries: list[SheetEntry]
    names: dict[str, str]
    parsed: dict[str, SheetXml]          # worksheets by name


def vet(path, limits: Limits = Limits()) -> _Vetted:
    """Everything checked before calamine opens `path` (ReadError otherwise): sniff() (type, zip and XML bombs, sizes);
    no two sheets with the same name; every part calamine could read as a sheet bounded (its cells, wherever their
    position comes from, and <dimension ref>) within Excel's grid and limits.max_cells; the shared strings bounded in
    count and bytes. All streamed: nothing is loaded whole."""
    path = Path(path)
    result = sniff(path, limits, container=True)    # the workbook part is parsed once, below
    if not result.ok:
        raise ReadError(result.message, result.kind)
    cap, main = limits.max_xml_member_bytes, None
    try:
        with zipfile.ZipFile(path) as zf:
            members = {n.lower(): n for n in zf.namelist()}
            main = members[result.detail["main_part"]]
            entries, names = read_workbook_part(zf, main, cap)
            _same_names(path.name, entries)
            _shared_strings(path.name, zf, shared_strings_parts(zf, main, cap), limits)
            parsed = {e.name: read_sheet_part(zf, e.part, cap) for e in entries if e.is_worksheet and e.part}
            for name, sx in parsed.items():
                _bounded(path.name, f"工作表「{name}」", sx, limits)
            ours = {e.part for e in entries if e.is_worksheet and e.part}
            for low, member in members.items():      # calamine finds a sheet's part by its own reading of the path
                if low.startswith(SHEET_FOLDERS) and "/_rels/" not in low and member not in ours:
                    _bounded(path.name, f"部件「{member}」", read_sheet_part(zf, member, cap), limits)
    except PartError as e:
        if e.part == main:                       # told as sniff() tells a workbook part it cannot parse
            raise ReadError(unparsed(path, e.kind, result.detail).message, e.kind) from None
        raise ReadError(_broken(path.name, e.kind), e.kind) from None
    except (OSError, KeyError, zipfile.BadZipFile) as e:
        raise ReadError(_broken(path.name, "unreadable"), "unreadable") from e
    return _Vetted(path, result, entries, names, parsed)


def _same_names(file: str, entries: list[SheetEntry]) -> None:
    seen: dict[str, str] = {}
    for e in entries:
        key = e.name.casefold()       # Excel compares sheet names without regard to case
        if key in seen:
            raise ReadError(f"文件「{file}」中有两个同名的工作表「{e.name}」（Excel 不允许工作表同名），文件可能被其他软件"
                            "改写或已损坏，不予读取。请在 Excel/WPS 中打开确认后另存为 .xlsx 重新报送。", "truncated")
        seen[key] = e.name


def _shared_strings(file: str, zf: zipfile.ZipFile, parts: list[str], limits: Limits) -> None:
    """A spreadsheet library loads the shared strings whole on opening: count them first, streaming. A part too small
    to exceed either limit is not read (Python's zipfile yields no more than a member's declared size, and an <si/>
    takes at least 5 bytes)."""
    for part in parts:
        size = zf.getinfo(part).file_size
        if size <= limits.max_shared_strings_bytes and size < 5 * limits.max_shared_strings:
            continue
        try:
            count_shared_strings(zf, part, limits.max_shared_strings_bytes, limits.max_shared_strings)
        except PartError as e:
            if e.kind != "too_large":
                raise
            raise ReadError(f"文件「{file}」的共享字符串表异常庞大（超过 {limits.max_shared_strings:,} 条或 "
                            f"{limits.max_shared_strings_bytes / 2**20:.0f} MB），不予处理。请删除无关内容后另存为 "
                            ".xlsx 重新报送。", "too_large") from None


def _bounded(file: str, where: str, sx: SheetXml, limits: Limits) -> None:
    rows, cols = sx.max_row, sx.max_col        # calamine sizes its grid from the cells; <dimension> only needs to
    drows, dcols = sx.dimension                # lie within Excel's grid (writers often declare A1:XFD1048576)
    if max(rows, drows) > EXCEL_ROWS or max(cols, dcols) > EXCEL_COLS or rows * cols > limits.max_cells:
        rows, cols = max(rows, drows), max(cols, dcols)
        raise ReadError(f"文件「{file}」的{where}数据区域异常庞大（{rows} 行 × {cols} 列），不予处理。"
                        "请删除无关内容后另存为 .xlsx 重新报送。", "too_large")


def _calamine(v: _Vetted, names: list[str]) -> dict[str, list[list]]:
    """calamine's rows (A1-based) of the named sheets of a vetted file; ReadError for anything calamine refuses,
    including a panic inside it (pyo3 raises those as a BaseException)."""
    try:
        source = _lifted_copy(v)
        with (CalamineWorkbook.from_path(str(v.path)) if source is None else CalamineWorkbook.from_filelike(source)) \
                as book:
            return {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) if v.parsed[n].max_row else []
                    for n in names}
    except Exception as e:  # calamine raises its own error types on malformed content
        raise ReadError(_broken(v.path.name, "unreadable"), "unreadable") from e
    except BaseException as e:
        if type(e).__name__ != "PanicException":
            raise
        bad = next(((n, ref, text) for n, sx in v.parsed.items() for ref, text in sx.invalid.items()), None)
        if bad is None:
            raise ReadError(_broken(v.path.name, "truncated"), "truncated") from None
        raise ReadError(f"文件「{v.path.name}」的工作表「{bad[0]}」{bad[1]} 中的“{bad[2]}”不是有效的数值或日期，无法读取。"
                        "请在 Excel/WPS 中改正该单元格后另存为 .xlsx 重新报送。", "truncated") from None


def _lifted_copy(v: _Vetted) -> io.BytesIO | None:
    """An in-memory copy of the file whose worksheets are their XML with the formula texts lifted out (lift.py), for
    calamine to read the same values from a fraction of the bytes; only the XML parts (images, printer settings and
    the like are never read for values); None when nothing was lifted or the rest is too large to copy (calamine then
    reads the file)."""
    lifted = {e.part: v.parsed[e.name].xml for e in v.entries if e.name in v.parsed and v.parsed[e.name].xml}
    if not lifted:
        return None
    out = io.BytesIO()
    with zipfile.ZipFile(v.path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        infos = [i for i in src.infolist() if i.filename not in lifted and i.filename.lower().endswith(_CALAMINE_READS)]
        if sum(i.file_size for i in infos) > MAX_COPIED:
            return None
        for info in infos:
            dst.writestr(info.filename, src.read(info))
        for part, xml in lifted.items():
            dst.writestr(part, xml)
    out.seek(0)
    return out


def read_sheets(path, names=None, *, limits: Limits = Limits()) -> tuple[list[str], dict[str, list[list]]]:
    """(sheet names in order, {name: rows}) of any .xlsx, vetted like a submission (ReadError otherwise); rows are
    A1-based lists of cell values, cleaned like every value the reader gives (see _value). `names`: the sheets wanted
    (those present are returned), default all worksheets."""
    v = vet(path, limits)
    wanted = [n for n in v.parsed if names is None or n in names]
    rows = _calamine(v, wanted)
    for name, grid in rows.items():
        for r, row in enumerate(grid):
            grid[r] = [_value(x) for x in row]
        for ref, text in v.parsed[name].invalid.items():
            m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
            r, c = int(m[2]) - 1, column_index_from_string(m[1]) - 1
            if r < len(grid) and c < len(grid[r]):
                grid[r][c] = _invalid(text)
    return [e.name for e in v.entries], rows


def open_workbook(path, *, limits: Limits = Limits()) -> Workbook:
    """Vet the file (vet()), then read sheets, names and formulas (streamed XML) and cached values (calamine)."""
    v = vet(path, limits)
    rows = _calamine(v, list(v.parsed))
    values = {name: _sheet_values(rows[name], sx) for name, sx in v.parsed.items()}
    meta = {}
    for ref, key in values.get(META_SHEET, {}).items():
        if ref.startswith("A") and ref[1:].isdigit() and str(key).strip():
            val = values[META_SHEET].get("B" + ref[1:])
            meta[str(key).strip()] = "" if val is None else str(val)
    entries = v.entries
    return Workbook(v.path, [e.name for e in entries], {e.name: e.state for e in entries}, meta, v.names, values,
                    {name: sx.formulas for name, sx in v.parsed.items()}, bool(v.sniffed.detail.get("has_vba")))


def _sheet_values(rows: list[list], sx) -> dict[str, object]:
    out: dict[str, object] = {}
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row, start=1):
            if v is not None and v != "":
                out[ref_text(r, c)] = _value(v)
    for ref in sx.formulas:
        if ref in sx.cached:
            out.setdefault(ref, "")      # calculated, result is empty text
        else:
            out.pop(ref, None)           # never calculated: no cached value at all
    out.update(sx.errors)                # calamine reports error cells as ''
    out.update({ref: _invalid(text) for ref, text in sx.invalid.items()})   # NaN dates, say, are no 1899-12-30
    return out


# --- identification -------------------------------------------------------------------------------------------


def _norm(text) -> str:
    return re.sub(r"\s+", "", str(text))


def _layout_match(wb: Workbook, form: Form) -> tuple[bool, float]:
    """(all sheet names present, share of the form's static labels found on its sheets)."""
    everywhere = {_norm(v) for cells in wb.values.values() for v in cells.values() if isinstance(v, str)}
    named, total, hits = True, 0, 0
    for sheet in form.sheets:
        labels = {_norm(s.text) for s in form.statics if s.sheet == sheet.name and s.text} - {""}
        if sheet.name in wb.values:
            texts = {_norm(v) for v in wb.values[sheet.name].values() if isinstance(v, str)}
        else:
            named, texts = False, everywhere
        total, hits = total + len(labels), hits + len(labels & texts)
    return named, hits / total if total else 0.0


def identify(wb: Workbook) -> tuple[str | None, str | None]:
    """(form_id, spec_version) from the metadata sheet, else by sheet names and labels (version None), else (None, None)."""
    ids = form_ids()
    fid, version = wb.meta.get("form_id") or None, wb.meta.get("spec_version") or None
    if fid in ids:
        return fid, version
    scored = [(_layout_match(wb, load_form(i)), i) for i in ids]
    best = max(scored, default=None)
    if best and best[0][1] >= MATCH_THRESHOLD:
        return best[1], None
    return (fid, version) if fid else (None, None)


# --- form data ------------------------------------------------------------------------------------------------


def json_path(form: Form, cell: Cell) -> str:
    """Where an input cell's value sits in form data: fields.x, grids.g.r.c or tables.t[i].k."""
    if cell.block in form.tables:
        return f"tables.{cell.block}[{cell.index}].{cell.key}"
    return ("grids." if cell.block in form.grids else "fields.") + cell.id


def _input_value(cell: Cell, v):
    """An entered value as JSON-able data: dates as ISO text, everything else as typed."""
    if isinstance(v, dt.datetime):
        if cell.props.get("type") == "date" or v.time() == dt.time():
            return v.date().isoformat()
        return v.isoformat(sep=" ")
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, dt.timedelta):
        return str(v)
    return v


def _ref_key(text: str) -> tuple[str, str] | None:
    """('sheet', 'B2' / 'I14:I43') of a refers-to text, ignoring quotes and $."""
    sheet, bang, rng = text.strip().lstrip("=").rpartition("!")
    if not bang:
        return None
    if len(sheet) >= 2 and sheet[0] == sheet[-1] == "'":
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, rng.replace("$", "").upper()


def _expected_names(form: Form) -> dict[str, str]:
    names = {defined_name(c.id): abs_ref(c.sheet, c.row, c.col) for c in form.cells.values()
             if c.block not in form.tables}
    for t in form.tables.values():
        names[defined_name(t.id)] = abs_ref(t.sheet, t.first_row, 1, t.last_row, max(t.columns.values()))
        for key, col in t.columns.items():
            names[defined_name(f"{t.id}.{key}")] = abs_ref(t.sheet, t.first_row, col, t.last_row, col)
    return names


class _Plan(NamedTuple):
    """What reading a form looks at, worked out once per form; cells in the form's order, in runs by sheet."""
    inputs: list[tuple[str, list[tuple[Cell, str, str]]]]   # (sheet, [(cell, "A1", its JSON path)])
    calcs: list[tuple[str, list[tuple[Cell, str]]]]         # (sheet, [(cell, "A1")])
    labels: list[tuple[str, str, str, str]]     # (sheet, cell, header text, header text without spaces)
    names: dict[str, tuple[str, str]]           # defined name → _ref_key of where it should point


_PLANS: dict[str, tuple[Form, _Plan]] = {}


def _plan(form: Form) -> _Plan:
    known = _PLANS.get(form.id)
    if known is None or known[0] is not form:
        cells = form.cells.values()
        runs = lambda keep, row: [(sheet, [row(c) for c in run]) for sheet, run in  # noqa: E731
                                  groupby((c for c in cells if keep(c)), key=lambda c: c.sheet)]
        plan = _Plan(runs(lambda c: not c.is_calc, lambda c: (c, c.coord, json_path(form, c))),
                     runs(lambda c: c.is_calc, lambda c: (c, c.coord)),
                     [(s.sheet, ref_text(s.row, s.col), s.text, _norm(s.text)) for s in form.statics if s.text],
                     {name: _ref_key(ref) for name, ref in _expected_names(form).items()})
        known = _PLANS[form.id] = (form, plan)
    return known[1]


class Problem(NamedTuple):
    """A structure problem found while reading: a rule code (S…), the Chinese detail and where."""

    code: str
    detail: str
    sheet: str = ""
    cell: str = ""

    def __str__(self) -> str:
        return self.detail


def _capped(items: list[Problem], what: str) -> list[Problem]:
    if len(items) <= MAX_LISTED:
        return items
    return items[:MAX_LISTED] + [Problem(items[0].code, f"另有 {len(items) - MAX_LISTED} 处{what}，未逐一列出。")]


def _structure_problems(wb: Workbook, form: Form) -> list[Problem]:
    title, version = form.spec["title"], form.spec["version"]
    meta_id, meta_ver = wb.meta.get("form_id"), wb.meta.get("spec_version")
    out = []
    if not meta_id:
        out.append(Problem("S002", f"缺少模板标识（隐藏工作表“{META_SHEET}”），可能不是用下发的模板填报，或该工作表"
                                   f"被删除；已按「{title}」的模板位置读取。"))
    elif meta_id != form.id:
        out.append(Problem("S003", f"模板标识为「{meta_id}」，与「{title}」（{form.id}）不一致；已按「{title}」的模板位置读取。"))
    elif meta_ver != version:
        out.append(Problem("S004", f"模板版本为 {meta_ver or '（空）'}，当前「{title}」版本为 {version}，请使用最新下发的模板。"))
    for sheet in form.sheets:
        if sheet.name not in wb.sheet_states:
            out.append(Problem("S005", f"缺少工作表「{sheet.name}」（可能被改名或删除），该表的内容无法读取。", sheet.name))
    labels = []
    plan = _plan(form)
    for sheet, coord, text, normed in plan.labels:
        if sheet in wb.values:
            found = wb.values[sheet].get(coord)
            if _norm(found if found is not None else "") != normed:
                labels.append(Problem("S006", f"表头应为「{text}」，实为「{'' if found is None else found}」"
                                              "（可能插入、删除了行列或改动了表头）。", sheet, coord))
    out += _capped(labels, "表头不一致")
    moved = []
    if any(n.startswith("JX_") for n in wb.defined_names):
        for name, key in plan.names.items():
            found = wb.defined_names.get(name)
            if found is not None and _ref_key(found) != key:
                shown = "!".join(_ref_key(found) or ("", found.strip().lstrip("="))).lstrip("!")
                moved.append(Problem("S007", f"定义名称 {name} 应指向 {'!'.join(key)}，实际指向 {shown}"
                                             "（可能插入或删除了行列）；仍按模板位置读取。"))
    return out + _capped(moved, "定义名称位置不一致")


def read_form(wb: Workbook, form: Form | None = None) -> FormRead:
    """The form's data, cached results and formulas, read at the spec layout's cells."""
    fid, _ = identify(wb)
    if form is None:
        titles = "、".join(load_form(i).spec["title"] for i in form_ids())
        if fid is None:
            found = _non_template(wb)
            if found is not None:
                return found
            raise ReadError(f"文件「{wb.path.name}」无法识别为绩效表单：没有模板标识，工作表名称和表头也与"
                            f"{titles}均不相符。请使用下发的 Excel 模板填报。", "unknown_form")
        if fid not in form_ids():
            raise ReadError(f"文件「{wb.path.name}」的模板标识为「{fid}」，不是本系统支持的表单（{titles}）。"
                            "请使用下发的 Excel 模板填报。", "unknown_form")
        form = load_form(fid)
    problems = _structure_problems(wb, form)
    plan = _plan(form)
    inputs, where = {}, {}
    for sheet, run in plan.inputs:
        values, typed = wb.values.get(sheet, {}), wb.formulas.get(sheet, {})
        for cell, coord, path in run:
            v = values.get(coord)
            if v is not None:
                v = _input_value(cell, v)
                if not is_blank(v):
                    inputs[cell.id], where[path] = v, f"{sheet}!{coord}"
            if typed.get(coord):
                problems.append(Problem("S008", f"填报单元格「{cell.label}」中是公式 {typed[coord]}，已按其计算结果读取。",
                                        sheet, coord))
    cached, formulas = {}, {}
    for sheet, run in plan.calcs:
        values, typed = wb.values.get(sheet, {}), wb.formulas.get(sheet, {})
        for cell, coord in run:
            cached[cell.id], formulas[cell.id] = values.get(coord), typed.get(coord)
    return FormRead(form, to_data(form, inputs), where, cached, formulas, problems, wb)


def _non_template(wb: Workbook) -> FormRead | None:
    """A workbook in one of the known non-template layouts (jixiao/spec/layouts), read by its labels."""
    from .layouts import NON_TEMPLATE, detect, read_layout
    # a value typed as 「=100%」 is a formula to Excel: with no result saved, its text is what the unit meant
    sheets = {s: {**{ref: f for ref, f in wb.formulas.get(s, {}).items()}, **wb.values.get(s, {})}
              for s in wb.sheets if wb.sheet_states.get(s, "visible") == "visible"}
    found = detect(sheets)
    if found is None:
        return None
    lr = read_layout(*found)
    problems = [Problem(getattr(p, "code", NON_TEMPLATE), *p) for p in lr.problems]
    return FormRead(lr.form, lr.data, lr.cells, lr.cached, {}, problems, wb, lr.layout["id"], lr.overrides, lr.extra)


def read(path, *, form: Form | None = None, limits: Limits = Limits()) -> FormRead:
    """open_workbook + identify + read_form."""
    return read_form(open_workbook(path, limits=limits), form)
