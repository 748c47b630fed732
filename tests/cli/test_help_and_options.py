"""The CLI's shape: help that fits an 80-column terminal uncut, `--version`, one meaning per short option."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from rich.cells import cell_len
from typer.testing import CliRunner

from jixiao.cli.app import COMMANDS, app, build

ROOT = Path(__file__).resolve().parents[2]
GROUPS = {"template": ("list", "build", "fill"), "addin": ("conf", "install")}
EVERY = [[]] + [[c] for c in COMMANDS] + [[g, s] for g, subs in GROUPS.items() for s in subs]


def help_of(args: list[str]) -> str:
    r = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "80"})
    assert r.exit_code == 0, r.output
    return r.output


@pytest.mark.parametrize("args", EVERY, ids=lambda a: " ".join(a) or "jixiao")
def test_help_fits_80_columns_and_nothing_is_cut(args):
    out = help_of(args)
    assert "…" not in out, out                                     # rich cuts a cell it cannot wrap with "…"
    wide = [line for line in out.splitlines() if cell_len(line) > 80]
    assert wide == [], "\n".join(wide)


def test_the_overview_gives_each_command_one_line():
    out = help_of([])
    for name, (*_, short) in COMMANDS.items():
        assert f" {name} " in out and short in out, (name, out)
    rows = [line for line in out.splitlines() if line.startswith("│ ") and line.split()[1] in COMMANDS]
    assert len(rows) == len(COMMANDS), out                           # no command's line wraps onto a second one


def test_the_groups_list_their_commands_on_one_line_each():
    for group, subs in GROUPS.items():
        out = help_of([group])
        rows = [line for line in out.splitlines() if line.startswith("│ ") and line.split()[1] in subs]
        assert len(rows) == len(subs), out


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag):
    r = subprocess.run([sys.executable, "-m", "jixiao", flag], capture_output=True, text=True, cwd=ROOT,
                       env={**os.environ, "COLUMNS": "80"})
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"jixiao 版本 {importlib.metadata.version('jixiao')}"


def test_version_loads_no_command():
    code = ("import sys; sys.argv = ['jixiao', '--version']\nfrom jixiao.cli.app import main\ntry:\n    main()\n"
            "except SystemExit:\n    pass\nprint(sorted(m for m in sys.modules if m.startswith('jixiao.cli.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.splitlines()[0].startswith("jixiao 版本 ")
    assert eval(out.splitlines()[-1]) == ["jixiao.cli.app", "jixiao.cli.zh"]


def _options(command, path=()) -> list[tuple[str, str, tuple[str, ...]]]:
    """(command path, long name, short names) of every option, subcommands included."""
    rows = []
    for p in command.params:
        longs = [o for o in p.opts if o.startswith("--")]
        shorts = tuple(o for o in p.opts if not o.startswith("--"))
        if longs:
            rows.append((" ".join(path), longs[0], shorts))
    for name, sub in getattr(command, "commands", {}).items():
        rows += _options(sub, (*path, name))
    return rows


def test_each_short_option_means_one_thing_across_the_cli():
    rows = _options(typer.main.get_command(build()))
    meaning: dict[str, set[str]] = {}
    for where, long, shorts in rows:
        for s in shorts:
            meaning.setdefault(s, set()).add(long)
    clashes = {s: longs for s, longs in meaning.items() if len(longs) > 1}
    assert clashes == {}, clashes
    assert meaning["-f"] == {"--from"}
    assert not [r for r in rows if r[1] in ("--format", "--family") and r[2]]       # long names only
