"""The hostile corpus (tests/hostile: intake, reader and batch cases) in one folder: `jixiao check` and then
`jixiao consolidate` finish with exit 0 or 1, write their reports, account for every input, keep memory flat and
leave nothing behind in TMPDIR. The corpus grows with every bug: add a builder to tests/hostile/*_cases.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jixiao.workbook.safe import printable
from tests.hostile import batch_cases, intake_cases, reader_cases

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
ROSTER = SAMPLES / "名册.xlsx"


def _run(*args, tmp: Path, timeout: int = 600) -> tuple[subprocess.CompletedProcess, float, int]:
    """`python -m jixiao …` with TMPDIR=tmp; (result, seconds, peak RSS in MiB of the command and its workers)."""
    code = ("import resource, subprocess, sys\n"
            "r = subprocess.run(sys.argv[1:], capture_output=True)\n"
            "sys.stdout.buffer.write(r.stdout); sys.stderr.buffer.write(r.stderr)\n"
            "print('\\nPEAK', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)\n")
    started = time.monotonic()
    r = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "jixiao", *map(str, args)],
                       capture_output=True, text=True, timeout=timeout,
                       env={**os.environ, "TMPDIR": str(tmp), "COLUMNS": "200"})
    peak, rc = r.stdout.strip().rsplit("\n", 1)[-1].split()[1:]
    r.returncode = int(rc)
    return r, time.monotonic() - started, int(peak) // 1024


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "收件箱"
    intake_cases.build_all(root / "intake")
    for name, build in reader_cases.CASES.items():
        if name not in reader_cases.DEPARTMENT_CASES:
            build(root / "reader")
    (root / "batch").mkdir()
    for build in batch_cases.CASES.values():
        build(root / "batch")
    return root


def _entries(root: Path) -> list[str]:
    """Every file-like entry under root as jixiao names it (the folder's own name first), links not followed."""
    out = []
    for folder, dirs, files in os.walk(root):
        names = files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]
        out += [f"{root.name}/{Path(folder, n).relative_to(root).as_posix()}" for n in names]
    return out


def test_check_reports_every_input(corpus, tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = tmp_path / "审核结果"
    r, seconds, peak = _run("check", corpus, "-r", ROSTER, "-o", out, "-j", "2", tmp=tmp)
    assert r.returncode in (0, 1), r.stderr[-3000:]
    assert "Traceback" not in r.stderr and "程序内部错误" not in r.stderr
    doc = json.loads((out / "审核结果.json").read_text("utf-8"))      # strict JSON: no NaN
    json.dumps(doc, allow_nan=False)
    named = [row["origin"] for row in doc["files"]] + [s.split("（")[0] for s in doc["skipped"]]
    entries = [printable(e) for e in _entries(corpus)]              # names as jixiao shows them
    unaccounted = [e for e in entries if not any(n == e or n.startswith(e + " › ") for n in named)]
    assert len(entries) > 40 and unaccounted == []
    assert (out / "审核汇总.xlsx").is_file() and any((out / "退回意见").iterdir())
    assert seconds < 300
    assert peak < 1500, f"peak RSS {peak} MiB"
    assert list(tmp.iterdir()) == []                 # the work folder is gone
    copies = sum(p.stat().st_size for p in (out / "报送文件").iterdir())
    assert copies < 50 * 2**20                        # the 10 GiB sparse file and the rest were not copied
    codes = {f["code"] for row in doc["files"] for f in row["findings"]}
    assert {"B008", "B009", "S010"} <= codes
    assert "B020" not in codes                        # no file needed the last line of defence

    r, _, _ = _run("consolidate", out, "-r", ROSTER, "--form", "项目支出绩效自评表", "-o", tmp_path / "汇总.xlsx",
                   "--no-history", tmp=tmp)
    assert r.returncode in (0, 1), r.stderr[-3000:]
    assert (tmp_path / "汇总.xlsx").is_file()


def test_bureau_and_publish_over_hostile_department_workbooks(tmp_path):
    depts = tmp_path / "部门汇总"
    for name in reader_cases.DEPARTMENT_CASES:
        reader_cases.CASES[name](depts)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    r, _, peak = _run("consolidate", depts, "-r", ROSTER, "--level", "bureau", "-o", tmp_path / "全区.xlsx",
                      "--no-history", tmp=tmp)
    assert r.returncode in (0, 1), r.stderr[-3000:]
    assert peak < 1500
    for workbook in sorted(depts.glob("*.xlsx")):
        r, _, _ = _run("publish", workbook, "-o", tmp_path / f"公开-{workbook.name}", tmp=tmp)
        assert r.returncode in (0, 1, 2), r.stderr[-3000:]           # 2: a clear Chinese message, never a crash
        assert "Traceback" not in r.stderr and "程序内部错误" not in r.stderr
