"""validators/RULES.md is the generated catalogue, and `jixiao rules` lists, shows, writes and checks it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli.app import app
from jixiao.rules.catalogue import applies_to, catalogue_markdown, load_all
from jixiao.rules.registry import FAMILIES, SEVERITIES

RULES_MD = Path(__file__).resolve().parents[2] / "validators" / "RULES.md"
RULES = load_all()


@pytest.fixture(scope="module")
def markdown() -> str:
    return catalogue_markdown()


def run(*args):
    return CliRunner().invoke(app, ["rules", *map(str, args)])


def test_committed_catalogue_is_current(markdown):
    assert RULES_MD.read_text(encoding="utf-8") == markdown, \
        "validators/RULES.md 已过期：请在仓库根目录运行 jixiao rules --write 并提交"


def test_every_registered_rule_has_an_entry(markdown):
    headings = re.findall(r"^### ([A-Z]\d{3}) ", markdown, flags=re.M)
    assert headings == sorted(headings, key=lambda c: (list(FAMILIES).index(c[0]), c))
    assert set(headings) == set(RULES) and len(headings) == len(RULES)
    for code, r in RULES.items():
        entry = markdown.split(f"### {code} ", 1)[1].split("\n### ", 1)[0]
        assert entry.startswith(r.title) and f"**严重程度**：{r.severity}" in entry and f"`{r.message}`" in entry


def test_summary_counts_match_the_registry(markdown):
    for letter in FAMILIES:
        counts = [sum(1 for c, r in RULES.items() if c[0] == letter and r.severity == s) for s in SEVERITIES]
        row = next(line for line in markdown.splitlines() if line.startswith(f"| [{letter}]"))
        assert row.endswith(" | ".join(map(str, counts)) + f" | {sum(counts)} |"), row
    assert f"| **{len(RULES)}** |" in markdown


def test_forms_are_derived_from_the_specs():
    assert applies_to("R001") == "全部表单（8 种）"                # every form has a required cell
    assert applies_to("A004") == "项目支出绩效自评表"              # the only form with a `grade` calc
    assert applies_to("G110") == "项目支出绩效自评表（仅四川口径，--profile sichuan）"
    assert "部门整体支出绩效自评表" in applies_to("G104") and "监控" not in applies_to("G104")
    assert applies_to("X001") == "" and applies_to("B001") == ""   # not tied to a form


def test_list_filters():
    r = run("--family", "g", "--severity", "强制")
    assert r.exit_code == 0, r.output
    wanted = sorted(c for c, x in RULES.items() if c[0] == "G" and x.severity == "强制")
    assert re.findall(r"\b[A-Z]\d{3}\b", r.output) == wanted
    assert f"共 {len(wanted)} 条规则" in r.output
    r = run("--family", "收件与文件")
    assert sorted(set(re.findall(r"\b[A-Z]\d{3}\b", r.output))) == sorted(c for c in RULES if c[0] == "B")
    assert run().output.count("│ ") >= len(RULES)


@pytest.mark.parametrize("args,message", [
    (["--family", "Q"], "没有规则类别"), (["--severity", "严重"], "没有严重程度"), (["--code", "Z999"], "Z999"),
    (["--write", "--check"], "不能同时使用"),
])
def test_usage_errors_exit_2(args, message):
    r = run(*args)
    assert r.exit_code == 2 and message in r.output, r.output


def test_show_one_rule():
    r = run("--code", "g104")
    assert r.exit_code == 0, r.output
    for text in ("G104", RULES["G104"].title, "财预〔2020〕10号", "项目支出绩效自评表", "得分低于分值"):
        assert text in r.output


def test_write_then_check(tmp_path, markdown):
    path = tmp_path / "docs" / "RULES.md"
    assert run("--check", "--path", path).exit_code == 1
    r = run("--write", "--path", path)
    assert r.exit_code == 0 and path.read_text(encoding="utf-8") == markdown
    r = run("--check", "--path", path)
    assert r.exit_code == 0 and "是最新的" in r.output
    path.write_text(markdown.replace("扣分未说明偏差原因", "扣分未说明原因"), encoding="utf-8")
    r = run("--check", "--path", path)
    assert r.exit_code == 1 and "已过期" in r.output and "jixiao rules --write" in r.output
