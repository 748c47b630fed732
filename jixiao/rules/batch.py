"""Check a whole inbox: intake → validate every submission in parallel → roster rules → one batch report."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..intake import Submission, collect
from ..intake.roster import Roster
from ..report import BatchReport, reconcile
from .engine import validate_file
from .finding import FileReport, Finding
from .registry import selected
from .roster_rules import roster_findings


@dataclass(frozen=True)
class Options:
    profile: str | dict | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    extract: Callable | None = None          # a module-level function (it travels to the worker processes)


def _validate(args: tuple[str, str, Options]) -> FileReport:
    path, name, opts = args
    return validate_file(Path(path), name=name, profile=opts.profile,
                         select=list(opts.select) if opts.select else None,
                         ignore=list(opts.ignore) if opts.ignore else None, extract=opts.extract)


def _provenance(sub: Submission) -> dict:
    return {"origin": sub.origin, "container": sub.container, "sha256": sub.sha256, "size": sub.size,
            "sender": sub.sender, "sender_name": sub.sender_name, "subject": sub.subject,
            "message_id": sub.message_id, "date": sub.date.isoformat() if sub.date else None,
            "duplicate_of": sub.duplicate_of}


def check_paths(paths: Iterable[Path], work_dir: Path, *, roster: Roster | None = None, options: Options = Options(),
                workers: int | None = None, on_file: Callable[[FileReport], None] | None = None) -> BatchReport:
    """Validate everything found under the paths; every input file ends up in the report exactly once."""
    intake = collect([Path(p) for p in paths], work_dir)
    subs = intake.submissions
    jobs = [(str(s.path), s.name, options) for s in subs]
    workers = workers or min(os.cpu_count() or 1, 8)
    files: list[FileReport] = []
    if workers > 1 and len(jobs) > 4:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = pool.map(_validate, jobs, chunksize=max(1, len(jobs) // (workers * 8)))
            files = _collect(subs, results, roster, on_file, options)
    else:
        files = _collect(subs, map(_validate, jobs), roster, on_file, options)
    for f in intake.findings:                      # containers that yielded nothing readable
        report = _keep(FileReport(file=f.file, findings=[f], facts={"origin": f.file}), options)
        files.append(report)
        if on_file:
            on_file(report)
    batch = reconcile(files, roster)
    batch.skipped = list(intake.facts.get("skipped", []))
    return batch


def _keep(report: FileReport, options: Options) -> FileReport:
    """--select/--ignore over every finding of a file: intake (B) and roster (X) findings too, not only the form's."""
    if options.select or options.ignore:
        keep = selected([f.code for f in report.findings], options.select, options.ignore)
        report.findings = [f for f in report.findings if f.code in keep]
    return report


def _collect(subs, results, roster, on_file, options: Options) -> list[FileReport]:
    files = []
    for sub, report in zip(subs, results):
        report.file = sub.origin
        for f in report.findings:
            f.file = sub.origin
        report.facts.update(_provenance(sub))
        if sub.duplicate_of:
            report.findings.append(Finding("B006", file=sub.origin, detail=sub.duplicate_of))
        if roster is not None:
            report.findings += roster_findings(report, roster, sub.sender)
        files.append(_keep(report, options))
        if on_file:
            on_file(report)
    return files
