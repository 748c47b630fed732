"""Every text typer prints — usage errors, help panels, defaults, types — is Chinese (jixiao/cli/zh.py).

typer 0.29 bundles click and builds its messages with f-strings; zh.py translates them where they leave the library.
When a typer upgrade changes a message or an internal, these tests fail rather than let English reach a user."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import zh
from jixiao.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "self_eval_example.xlsx"
ENGLISH = ("Usage", "Error", "Try '", "for help", "Invalid value", "Missing", "No such", "Did you mean",
           "Possible options", "Got unexpected", "requires", "does not exist", "is a directory", "Input should",
           "Options", "Arguments", "Commands", "Show this message", "[default", "[required]", "<bool>", "<str>",
           "<path>", "<int>", "<list", "[OPTIONS]", "COMMAND", "Aborted")


def run(*args: str, **env: str):
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "80", **env})


def english_in(text: str) -> list[str]:
    return [w for w in ENGLISH if w in text]


@pytest.mark.parametrize("args,chinese", [
    (["score", "自评表.xlsx"], "「文件」的值无效：文件「自评表.xlsx」不存在。"),
    (["chek"], "没有命令「chek」。您是否要找：「check」"),
    (["score"], "缺少参数「文件」。"),
    (["score", SAMPLE, "多余"], "多余的参数：多余"),
    (["check", ROOT / "samples", "--nope"], "没有选项 --nope。"),
    (["check", ROOT / "samples", "--rostr", "名册.xlsx"], "没有选项 --rostr。您是否要找：「--out」、「--roster」"),
    (["check", ROOT / "samples", "-o"], "选项「-o」后面缺少取值。"),
    (["check", ROOT / "samples", "-j", "两个"], "「--workers / -j」的值无效：应为整数"),
    (["read", ROOT / "samples"], "「文件」的值无效：「" + str(ROOT / "samples") + "」是文件夹，这里需要一个文件。"),
    (["consolidate", ROOT / "samples"], "缺少选项「--roster / -r」。"),
    (["template", "fill"], "缺少参数「表单」。"),
    (["rules", "--code"], "选项「--code」后面缺少取值。"),
])
def test_usage_errors_are_chinese(args, chinese):
    r = run(*args)
    assert r.exit_code == 2, r.output
    text = re.sub(r"\s*│\s*", "", r.output)                 # the error panel's borders and line breaks
    assert chinese in text.replace("\n", ""), r.output
    assert "用法：" in r.output or args[-1] == "-o" or args[-1] == "--code", r.output
    assert english_in(r.output) == [], r.output


def test_the_usage_line_and_the_help_hint_are_chinese():
    r = run("score")
    assert "用法：jixiao score [选项] {文件}" in r.output or "用法：" in r.output and "[选项] {文件}" in r.output
    assert "运行 " in r.output and " --help 查看帮助。" in r.output
    assert "╭─ 错误 " in r.output


@pytest.mark.parametrize("args", [[], ["template"], ["template", "fill"], ["check"], ["consolidate"], ["rules"],
                                  ["addin"], ["addin", "conf"], ["score"], ["read"], ["publish"]])
def test_help_is_chinese(args):
    r = run(*args, "--help")
    assert r.exit_code == 0, r.output
    assert english_in(r.output) == [], r.output
    assert "用法：" in r.output and "显示本帮助并退出。" in r.output
    assert "╭─ 选项 " in r.output


def test_help_panels_defaults_required_and_types_are_chinese():
    out = run("check", "--help").output
    for text in ("╭─ 参数 ", "╭─ 选项 ", "[默认：审核结果]", "[必填]", "<路径...>", "<整数>", "<文本>"):
        assert text in out, (text, out)
    assert "╭─ 命令 " in run("--help").output


def test_without_rich_the_plain_messages_are_chinese_too():
    env = {**os.environ, "TYPER_USE_RICH": "0", "COLUMNS": "80"}
    r = subprocess.run([sys.executable, "-m", "jixiao", "score", "自评表.xlsx"], capture_output=True, text=True,
                       env=env, cwd=ROOT)
    assert r.returncode == 2
    assert "用法：" in r.stderr and "错误：「文件」的值无效：文件「自评表.xlsx」不存在。" in r.stderr, r.stderr
    assert english_in(r.stderr) == [], r.stderr
    r = subprocess.run([sys.executable, "-m", "jixiao", "--help"], capture_output=True, text=True, env=env, cwd=ROOT)
    assert "选项" in r.stdout and "命令" in r.stdout and "显示本帮助并退出。" in r.stdout
    assert english_in(r.stdout) == [], r.stdout


@pytest.mark.parametrize("english,chinese", [
    ("Invalid value for 'file': File 'a.xlsx' does not exist.", "「file」的值无效：文件「a.xlsx」不存在。"),
    ("Invalid value for '--out' / '-o': Directory 'x' is a file.", "「--out / -o」的值无效：「x」是文件，这里需要一个文件夹。"),
    ("Missing option '--roster' / '-r'.", "缺少选项「--roster / -r」。"),
    ("No such command 'chek'. Did you mean 'check'?", "没有命令「chek」。您是否要找：「check」"),
    ("No such option: --x Did you mean --y?", "没有选项 --x。您是否要找：「--y」"),
    ("Got unexpected extra argument (b)", "多余的参数：b（路径中有空格时请加引号）"),
    ("Option '--out' requires 2 arguments.", "选项「--out」需要 2 个取值。"),
    ("'x' is not one of 'a', 'b'.", "「x」不在可选值中：「a」、「b」。"),
    ("Missing command.", "缺少命令。"),
    ("一句中文", "一句中文"),
])
def test_translate(english, chinese):
    assert zh.translate(english) == chinese


def test_type_labels():
    assert zh.type_label("<bool>") == "" and zh.type_label("<list[Path]>") == "<路径...>"
    assert zh.type_label("<int>") == "<整数>" and zh.type_label("名册") == "名册"


def test_the_typer_internals_zh_relies_on_are_there():
    """zh.install() patches these; pyproject pins typer to the minor version they were checked against."""
    import typer.core as tcore
    import typer.rich_utils as ru
    from typer._click import core, exceptions, formatting
    for name in ("ARGUMENTS_PANEL_TITLE", "OPTIONS_PANEL_TITLE", "COMMANDS_PANEL_TITLE", "ERRORS_PANEL_TITLE",
                 "DEFAULT_STRING", "REQUIRED_LONG_STRING", "RICH_HELP", "_make_rich_text", "rich_format_help",
                 "rich_format_error"):
        assert hasattr(ru, name), name
    assert hasattr(tcore, "_") and hasattr(formatting.HelpFormatter, "write_usage")
    assert hasattr(core.Command, "get_help_option") and hasattr(exceptions, "BadParameter")
    assert ru.OPTIONS_PANEL_TITLE == "选项" and ru.RICH_HELP.startswith("运行")
    pin = re.search(r'"typer([^"]*)"', (ROOT / "pyproject.toml").read_text("utf-8")).group(1)
    assert "<" in pin, f"typer is not pinned to a minor version: typer{pin}"
