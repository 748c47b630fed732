"""Benchmark `jixiao check` (every output written) against the calamine floor and a naive openpyxl checker, in one run.

    python benchmarks/bench_check.py --files 1000      # the figure at 1,000 files (about 3 min)
    python benchmarks/bench_check.py --files 10000     # the 10,000-file run (about 10 min; 350 MB of inputs)
    python benchmarks/bench_check.py --quick           # smoke run, well under a minute once the corpus is cached
"""

from __future__ import annotations

import collections
import tempfile
from pathlib import Path
from unittest import mock

import baselines
import harness
import inputs
import stages

BASELINE_FILES = 100          # the naive checker runs on this subset; its rate is extrapolated


# ---- the two checkers (module-level so spawned processes can run them) -------------------------------------------

def _statuses(reports) -> dict:
    return dict(collections.Counter(fr.status for fr in reports))


def warm() -> None:
    """The imports both checkers need, done before the clock starts."""
    import openpyxl  # noqa: F401
    import jixiao.intake.roster  # noqa: F401
    import jixiao.batch.pipeline  # noqa: F401
    import jixiao.rules.roster_rules  # noqa: F401
    import jixiao.api  # noqa: F401


def run_engine(paths: list[Path], roster: Path, workers: int) -> dict:
    """The engine alone: intake, parallel validation, roster rules, one batch report (no outputs)."""
    from jixiao.intake.roster import load_roster
    from jixiao.batch import check_paths
    with tempfile.TemporaryDirectory(prefix="bench-check-") as work:
        batch = check_paths(paths, Path(work), roster=load_roster(roster), workers=workers)
    return _statuses(batch.files)


def run_check(paths: list[Path], roster: Path, workers: int, formats=("xlsx", "json", "letters")) -> dict:
    """What `jixiao check FILES -r ROSTER -o OUT -j N` does, every output written (api.check, as the CLI calls it)."""
    from jixiao import api
    from jixiao.intake.roster import load_roster
    with tempfile.TemporaryDirectory(prefix="bench-check-out-") as out:
        batch = api.check(paths, Path(out) / "审核结果", roster=load_roster(roster), workers=workers,
                          formats=list(formats))
    return _statuses(batch.files)


def openpyxl_workbook(path: Path):
    """The reader's Workbook built the naive way: two full openpyxl loads (formulas, then cached values)."""
    from openpyxl import load_workbook
    from openpyxl.worksheet.formula import ArrayFormula
    from jixiao.template.builder import META_SHEET
    from jixiao.workbook.reader import Workbook, _number      # the reader's own number normalisation

    book, cached = load_workbook(path), load_workbook(path, data_only=True)
    values, formulas = {}, {}
    for ws in book.worksheets:
        f = {c.coordinate: (c.value.text if isinstance(c.value, ArrayFormula) else c.value)
             for row in ws.iter_rows() for c in row if c.data_type == "f"}
        v = {c.coordinate: _number(c.value) for row in cached[ws.title].iter_rows() for c in row
             if c.value is not None and c.value != ""}
        for ref in f:
            v.setdefault(ref, "")                  # a calculated formula whose result is empty text
        values[ws.title], formulas[ws.title] = v, f
    names = {n: d.attr_text for n, d in book.defined_names.items()}
    for ws in book.worksheets:
        names.update({f"{ws.title}!{n}": d.attr_text for n, d in ws.defined_names.items()})
    meta_cells = values.get(META_SHEET, {})
    meta = {str(k).strip(): str(meta_cells.get("B" + ref[1:], "")) for ref, k in meta_cells.items()
            if ref.startswith("A") and ref[1:].isdigit() and str(k).strip()}
    return Workbook(Path(path), book.sheetnames, {ws.title: ws.sheet_state for ws in book.worksheets}, meta,
                    names, values, formulas, False)


def naive_check(path: Path, roster) -> object:
    """The same checks as the engine (validate_file + roster rules), fed by the naive reader."""
    from jixiao.rules import engine
    from jixiao.rules.roster_rules import roster_findings
    from jixiao.workbook.reader import read_form
    with mock.patch.object(engine, "read", lambda p: read_form(openpyxl_workbook(p))):
        report = engine.validate_file(path)
    report.findings += roster_findings(report, roster, None)
    return report


def run_baseline(paths: list[Path], roster: Path) -> dict:
    """A naive checker: one file after another, openpyxl full loads, the same checks."""
    from jixiao.intake.roster import load_roster
    units = load_roster(roster)
    return _statuses([naive_check(p, units) for p in paths])


def same_findings(paths: list[Path], roster: Path) -> list[str]:
    """Files on which the naive checker's findings differ from the engine's (should be none)."""
    from jixiao.intake.roster import load_roster
    from jixiao.rules.engine import validate_file
    from jixiao.rules.roster_rules import roster_findings
    def key(report) -> list:
        return sorted((f.code, f.sheet, f.cell, str(f.value)) for f in report.findings)

    units, differ = load_roster(roster), []
    for p in paths:
        ours = validate_file(p)
        ours.findings += roster_findings(ours, units, None)
        if key(ours) != key(naive_check(p, units)):
            differ.append(p.name)
    return differ


# ---- the run -----------------------------------------------------------------------------------------------------



def main() -> None:
    args = harness.arguments(__doc__.splitlines()[0], full=1000, quick=60)
    n, w = args.files, args.workers
    nb = min(args.baseline_files or (20 if args.quick else BASELINE_FILES), n)
    print(f"machine: {harness.machine()}")
    corpus = inputs.corpus(n, args.cache)
    paths, roster = corpus.paths, corpus.roster(n)
    sample = paths[:24]                                   # one copy of every pool workbook
    differ = same_findings(sample, roster)
    print(f"naive checker vs engine: findings identical on {len(sample) - len(differ)}/{len(sample)} files"
          + (f" (differ: {', '.join(differ)})" if differ else ""))

    floor = harness.measure(baselines.calamine_floor, paths, w, warm=baselines.warm_calamine)
    naive = harness.measure(run_baseline, paths[:nb], roster, warm=warm)
    engine = harness.measure(run_engine, paths, roster, w, warm=warm)
    json_only = harness.measure(run_check, paths, roster, w, ("json",), warm=warm)
    runs = {k: harness.measure(run_check, paths[:k], roster, w, warm=warm) for k in inputs.sizes_up_to(n)}
    rate = n / floor.seconds
    extra = [harness.row(f"naive: openpyxl full load ×2 + same checks, 1 process ({nb} files)", nb, naive, rate),
             harness.row(f"engine only (check_paths, no outputs), workers={w}", n, engine, rate),
             harness.row(f"jixiao check, json only, workers={w}", n, json_only, rate)]
    harness.report(f"floor: bare calamine read of every sheet, {w} processes", n, floor,
                   f"jixiao check, all outputs, workers={w}", runs, extra)
    full = runs[n]
    print(f"statuses of the {n} files: {full.result}")
    per_10k = 10_000 * full.seconds / n
    print(f"10,000 files at this rate: {per_10k:.0f} s (goal < 60 s: {'met' if per_10k < 60 else 'MISSED'}); "
          f"{full.seconds / floor.seconds:.1f}× the calamine floor (goal ≤ 5×: "
          f"{'met' if full.seconds <= 5 * floor.seconds else 'MISSED'}); "
          f"{(n / full.seconds) / (nb / naive.seconds):.1f}× the naive checker")
    print(harness.verdict(f"check (all outputs) on {w} cores", 10, naive, nb, runs, w))
    k = min(n, inputs.BREAKDOWN_FILES)
    print(f"\nper-file CPU by stage (ms per file, one process, first {k} files and a roster of exactly those units):")
    cost = stages.breakdown(paths[:k], corpus.roster(k))
    print(harness.table(["stage", "CPU ms/file"], [[s, f"{v:.2f}"] for s, v in cost.items()]
                        + [["total", f"{stages.total(cost):.2f}"]]))
    if args.profile:
        print("\n" + harness.profile(run_engine, paths[:nb], roster, 1, sort="tottime", top=15))


if __name__ == "__main__":
    main()
