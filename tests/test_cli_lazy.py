"""Heavy libraries load per command: asking for one command's help imports nothing the others need."""

import subprocess
import sys
from pathlib import Path

HEAVY = ("pandas", "duckdb", "pyarrow", "extract_msg")


def _loaded(*argv: str) -> list[str]:
    code = ("import sys; sys.argv = ['jixiao', *%r]\nfrom jixiao.cli.app import main\ntry:\n    main()\n"
            "except SystemExit:\n    pass\nprint(sorted(m for m in %r if m in sys.modules))") % (argv, HEAVY)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return eval(out.strip().splitlines()[-1])


def test_score_does_not_load_consolidation_or_mail_libraries():
    assert _loaded("score", "--help") == []


def test_the_overview_lists_every_command():
    out = subprocess.run([sys.executable, "-m", "jixiao", "--help"], capture_output=True, text=True,
                         env={"COLUMNS": "120", "PATH": "/usr/bin:/bin"}).stdout
    for name in ("template", "read", "score", "check", "consolidate", "publish", "rules", "addin"):
        assert f" {name} " in out


def test_a_single_loaded_command_still_runs_as_a_subcommand():
    r = subprocess.run([sys.executable, "-m", "jixiao", "score", str(Path(__file__).resolve().parents[1] / "samples" / "self_eval_example.xlsx"), "--json"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert '"grade"' in r.stdout or "grade" in r.stdout
