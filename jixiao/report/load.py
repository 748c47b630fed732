"""Read a `jixiao check` output folder back into the BatchReport it was written from, without checking anything again.

The folder holds 审核结果.json (summary.write_json, whose file rows carry summary.record_keys) and 报送文件/, a copy of
every checked file (facts["copy"]); the files are found there by the SHA-256 the check recorded.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from ..intake.roster import Roster
from ..rules.finding import FileReport, Finding
from ..rules.roster_rules import roster_findings
from .model import BatchReport, reconcile
from .summary import FINDING_FIELDS

RESULT_JSON = "审核结果.json"
COPIES = "报送文件"
ROSTER_FAMILY = "X"


class LoadError(Exception):
    """The folder is not a usable check output; the message is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def is_check_output(path) -> bool:
    """A folder written by `jixiao check` with the json format: 审核结果.json beside 报送文件/."""
    path = Path(path)
    return path.is_dir() and (path / RESULT_JSON).is_file() and (path / COPIES).is_dir()


def _finding(d: dict) -> Finding:
    return Finding(**{k: d[k] for k in FINDING_FIELDS if k in d})


def _file_report(row: dict) -> FileReport:
    return FileReport(file=row["file"], findings=[_finding(f) for f in row["findings"]], form_id=row["form_id"] or None,
                      unit_code=row["workbook_unit_code"], unit_name=row["workbook_unit_name"],
                      total_score=row["total_score"], grade=row["grade"], facts=row["facts"])


def load_check(folder, roster: Roster | None = None) -> BatchReport:
    """The batch of a check output folder, reconciled with `roster`.

    With a roster, the roster rules (X) are applied anew with it, as a fresh check against that roster would; they
    read no file. Every other finding is the one recorded by the check."""
    folder = Path(folder)
    try:
        doc = json.loads((folder / RESULT_JSON).read_text("utf-8"))
        rows = sorted(doc["files"], key=lambda r: r["input_no"])
        files = [_file_report(r) for r in rows]
        generated = datetime.fromisoformat(doc["generated_at"])
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise LoadError(f"「{folder / RESULT_JSON}」不是本版 jixiao check 写出的审核结果（{type(e).__name__}：{e}），"
                        f"请重新运行 jixiao check") from e
    if roster is not None:
        for fr in files:
            fr.facts.pop("roster_unit", None)
            fr.findings = [f for f in fr.findings if not f.code.startswith(ROSTER_FAMILY)]
            fr.findings += roster_findings(fr, roster, fr.facts.get("sender"))
    batch = reconcile(files, roster, profile_id=doc.get("profile_id") or "national", now=generated)
    batch.skipped = list(doc.get("skipped") or [])
    return batch
