"""Untrusted workbooks and odd names never stop a batch; usage problems are Chinese errors; no work folder is left."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jixiao.batch import check_paths
from tests.hostile.workbooks import SAMPLES, variant

ROSTER = SAMPLES / "名册.xlsx"


def jixiao(*args, env=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "jixiao", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "COLUMNS": "200", **(env or {})})


@pytest.mark.parametrize("recorded", ["bogus", "../../../../etc/passwd.yaml", "/etc/hostname.yml", "x" * 5000])
def test_a_workbook_never_chooses_a_profile_file(tmp_path, recorded):
    inbox = tmp_path / "inbox"
    variant(inbox / "自评表.xlsx", meta={"profile_id": recorded})
    batch = check_paths([inbox], tmp_path / "work", workers=1)
    (fr,) = batch.files
    assert fr.form_id == "project_self_eval" and fr.facts["profile_id"] == "national"
    (note,) = [f for f in fr.findings if f.code == "S010"]
    assert note.severity == "提示" and "全国通用" in note.message and len(note.message) < 400


def test_square_brackets_and_control_escapes_in_names(tmp_path):
    inbox = tmp_path / "收件[/]箱"
    variant(inbox / "[/].xlsx", unit_name="区第一中学[/]", project_code="P[bold]1")
    variant(inbox / "[red]子目录[/red]" / "b.xlsx", unit_name="区第一中学_x0000_", unit_code="101001_x0000_",
            project_code="P2")
    out = tmp_path / "审核结果"
    r = jixiao("check", inbox, "-o", out, "-r", ROSTER)
    assert r.returncode in (0, 1), r.stderr
    assert "[/].xlsx" in r.stdout and "区第一中学[/]" in r.stdout
    rows = json.loads((out / "审核结果.json").read_text("utf-8"))["files"]
    assert len(rows) == 2


def test_a_unit_name_of_a_million_characters(tmp_path):
    inbox = tmp_path / "inbox"
    variant(inbox / "长.xlsx", unit_name="区" * 1_000_000)
    started = time.monotonic()
    r = jixiao("check", inbox, "-o", tmp_path / "out", timeout=120)
    assert r.returncode in (0, 1), r.stderr
    assert time.monotonic() - started < 60
    assert max(len(line) for line in r.stdout.splitlines()) < 1000


def test_a_malformed_roster_is_a_usage_error(tmp_path):
    bad = tmp_path / "名册.csv"
    bad.write_text("单位编码,单位名称,主管部门\n1,甲,局\n1,乙,局\n", encoding="utf-8")
    variant(tmp_path / "inbox" / "a.xlsx")
    r = jixiao("check", tmp_path / "inbox", "-r", bad, "-o", tmp_path / "out")
    assert r.returncode == 2
    assert "错误" in r.stderr and "单位编码重复" in r.stderr and "Traceback" not in r.stderr


def _work_folders(tmp: Path) -> list[Path]:
    return sorted(tmp.glob("jixiao-*"))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_work_folder_is_removed_when_the_run_is_stopped(tmp_path, sig):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "jixiao", "check", SAMPLES / "inbox", "-o", tmp_path / "out", "-j", "1"],
                            env={**os.environ, "TMPDIR": str(tmp)}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not any(p.is_dir() and any(p.iterdir()) for p in _work_folders(tmp)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _work_folders(tmp), "the run never created its work folder"
    proc.send_signal(sig)
    proc.wait(60)
    assert proc.returncode != 0
    assert _work_folders(tmp) == []


def test_a_killed_run_leaves_nothing_for_long(tmp_path):
    tmp = tmp_path / "tmp"
    stale = tmp / "jixiao-run-pid999999999-abc"
    (stale / "00001").mkdir(parents=True)
    (stale / "00001" / "附件.xlsx").write_bytes(b"extracted content")
    variant(tmp_path / "inbox" / "a.xlsx")
    r = jixiao("check", tmp_path / "inbox", "-o", tmp_path / "out", env={"TMPDIR": str(tmp)})
    assert r.returncode in (0, 1), r.stderr
    assert _work_folders(tmp) == []


def test_a_huge_sparse_file_is_neither_hashed_nor_copied(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with open(inbox / "大文件.xlsx", "wb") as f:
        f.write(b"PK\x03\x04")
        f.truncate(10 * 2**30)                       # 10 GiB, sparse: costs no disk
    variant(inbox / "正常.xlsx")
    started = time.monotonic()
    r = jixiao("check", inbox, "-o", tmp_path / "out", timeout=120)
    assert r.returncode in (0, 1), r.stderr
    assert time.monotonic() - started < 60
    rows = {Path(row["origin"]).name: row for row in
            json.loads((tmp_path / "out" / "审核结果.json").read_text("utf-8"))["files"]}
    assert {f["code"] for f in rows["大文件.xlsx"]["findings"]} == {"B105"}
    kept = [p.name for p in (tmp_path / "out" / "报送文件").iterdir()]
    assert len(kept) == 1 and "正常" in kept[0]          # only what was read as a form is kept
    assert sum(p.stat().st_size for p in (tmp_path / "out").rglob("*") if p.is_file()) < 50 * 2**20


def test_names_over_250_bytes(tmp_path):
    long = "附件" + "很长的文件名" * 60 + ".xlsx"            # ~1,100 bytes in UTF-8
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    data = (variant(tmp_path / "a.xlsx")).read_bytes()
    import zipfile
    with zipfile.ZipFile(inbox / "打包.zip", "w") as z:
        z.writestr(long, data)
    r = jixiao("check", inbox, "-o", tmp_path / "out", "-r", ROSTER)
    assert r.returncode in (0, 1), r.stderr
    (row,) = json.loads((tmp_path / "out" / "审核结果.json").read_text("utf-8"))["files"]
    assert row["origin"].endswith(long) and row["form_id"] == "project_self_eval"
    r = jixiao("consolidate", tmp_path / "out", "-r", ROSTER, "-o", tmp_path / "汇总.xlsx")
    assert r.returncode in (0, 1), r.stderr
    assert (tmp_path / "汇总.xlsx").is_file()
