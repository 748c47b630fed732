"""The `jixiao` command: one thin module per command over the library, imported only when its command runs."""

from __future__ import annotations

import sys
from importlib import import_module

import typer

# command → (module, attribute, kind): a "command" function or a sub-"app" (a typer group)
COMMANDS = {
    "template": ("template", "app", "app"), "read": ("read", "read_cmd", "command"),
    "score": ("score", "score_cmd", "command"), "check": ("check", "check_cmd", "command"),
    "consolidate": ("consolidate", "consolidate_cmd", "command"), "publish": ("publish", "publish_cmd", "command"),
    "rules": ("rules", "rules_cmd", "command"), "addin": ("addin", "app", "app"),
}


def build(only: str | None = None) -> typer.Typer:
    """The typer app; with `only`, just that command is imported (heavy libraries load per command)."""
    app = typer.Typer(
        name="jixiao",
        help="jixiao（绩效）：预算绩效管理工具包——生成官方模板、读取与评分、批量校验与汇总。\n\n"
             "退出码：0 成功；1 发现问题（如表内结果与重算不一致、有强制性问题）；2 用法错误或文件无法读取；3 程序内部错误。",
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode="rich",
    )
    app.callback()(_group)              # always a group, even when only one command is loaded
    for name, (module, attr, kind) in COMMANDS.items():
        if only is not None and name != only:
            continue
        target = getattr(import_module(f"{__package__}.{module}"), attr)
        if kind == "app":
            app.add_typer(target, name=name)
        else:
            app.command(name)(target)
    return app


def _group() -> None:
    """jixiao（绩效）：预算绩效管理工具包。"""


def _requested(argv: list[str]) -> str | None:
    first = next((a for a in argv if not a.startswith("-")), None)
    return first if first in COMMANDS else None


def main() -> None:
    build(_requested(sys.argv[1:]))()


def __getattr__(name: str):
    if name == "app":                       # `from jixiao.cli.app import app` keeps working: the full app
        return build()
    raise AttributeError(name)
