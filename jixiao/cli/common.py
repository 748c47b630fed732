"""What every command shares: the console, Chinese error reporting and exit codes."""

from __future__ import annotations

import functools
import json
import sys

import typer
from rich.console import Console
from rich.text import Text

from ..errors import JixiaoError
from ..workbook.safe import atomic_path, printable

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

console = Console(highlight=False)             # no regex highlighting of untrusted text (quadratic on long names)
err_console = Console(stderr=True, highlight=False)
SHOWN_MAX = 200


def shown(value, limit: int = SHOWN_MAX) -> str:
    """Untrusted text as one terminal line, as intake names files (workbook.safe.printable), long text cut.
    Print it inside rich Text (never inside a markup string), so square brackets stay text."""
    text = printable("" if value is None else str(value))
    return text if len(text) <= limit else text[:limit - 1] + "…"


class UserError(JixiaoError):
    """A problem the user can fix (bad file, unknown form); printed in Chinese, exit code 2."""


def handle_errors(f):
    """Turn the library's user-facing errors into a red Chinese message and exit code 2."""
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except (JixiaoError, OSError) as e:
            msg = getattr(e, "message", None) or _os_message(e)
            lines = str(msg).splitlines() or [""]              # each line made printable on its own
            err_console.print(Text.assemble(("错误：", "bold red"), "\n".join(shown(line, 2000) for line in lines)))
            raise typer.Exit(EXIT_USAGE) from e
        except (typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as e:                  # a bug: never mistaken for "problems found" (exit 1)
            err_console.print_exception(max_frames=8)
            err_console.print(f"[bold red]程序内部错误[/]（{type(e).__name__}）：请把以上信息和所用文件发给 jixiao 维护者。")
            raise typer.Exit(EXIT_BUG) from e
    return wrapper


def _os_message(e: Exception) -> str:
    if isinstance(e, OSError):
        where = f"「{e.filename}」" if e.filename else ""
        return f"无法读写文件{where}：{e.strerror or e}"
    return str(e)


def write_json(obj, out) -> None:
    text = json.dumps(obj, ensure_ascii=False, indent=2, default=str)
    if out is None:
        sys.stdout.write(text + "\n")
    else:
        with atomic_path(out) as tmp:
            tmp.write_text(text + "\n", encoding="utf-8")
