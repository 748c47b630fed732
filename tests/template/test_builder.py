"""The generated templates: committed and up to date, protected, validated, named, print-ready."""

import re
from pathlib import Path

import openpyxl
import pytest

from jixiao.spec.layout import load_form
from jixiao.spec.loader import all_form_specs, enums, load_profile
from jixiao.template.builder import META_SHEET, build_template, fingerprint, formula_of
from jixiao.scoring.engine import profile_key

ROOT = Path(__file__).resolve().parents[2]
FORM_IDS = [s["id"] for s in all_form_specs()]


@pytest.mark.parametrize("fid", FORM_IDS)
def test_committed_template_is_up_to_date(fid, tmp_path):
    committed = ROOT / "xlsx_templates" / load_form(fid).spec["file"]
    assert committed.exists(), f"{committed} 未提交，请运行 jixiao template build"
    fresh = build_template(fid, "national", out_dir=tmp_path)
    assert fingerprint(fresh) == fingerprint(committed), "模板与表单定义不一致，请运行 jixiao template build"


@pytest.fixture(scope="module", params=FORM_IDS)
def built(request, tmp_path_factory):
    fid = request.param
    path = build_template(fid, "national", out_dir=tmp_path_factory.mktemp(fid))
    return load_form(fid), openpyxl.load_workbook(path)


def test_inputs_unlocked_formulas_locked_and_sheets_protected(built):
    form, wb = built
    for cell in form.cells.values():
        c = wb[cell.sheet][cell.coord]
        if cell.is_calc:
            assert c.protection.locked, cell.id
        else:
            assert not c.protection.locked, cell.id
            assert c.value is None, cell.id
    for sheet in form.sheets:
        ws = wb[sheet.name]
        assert ws.protection.sheet and not ws.protection.password
        assert int(ws.page_setup.paperSize) == 9          # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1


def test_formulas_are_portable(built):
    form, wb = built
    pkey = profile_key(load_profile("national"))
    banned = re.compile(r"(?<![A-Z_.])(XLOOKUP|LET|FILTER|UNIQUE|IFS|TEXTJOIN|CONCAT|SWITCH|MAXIFS|MINIFS)\(")
    for cell in form.cells.values():
        if cell.is_calc:
            text = wb[cell.sheet][cell.coord].value
            assert text == formula_of(form, cell, pkey)
            if isinstance(text, str):
                assert not banned.search(text), (cell.id, text)
                assert len(text) < 8000


def _nesting(formula: str) -> int:
    """Deepest nesting of parentheses outside string literals (Excel allows 64 nested function levels)."""
    depth = deepest = 0
    for i, part in enumerate(formula.split('"')):
        if i % 2:
            continue
        for ch in part:
            depth += (ch == "(") - (ch == ")")
            deepest = max(deepest, depth)
    return deepest


@pytest.mark.parametrize("fid", FORM_IDS)
def test_formulas_fit_excel_limits_under_every_profile(fid):
    """Excel refuses a formula over 8,192 characters or 64 nested levels (LibreOffice, which the differential test
    uses, would not notice): the text rules (“≥50个”, full-width digits) and the % rule repeat their parts inline."""
    from jixiao.spec.loader import profile_ids
    form = load_form(fid)
    for pid in profile_ids():
        pkey = profile_key(load_profile(pid))
        for cell in form.cells.values():
            text = formula_of(form, cell, pkey) if cell.is_calc else None
            if isinstance(text, str):
                assert len(text) < 7000 and _nesting(text) < 48, (pid, cell.id, len(text), _nesting(text))


def test_defined_names_and_metadata(built):
    form, wb = built
    names = set(wb.defined_names.keys())
    for cell in form.cells.values():
        if cell.block not in form.tables:
            assert "JX_" + cell.id.replace(".", "_") in names
    for t in form.tables.values():
        assert f"JX_{t.id}" in names
        assert t.rows >= 30
    meta = {r[0]: r[1] for r in wb[META_SHEET].iter_rows(values_only=True)}
    assert meta["form_id"] == form.id and meta["spec_version"] == form.spec["version"]
    assert wb[META_SHEET].sheet_state == "hidden"


def test_every_input_with_a_type_has_validation_with_chinese_messages(built):
    form, wb = built
    covered = {}
    for ws in wb.worksheets:
        for dv in ws.data_validations.dataValidation:
            assert dv.error and dv.prompt and dv.showErrorMessage
            assert any("\u4e00" <= ch <= "\u9fff" for ch in dv.error)
            for rng in dv.sqref.ranges:
                for row in ws.iter_rows(min_row=rng.min_row, max_row=rng.max_row, min_col=rng.min_col,
                                        max_col=rng.max_col):
                    for c in row:
                        covered[(ws.title, c.coordinate)] = dv
    for cell in form.inputs():
        if cell.props.get("type") in ("enum", "number", "integer", "date") or "validate" in cell.props:
            assert (cell.sheet, cell.coord) in covered, cell.id


def test_enum_drop_downs_list_the_spec_values(built):
    form, wb = built
    e = enums()
    for cell in form.inputs():
        if cell.props.get("type") != "enum":
            continue
        lists = {dv.formula1 for dv in wb[cell.sheet].data_validations.dataValidation if dv.type == "list"}
        expected = '"' + ",".join(e[cell.props["enum"]]) + '"'
        assert expected in lists, cell.id
        assert len(expected) <= 257
