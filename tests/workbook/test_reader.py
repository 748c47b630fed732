"""Tests for jixiao.workbook.reader: round trip with fill, cell map, formulas, LibreOffice cached values, identification, refusals."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import os
import re
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.workbook.defined_name import DefinedName

# Module-level helpers of the sniff tests (tests/workbook is on sys.path under pytest's default import mode).
from test_sniff import BOF, biff, craft_cfb, real_xlsx

from jixiao.scoring.engine import Evaluation
from jixiao.spec.data import data_schema, to_data, to_inputs
from jixiao.spec.layout import load_form
from jixiao.spec.loader import form_ids, load_profile
from jixiao.template.builder import META_SHEET, build_workbook, defined_name, save_atomic
from jixiao.template.fill import fill_workbook
from jixiao.workbook.reader import ReadError, identify, json_path, open_workbook, read, read_form
from jixiao.workbook.recalc import recalculate

CJK = re.compile(r"[\u4e00-\u9fff]")
FORMS = form_ids()
PROFILE = load_profile("national")


# --- data from the JSON Schema ------------------------------------------------------------------------------

ALPHABET = "abcXYZ0129 .,-/%（）：；、\n中文项目绩效资金预算单位达成≥≤＞＝％"
# Whitespace-only text is left out: openpyxl writes it without xml:space="preserve", so it reads back blank.
_base = st.text(alphabet=ALPHABET, min_size=1, max_size=30).filter(str.strip)
TEXT = st.one_of(
    _base,
    _base.map(lambda s: "=" + s),
    _base.map(lambda s: "+" + s),
    st.sampled_from(["=SUM(A1:A3)", "=1+1", "+86 010-12345678", "-5", "@x", "123", "0.10", "1e3", "TRUE",
                     "#N/A", "#DIV/0!", " 前后空格 ", "≥50个"]),
)


def _number(schema: dict):
    lo, hi = schema.get("minimum", -1e9), schema.get("maximum", 1e9)
    if schema["type"] == "integer":
        return st.integers(int(lo), int(hi))
    # openpyxl writes 16 significant digits: keep to values a unit can type
    return st.one_of(st.integers(math.ceil(lo), math.floor(hi)),
                     st.decimals(lo, hi, places=4, allow_nan=False, allow_infinity=False).map(float))


def strategy(schema: dict):
    """A hypothesis strategy for one property of data_schema(form)."""
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    t = schema.get("type")
    if t == "object":
        return st.fixed_dictionaries({}, optional={k: strategy(v) for k, v in schema["properties"].items()})
    if t == "array":
        return st.lists(strategy(schema["items"]), max_size=schema["maxItems"])
    if t == ["string", "number"]:
        return st.one_of(TEXT, _number({"type": "number"}))
    if t in ("number", "integer"):
        return _number(schema)
    if schema.get("format") == "date":
        return st.dates(dt.date(1950, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat)
    return TEXT.map(lambda s: s[:schema["maxLength"]]) if "maxLength" in schema else TEXT


def form_data(fid: str):
    props = data_schema(load_form(fid))["properties"]
    return st.fixed_dictionaries({"form": st.just(fid), "fields": strategy(props["fields"]),
                                  "grids": strategy(props["grids"]), "tables": strategy(props["tables"])})


def leaf_paths(data: dict) -> set[str]:
    out = {f"fields.{k}" for k in data["fields"]}
    out |= {f"grids.{g}.{r}.{c}" for g, rows in data["grids"].items() for r, cols in rows.items() for c in cols}
    out |= {f"tables.{t}[{i}].{k}" for t, rows in data["tables"].items() for i, row in enumerate(rows) for k in row}
    return out


def sample_data(fid: str, variant: int = 0) -> dict:
    """Plausible values for every input of the first rows, by spec type (generic over forms)."""
    form = load_form(fid)
    inputs = {}
    for cell in form.inputs():
        i = cell.index or 0
        if cell.index is not None and i >= 4 + variant:
            continue
        p, seed = cell.props, i + variant
        t = p.get("type")
        if t == "enum":
            from jixiao.spec.loader import enums
            values = enums()[p["enum"]]
            inputs[cell.id] = values[seed % len(values)]
        elif t == "integer":
            inputs[cell.id] = int(p.get("min", 0)) + 25
        elif t == "number":
            inputs[cell.id] = min(p.get("max", 1e6), 10 + 7 * seed + 0.5 * (seed % 2))
        elif t == "date":
            inputs[cell.id] = "2025-03-01"
        elif t == "any":
            inputs[cell.id] = (100, 95.5, "明显改善", 80)[seed % 4]
        else:
            inputs[cell.id] = f"测试{seed}"
    return to_data(form, inputs)


def filled(tmp: Path, fid: str, data: dict, name: str = "filled.xlsx") -> Path:
    return save_atomic(fill_workbook(load_form(fid), PROFILE, data), tmp / name)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- (1) round trip, (2) cell map -----------------------------------------------------------------------------


# ~30 examples per form while there are few forms; scaled down as forms are added so the file stays near a minute
# (building a template dominates each example). JIXIAO_EXAMPLES overrides.
EXAMPLES = int(os.environ.get("JIXIAO_EXAMPLES", 0)) or max(8, min(30, 80 // max(len(FORMS), 1)))


@pytest.mark.parametrize("fid", FORMS)
def test_round_trip(fid):
    form = load_form(fid)

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=form_data(fid))
    def check(data):
        with tempfile.TemporaryDirectory() as tmp:
            path = filled(Path(tmp), fid, data)
            got = read(path)
        expected = to_data(form, to_inputs(form, data))
        assert got.data == expected
        assert set(got.cells) == leaf_paths(expected)
        assert got.problems == []

    check()


@pytest.mark.parametrize("fid", FORMS)
def test_cells_map_points_at_the_value(tmp_path, fid):
    form = load_form(fid)
    data = sample_data(fid)
    path = filled(tmp_path, fid, data)
    got = read(path)
    assert got.data == data
    assert set(got.cells) == leaf_paths(data) and len(got.cells) >= 5
    by_path = {json_path(form, c): c for c in form.inputs()}
    wb = openpyxl.load_workbook(path)
    for key, where in got.cells.items():
        cell = by_path[key]
        assert where == f"{cell.sheet}!{cell.coord}"
        sheet, coord = where.split("!")
        value = wb[sheet][coord].value
        expected = to_inputs(form, data)[cell.id]
        assert (value.date().isoformat() if isinstance(value, dt.datetime) else value) == expected, key


def test_text_typed_as_number_and_dates_kept(tmp_path):
    form = load_form("project_self_eval")
    path = save_atomic(build_workbook(form, PROFILE), tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[form.cells["unit_code"].sheet]
    ws[form.cells["unit_code"].coord] = 101001                              # code typed as a number
    ws[form.cells["fill_date"].coord] = dt.datetime(2025, 3, 1, 14, 30)    # a date with time
    ws[form.cells["funds.fiscal.budget"].coord] = "100万元"                 # text in a number cell
    ws[form.cells["year"].coord] = 2025.0
    wb.save(path)
    got = read(path)
    assert got.data["fields"] == {"unit_code": 101001, "fill_date": "2025-03-01", "year": 2025}
    assert isinstance(got.data["fields"]["year"], int)
    assert got.data["grids"]["funds"]["fiscal"]["budget"] == "100万元"


# --- (3) formulas ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fid", FORMS)
def test_overwritten_formula_is_none(tmp_path, fid):
    form = load_form(fid)
    path = filled(tmp_path, fid, sample_data(fid))
    before = read(path)
    with_formula = [cid for cid, f in before.formulas.items() if f]
    assert with_formula and all(before.formulas[c].startswith("=") for c in with_formula)
    assert all(before.cached[c] is None for c in with_formula)      # openpyxl never calculates: not 0, not ''
    # one table cell (if the form has computed table columns) and one other computed cell
    typed = {next(c for c in with_formula if "[" not in c), next((c for c in with_formula if "[" in c), None)} - {None}
    wb = openpyxl.load_workbook(path)
    for cid in typed:
        c = form.cells[cid]
        wb[c.sheet][c.coord] = 95
    wb.save(path)
    after = read(path)
    assert all(after.formulas[c] is None and after.cached[c] == 95 for c in typed)
    assert {c for c, f in after.formulas.items() if f} == set(with_formula) - typed


def _rewrite(path: Path, member: str, edit) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, edit(data.decode("utf-8")).encode("utf-8") if item.filename == member else data)
    path.write_bytes(buf.getvalue())


def test_shared_formulas_errors_and_cached_text(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in (1, 2, 3):
        ws[f"A{r}"] = r
        ws[f"B{r}"] = f"=A{r}*2"
    ws["C1"] = "#N/A"
    ws["C1"].data_type = "s"   # text that looks like an error
    ws["D1"] = '=IF(A1>5,"x","")'
    path = tmp_path / "shared.xlsx"
    wb.save(path)

    def edit(xml: str) -> str:
        xml = re.sub(r"<v\s*/>|<v></v>", "<v />", xml)          # openpyxl writes either, with or without lxml
        xml = xml.replace("<f>A1*2</f><v />", '<f t="shared" ref="B1:B3" si="0">A1*2</f><v>2</v>')
        xml = xml.replace("<f>A2*2</f><v />", '<f t="shared" si="0"/><v>4</v>')
        xml = xml.replace("<f>A3*2</f><v />", '<f t="shared" si="0"/>')
        xml = re.sub(r'<c r="D1"([^>]*)><f>(.*?)</f><v\s*/>', r'<c r="D1" t="str"><f>\2</f><v></v>', xml)
        return xml.replace('<c r="A3" t="n"><v>3</v></c>', '<c r="A3" t="e"><v>#DIV/0!</v></c>')

    _rewrite(path, "xl/worksheets/sheet1.xml", edit)
    book = open_workbook(path)
    assert book.formulas["Sheet"] == {"B1": "=A1*2", "B2": "=A2*2", "B3": "=A3*2", "D1": '=IF(A1>5,"x","")'}
    values = book.values["Sheet"]
    assert values["B1"] == 2 and values["B2"] == 4 and "B3" not in values   # B3: never calculated
    assert values["D1"] == ""                                                # calculated, empty text
    assert values["A3"] == "#DIV/0!" and values["C1"] == "#N/A"


# --- (4) LibreOffice-recalculated cached values ---------------------------------------------------------------


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


@pytest.mark.libreoffice
def test_recalculated_cached_values_match_engine(tmp_path):
    cases = [(fid, v, sample_data(fid, v)) for fid in FORMS for v in (0, 1)]
    srcs = [filled(tmp_path, fid, data, f"{fid}_{v}.xlsx") for fid, v, data in cases]
    outs = recalculate(srcs, tmp_path / "out")
    for (fid, v, data), src, out in zip(cases, srcs, outs):
        form = load_form(fid)
        got = read(out)
        assert got.data == data and got.problems == []
        expected = Evaluation(form, PROFILE, to_inputs(form, data)).computed()
        assert set(got.cached) == set(expected)
        wrong = {c: (got.cached[c], e) for c, e in expected.items() if not _same(got.cached[c], e)}
        assert not wrong, (fid, v, wrong)
        assert any(isinstance(x, (int, float)) and x for x in got.cached.values())
        assert {c for c, f in got.formulas.items() if f} == {c for c, f in read(src).formulas.items() if f}


# --- (5) identification and structure problems ----------------------------------------------------------------


@pytest.mark.parametrize("fid", FORMS)
def test_identify_without_meta_sheet(tmp_path, fid):
    data = sample_data(fid)
    path = filled(tmp_path, fid, data)
    assert identify(open_workbook(path)) == (fid, load_form(fid).spec["version"])
    wb = openpyxl.load_workbook(path)
    del wb[META_SHEET]
    for name in [n for n in wb.defined_names if n.startswith("JX_meta_")]:
        del wb.defined_names[name]
    wb.save(path)
    book = open_workbook(path)
    assert book.meta == {} and META_SHEET not in book.sheets
    assert identify(book) == (fid, None)
    got = read_form(book)
    assert got.form.id == fid and got.data == data
    assert len(got.problems) == 1 and META_SHEET in got.problems[0].detail and CJK.search(got.problems[0].detail)


def test_unrelated_workbook(tmp_path):
    path = real_xlsx(tmp_path / "别的表.xlsx")
    book = open_workbook(path)
    assert book.sheets == ["项目支出绩效自评表"] and book.sheet_states == {"项目支出绩效自评表": "visible"}
    assert identify(book) == (None, None)
    with pytest.raises(ReadError) as info:
        read(path)
    assert info.value.kind == "unknown_form"
    assert "别的表.xlsx" in info.value.message and CJK.search(info.value.message)


def test_meta_and_states(tmp_path):
    path = filled(tmp_path, "project_self_eval", sample_data("project_self_eval"))
    book = open_workbook(path)
    assert book.meta["form_id"] == "project_self_eval" and book.meta["profile_id"] == "national"
    assert book.sheet_states[META_SHEET] == "hidden" and book.sheets[-1] == META_SHEET
    assert book.defined_names["JX_year"].replace("'", "") == "自评表!$B$2"
    assert book.has_vba is False


@pytest.mark.parametrize("fid", FORMS)
def test_moved_defined_name_and_version_reported(tmp_path, fid):
    form = load_form(fid)
    path = filled(tmp_path, fid, sample_data(fid))
    wb = openpyxl.load_workbook(path)
    cell = next(c for c in form.inputs() if c.block is None)
    name = defined_name(cell.id)
    wb.defined_names[name] = DefinedName(name, attr_text=f"'{cell.sheet}'!$B$9")
    wb[META_SHEET]["B3"] = "2020.1"      # spec_version row
    wb.save(path)
    got = read(path)
    assert got.data == sample_data(fid)     # still read by layout
    moved = [p for p in got.problems if name in p.detail]
    assert len(moved) == 1 and f"{cell.sheet}!{cell.coord}" in moved[0].detail and "B9" in moved[0].detail
    assert moved[0].code == "S007"
    assert any("2020.1" in p.detail for p in got.problems)


def test_shifted_labels_reported(tmp_path):
    path = filled(tmp_path, "project_self_eval", sample_data("project_self_eval"))
    wb = openpyxl.load_workbook(path)
    wb["自评表"].insert_rows(5, 2)
    wb.save(path)
    got = read(path)
    assert any("应为「项目资金（万元）」" in p.detail for p in got.problems)


# --- (6) refusals, (7) input untouched ------------------------------------------------------------------------


def test_xls_refused(tmp_path):
    path = craft_cfb(tmp_path / "旧表.xls", {"Workbook": BOF + biff(0x0085, b"\0" * 8) + biff(0x000A)})
    with pytest.raises(ReadError) as info:
        read(path)
    assert info.value.kind == "xls" and "旧表.xls" in info.value.message and CJK.search(info.value.message)


def test_encrypted_refused(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    src = real_xlsx(tmp_path / "src.xlsx")
    out = io.BytesIO()
    with open(src, "rb") as f:
        OOXMLFile(f).encrypt("123456", out)
    path = tmp_path / "有密码.xlsx"
    path.write_bytes(out.getvalue())
    with pytest.raises(ReadError) as info:
        open_workbook(path)
    assert info.value.kind == "encrypted" and "有密码.xlsx" in info.value.message and "密码" in info.value.message


def test_truncated_refused(tmp_path):
    data = filled(tmp_path, "project_self_eval", sample_data("project_self_eval")).read_bytes()
    path = tmp_path / "下载中断.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError) as info:
        read(path)
    assert info.value.kind == "truncated" and "下载中断.xlsx" in info.value.message


def test_dtd_in_sheet_part_refused(tmp_path):
    path = filled(tmp_path, "project_self_eval", {"form": "project_self_eval"}, "dtd.xlsx")
    bomb = '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda xml: bomb + xml)
    with pytest.raises(ReadError) as info:
        open_workbook(path)
    assert info.value.kind == "xml_bomb" and "dtd.xlsx" in info.value.message


def test_huge_value_area_refused(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = 1
    wb.active["XFD1048576"] = 1
    path = tmp_path / "巨大.xlsx"
    wb.save(path)
    with pytest.raises(ReadError) as info:
        open_workbook(path)
    assert info.value.kind == "too_large" and "巨大.xlsx" in info.value.message


@pytest.mark.parametrize("fid", FORMS)
def test_input_file_unchanged(tmp_path, fid):
    path = filled(tmp_path, fid, sample_data(fid))
    before, mtime, listing = sha(path), path.stat().st_mtime_ns, sorted(tmp_path.iterdir())
    read(path)
    assert sha(path) == before and path.stat().st_mtime_ns == mtime
    assert sorted(tmp_path.iterdir()) == listing
