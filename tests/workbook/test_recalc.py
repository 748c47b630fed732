"""Tests for jixiao.workbook.recalc (these require LibreOffice and fail, never skip, without it)."""
from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from jixiao.workbook import recalc

from jixiao.workbook.recalc import (
    RecalcError, error_cells, recalculate, recalculated_values, soffice_path,
)


def _book(path: Path, cells: dict[str, object]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    ws = wb.active
    ws.title = "表1"
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(path)
    return path


def _inject_cached(path: Path, ref: str, cached: str) -> None:
    """Add a stale <v> cached value to a formula cell (openpyxl cannot write cached values)."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                xml = data.decode("utf-8")
                pat = re.compile(rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)\s*(<v\s*/>|<v></v>)?')
                xml, n = pat.subn(rf"\1<v>{cached}</v>", xml)
                assert n == 1, xml
                data = xml.encode("utf-8")
            zout.writestr(item, data)
    tmp.replace(path)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _recalc_one(path: Path, tmp_path: Path) -> dict[str, object]:
    [out] = recalculate([path], tmp_path / "out")
    return recalculated_values(out)["表1"]


def test_soffice_present():
    # Fails loudly (RecalcError) instead of skipping when LibreOffice is missing.
    assert soffice_path()


def test_formula_without_cached_value(tmp_path):
    src = _book(tmp_path / "a.xlsx", {"A1": 21, "B1": "=A1*2"})
    assert _recalc_one(src, tmp_path)["B1"] == 42


def test_stale_cached_value_is_recalculated(tmp_path):
    src = _book(tmp_path / "stale.xlsx", {"A1": 5, "B1": "=A1*2"})
    _inject_cached(src, "B1", "999")
    assert "<v>999</v>" in zipfile.ZipFile(src).read("xl/worksheets/sheet1.xml").decode()
    vals = _recalc_one(src, tmp_path)
    assert vals["B1"] == 10  # forced recalc, not the stale 999


def test_ifs_and_unprefixed_xlookup(tmp_path):
    src = _book(tmp_path / "fn.xlsx", {
        "A1": 5,
        "B1": '=_xlfn.IFS(A1>1,"big",TRUE,"small")',
        "B2": '=_xlfn.IFS(A1>10,"big",TRUE,"small")',
        "C1": "=XLOOKUP(A1,A1:A1,A1:A1)",
    })
    [out] = recalculate([src], tmp_path / "out")
    values = recalculated_values(out)
    assert values["表1"]["B1"] == "big"
    assert values["表1"]["B2"] == "small"
    errors = error_cells(values)
    assert [(s, c) for s, c, _ in errors] == [("表1", "C1")]
    assert errors[0][2] == "#NAME?"  # LibreOffice 7.4 needs the _xlfn. prefix


def test_many_files_one_call_with_duplicate_basenames(tmp_path):
    srcs = [_book(tmp_path / "in" / f"f{i}.xlsx", {"A1": i, "B1": "=A1*10"}) for i in range(5)]
    srcs.append(_book(tmp_path / "x" / "same.xlsx", {"A1": 1, "B1": "=A1+100"}))
    srcs.append(_book(tmp_path / "y" / "same.xlsx", {"A1": 2, "B1": "=A1+200"}))
    outs = recalculate(srcs, tmp_path / "out")
    assert len(outs) == len(srcs) == len(set(outs))
    got = [recalculated_values(o)["表1"]["B1"] for o in outs]
    assert got == [0, 10, 20, 30, 40, 101, 202]
    assert all(o.parent == tmp_path / "out" for o in outs)


def test_chunked_invocations(tmp_path, monkeypatch):
    monkeypatch.setattr(recalc, "CHUNK_SIZE", 2)
    srcs = [_book(tmp_path / f"c{i}.xlsx", {"A1": i, "B1": "=A1*A1"}) for i in range(4)]
    outs = recalculate(srcs, tmp_path / "out")
    assert [recalculated_values(o)["表1"]["B1"] for o in outs] == [0, 1, 4, 9]


def test_round_half_away_from_zero(tmp_path):
    src = _book(tmp_path / "r.xlsx", {"A1": "=ROUND(2.675,2)", "A2": "=ROUND(-2.5,0)",
                                      "A3": "=ROUND(0.125,2)"})
    vals = _recalc_one(src, tmp_path)
    assert vals["A1"] == pytest.approx(2.68)
    assert vals["A2"] == -3
    assert vals["A3"] == pytest.approx(0.13)


def test_inputs_untouched(tmp_path):
    a = _book(tmp_path / "a.xlsx", {"A1": 1, "B1": "=A1+1"})
    b = _book(tmp_path / "sub" / "a.xlsx", {"A1": 2, "B1": "=A1+1"})
    _inject_cached(b, "B1", "999")
    before = {p: _sha(p) for p in (a, b)}
    listing = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    recalculate([a, b], tmp_path / "out")
    assert {p: _sha(p) for p in (a, b)} == before
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if "out" not in p.parts)
    assert after == listing  # no lock files or stray outputs next to the inputs


def test_missing_output_raises(tmp_path):
    good = _book(tmp_path / "good.xlsx", {"A1": 1})
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 50)  # corrupt zip: LibreOffice cannot load it
    gone = tmp_path / "gone.xlsx"
    with pytest.raises(RecalcError, match="bad.xlsx") as info:
        recalculate([good, bad, gone], tmp_path / "out")
    first_line = str(info.value).splitlines()[0]  # later lines carry the soffice log
    assert "gone.xlsx" in first_line and "good.xlsx" not in first_line


def test_error_cells_detects_libreoffice_codes():
    values = {"S": {"A1": "Err:502", "A2": "#DIV/0!", "A3": "ok", "A4": 3, "A5": "#REF!"}}
    assert error_cells(values) == [("S", "A1", "Err:502"), ("S", "A2", "#DIV/0!"),
                                   ("S", "A5", "#REF!")]


def test_missing_soffice_raises(monkeypatch, tmp_path):
    monkeypatch.setattr(recalc.shutil, "which", lambda name: None)
    monkeypatch.setattr(recalc, "_CANDIDATES", ())
    with pytest.raises(RecalcError, match="libreoffice-calc-nogui"):
        recalculate([_book(tmp_path / "a.xlsx", {"A1": 1})], tmp_path / "out")
