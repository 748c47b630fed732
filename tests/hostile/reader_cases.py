"""Hostile workbooks for the reader: CASES maps a case name to a builder that writes one .xlsx into a given folder.

Each is a valid sample (samples/self_eval_example.xlsx, or a department workbook jixiao itself wrote) with a few parts
of its zip rewritten: cell references and sizes that would make the spreadsheet library allocate a huge grid,
duplicate sheet names, a flood of shared strings, control characters, numbers out of range, NaN and infinity.
File names carry the case name, so all cases can share one folder: run `jixiao check` over it and every file must end
up in the report with its finding, and the run must end normally (exit code 0 or 1).
"""
from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "self_eval_example.xlsx"
ROSTER = ROOT / "samples" / "名册.xlsx"
FORM_SHEET = "xl/worksheets/sheet1.xml"        # 自评表 in the sample
STRINGS = "xl/sharedStrings.xml"
DETAIL_SHEET = "xl/worksheets/sheet3.xml"       # 项目明细 in a department workbook (单位汇总 is sheet1)
FLOOD = 1_100_000                               # shared strings: over the reader's default limit

Edit = Callable[[bytes], bytes] | bytes


def rewrite(src: Path, dest: Path, edits: Mapping[str, Edit] = {}, extra: Mapping[str, bytes] = {},
            stored: tuple[str, ...] = ()) -> Path:
    """Copy the zip `src` to `dest`, replacing members by `edits` (bytes or a function of the old bytes) and adding
    `extra` members; names in `stored` are written uncompressed."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            edit = edits.get(info.filename)
            data = edit(data) if callable(edit) else (data if edit is None else edit)
            method = zipfile.ZIP_STORED if info.filename in stored else zipfile.ZIP_DEFLATED
            zout.writestr(info.filename, data, compress_type=method)
        for name, data in extra.items():
            zout.writestr(name, data)
    return dest


def replace(*pairs: tuple[str, str]) -> Callable[[bytes], bytes]:
    """An edit replacing each old text by new text (each must occur)."""
    def edit(data: bytes) -> bytes:
        text = data.decode("utf-8")
        for old, new in pairs:
            assert old in text, old
            text = text.replace(old, new)
        return text.encode("utf-8")
    return edit


def set_cell(ref: str, value: str) -> Callable[[bytes], bytes]:
    """An edit giving the numeric cell `ref` of a sheet the raw value text `value` (e.g. 'NaN', '1e27')."""
    def edit(data: bytes) -> bytes:
        def cell(m: re.Match) -> str:
            attrs = re.sub(r' t="[^"]*"', "", m[1])
            return f'<c r="{ref}"{attrs} t="n"><v>{value}</v></c>'
        text, n = re.subn(rf'<c r="{ref}"([^>]*?)(?:/>|>.*?</c>)', cell, data.decode("utf-8"), count=1)
        assert n == 1, ref
        return text.encode("utf-8")
    return edit


def _last_row_append(cells: str) -> Callable[[bytes], bytes]:
    return replace(("</row></sheetData>", cells + "</row></sheetData>"))


# --- submissions (the sample self-evaluation) ------------------------------------------------------------------


def lowercase_cell_ref(folder: Path) -> None:
    """A value at xfd1048576 written in lower case: the spreadsheet library would size its grid to the whole sheet."""
    rewrite(SAMPLE, folder / "reader-lowercase-ref.xlsx",
            {FORM_SHEET: _last_row_append('<c r="xfd1048576" t="n"><v>1</v></c>')})


def rowless_cell(folder: Path) -> None:
    """A cell without a reference takes its row from <row r> and its column from the cell before it: here
    (row 1048576, column XFD), though the cells with references inside that row sit in row 1."""
    row = ('<row r="1048576"><c r="A1" t="n"><v>1</v></c><c r="XFC1" t="n"><v>1</v></c>'
           '<c t="n"><v>1</v></c></row>')
    rewrite(SAMPLE, folder / "reader-rowless-cell.xlsx", {FORM_SHEET: replace(("</sheetData>", row + "</sheetData>"))})


def row_inside_cell(folder: Path) -> None:
    """A <row r="1"> nested inside a cell: the spreadsheet library reads it as that cell's content, so it must not
    reset the row counter that places the reference-less cell after it (row 1048576, column XFD)."""
    row = ('<row r="1048576"><c r="A1" t="n"><row r="1"/><v>1</v></c><c r="XFC1" t="n"><v>1</v></c>'
           '<c t="n"><v>1</v></c></row>')
    rewrite(SAMPLE, folder / "reader-row-inside-cell.xlsx",
            {FORM_SHEET: replace(("</sheetData>", row + "</sheetData>"))})


def huge_dimension(folder: Path) -> None:
    """<dimension ref> declaring more than Excel's grid, in lower case."""
    rewrite(SAMPLE, folder / "reader-huge-dimension.xlsx",
            {FORM_SHEET: replace(('<dimension ref="A1:N47"/>', '<dimension ref="a1:xfd99999999"/>'))})


def whole_sheet_dimension(path: Path) -> Path:
    """A real-world writer's habit, not an attack: <dimension ref> declaring the whole sheet (A1:XFD1048576)."""
    return rewrite(SAMPLE, path, {FORM_SHEET: replace(('<dimension ref="A1:N47"/>', '<dimension ref="A1:XFD1048576"/>'))})


def _add_sheet(name: str, target: str, rid: str = "rId99", before: str = "_jixiao") -> dict[str, Edit]:
    sheet = f'<sheet name="{name}" sheetId="99" state="visible" r:id="{rid}"/>'
    rel = (f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           f'worksheet" Target="{target}"/>')
    return {"xl/workbook.xml": replace((f'<sheet name="{before}"', sheet + f'<sheet name="{before}"')),
            "xl/_rels/workbook.xml.rels": replace(("</Relationships>", rel + "</Relationships>"))}


def duplicate_sheet_name(folder: Path) -> None:
    """A second sheet named 自评表 (the form's sheet), pointing at another part."""
    with zipfile.ZipFile(SAMPLE) as z:
        other = z.read("xl/worksheets/sheet3.xml")
    rewrite(SAMPLE, folder / "reader-duplicate-sheet.xlsx", _add_sheet("自评表", "worksheets/sheet9.xml"),
            {"xl/worksheets/sheet9.xml": other})


def _huge_sheet() -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="n"><v>1</v></c></row>'
            b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData></worksheet>')


def sheet_path_mismatch(folder: Path) -> None:
    """A sheet whose target ("worksheets/../worksheets/sheet9.xml") names a harmless part once normalised, while a
    reader that takes the path literally finds a zip member of exactly that name: a whole-sheet grid."""
    with zipfile.ZipFile(SAMPLE) as z:
        harmless = z.read("xl/worksheets/sheet3.xml")
    rewrite(SAMPLE, folder / "reader-sheet-path.xlsx", _add_sheet("附表", "worksheets/../worksheets/sheet9.xml"),
            {"xl/worksheets/sheet9.xml": harmless, "xl/worksheets/../worksheets/sheet9.xml": _huge_sheet()})


def shared_strings_flood(folder: Path, n: int = FLOOD) -> None:
    """Over a million (distinct, so the zip's compression ratio stays ordinary) shared strings after the real ones."""
    def edit(data: bytes) -> bytes:
        head, tail = data.rsplit(b"</sst>", 1)
        return head + "".join(f"<si><t>{i:x}</t></si>" for i in range(n)).encode() + b"</sst>" + tail
    rewrite(SAMPLE, folder / "reader-shared-strings.xlsx", {STRINGS: edit})


def control_characters(folder: Path) -> None:
    """OOXML escapes of control characters (_x0000_, _x0001_, _x001F_) in the unit name, unit code, project name."""
    rewrite(SAMPLE, folder / "reader-control-chars.xlsx", {STRINGS: replace(
        (">区第一中学<", ">区第一中学_x0000_<"), (">101001<", ">101001_x0000_<"),
        (">教师培训专项经费<", ">教师培训_x0001_专项经费_x001F_<"))})


def huge_budget(folder: Path) -> None:
    """全年预算数 (F7) and its total (F6) of 1e27 万元: a number, but no budget amount."""
    rewrite(SAMPLE, folder / "reader-huge-budget.xlsx", {FORM_SHEET: lambda b: set_cell("F6", "1e27")(
        set_cell("F7", "1e27")(b))})


def non_finite_numbers(folder: Path) -> None:
    """NaN in 全年预算数 (F7), inf in 全年执行数 (H7) and NaN as the fill date (K47, a date-formatted cell)."""
    edit = lambda b: set_cell("K47", "NaN")(set_cell("H7", "inf")(set_cell("F7", "NaN")(b)))  # noqa: E731
    rewrite(SAMPLE, folder / "reader-non-finite.xlsx", {FORM_SHEET: edit})


def negative_infinite_date(folder: Path) -> None:
    """-inf as the fill date (K47): converting it to a date fails inside the spreadsheet library."""
    rewrite(SAMPLE, folder / "reader-negative-inf-date.xlsx", {FORM_SHEET: set_cell("K47", "-inf")})


def formula_undefined_entity(folder: Path) -> None:
    """A formula whose text holds an entity XML does not define (&nbsp;): the sheet is not well-formed, whether the
    reader lifts formula texts out before parsing (workbook/lift.py) or not."""
    rewrite(SAMPLE, folder / "reader-formula-entity.xlsx",
            {FORM_SHEET: replace(("SUM(D7,D8,D9))</f>", "SUM(D7,D8,D9))&nbsp;</f>"))})


def formula_lookalike_in_cdata(folder: Path) -> None:
    """项目名称 (D2) as an inline string in a CDATA section whose text looks like a formula element: text, not markup,
    so it is read as it stands and no formula text is lifted out of that sheet."""
    cell = '<c r="D2" s="4" t="inlineStr"><is><t><![CDATA[<f>1</f>教师培训]]></t></is></c>'
    rewrite(SAMPLE, folder / "reader-formula-cdata.xlsx",
            {FORM_SHEET: replace(('<c r="D2" s="4" t="s"><v>3</v></c>', cell))})


# --- department workbooks (jixiao's own consolidation output, read back by the bureau and by publish) ------------


def department_workbook(path: Path) -> Path:
    """A real department workbook: the sample self-evaluation consolidated along the sample roster."""
    from jixiao.consolidate import consolidate
    from jixiao.consolidate.workbook import write_workbook
    from jixiao.intake.roster import load_roster
    c = consolidate([SAMPLE], load_roster(ROSTER), workers=1)
    return write_workbook(c, path)


def _department(folder: Path, name: str, edits: Mapping[str, Edit] = {}, extra: Mapping[str, bytes] = {}) -> Path:
    base = department_workbook(folder / f".{name}.base.xlsx")
    try:
        return rewrite(base, folder / name, edits, extra)
    finally:
        base.unlink()


def department_non_finite(folder: Path) -> None:
    """NaN as a project's 全年预算数 (J3) and inf as its 总分 (M3) in 项目明细 (row 1 title, row 2 header)."""
    _department(folder, "reader-department-non-finite.xlsx",
                {DETAIL_SHEET: lambda b: set_cell("M3", "inf")(set_cell("J3", "NaN")(b))})


def department_huge_amount(folder: Path) -> None:
    """1e27 as a project's 全年预算数 (J3) in 项目明细."""
    _department(folder, "reader-department-huge-amount.xlsx", {DETAIL_SHEET: set_cell("J3", "1e27")})


def department_lowercase_ref(folder: Path) -> None:
    """A value at xfd1048576 (lower case) in 项目明细."""
    _department(folder, "reader-department-lowercase-ref.xlsx",
                {DETAIL_SHEET: _last_row_append('<c r="xfd1048576" t="n"><v>1</v></c>')})


def department_shared_strings(folder: Path, n: int = FLOOD) -> None:
    """A shared-strings part (the workbook itself uses inline strings) with over a million entries."""
    body = "".join(f"<si><t>{i:x}</t></si>" for i in range(n))
    sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
           f'main" count="{n}" uniqueCount="{n}">{body}</sst>').encode()
    _department(folder, "reader-department-shared-strings.xlsx", extra={STRINGS: sst})


CASES: dict[str, Callable[[Path], None]] = {
    "lowercase_cell_ref": lowercase_cell_ref,
    "rowless_cell": rowless_cell,
    "row_inside_cell": row_inside_cell,
    "huge_dimension": huge_dimension,
    "duplicate_sheet_name": duplicate_sheet_name,
    "sheet_path_mismatch": sheet_path_mismatch,
    "shared_strings_flood": shared_strings_flood,
    "control_characters": control_characters,
    "huge_budget": huge_budget,
    "non_finite_numbers": non_finite_numbers,
    "negative_infinite_date": negative_infinite_date,
    "formula_undefined_entity": formula_undefined_entity,
    "formula_lookalike_in_cdata": formula_lookalike_in_cdata,
    "department_non_finite": department_non_finite,
    "department_huge_amount": department_huge_amount,
    "department_lowercase_ref": department_lowercase_ref,
    "department_shared_strings": department_shared_strings,
}
DEPARTMENT_CASES = tuple(k for k in CASES if k.startswith("department_"))


def build_all(folder: Path) -> Path:
    """Every case into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for build in CASES.values():
        build(folder)
    return folder
