"""`jixiao check` as a user runs it: outputs, per-file lines, --select/--ignore, --format, exit codes 0 / 1 / 2."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli.app import app

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text("utf-8"))


def mail_of(origin: str) -> str:
    return origin.split(" › ")[0].removeprefix("inbox/")


def mails(status: str, n: int) -> list[Path]:
    """n mails of the sample inbox whose one attachment was planted with this status."""
    by_mail: dict[str, list[str]] = {}
    for origin, e in EXPECTED["files"].items():
        by_mail.setdefault(mail_of(origin), []).append(e["status"])
    names = [m for m, st in sorted(by_mail.items()) if st == [status] and m.endswith(".eml")]
    return [SAMPLES / "inbox" / m for m in names[:n]]


def run(*args):
    r = CliRunner().invoke(app, ["check", *map(str, args)])
    r.text = r.output.replace("\n", "")
    return r


@pytest.fixture()
def inbox(tmp_path) -> Path:
    folder = tmp_path / "收件箱"
    folder.mkdir()
    for p in mails("通过", 2) + mails("强制", 1):
        shutil.copy(p, folder / p.name)
    return folder


def test_a_batch_with_blocking_findings_exits_1_and_writes_every_output(inbox, tmp_path):
    out = tmp_path / "审核结果"
    r = run(inbox, "--roster", SAMPLES / "名册.xlsx", "--out", out, "-j", "1")
    assert r.exit_code == 1, r.output
    assert "共审核 3 个文件" in r.text and "强制 1" in r.text and "通过 2" in r.text
    assert (out / "审核汇总.xlsx").is_file() and (out / "审核结果.json").is_file()
    # a feedback workbook for the file with something to change; a letter for each of the three
    assert len(list((out / "反馈表").glob("*.xlsx"))) == 1 and len(list((out / "退回意见").glob("*.txt"))) == 3
    report = json.loads((out / "审核结果.json").read_text("utf-8"))
    assert len(report["files"]) == 3 and report["missing"]            # the roster's other units have not sent


def test_ignoring_the_blocking_codes_exits_0(inbox, tmp_path):
    sent = {p.name for p in inbox.iterdir()}
    codes = sorted({c for origin, e in EXPECTED["files"].items() if mail_of(origin) in sent for c in e["codes"]})
    assert codes                                                      # the blocking file's planted codes
    r = run(inbox, "--out", tmp_path / "o", "--ignore", ",".join(codes), "--format", "json", "-j", "1")
    assert r.exit_code == 0, r.output
    assert "强制" not in r.text.split("共审核")[1]
    assert not (tmp_path / "o" / "审核汇总.xlsx").exists() and (tmp_path / "o" / "审核结果.json").is_file()


def test_select_keeps_only_the_named_family(inbox, tmp_path):
    r = run(inbox, "--out", tmp_path / "o", "--select", "B", "--format", "json", "-j", "1")
    report = json.loads((tmp_path / "o" / "审核结果.json").read_text("utf-8"))
    found = {f["code"] for fr in report["files"] for f in fr["findings"]}
    assert found and all(c.startswith("B") for c in found) and r.exit_code == 1


@pytest.mark.parametrize("args,message", [
    (["--format", "pdf"], "--format 只能是"),
    (["--profile", "shanghai"], "shanghai"),
])
def test_usage_errors_exit_2_with_a_chinese_message(inbox, tmp_path, args, message):
    r = run(inbox, "--out", tmp_path / "o", *args)
    assert r.exit_code == 2 and message in r.text, r.output
