"""Outputs are created with the mode any new file gets (0666 less the umask), not the 0600 of a temporary file, so
colleagues on a shared folder can open them; with umask 077 they stay private."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli.app import app
from jixiao.workbook.safe import atomic_path, current_umask

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text("utf-8"))


def run(*args) -> None:
    r = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})
    assert r.exit_code in (0, 1), r.output


def passed_mails(n: int) -> list[Path]:
    by_mail: dict[str, list[tuple[str, str]]] = {}
    for origin, e in EXPECTED["files"].items():
        by_mail.setdefault(origin.split(" › ")[0].removeprefix("inbox/"), []).append((e["form"], e["status"]))
    names = [m for m, got in sorted(by_mail.items()) if got == [("project_self_eval", "通过")] and m.endswith(".eml")]
    return [SAMPLES / "inbox" / m for m in names[:n]]


@pytest.fixture()
def umask(request):
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode) for p in sorted(root.rglob("*"))}


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002], indirect=True, ids=["022", "077", "002"])
def test_every_output_honours_the_umask(umask, tmp_path):
    assert current_umask() == umask
    box = tmp_path / "收件箱"
    box.mkdir()
    for p in passed_mails(2):
        shutil.copy(p, box / p.name)
    out = tmp_path / "输出"
    roster = SAMPLES / "名册.xlsx"
    run("check", box, "-r", roster, "-o", out / "审核结果", "-j", "1")
    run("consolidate", out / "审核结果", "-r", roster, "-o", out / "汇总" / "汇总.xlsx")
    run("consolidate", box, "-r", roster, "-o", out / "直接" / "汇总.xlsx", "--history", out / "直接" / "历史.duckdb",
        "-j", "1")
    run("publish", out / "汇总" / "汇总.xlsx", "-o", out / "公开版.xlsx", "--report", out / "内部清单.csv")
    run("publish", out / "汇总" / "汇总.xlsx", "-o", out / "公开版2.xlsx", "--report", out / "内部清单.xlsx")
    run("template", "fill", "项目支出绩效自评表", "--from", SAMPLES / "goal", "-o", out / "预填")
    run("read", SAMPLES / "self_eval_example.xlsx", "-o", out / "读出.json")
    run("rules", "--write", "--path", out / "RULES.md")

    found = modes(out)
    kinds = {Path(name).suffix for name in found}
    for kind in (".xlsx", ".json", ".txt", ".csv", ".parquet", ".duckdb", ".md", ""):
        assert kind in kinds, (kind, sorted(found))
    want_file, want_dir = 0o666 & ~umask, 0o777 & ~umask
    wrong = {name: oct(mode) for name, mode in found.items()
             if mode != (want_dir if (out / name).is_dir() else want_file)}
    assert wrong == {}, (oct(umask), wrong)


def test_an_atomic_write_that_fails_leaves_nothing_behind(tmp_path):
    with pytest.raises(RuntimeError):
        with atomic_path(tmp_path / "a.txt") as tmp:
            tmp.write_text("half")
            raise RuntimeError("stop")
    assert list(tmp_path.iterdir()) == []
