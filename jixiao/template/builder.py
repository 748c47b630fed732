"""Form spec + policy profile → an official .xlsx template with native formulas, validations and protection."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from .. import __version__
from ..scoring.engine import Evaluation, cell_expression, profile_key
from ..scoring.expr import Lit, render
from ..spec.layout import Cell, Form, load_form
from ..spec.loader import all_form_specs, load_profile
from ..workbook import printing
from ..workbook.safe import atomic_path
from . import styles
from .validation import add_validations

META_SHEET = "_jixiao"
HELP_SHEET = "填表说明"
HELP_WIDTH = 90                 # one column of instructions, A4 portrait


def abs_ref(sheet: str, row: int, col: int, row2: int | None = None, col2: int | None = None) -> str:
    a = f"${get_column_letter(col)}${row}"
    if row2 is not None:
        a += f":${get_column_letter(col2)}${row2}"
    return f"{quote_sheetname(sheet)}!{a}"


def ref_text(form: Form, origin: Cell, kind: str, target: str) -> str:
    """A formula reference from origin's sheet to a cell or table column."""
    if kind == "cell":
        c = form.cells[target]
        own = f"{get_column_letter(c.col)}{c.row}"
        return own if c.sheet == origin.sheet else f"{quote_sheetname(c.sheet)}!{own}"
    tid, _, key = target.partition(".")
    t = form.tables[tid]
    col = get_column_letter(t.columns[key])
    rng = f"${col}${t.first_row}:${col}${t.last_row}"
    return rng if t.sheet == origin.sheet else f"{quote_sheetname(t.sheet)}!{rng}"


def formula_of(form: Form, cell: Cell, pkey: str):
    """The cell's content: '=…' formula text, or a constant when the rule is one."""
    node, refs = cell_expression(form, cell, pkey)
    if isinstance(node, Lit):
        return node.value
    return "=" + render(node, {name: ref_text(form, cell, *r) for name, r in refs.items()})


def defined_name(cell_id: str) -> str:
    return "JX_" + cell_id.replace(".", "_").replace("[", "_").replace("]", "")


def _style_range(ws: Worksheet, row: int, col: int, span: int, font, align, fill, locked=True) -> None:
    for c in range(col, col + span):
        cell = ws.cell(row=row, column=c)
        cell.border = styles.BORDER
        cell.font, cell.alignment = font, align
        if fill is not None:
            cell.fill = fill
        cell.protection = styles.LOCKED if locked else styles.UNLOCKED
    if span > 1:
        ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)


def _write_sheet_frame(ws: Worksheet, sheet) -> None:
    for r, h in sheet.heights.items():
        ws.row_dimensions[r].height = h
    printing.setup(ws, sheet.widths, header_rows=sheet.title_rows, last_row=sheet.last_row, landscape=sheet.landscape)
    ws.protection.sheet = True
    ws.protection.formatRows = False       # units may heighten rows for long text
    ws.protection.formatColumns = False
    ws.sheet_view.zoomScale = 100


def _write_cells(form: Form, wb: Workbook, pkey: str) -> None:
    for st in form.statics:
        ws = wb[st.sheet]
        font, align, fill = styles.STATIC[st.style]
        ws.cell(row=st.row, column=st.col, value=st.text or None)
        _style_range(ws, st.row, st.col, st.span, font, align, fill)
    for cell in form.cells.values():
        ws = wb[cell.sheet]
        fmt = cell.props.get("format")
        if cell.is_calc:
            ws.cell(row=cell.row, column=cell.col, value=formula_of(form, cell, pkey))
            font = styles.FLAG_FONT if fmt == "flag" else styles.VALUE_FONT
            _style_range(ws, cell.row, cell.col, cell.span, font, styles.VALUE_ALIGN, styles.CALC_FILL)
        else:
            _style_range(ws, cell.row, cell.col, cell.span, styles.VALUE_FONT, styles.VALUE_ALIGN,
                         styles.INPUT_FILL, locked=False)
            if cell.props.get("type") == "date":
                fmt = "yyyy-mm-dd"
            elif cell.props.get("type") == "number" and cell.block in form.grids:
                fmt = fmt or "amount"
        if fmt in styles.NUMBER_FORMATS or fmt == "yyyy-mm-dd":
            ws.cell(row=cell.row, column=cell.col).number_format = styles.NUMBER_FORMATS.get(fmt, fmt)


def _conditional_formats(form: Form, wb: Workbook) -> None:
    """Flag cells turn red when they hold a message; a table row's score cell too."""
    for cell in form.cells.values():
        if cell.props.get("format") != "flag" or cell.block in form.tables:
            continue
        wb[cell.sheet].conditional_formatting.add(
            cell.coord, FormulaRule(formula=[f"LEN({cell.coord})>0"], fill=styles.FLAG_FILL, stopIfTrue=False))
    for t in form.tables.values():
        flag_keys = [k for k, s in t.specs.items() if s.get("format") == "flag"]
        if not flag_keys:
            continue
        flag_col = get_column_letter(t.columns[flag_keys[0]])
        test = f"LEN(${flag_col}{t.first_row})>0"
        for key, spec in t.specs.items():
            if spec.get("format") in ("flag", "score"):
                col = get_column_letter(t.columns[key])
                wb[t.sheet].conditional_formatting.add(
                    f"{col}{t.first_row}:{col}{t.last_row}", FormulaRule(formula=[test], fill=styles.FLAG_FILL))


def _defined_names(form: Form, wb: Workbook) -> None:
    for cell in form.cells.values():
        if cell.block not in form.tables:
            name = defined_name(cell.id)
            wb.defined_names[name] = DefinedName(name, attr_text=abs_ref(cell.sheet, cell.row, cell.col))
    for t in form.tables.values():
        last_col = max(t.columns.values())
        wb.defined_names[defined_name(t.id)] = DefinedName(
            defined_name(t.id), attr_text=abs_ref(t.sheet, t.first_row, 1, t.last_row, last_col))
        for key, col in t.columns.items():
            name = defined_name(f"{t.id}.{key}")
            wb.defined_names[name] = DefinedName(name, attr_text=abs_ref(t.sheet, t.first_row, col, t.last_row, col))


def metadata(form: Form, profile: dict) -> dict[str, str]:
    return {
        "form_id": form.id, "form_title": form.spec["title"], "spec_version": form.spec["version"],
        "profile_id": profile["id"], "profile_name": profile["name"], "generator": f"jixiao {__version__}",
    }


def _meta_sheet(form: Form, profile: dict, wb: Workbook) -> None:
    ws = wb.create_sheet(META_SHEET)
    for i, (k, v) in enumerate(metadata(form, profile).items(), start=1):
        ws.cell(row=i, column=1, value=k)
        ws.cell(row=i, column=2, value=v)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    for k in ("form_id", "spec_version", "profile_id"):
        row = list(metadata(form, profile)).index(k) + 1
        wb.defined_names[f"JX_meta_{k}"] = DefinedName(f"JX_meta_{k}", attr_text=abs_ref(META_SHEET, row, 2))


def _help_sheet(form: Form, profile: dict, wb: Workbook, notes=()) -> None:
    """The 填表说明 sheet; `notes` (a prefilled workbook's: what was carried, what the unit must still fill) first."""
    ws = wb.create_sheet(HELP_SHEET)
    lines = [(form.spec["title"] + " 填表说明", styles.STATIC["title"][0])]
    lines += [(f"【预填说明】{text}", styles.STATIC["label"][0]) for text in notes]
    lines += [(f"用途：{form.spec['purpose']}", None), (f"依据：{form.spec['basis']}", None),
              (f"填报主体：{form.spec['filled_by']}；填报时间：{form.spec['when']}", None),
              (f"评分口径：{profile['name']}（{profile['basis']}）。{profile['description']}", None), ("", None)]
    lines += [(f"{i}. {text}", None) for i, text in enumerate(form.spec.get("instructions", []), start=1)]
    for i, (text, font) in enumerate(lines, start=1):
        c = ws.cell(row=i, column=1, value=text or None)
        c.font = font or styles.VALUE_FONT
        c.alignment = styles.VALUE_ALIGN
    printing.setup(ws, [HELP_WIDTH], last_row=len(lines))
    printing.fit_rows(ws)
    ws.protection.sheet = True


def fit_rows(form: Form, profile: dict, wb: Workbook, inputs: dict) -> None:
    """Rows as tall as their text: labels, headers, entered values and what the formulas show for these inputs
    (computed by the same engine; LibreOffice does not fit row heights when it opens a file)."""
    computed = Evaluation(form, profile, inputs).computed()
    for sheet in form.sheets:
        shown = {c.coord: computed[cid] for cid, c in form.cells.items() if c.sheet == sheet.name and c.is_calc}
        printing.fit_rows(wb[sheet.name], shown, sheet.heights)


def build_workbook(form: Form, profile: dict, notes=()) -> Workbook:
    wb = Workbook()
    printing.use_font(wb)
    wb.remove(wb.active)
    pkey = profile_key(profile)
    for sheet in form.sheets:
        ws = wb.create_sheet(sheet.name)
        _write_sheet_frame(ws, sheet)
    _write_cells(form, wb, pkey)
    fit_rows(form, profile, wb, {})
    add_validations(form, wb)
    _conditional_formats(form, wb)
    _defined_names(form, wb)
    _help_sheet(form, profile, wb, notes)
    _meta_sheet(form, profile, wb)
    wb.active = 0
    return wb


def save_atomic(wb: Workbook, path: Path) -> Path:
    """Write to a temp file beside the target, then rename: a reader never sees half a file."""
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return Path(path)


def build_template(form_id: str, profile: str | dict = "national", path: Path | None = None,
                   out_dir: Path = Path("xlsx_templates")) -> Path:
    form = load_form(form_id)
    prof = load_profile(profile) if isinstance(profile, str) else profile
    return save_atomic(build_workbook(form, prof), path or Path(out_dir) / form.spec["file"])


def build_all(out_dir: Path = Path("xlsx_templates"), profile: str = "national") -> list[Path]:
    return [build_template(s["id"], profile, out_dir=out_dir) for s in all_form_specs()]


def fingerprint(path: Path) -> str:
    """A hash of a workbook's parts, ignoring the save timestamp, to tell whether a template is up to date."""
    h = hashlib.sha256()
    with zipfile.ZipFile(path) as z:
        for name in sorted(z.namelist()):
            if name != "docProps/core.xml":
                h.update(name.encode() + b"\0" + z.read(name))
    return h.hexdigest()
