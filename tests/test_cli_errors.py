"""Every command maps errors to documented exit codes: 2 for the user's input, 3 (never 1) for a bug."""
from __future__ import annotations

import typer
from typer.testing import CliRunner

from jixiao.cli.common import EXIT_BUG, EXIT_USAGE, UserError, handle_errors


def _app(exc: Exception) -> typer.Typer:
    app = typer.Typer()

    @app.command()
    @handle_errors
    def boom() -> None:
        raise exc

    return app


def test_a_user_error_exits_2_with_its_chinese_message():
    r = CliRunner().invoke(_app(UserError("名册缺少“单位编码”列")), [])
    assert r.exit_code == EXIT_USAGE == 2 and "名册缺少“单位编码”列" in r.output


def test_a_bug_exits_3_and_says_it_is_an_internal_error():
    r = CliRunner().invoke(_app(ZeroDivisionError("division by zero")), [])
    assert r.exit_code == EXIT_BUG == 3
    assert "程序内部错误" in r.output and "ZeroDivisionError" in r.output
