"""The `jixiao` command: one thin module per command over the library."""

from __future__ import annotations

import typer

from . import addin, check, consolidate, publish, read, rules, score, template

app = typer.Typer(
    name="jixiao",
    help="jixiao（绩效）：预算绩效管理工具包——生成官方模板、读取与评分、批量校验与汇总。\n\n"
         "退出码：0 成功；1 发现问题（如表内结果与重算不一致、有强制性问题）；2 用法错误或文件无法读取。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
app.add_typer(template.app, name="template")
app.command("read")(read.read_cmd)
app.command("score")(score.score_cmd)
app.command("check")(check.check_cmd)
app.command("consolidate")(consolidate.consolidate_cmd)
app.command("publish")(publish.publish_cmd)
app.command("rules")(rules.rules_cmd)
app.add_typer(addin.app, name="addin")


def main() -> None:
    app()
