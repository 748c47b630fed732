"""Formula texts lifted out of worksheet XML before parsing, and empty cells dropped (jixiao/workbook/lift.py), change
nothing that is read: the formulas, errors and extent the streamed pass gives, and the values calamine reads from the
lifted copy, are those of the file itself — at any chunk size, with prefixes, odd attributes, CDATA and other encodings."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from jixiao.workbook import ooxml
from jixiao.workbook.lift import Lifter, formula_text
from jixiao.workbook.ooxml import PartError, read_sheet_part
from jixiao.workbook.reader import open_workbook, vet

ROOT = Path(__file__).resolve().parents[2]
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _sheet(body: str, prolog: str = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', ns: str = NS) -> bytes:
    return f'{prolog}<worksheet {ns}><sheetData>{body}</sheetData></worksheet>'.encode("utf-8")


def _zip(xml: bytes) -> zipfile.ZipFile:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("s.xml", xml)
    return zipfile.ZipFile(buf)


def _unlifted(zf: zipfile.ZipFile, part: str) -> ooxml.SheetXml:
    """The same pass with nothing lifted: what expat alone reads."""
    original = ooxml.Lifter
    try:
        ooxml.Lifter = _NoLift
        return read_sheet_part(zf, part, 1 << 30)
    finally:
        ooxml.Lifter = original


class _NoLift(Lifter):
    def _cut(self, data: bytes) -> bytes:
        self._out += len(data)
        return data


CASES = {
    "plain": _sheet('<row r="1"><c r="A1" t="str"><f>IF(B1&gt;0,"是","否")</f><v>是</v></c>'
                    '<c r="B1"><v>3</v></c></row>'),
    "attributes": _sheet('<row r="1"><c r="A1"><f aca="false" ref=\'A1>B\' >SUM(&quot;x&quot;)</f ><v>1</v></c></row>'),
    "prefixed": _sheet('<x:row r="1"><x:c r="A1"><x:f>1&amp;2</x:f><x:v>1</x:v></x:c></x:row>',
                       ns='xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"').replace(
                           b"<sheetData>", b"<x:sheetData>").replace(b"</sheetData>", b"</x:sheetData>"),
    "shared": _sheet('<row r="2"><c r="A2"><f t="shared" ref="A2:A3" si="0">B2*2</f><v>2</v></c></row>'
                     '<row r="3"><c r="A3"><f t="shared" si="0"/><v>4</v></c></row>'),
    "charrefs_and_newlines": _sheet('<row r="1"><c r="A1" t="str"><f>"a&#10;b"&amp;&#x4E2D;\r\n1</f><v>x</v></c></row>'),
    "cdata": _sheet('<row r="1"><c r="A1" t="str"><f>1+1</f><v><![CDATA[<f>2</f>]]></v></c>'
                    '<c r="B1" t="str"><f>"<"</f><v>y</v></c></row>'.replace('"<"', '"&lt;"')),
    "comment": _sheet('<row r="1"><!-- <f>ignored</f> --><c r="A1"><f>1+2</f><v>3</v></c></row>'),
    "latin1": _sheet('<row r="1"><c r="A1" t="str"><f>"\u00e9"</f><v>\u00e9</v></c></row>',
                     prolog='<?xml version="1.0" encoding="ISO-8859-1"?>').decode("utf-8").encode("latin-1"),
    "empty_f": _sheet('<row r="1"><c r="A1"><f></f><v>1</v></c><c r="B1"><f/><v>2</v></c></row>'),
    # empty cells: dropped only where no other cell's place depends on them
    "empty_cells": _sheet('<row r="1"><c r="A1" s="1"/><c r="B1" s="2"/><c s="3"><f>1</f><v>1</v></c>'
                          '<c r="E1" s="1" t="n"/></row><row><c r="A2"/><c r="B2" s="1"><f>2</f><v>2</v></c>'
                          '<c r="C2"><c r="D2" s="4"/></c><c r="XFD1048577" s="1"/></row>'
                          '<row r="9"><c r="b9" s="1"/><x:c xmlns:x="urn:x" r="C9"/><c r="D9"/></row>'),
}


@pytest.mark.parametrize("chunk", [3, 17, 64, 1 << 20])
@pytest.mark.parametrize("case", sorted(CASES))
def test_lifting_reads_what_expat_reads(case, chunk, monkeypatch):
    zf = _zip(CASES[case])
    expected = _unlifted(zf, "s.xml")
    monkeypatch.setattr(ooxml, "_CHUNK", chunk)
    got = read_sheet_part(zf, "s.xml", 1 << 30)
    assert (got.formulas, got.errors, got.cached, got.invalid, got.max_row, got.max_col) == (
        expected.formulas, expected.errors, expected.cached, expected.invalid, expected.max_row, expected.max_col)
    assert got.formulas                             # every case has a formula to lift


def test_what_is_lifted_and_what_is_not():
    assert read_sheet_part(_zip(CASES["plain"]), "s.xml", 1 << 30).formulas == {"A1": '=IF(B1>0,"是","否")'}
    assert read_sheet_part(_zip(CASES["plain"]), "s.xml", 1 << 30).xml.count(b"IF(") == 0     # calamine never sees it
    for case in ("attributes", "prefixed", "shared", "charrefs_and_newlines", "comment"):
        assert read_sheet_part(_zip(CASES[case]), "s.xml", 1 << 30).xml is not None
    assert read_sheet_part(_zip(CASES["cdata"]), "s.xml", 1 << 30).xml is None              # CDATA: nothing lifted
    assert read_sheet_part(_zip(CASES["latin1"]), "s.xml", 1 << 30).xml is None             # not UTF-8: nothing lifted
    assert read_sheet_part(_zip(CASES["charrefs_and_newlines"]), "s.xml", 1 << 30).formulas == {"A1": '="a\nb"&中\n1'}


def test_which_empty_cells_are_dropped():
    got = read_sheet_part(_zip(CASES["empty_cells"]), "s.xml", 1 << 30)
    assert got.formulas == {"C1": "=1", "B2": "=2"}          # the cell without a reference lands after B1
    assert (got.max_row, got.max_col) == (2, 3)              # C2 holds a cell: it counts, D2 inside it does not
    for kept in (b'<c r="B1" s="2"/>', b'<c r="D2" s="4"/>', b'<c r="b9" s="1"/>'):
        assert kept in got.xml
    for dropped in (b'<c r="A1" s="1"/>', b'<c r="E1" s="1" t="n"/>', b'<c r="A2"/>', b'<c r="XFD1048577" s="1"/>',
                    b'<c r="D9"/>'):
        assert dropped not in got.xml


@pytest.mark.parametrize("cell", ['<c r="A0" s="1"/>', '<c r="7" s="1"/>', '<c r="A1" s="1" s="2"/>'])
def test_an_empty_cell_that_names_no_cell_is_still_a_damaged_part(cell):
    bad = _sheet(f'<row r="1">{cell}<c r="B1"><f>1</f><v>1</v></c></row>')
    with pytest.raises(PartError):
        read_sheet_part(_zip(bad), "s.xml", 1 << 30)


def test_a_malformed_lifted_text_is_a_damaged_part_as_without_lifting():
    bad = _sheet('<row r="1"><c r="A1"><f>1&amp;&nbsp;2</f><v>1</v></c></row>')
    with pytest.raises(PartError) as lifted:
        read_sheet_part(_zip(bad), "s.xml", 1 << 30)
    with pytest.raises(PartError) as plain:
        _unlifted(_zip(bad), "s.xml")
    assert lifted.value.kind == plain.value.kind == "truncated"
    with pytest.raises(ValueError):
        formula_text(b"1 &bogus; 2")


def _calamine_rows(source) -> dict:
    book = CalamineWorkbook.from_path(str(source)) if isinstance(source, Path) else CalamineWorkbook.from_filelike(source)
    with book:
        return {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names}


FILES = (sorted((ROOT / "tests" / "corpus" / "real").glob("*.xlsx")) + sorted((ROOT / "samples").rglob("*.xlsx"))
         + sorted((ROOT / "xlsx_templates").glob("*.xlsx")))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_calamine_reads_the_same_values_from_the_lifted_copy(path):
    from jixiao.workbook.reader import _lifted_copy
    v = vet(path)
    copy = _lifted_copy(v)
    assert (copy is None) == (not any(sx.formulas for sx in v.parsed.values()))
    if copy is not None:
        assert _calamine_rows(copy) == _calamine_rows(path)
    wb = open_workbook(path)
    assert wb.formulas == {name: _unlifted(zipfile.ZipFile(path), e.part).formulas
                           for e in v.entries if e.is_worksheet and e.part for name in [e.name]}
