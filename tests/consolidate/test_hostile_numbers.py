"""Numbers must be valid everywhere: out-of-range amounts, NaN and infinity in unit files and in department workbooks
become findings (the file left out of the sums), never a crash; JSON stays strict; a NaN date is no date. Department
workbooks are read back through the same vetting (sniff, size and shared-string limits) as submissions.
"""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.batch import reconcile
from jixiao.consolidate import consolidate
from jixiao.consolidate.public import PublishError, plan_publication
from jixiao.consolidate.readback import is_consolidation, read_consolidation
from jixiao.consolidate.records import Source
from jixiao.consolidate.rounding import balance, round_half_up, to_amount, to_decimal
from jixiao.intake.roster import load_roster
from jixiao.report import write_json
from jixiao.report.model import clean, to_datetime
from jixiao.rules.finding import FileReport, Finding
from tests.hostile import reader_cases as cases

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def roster():
    return load_roster(cases.ROSTER)


def build(case: str, folder: Path) -> Path:
    before = set(folder.glob("*.xlsx"))
    cases.CASES[case](folder)
    (made,) = set(folder.glob("*.xlsx")) - before
    return made


def run_cli(*args, timeout: float = 300) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "jixiao", *map(str, args)], capture_output=True, timeout=timeout,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "RUST_BACKTRACE": "0"})
    assert proc.returncode in (0, 1, 2), (proc.returncode, proc.stderr.decode("utf-8", "replace")[-3000:])
    return proc


# --- amounts ------------------------------------------------------------------------------------------------------


def test_amount_range():
    """An amount is a finite number below 1e15 (万元 or 元); rounding is exact for any finite number."""
    assert to_amount(1e27) is None and to_amount("1e27") is None and to_amount(Decimal("-1E+20")) is None
    assert to_amount(float("nan")) is None and to_amount("Infinity") is None and to_decimal(float("inf")) is None
    assert to_amount(999_999_999_999.99) == Decimal("999999999999.99")
    assert round_half_up(1e27) == Decimal("1E+27") and round_half_up(1e300, 4) == Decimal("1E+300")
    assert balance([1e27, 1.005]) == [Decimal("1E+27"), Decimal("1.01")]


@pytest.mark.parametrize("only_valid", [True, False])
def test_huge_budget_is_left_out_with_its_finding(tmp_path, roster, only_valid):
    """1e27 万元 passes no check: T006 on the cell; consolidating never crashes and never sums it."""
    path = build("huge_budget", tmp_path)
    c = consolidate([path], roster, only_valid=only_valid, workers=1)
    t001 = [i.finding for i in c.issues if i.finding.code == "T006"]
    assert t001 and t001[0].cell == "F7"
    if only_valid:
        assert not c.projects
    for r in c.projects:
        assert r.get("budget") is None or abs(r.get("budget")) < Decimal("1e15")


def test_huge_budget_cli(tmp_path):
    path = build("huge_budget", tmp_path / "in")
    proc = run_cli("consolidate", path.parent, "--roster", cases.ROSTER, "--include-invalid", "-o", tmp_path / "d.xlsx")
    assert proc.returncode in (0, 1)
    assert (tmp_path / "d.xlsx").is_file()


# --- department workbooks read back -------------------------------------------------------------------------------


@pytest.mark.parametrize("case, cell", [("department_non_finite", "J3"), ("department_huge_amount", "J3")])
def test_department_bad_numbers_make_it_unusable(case, cell, tmp_path, roster):
    path = build(case, tmp_path)
    rb = read_consolidation(path, Source(path.name, "0" * 64, kind="consolidation"))
    assert not rb.usable
    assert [f.code for f in rb.findings] == ["C002"]
    assert cell in rb.findings[0].message and "项目明细" in rb.findings[0].message
    c = consolidate([path], roster, level="bureau", workers=1)
    assert not c.projects
    assert any(i.finding.code == "C002" for i in c.issues)
    with pytest.raises(PublishError) as e:
        plan_publication(path)
    assert cell in str(e.value)


def test_department_non_finite_score(tmp_path):
    """inf as 总分 is caught even where the amounts balance."""
    path = cases._department(tmp_path, "score.xlsx", {cases.DETAIL_SHEET: cases.set_cell("M3", "inf")})
    rb = read_consolidation(path, Source(path.name, "0" * 64, kind="consolidation"))
    assert not rb.usable and "M3" in rb.findings[0].message


_READBACK = r"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
from pathlib import Path
from jixiao.consolidate.readback import is_consolidation, read_consolidation, read_meta
from jixiao.consolidate.records import Source
p = Path(sys.argv[1])
rb = read_consolidation(p, Source(p.name, "0" * 64, kind="consolidation"))
print(json.dumps({"ours": is_consolidation(p), "usable": rb.usable, "codes": [f.code for f in rb.findings],
                  "messages": [f.message for f in rb.findings]}, ensure_ascii=False))
"""


@pytest.mark.parametrize("case", ["department_lowercase_ref", "department_shared_strings"])
def test_department_workbook_is_vetted_like_a_submission(case, tmp_path):
    path = build(case, tmp_path)
    proc = subprocess.run([sys.executable, "-c", _READBACK, str(path)], capture_output=True, timeout=120, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "RUST_BACKTRACE": "0"})
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-2000:]
    out = json.loads(proc.stdout)
    assert out["ours"] is False and out["usable"] is False and out["codes"] == ["C002"], out
    assert "异常庞大" in out["messages"][0]


def test_bureau_and_publish_cli_over_hostile_department_workbooks(tmp_path):
    folder = tmp_path / "部门汇总"
    for case in cases.DEPARTMENT_CASES:
        cases.CASES[case](folder)
    proc = run_cli("consolidate", folder, "--roster", cases.ROSTER, "--level", "bureau", "-o", tmp_path / "全区.xlsx")
    assert proc.returncode in (0, 1)
    assert (tmp_path / "全区.xlsx").is_file()
    for path in sorted(folder.glob("*.xlsx")):
        proc = run_cli("publish", path, "-o", tmp_path / f"公开-{path.name}")
        assert proc.returncode == 2            # not usable: a message, not a traceback
        assert "Traceback" not in proc.stderr.decode("utf-8", "replace")


# --- strict JSON and dates ----------------------------------------------------------------------------------------


def test_check_json_is_strict(tmp_path):
    fr = FileReport("a.xlsx", [Finding("T001", sheet="自评表", cell="F7", value=float("nan"), expected=float("inf"),
                                       difference=Decimal("NaN"))],
                    "project_self_eval", "101001", "区第一中学", total_score=float("nan"),
                    facts={"origin": "a.xlsx", "sha256": "0" * 64, "score": float("-inf")})
    batch = reconcile([fr], None)
    path = write_json(batch, tmp_path / "审核结果.json")
    doc = json.loads(path.read_text(encoding="utf-8"), parse_constant=lambda c: pytest.fail(f"bare {c} in JSON"))
    (row,) = doc["files"]
    assert row["total_score"] is None and row["facts"]["score"] is None
    assert row["findings"][0]["value"] is None and row["findings"][0]["expected"] is None


def test_dates_from_non_finite_or_out_of_range_serials():
    for bad in (float("nan"), float("inf"), float("-inf"), 1e20, -1e20):
        assert to_datetime(bad) is None
    assert to_datetime(0) is not None
    assert clean(float("nan")) == "nan" and clean("区第一中学\x00") == "区第一中学"
    assert math.isnan(float("nan"))
