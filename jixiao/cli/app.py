"""The `jixiao` command: one thin module per command over the library, imported only when its command runs."""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Optional

import typer

from . import zh

# command → (module, attribute, kind, one line for the overview): a "command" function or a sub-"app" (a typer
# group). The line fits an 80-column terminal beside the longest command name (tests/cli/test_help.py).
COMMANDS = {
    "template": ("template", "app", "app", "官方模板：列出、生成、预填"),
    "read": ("read", "read_cmd", "command", "读出表单数据（JSON），附每个值所在的单元格"),
    "score": ("score", "score_cmd", "command", "重算得分、总分和等级，列出与表内结果不一致处"),
    "check": ("check", "check_cmd", "command", "批量审核收件箱：汇总表、反馈表、退回意见"),
    "consolidate": ("consolidate", "consolidate_cmd", "command", "沿名册汇总（部门 → 财政局），附来源追溯"),
    "publish": ("publish", "publish_cmd", "command", "由汇总表生成公开版，检查公开比例"),
    "rules": ("rules", "rules_cmd", "command", "查看审核规则目录；生成、检查 RULES.md"),
    "addin": ("addin", "app", "app", "Excel 加载项：xlwings 配置和安装步骤"),
    "report": ("report", "app", "app", "Word 报告：自评、汇总、评价报告及评价文书"),
    "ledger": ("ledger", "app", "app", "整改台账：由审核结果生成，按再次审核更新"),
    "indicators": ("indicators", "indicators_cmd", "command", "绩效指标库：查找共性指标和历年指标，导出供选用"),
    "review": ("review", "app", "app", "复核：抽取自评表复核，按复核结果出偏差报告"),
    "assess": ("review", "assess_cmd", "command", "部门预算绩效管理考核：及时、质量、整改、公开"),
}


def build(only: str | None = None) -> typer.Typer:
    """The typer app; with `only`, just that command is imported (heavy libraries load per command; "" for none)."""
    zh.install()
    app = typer.Typer(
        name="jixiao",
        help="jixiao（绩效）：预算绩效管理工具包——生成官方模板、读取与评分、批量校验与汇总。\n\n"
             "退出码：0 成功；1 发现问题（如表内结果与重算不一致、有强制性问题）；2 用法错误或文件无法读取；3 程序内部错误。",
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode="rich",
    )
    app.callback()(_group)              # always a group, even when only one command is loaded
    for name, (module, attr, kind, short) in COMMANDS.items():
        if only is not None and name != only:
            continue
        target = getattr(import_module(f"{__package__}.{module}"), attr)
        if kind == "app":
            app.add_typer(target, name=name, short_help=short)
        else:
            app.command(name, short_help=short)(target)
    return app


def version() -> str:
    """The installed package's version (its metadata), else the source tree's."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version
    try:
        return dist_version("jixiao")
    except PackageNotFoundError:
        from .. import __version__
        return __version__


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"jixiao 版本 {version()}")           # from the package metadata, as pip installed it
        raise typer.Exit()


def _group(
    show_version: Optional[bool] = typer.Option(None, "--version", "-V", is_eager=True, callback=_show_version,
                                                help="显示版本号并退出"),
) -> None:
    """jixiao（绩效）：预算绩效管理工具包。"""


VERSION_FLAGS = ("--version", "-V")


def _requested(argv: list[str]) -> str | None:
    """The one command to load: None for all of them (the overview), "" for none (--version needs no command)."""
    if argv[:1] and argv[0] in VERSION_FLAGS:
        return ""
    first = next((a for a in argv if not a.startswith("-")), None)
    return first if first in COMMANDS else None


def main() -> None:
    build(_requested(sys.argv[1:]))()


def __getattr__(name: str):
    if name == "app":                       # `from jixiao.cli.app import app` keeps working: the full app
        return build()
    raise AttributeError(name)
