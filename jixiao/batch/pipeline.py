"""Check a whole inbox: intake → validate every submission in isolation → roster rules → one identity decision."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable

from ..intake import Submission, collect
from ..intake.roster import Roster
from ..intake.rules import DUPLICATE, FILE_FAILED
from ..report.model import BatchReport
from ..rules import crossform
from ..rules.engine import validate_file
from ..rules.finding import FileReport, Finding
from ..rules.registry import selected
from ..rules.roster_rules import roster_findings
from .isolate import Failure, run_isolated
from .reconcile import reconcile


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
            "message_id": sub.message_id, "date": sub.date.isoformat() if sub.date else None, **sub.facts}


def default_workers() -> int:
    return min(os.cpu_count() or 1, 8)


def check_paths(paths: Iterable[Path], work_dir: Path, *, roster: Roster | None = None, options: Options = Options(),
                workers: int | None = None, on_file: Callable[[FileReport], None] | None = None,
                goals: crossform.Goals | None = None) -> BatchReport:
    """Validate everything found under the paths; every input file ends up in the report exactly once.

    Each file is validated in a worker process with a time and a memory limit (check/isolate.py): a file that
    crashes, hangs or exhausts memory gets a B020 finding and the batch goes on. With `goals`, self-evaluations and
    monitoring tables are then compared with their approved goal tables (family L, rules/crossform.py)."""
    if goals is not None and options.extract is None:
        options = replace(options, extract=crossform.extract)
    intake = collect([Path(p) for p in paths], work_dir)
    subs = intake.submissions
    jobs = [(str(s.path), s.name, options) for s in subs]
    workers = workers or default_workers()
    files: list[FileReport] = []
    for sub, result in zip(subs, run_isolated(_validate, jobs, workers)):
        report = _failed(sub, result) if isinstance(result, Failure) else result
        files.append(_finish(report, sub, roster, options))
        if goals is not None:                      # the cross-form post-pass, after the roster rules
            crossform.apply(report, goals)
            _keep(report, options)
        if on_file:
            on_file(report)
    for f in intake.findings:                      # containers that yielded nothing readable
        report = _keep(FileReport(file=f.file, findings=[f], facts={"origin": f.file}), options)
        files.append(report)
        if on_file:
            on_file(report)
    batch = reconcile(files, roster)
    for copy, first in batch.duplicates:           # the decision is made once, for the whole batch
        copy.findings.append(Finding(DUPLICATE, file=copy.file, detail=first.file))
        _keep(copy, options)
    batch.skipped = list(intake.facts.get("skipped", []))
    return batch


def _failed(sub: Submission, failure: Failure) -> FileReport:
    return FileReport(file=sub.origin, findings=[Finding(FILE_FAILED, file=sub.origin, detail=failure.reason)])


def _keep(report: FileReport, options: Options) -> FileReport:
    """--select/--ignore over every finding of a file: intake (B) and roster (X) findings too, not only the form's."""
    if options.select or options.ignore:
        keep = selected([f.code for f in report.findings], options.select, options.ignore)
        report.findings = [f for f in report.findings if f.code in keep]
    return report


def _finish(report: FileReport, sub: Submission, roster: Roster | None, options: Options) -> FileReport:
    """A worker's report with the submission's provenance, roster findings and --select/--ignore applied."""
    report.file = sub.origin
    for f in report.findings:
        f.file = sub.origin
    report.facts.update(_provenance(sub))
    if roster is not None:
        report.findings += roster_findings(report, roster, sub.sender)
    return _keep(report, options)
