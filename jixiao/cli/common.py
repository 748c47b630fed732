"""What every command shares: the console, Chinese error reporting and exit codes."""

from __future__ import annotations

import functools
import json
import sys

import typer
from rich.console import Console

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

console = Console()
err_console = Console(stderr=True)


class UserError(Exception):
    """A problem the user can fix (bad file, unknown form); printed in Chinese, exit code 2."""


def handle_errors(f):
    """Turn the library's user-facing errors into a red Chinese message and exit code 2."""
    from ..spec.loader import SpecError
    from ..workbook.reader import ReadError

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except (UserError, SpecError, ReadError, KeyError, OSError) as e:
            msg = getattr(e, "message", None) or (e.args[0] if e.args else str(e))
            err_console.print(f"[bold red]错误：[/]{msg}")
            raise typer.Exit(EXIT_USAGE) from e
        except (typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as e:                  # a bug: never mistaken for "problems found" (exit 1)
            err_console.print_exception(max_frames=8)
            err_console.print(f"[bold red]程序内部错误[/]（{type(e).__name__}）：请把以上信息和所用文件发给 jixiao 维护者。")
            raise typer.Exit(EXIT_BUG) from e
    return wrapper


def write_json(obj, out) -> None:
    text = json.dumps(obj, ensure_ascii=False, indent=2, default=str)
    if out is None:
        sys.stdout.write(text + "\n")
    else:
        out.write_text(text + "\n", encoding="utf-8")
