"""Each file is processed in isolation: a crash, a hang or a memory blow-up is that file's finding (B020)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from jixiao.batch import check_paths
from jixiao.batch.isolate import Failure, run_isolated
from jixiao.rules.finding import FileReport

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _job(kind):
    if kind == "abort":
        os.abort()                                  # what calamine does when asked for 512 GiB
    if kind == "hang":
        time.sleep(60)
    if kind == "memory":
        return len(bytearray(1 << 31))              # 2 GiB against a 512 MiB limit
    if kind == "raise":
        raise RuntimeError("bug")
    if kind == "exit":
        os._exit(7)
    return kind


def test_failures_stay_with_their_job_and_order_is_kept():
    jobs = ["a", "abort", "b", "hang", "c", "memory", "d", "raise", "exit", "e"]
    started = time.monotonic()
    got = list(run_isolated(_job, jobs, workers=2, timeout=3, memory=512 * 2**20))
    assert time.monotonic() - started < 30
    assert [g for g in got if not isinstance(g, Failure)] == ["a", "b", "c", "d", "e"]
    reasons = {j: g.reason for j, g in zip(jobs, got) if isinstance(g, Failure)}
    assert "SIGABRT" in reasons["abort"]
    assert "超时" in reasons["hang"]
    assert reasons["memory"] == "内存超限"
    assert "RuntimeError" in reasons["raise"]
    assert "退出码 7" in reasons["exit"]


def test_single_worker_survives_a_crash():
    assert [isinstance(g, Failure) for g in run_isolated(_job, ["abort", "a", "abort", "b"], workers=1)] == \
        [True, False, True, False]


def _crash_on_marked(path, **kwargs):
    if "CRASH" in Path(path).name:
        os.abort()
    return FileReport(file=str(path))


def test_a_crashing_file_is_a_finding_and_the_batch_goes_on(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("a.xlsx", "CRASH.xlsx", "b.xlsx"):
        shutil.copy(SAMPLES / "self_eval_example.xlsx", inbox / name)
        (inbox / name).write_bytes((inbox / name).read_bytes() + name.encode())   # distinct bytes: no copies
    monkeypatch.setattr("jixiao.batch.pipeline.validate_file", _crash_on_marked)
    for workers in (1, 2):
        batch = check_paths([inbox], tmp_path / f"work{workers}", workers=workers)
        codes = {Path(fr.file).name: [f.code for f in fr.findings] for fr in batch.files}
        assert codes == {"a.xlsx": [], "CRASH.xlsx": ["B020"], "b.xlsx": []}
