"""`jixiao report …`: each command writes its document (default name beside the working directory, or -o), Chinese
help with an example that fits 80 columns, exit code 2 with a Chinese message for the wrong workbook."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from jixiao.cli import zh
from jixiao.cli.report import app
from docs_helpers import EVALUATION, SELF_EVAL, all_text, open_doc

COMMANDS = ["self-eval", "summary", "evaluation", "notice", "comments", "submission"]
runner = CliRunner()


@pytest.fixture(autouse=True, scope="module")
def chinese():
    zh.install()


@pytest.mark.parametrize("args", [[]] + [[c] for c in COMMANDS], ids=lambda a: " ".join(a) or "report")
def test_help_is_chinese_fits_80_columns_and_has_an_example(args):
    r = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "80"})
    assert r.exit_code == 0, r.output
    assert "…" not in r.output
    assert [line for line in r.output.splitlines() if cell_len(line) > 80] == []
    if args:
        assert f"示例：jixiao report {args[0]}" in r.output


def test_self_eval_and_default_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["self-eval", str(SELF_EVAL)])
    assert r.exit_code == 0, r.output
    out = tmp_path / "self_eval_example-项目支出绩效自评报告.docx"
    assert "已生成" in r.output and out.is_file()
    r = runner.invoke(app, ["self-eval", str(SELF_EVAL), "-o", str(out), "-p", "nanjing"])
    assert r.exit_code == 0 and "覆盖了原有文件" in r.output


def test_letters_take_the_bureau_s_options(tmp_path):
    out = tmp_path / "通知.docx"
    r = runner.invoke(app, ["notice", str(EVALUATION), "--bureau", "某某区财政局", "--start", "2026-04-01",
                            "--end", "2026-06-30", "--date", "2026-03-20", "--contact", "李娜", "-o", str(out)])
    assert r.exit_code == 0, r.output
    text = all_text(open_doc(out))
    assert "某某区财政局决定对" in text and "2026年4月1日至2026年6月30日" in text and "2026年3月20日" in text
    for cmd, extra in (("comments", ["--reply-by", "2026-07-10"]), ("submission", ["--to", "区委、区政府"]),
                       ("evaluation", ["--bureau", "某某区财政局"])):
        r = runner.invoke(app, [cmd, str(EVALUATION), *extra, "-o", str(tmp_path / f"{cmd}.docx")])
        assert r.exit_code == 0, r.output


def test_summary_from_a_consolidation(consolidations, tmp_path):
    out = tmp_path / "汇总报告.docx"
    r = runner.invoke(app, ["summary", str(consolidations["all"]), "--org", "某某区财政局", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert open_doc(out).paragraphs[0].text.startswith("某某区财政局2025年度")


def test_wrong_workbook_is_exit_2_in_chinese(tmp_path):
    r = runner.invoke(app, ["evaluation", str(SELF_EVAL), "-o", str(tmp_path / "x.docx")])
    assert r.exit_code == 2 and "不是绩效评价指标体系及分析工作底稿" in r.output.replace("\n", "")
    r = runner.invoke(app, ["summary", str(EVALUATION), "-o", str(tmp_path / "x.docx")])
    assert r.exit_code == 2 and "汇总表" in r.output.replace("\n", "")
    assert not (tmp_path / "x.docx").exists()
