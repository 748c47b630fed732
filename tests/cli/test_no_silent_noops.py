"""No silent no-ops: empty inputs exit 2 with a Chinese message and write nothing; reruns say what they overwrite;
mistyped names get 「您是否要找」; consolidate without --form says which form it took; rules show readable messages."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli.app import app

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
ROSTER = SAMPLES / "名册.xlsx"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text("utf-8"))


def run(*args):
    r = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})
    r.text = re.sub(r"\s+", "", r.output)
    return r


def mails(form: str, status: str, n: int) -> list[Path]:
    """n sample mails with a single attachment of this form and status."""
    by_mail: dict[str, list[tuple[str, str]]] = {}
    for origin, e in EXPECTED["files"].items():
        by_mail.setdefault(origin.split(" › ")[0].removeprefix("inbox/"), []).append((e["form"], e["status"]))
    names = [m for m, got in sorted(by_mail.items()) if got == [(form, status)] and m.endswith(".eml")]
    return [SAMPLES / "inbox" / m for m in names[:n]]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """A check output folder holding two self-evaluations and one goal table."""
    root = tmp_path_factory.mktemp("mixed")
    box = root / "收件箱"
    box.mkdir()
    for p in mails("project_self_eval", "通过", 2) + mails("project_goal", "通过", 1):
        shutil.copy(p, box / p.name)
    out = root / "审核结果"
    r = run("check", box, "-r", ROSTER, "-o", out, "-j", "1")
    assert r.exit_code in (0, 1) and (out / "审核结果.json").is_file(), r.output
    return out


# -- empty inputs ---------------------------------------------------------------------------------------------------

def test_fill_from_an_empty_folder_exits_2_and_creates_nothing(tmp_path):
    (tmp_path / "空").mkdir()
    out = tmp_path / "预填"
    r = run("template", "fill", "项目支出绩效自评表", "--from", tmp_path / "空", "-o", out)
    assert r.exit_code == 2, r.output
    assert "中没有可读取的来源" in r.text and ".xlsx、.xlsm、.xls、.et、.json" in r.text, r.output
    assert not out.exists()


def test_check_on_an_empty_folder_exits_2_and_writes_no_empty_report(tmp_path):
    (tmp_path / "空").mkdir()
    (tmp_path / "空" / ".DS_Store").write_bytes(b"\0")
    r = run("check", tmp_path / "空", "-o", tmp_path / "审核结果")
    assert r.exit_code == 2, r.output
    assert "没有找到要审核的工作簿：输入中没有找到任何文件（已跳过1个" in r.text and "未写出审核结果" in r.text
    assert not (tmp_path / "审核结果").exists()
    assert "共审核0个文件" not in r.text


def test_check_on_inputs_without_any_workbook_exits_2(tmp_path):
    folder = tmp_path / "材料"
    folder.mkdir()
    (folder / "说明.txt").write_text("请查收", "utf-8")
    (folder / "报告.pdf").write_bytes(b"%PDF-1.4")
    r = run("check", folder, "-o", tmp_path / "审核结果")
    assert r.exit_code == 2, r.output
    assert "都不是Excel工作簿" in r.text and "「说明.txt」" in r.text, r.output
    assert not (tmp_path / "审核结果").exists()


def test_consolidate_without_workbooks_exits_2_and_creates_no_history(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)                   # the default output (汇总.xlsx) and history go to the current folder
    (tmp_path / "空").mkdir()
    r = run("consolidate", tmp_path / "空", "-r", ROSTER)
    assert r.exit_code == 2, r.output
    assert "中没有找到任何文件" in r.text and "未写出汇总表、数据集和历史库" in r.text, r.output
    assert not list(tmp_path.rglob("jixiao历史.duckdb")) and not list(tmp_path.rglob("汇总*"))
    (tmp_path / "空" / "说明.txt").write_text("x", "utf-8")
    r = run("consolidate", tmp_path / "空", "-r", ROSTER)
    assert r.exit_code == 2 and "个文件不是可汇总的报表" in r.text and "说明.txt" in r.text, r.output
    assert not list(tmp_path.rglob("jixiao历史.duckdb"))


# -- reruns ---------------------------------------------------------------------------------------------------------

def test_a_rerun_of_check_says_it_overwrites_and_keeps_the_users_files(mixed, tmp_path):
    out = shutil.copytree(mixed, tmp_path / "审核结果")
    (out / "我的笔记.docx").write_bytes(b"mine")
    (out / "反馈表" / "说明.docx").write_bytes(b"mine too")
    stale = out / "反馈表" / "000000-旧单位-旧文件.xlsx"
    stale.write_bytes(b"old feedback")
    box = mixed.parent / "收件箱"
    r = run("check", box, "-r", ROSTER, "-o", out, "-j", "1")
    assert r.exit_code in (0, 1), r.output
    assert "将覆盖上次的输出" in r.text and "审核汇总.xlsx、审核结果.json、报送文件/、反馈表/、退回意见/" in r.text
    assert "该目录中的其他文件不受影响" in r.text
    assert (out / "我的笔记.docx").read_bytes() == b"mine" and (out / "反馈表" / "说明.docx").is_file()
    assert not stale.exists()                                     # an old feedback file would mislead a unit


def test_a_first_check_says_nothing_about_overwriting(mixed, tmp_path):
    r = run("check", mixed.parent / "收件箱", "-o", tmp_path / "新", "--format", "xlsx", "-j", "1")
    assert "将覆盖" not in r.text, r.output


# -- consolidate's form ---------------------------------------------------------------------------------------------

def test_consolidate_without_form_takes_the_self_evaluation_and_says_so(mixed, tmp_path):
    out = tmp_path / "汇总.xlsx"
    r = run("consolidate", mixed, "-r", ROSTER, "-o", out, "--no-history")
    assert r.exit_code == 0, r.output
    assert "汇总表单：项目支出绩效自评表（未指定--form" in r.text, r.output
    assert "其他表单未纳入（见“异常清单”）：项目支出绩效目标申报表1个" in r.text
    assert "--form项目支出绩效目标申报表" in r.text
    assert "纳入汇总：项目2个" in r.text and out.is_file()
    r = run("consolidate", mixed, "-r", ROSTER, "-o", out, "--no-history", "--form", "项目支出绩效目标申报表")
    assert r.exit_code == 0 and "纳入汇总：项目1个" in r.text and "汇总表单：" not in r.text, r.output
    assert "将覆盖上次的输出" in r.text


def test_consolidate_rejects_a_mistyped_or_non_project_form(mixed, tmp_path):
    r = run("consolidate", mixed, "-r", ROSTER, "-o", tmp_path / "x.xlsx", "--form", "自评表x")
    assert r.exit_code == 2 and "您是否要找：项目支出绩效自评表（project_self_eval）" in r.text, r.output
    r = run("consolidate", mixed, "-r", ROSTER, "-o", tmp_path / "x.xlsx", "--form", "事前绩效评估表")
    assert r.exit_code == 2 and "不是项目表单" in r.text, r.output
    assert not (tmp_path / "x.xlsx").exists()


# -- mistyped names -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args,answer", [
    (["template", "fill", "自评表x", "--from", SAMPLES / "goal"], "您是否要找：项目支出绩效自评表（project_self_eval）"),
    (["template", "build", "project_self_evel", "--check"], "您是否要找：项目支出绩效自评表（project_self_eval）"),
    (["check", SAMPLES / "goal", "-p", "nanjin"], "您是否要找：nanjing（南京市级）"),
    (["score", SAMPLES / "self_eval_example.xlsx", "-p", "南京"], "您是否要找：nanjing（南京市级）"),
    (["rules", "--code", "G14"], "您是否要找：G104"),
])
def test_mistyped_names_get_a_suggestion_in_chinese(args, answer):
    r = run(*args)
    assert r.exit_code == 2, r.output
    assert answer in r.output, r.output
    assert "…" not in r.output                                         # no id cut mid-word


def test_an_unknown_name_with_nothing_close_lists_every_choice_on_its_own_line():
    r = run("template", "build", "xyz", "--check")
    assert r.exit_code == 2
    assert "未找到表单「xyz」" in r.output and "\n  项目支出绩效自评表（project_self_eval）\n" in r.output, r.output


# -- rules ----------------------------------------------------------------------------------------------------------

def test_a_rule_message_is_shown_readably():
    r = run("rules", "--code", "G104")
    assert r.exit_code == 0 and "{detail}" not in r.output, r.output
    assert "随具体问题写明" in r.text and "得分低于分值，须填写偏差原因分析及改进措施" in r.text
    r = run("rules", "--code", "A001")
    assert "{" not in r.output and "〈填报值〉" in r.output and "〈应为值〉" in r.output, r.output


def test_the_family_option_has_no_short_letter_any_more():
    assert run("rules", "--family", "G").exit_code == 0
    r = run("rules", "-f", "G")
    assert r.exit_code == 2 and "没有选项 -f" in r.output, r.output
