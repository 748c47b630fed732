"""`jixiao rules`: list the rule catalogue, show one rule, write or check validators/RULES.md."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table
from rich.text import Text

from ..report.model import write_text_atomic
from ..rules.catalogue import catalogue_markdown, load_all, rule_fields
from ..rules.registry import FAMILIES, SEVERITIES
from ..spec.loader import suggest
from .check import STYLE
from .common import EXIT_FINDINGS, UserError, console, handle_errors

DEFAULT_PATH = Path("validators/RULES.md")


def _family(text: str) -> str:
    """A family given as its letter (G, g) or its Chinese name (评分与指标)."""
    for letter, name in FAMILIES.items():
        if text.strip().upper() == letter or text.strip() == name:
            return letter
    raise UserError(f"没有规则类别“{text}”，可选：" + "、".join(f"{k}（{v}）" for k, v in FAMILIES.items()))


# What a message template's placeholders stand for, as `jixiao rules --code` shows them.
PLACEHOLDERS = {"label": "指标或项目名称", "value": "填报值", "expected": "应为值", "difference": "差额",
                "file": "文件名", "detail": "具体情况"}
MESSAGE, EXAMPLES = "提示信息", "模板核查提示"


def readable_message(template: str, has_examples: bool = False) -> str:
    """A rule's message template for people: 〈填报值〉 for {value}; a message that is all detail says so."""
    if template.strip() == "{detail}":
        return "随具体问题写明：审核时按发现的情况写出问题和改法" + (
            "，例如下面的“模板核查提示”" if has_examples else "")
    text = re.sub(r"\{(\w+)\}", lambda m: f"〈{PLACEHOLDERS.get(m.group(1), m.group(1))}〉", template)
    return text + ("\n（〈〉处为审核时填入的实际内容）" if text != template else "")


def _show_rule(code: str) -> None:
    rules = load_all()
    code = code.strip().upper()
    if code not in rules:
        near = suggest(code, {c: (c,) for c in rules})
        raise UserError(f"没有编号为 {code} 的规则" + (f"；您是否要找：{'、'.join(near)}" if near else "")
                        + "。运行 jixiao rules 查看全部规则")
    fields = rule_fields(code)
    has_examples = any(key == EXAMPLES for key, _ in fields)
    t = Table(show_header=False, title=f"规则 {code}", title_justify="left")
    t.add_column(style="bold", no_wrap=True)
    t.add_column(overflow="fold")
    for key, text in fields:
        if key == MESSAGE:
            text = readable_message(text, has_examples)
        t.add_row(key, Text(text, style=STYLE[text] if key == "严重程度" else ""))
    console.print(t)


def _check_file(path: Path) -> None:
    if not path.is_file():
        console.print(f"[bold red]规则目录 {path} 不存在[/]，请运行 jixiao rules --write 生成。")
        raise typer.Exit(EXIT_FINDINGS)
    if path.read_text(encoding="utf-8") != catalogue_markdown():
        console.print(f"[bold red]规则目录 {path} 已过期[/]：与规则注册表和表单定义不一致，"
                      "请运行 jixiao rules --write 重新生成后提交。")
        raise typer.Exit(EXIT_FINDINGS)
    console.print(f"[green]规则目录 {path} 是最新的[/]（{len(load_all())} 条规则）。")


@handle_errors
def rules_cmd(
    family: Optional[str] = typer.Option(None, "--family", help="只列出一类规则：" + "、".join(
        f"{k} {v}" for k, v in FAMILIES.items())),
    severity: Optional[str] = typer.Option(None, "--severity", "-s", help="只列出一种严重程度：" + "、".join(SEVERITIES)),
    code: Optional[str] = typer.Option(None, "--code", "-c", help="显示一条规则的全部内容（依据、提示信息、适用表单），如 G104"),
    write: bool = typer.Option(False, "--write", help="生成规则目录（Markdown）写入 --path"),
    check: bool = typer.Option(False, "--check", help="只检查 --path 处的规则目录是否最新，过期时退出码为1"),
    path: Path = typer.Option(DEFAULT_PATH, "--path", help="规则目录文件"),
) -> None:
    """查看规则目录：列出全部审核规则（编号、严重程度、类别、名称），或显示一条规则；生成、检查 validators/RULES.md。

    示例：jixiao rules；jixiao rules --family G --severity 强制；jixiao rules --code G104；
    jixiao rules --write；jixiao rules --check
    """
    if write and check:
        raise UserError("--write 和 --check 不能同时使用")
    if write:
        write_text_atomic(path, catalogue_markdown(), newline="\n")
        console.print(f"[green]已输出[/] {path}（{len(load_all())} 条规则）")
        return
    if check:
        return _check_file(path)
    if code:
        return _show_rule(code)
    if severity and severity.strip() not in SEVERITIES:
        raise UserError(f"没有严重程度“{severity}”，可选：" + "、".join(SEVERITIES))
    letter = _family(family) if family else None
    rows = [r for c, r in sorted(load_all().items())
            if (letter is None or c[0] == letter) and (not severity or r.severity == severity.strip())]
    t = Table(title="审核规则")
    for col in ("编号", "严重程度", "类别", "名称"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(r.code, Text(r.severity, style=STYLE[r.severity]), r.family, Text(r.title))
    console.print(t)
    console.print(f"共 {len(rows)} 条规则；jixiao rules --code 编号 查看一条规则的依据和提示信息。")
