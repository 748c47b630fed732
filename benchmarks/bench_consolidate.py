"""Benchmark `jixiao consolidate` (consolidate + write_workbook) against naive pandas merges, in one run.

    python benchmarks/bench_consolidate.py --files 2000   # the issue's figure
    python benchmarks/bench_consolidate.py --quick        # smoke run
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import baselines
import harness
import inputs


def warm_engine() -> None:
    """Imports, done before the clock starts (each side imports only what it uses: pandas costs ~30 MiB RSS)."""
    import jixiao.consolidate  # noqa: F401
    import jixiao.intake.roster  # noqa: F401


def warm_baseline() -> None:
    import openpyxl  # noqa: F401
    import pandas  # noqa: F401


def run_engine(paths: list[Path], roster: Path, workers: int) -> dict:
    """What `jixiao consolidate --roster R -o OUT FILES…` does: check, merge along the roster, write the workbook."""
    from jixiao.consolidate import consolidate, write_workbook
    from jixiao.intake.roster import load_roster
    with tempfile.TemporaryDirectory(prefix="bench-consolidate-") as tmp:
        c = consolidate(paths, load_roster(roster), "department", workers=workers)
        out = write_workbook(c, Path(tmp) / "汇总.xlsx", roster_name=roster.name)
        size = out.stat().st_size
    keys = ("merged_projects", "excluded_files", "missing_units")
    return {**{k: c.stats.get(k, 0) for k in keys}, "issues": len(c.issues), "output_kib": size // 1024}


def run_baseline(paths: list[Path]) -> dict:
    """A naive merge: pandas.read_excel of every file's first sheet, pd.concat, to_excel. No checks, no provenance."""
    import pandas as pd
    frames = [pd.read_excel(p, sheet_name=0, header=None).assign(来源文件=p.name) for p in paths]
    merged = pd.concat(frames, ignore_index=True)
    with tempfile.TemporaryDirectory(prefix="bench-pandas-") as tmp:
        merged.to_excel(Path(tmp) / "汇总.xlsx", index=False)
        size = (Path(tmp) / "汇总.xlsx").stat().st_size
    return {"rows": len(merged), "output_kib": size // 1024}



def main() -> None:
    args = harness.arguments(__doc__.splitlines()[0], full=2000, quick=60)
    n = args.files
    sizes = inputs.sizes_up_to(n)
    nb = min(args.baseline_files or sizes[0], n)
    print(f"machine: {harness.machine()}")
    corpus = inputs.corpus(n, args.cache)
    paths = corpus.paths

    fast = harness.measure(baselines.pandas_calamine, paths, 1, warm=baselines.warm_pandas)
    base = harness.measure(run_baseline, paths[:nb], warm=warm_baseline)
    runs = {k: harness.measure(run_engine, paths[:k], corpus.roster(k), args.workers, warm=warm_engine)
            for k in sizes}
    extra = [harness.row(f"naive: pandas read_excel (openpyxl engine) each + concat + to_excel ({nb} files)", nb,
                         base, n / fast.seconds)]
    harness.report("naive: pandas read_excel(engine=\"calamine\") each + concat + to_excel, 1 process", n, fast,
                   f"engine: consolidate + write_workbook, workers={args.workers}", runs, extra)
    print(f"pandas+calamine: {fast.result}; engine at {n} units: {runs[n].result}")
    ratio = fast.seconds / runs[n].seconds
    print(f"consolidate vs pandas+calamine at {n} files: {ratio:.2f}× (goal ≥ 2×: {'met' if ratio >= 2 else 'MISSED'})")
    print(harness.verdict(f"consolidate on {args.workers} cores", 1, base, nb, runs, args.workers))
    if args.profile:
        print("\n" + harness.profile(run_engine, paths[:sizes[0]], corpus.roster(sizes[0]), 1, sort="cumulative",
                                     top=20))


if __name__ == "__main__":
    main()
