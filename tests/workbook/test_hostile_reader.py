"""Hostile workbooks never abort, hang or blow up the reader: each one is a ReadError (the file's finding) or a read in
which the bad value is neutralised. Reads that could abort the interpreter run in a subprocess with an address-space
limit, so a regression fails the test instead of killing the test run.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jixiao.rules.engine import validate_file
from jixiao.workbook.reader import ReadError, open_workbook, read
from jixiao.workbook.sniff import Limits
from tests.hostile import reader_cases as cases

ROOT = Path(__file__).resolve().parents[2]

_RUNNER = r"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
from jixiao.workbook.reader import ReadError, read
try:
    fr = read(sys.argv[1])
except ReadError as e:
    out = {"error": e.kind, "message": e.message}
else:
    out = {"problems": [p.code for p in fr.problems], "fields": fr.data["fields"]}
sys.stdout.buffer.write(json.dumps(out, ensure_ascii=False, default=str).encode("utf-8"))
"""


def read_isolated(path: Path, timeout: float = 120) -> dict:
    """read(path) in a fresh interpreter; an abort or a signal fails the test with the child's stderr."""
    proc = subprocess.run([sys.executable, "-c", _RUNNER, str(path)], capture_output=True, timeout=timeout, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "RUST_BACKTRACE": "0"})
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-2000:]
    return json.loads(proc.stdout.decode("utf-8"))


def build(case: str, folder: Path) -> Path:
    before = set(folder.glob("*.xlsx"))
    cases.CASES[case](folder)
    (made,) = set(folder.glob("*.xlsx")) - before
    return made


@pytest.mark.parametrize("case", ["lowercase_cell_ref", "rowless_cell", "row_inside_cell", "huge_dimension",
                                  "sheet_path_mismatch"])
def test_whole_sheet_grids_are_refused(case, tmp_path):
    """Wherever the grid's size comes from (a lower-case reference, a cell placed by counting, <dimension ref>, a part
    that only a literal reading of the sheet's path finds), the file is refused before any grid is allocated."""
    out = read_isolated(build(case, tmp_path))
    assert out.get("error") == "too_large", out
    assert "异常庞大" in out["message"]


def test_a_whole_sheet_dimension_is_read(tmp_path):
    """Only cells size calamine's grid; a declared A1:XFD1048576 costs nothing and is common in real files."""
    out = read_isolated(cases.whole_sheet_dimension(tmp_path / "整表范围.xlsx"))
    assert "error" not in out, out


def test_duplicate_sheet_names_are_a_finding(tmp_path):
    out = read_isolated(build("duplicate_sheet_name", tmp_path))
    assert out.get("error") == "truncated", out
    assert "自评表" in out["message"] and "同名" in out["message"]


def test_shared_strings_flood_is_refused_by_streaming(tmp_path):
    path = build("shared_strings_flood", tmp_path)
    start = time.monotonic()
    out = read_isolated(path)
    assert out.get("error") == "too_large", out
    assert "共享字符串" in out["message"]
    assert time.monotonic() - start < 60


def test_shared_strings_limits_count_and_bytes(tmp_path):
    """A lowered limit refuses a file the default accepts; the byte limit holds on its own."""
    path = cases.rewrite(cases.SAMPLE, tmp_path / "ok.xlsx")
    assert open_workbook(path).sheets
    with pytest.raises(ReadError) as e:
        open_workbook(path, limits=Limits(max_shared_strings=50))
    assert e.value.kind == "too_large"
    with pytest.raises(ReadError) as e:
        open_workbook(path, limits=Limits(max_shared_strings_bytes=4096))
    assert e.value.kind == "too_large" and "共享字符串" in e.value.message


def test_control_characters_never_leave_the_reader(tmp_path):
    out = read_isolated(build("control_characters", tmp_path))
    fields = out["fields"]
    assert fields["unit_name"] == "区第一中学"
    assert fields["unit_code"] == "101001"
    assert fields["project_name"] == "教师培训专项经费"


def test_out_of_range_number_is_not_a_number(tmp_path):
    """1e27 万元 is no budget amount: read as text, so the check reports the cell (T006) and no sum ever sees it."""
    path = build("huge_budget", tmp_path)
    fr = read(path)
    assert fr.data["grids"]["funds"]["fiscal"]["budget"] == "1e+27"
    report = validate_file(path)
    assert any(f.code == "T006" and f.cell == "F7" for f in report.findings), [(f.code, f.cell) for f in report.findings]


def test_non_finite_numbers_and_dates(tmp_path):
    """NaN and inf are never numbers; a NaN date serial is not 1899-12-30."""
    path = build("non_finite_numbers", tmp_path)
    fr = read(path)
    fiscal = fr.data["grids"]["funds"]["fiscal"]
    assert fiscal["budget"] == "#NUM!" and fiscal["executed"] == "#NUM!"
    assert fr.data["fields"]["fill_date"] == "#NUM!"
    codes = {(f.code, f.cell) for f in validate_file(path).findings}
    assert {("T006", "F7"), ("T006", "H7"), ("T003", "K47")} <= codes, codes


def test_negative_infinite_date_is_a_finding(tmp_path):
    """The spreadsheet library panics converting -inf to a date: that is this file's finding, naming the cell."""
    out = read_isolated(build("negative_infinite_date", tmp_path))
    assert out.get("error") == "truncated", out
    assert "K47" in out["message"]


def test_a_formula_that_is_not_well_formed_is_a_damaged_file(tmp_path):
    out = read_isolated(build("formula_undefined_entity", tmp_path))
    assert out.get("error") == "truncated", out


def test_formula_lookalike_text_in_cdata_is_read_as_text(tmp_path):
    fr = read(build("formula_lookalike_in_cdata", tmp_path))
    assert fr.data["fields"]["project_name"] == "<f>1</f>教师培训"
    assert fr.formulas["funds.total.budget_initial"] == "=IF(COUNT(D7,D8,D9)=0,\"\",SUM(D7,D8,D9))"


def test_check_over_every_case(tmp_path):
    """All cases in one folder: `jixiao check` ends normally, writes its reports, and every file has its finding."""
    inbox = cases.build_all(tmp_path / "inbox")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "jixiao", "check", str(inbox), "-o", str(out)],
                          capture_output=True, timeout=600, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode in (0, 1), proc.stderr.decode("utf-8", "replace")[-3000:]
    text = (out / "审核结果.json").read_text(encoding="utf-8")
    doc = json.loads(text, parse_constant=lambda c: pytest.fail(f"invalid JSON constant {c}"))
    assert (out / "审核汇总.xlsx").is_file()
    assert "\\u0000" not in text and "\\u0001" not in text
    codes = {Path(f["origin"]).name: {x["code"] for x in f["findings"]} for f in doc["files"]}
    expected = {"reader-lowercase-ref.xlsx": "B105", "reader-rowless-cell.xlsx": "B105",
                "reader-row-inside-cell.xlsx": "B105",
                "reader-huge-dimension.xlsx": "B105", "reader-sheet-path.xlsx": "B105",
                "reader-shared-strings.xlsx": "B105", "reader-duplicate-sheet.xlsx": "B104",
                "reader-negative-inf-date.xlsx": "B104", "reader-huge-budget.xlsx": "T006",
                "reader-non-finite.xlsx": "T003", "reader-department-lowercase-ref.xlsx": "B105",
                "reader-formula-entity.xlsx": "B104",
                "reader-department-shared-strings.xlsx": "B105"}
    for name, code in expected.items():
        assert code in codes.get(name, set()), (name, codes.get(name))
    assert len(codes) == len(cases.CASES)
