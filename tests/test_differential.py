"""Differential test: every computed cell, recalculated by LibreOffice, equals the Python engine's value.

For every form and every policy profile, synthetic data (jixiao.synth: realistic fillings plus each scoring edge
case, several seeds each) is filled into fresh templates; all workbooks are recalculated by headless LibreOffice
and each computed cell is compared with Evaluation(...).computed(). Requires LibreOffice: fails, never skips.

Reproduce one case:  random_data(load_form(form_id), random.Random(seed), case=case)
Scale up locally:    JIXIAO_DIFF_WORKBOOKS=5000 python -m pytest tests/test_differential.py -s
"""

from __future__ import annotations

import math
import multiprocessing
import os
import random
import threading
import time
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

try:
    import resource
except ImportError:  # Windows
    resource = None

import pytest

from jixiao.scoring.engine import Evaluation, cell_expression, has_error, profile_key
from jixiao.spec.data import to_inputs
from jixiao.spec.layout import load_form
from jixiao.spec.loader import form_ids, load_profile, profile_ids
from tests.support.synth import CASES, random_data
from jixiao.template.builder import formula_of
from jixiao.template.fill import fill_workbook
from jixiao.workbook import recalc

pytestmark = pytest.mark.libreoffice

# The workbook budget is shared by all forms × profiles, so adding a form keeps the runtime. Measured CPU per workbook
# (8 forms): fill ~0.11 s, LibreOffice ~0.16 s, read back + evaluate ~0.05 s, ~0.32 s in all; on 2 idle cores 800
# workbooks take ~2.3 min and 1,000 ~2.9 min. JIXIAO_DIFF_WORKBOOKS / JIXIAO_DIFF_EDGE_REPEATS / JIXIAO_DIFF_SEED (a
# salt for fresh seeds) scale the run up for a deeper local search.
TOTAL_WORKBOOKS = int(os.environ.get("JIXIAO_DIFF_WORKBOOKS", "800"))
EDGE_REPEATS = int(os.environ.get("JIXIAO_DIFF_EDGE_REPEATS", "2"))   # seeds per edge case per (form, profile)
SALT = os.environ.get("JIXIAO_DIFF_SEED", "")
MAX_REPORTED = 20

# What the last run compared; the test asserts these are positive (a test that compared nothing must not pass).
COMPARED = {"workbooks": 0, "cells": 0}
RETRIED: list[str] = []      # files recalculated a second time after a LibreOffice crash (printed, not hidden)


def _jobs() -> list[tuple[str, str, str, int]]:
    combos = [(f, p) for f in form_ids() for p in profile_ids()]
    edges = [c for c in CASES if c != "random"]
    per_combo = max(math.ceil(TOTAL_WORKBOOKS / len(combos)), len(edges) * EDGE_REPEATS + 1)
    jobs = []
    for fid, pid in combos:
        kinds = [c for c in edges for _ in range(EDGE_REPEATS)]
        kinds += ["random"] * (per_combo - len(kinds))
        counter: dict[str, int] = {}
        for case in kinds:
            i = counter[case] = counter.get(case, -1) + 1
            jobs.append((fid, pid, case, zlib.crc32(f"{SALT}{fid}/{pid}/{case}/{i}".encode())))
    return jobs


def _data(job):
    fid, _, case, seed = job
    return random_data(load_form(fid), random.Random(seed), case=case)


def _name(job) -> str:
    fid, pid, case, seed = job
    return f"{fid}-{pid}-{case}-{seed}.xlsx"


def _fill(args) -> None:
    job, path = args
    fid, pid, _, _ = job
    fill_workbook(load_form(fid), load_profile(pid), _data(job)).save(path)


def _as_written(inputs: dict) -> dict:
    """Entered values as the filled workbook holds them: openpyxl writes numbers with 16 significant digits ("%.16g"),
    so 19.990000000000002 is stored, and recalculated by LibreOffice, as 19.99 (and can round differently)."""
    return {k: float("%.16g" % v) if isinstance(v, float) else v for k, v in inputs.items()}


def _saved_equal(lo: float, py: float) -> bool:
    """lo is py as LibreOffice writes a cached result into .xlsx: 15 significant digits (1/3 → 0.333333333333333).

    LibreOffice 7.4 rounds the 15th digit on an approximate decimal expansion, so a value whose 16th/17th digits are
    near a half may come out one 15th-digit unit above Python's correctly rounded "%.15g" (9.919060466592605e16 is
    written 99190604665926100): accept either neighbour within half a unit of the 15th digit, nothing wider."""
    if lo == py or lo == float(f"{py:.15g}"):
        return True
    if py == 0 or not math.isfinite(py):
        return False
    unit = 10.0 ** (math.floor(math.log10(abs(py))) - 14)
    return abs(lo - py) <= unit * 0.5000001


def _same(lo, py) -> bool:
    lo = None if lo == "" else lo
    py = None if py == "" else py
    if lo is None or py is None:
        return lo is None and py is None
    if isinstance(lo, str) or isinstance(py, str):
        return isinstance(lo, str) and isinstance(py, str) and lo == py
    if isinstance(lo, bool):               # a logical result must be logical on both sides
        return isinstance(py, bool) and lo == py
    # Numbers (a Python logical may meet a LibreOffice 0/1) must be equal at the precision LibreOffice saves:
    # it computes in full doubles (SUM(90.02,87.5) is 177.51999999999998 inside LibreOffice too) but writes cached
    # values with 15 significant digits ("177.52"). ROUND-ed results (scores, rates, totals) are unaffected. No
    # isclose() tolerance is needed for raw sums: the engine adds as LibreOffice's KahanSum does (excel.lo_sum).
    return _saved_equal(float(lo), float(py))


def _compare(args) -> tuple[int, list[dict], list[str], list[str]]:
    """(cells compared, mismatches, LibreOffice error cells, Python XLError cells) for one recalculated workbook."""
    job, out = args
    fid, pid, case, seed = job
    form, profile = load_form(fid), load_profile(pid)
    values = recalc.recalculated_values(out)
    lo_errors = [f"{_name(job)} {s}!{c} = {v}" for s, c, v in recalc.error_cells(values)]
    ev = Evaluation(form, profile, _as_written(to_inputs(form, _data(job))))
    computed = ev.computed()
    py_errors = [f"{_name(job)} {cid} = {computed[cid]}" for cid in has_error(computed)]
    mismatches, n = [], 0
    for cid, cell in form.cells.items():
        if not cell.is_calc:
            continue
        n += 1
        lo, py = values.get(cell.sheet, {}).get(cell.coord), computed[cid]
        if not _same(lo, py):
            pkey = profile_key(profile)
            _, refs = cell_expression(form, cell, pkey)
            inputs = {name: ev.value(ref[1]) for name, ref in refs.items() if ref[0] == "cell"}
            mismatches.append({"form": fid, "profile": pid, "case": case, "seed": seed, "cell": cid,
                               "coord": f"{cell.sheet}!{cell.coord}", "libreoffice": lo, "python": py,
                               "args": inputs, "formula": formula_of(form, cell, pkey)})
    return n, mismatches, lo_errors, py_errors


def _pool(workers: int):
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx)


def _recalculate_part(paths: list[Path], out_dir: Path) -> list[Path]:
    """recalc.recalculate, retrying once the files a crashed soffice left without output.

    LibreOffice 7.4 headless has been seen to die after a couple of hundred documents in one process (recalc's
    CHUNK_SIZE keeps calls below that); a file that fails twice is a real failure."""
    try:
        return recalc.recalculate(paths, out_dir, timeout=3600)
    except recalc.RecalcError:
        missing = [p for p in paths if not (out_dir / f"{p.stem}.xlsx").is_file()]
        if not missing or len(missing) == len(paths):
            raise
        RETRIED.extend(p.name for p in missing)
        recalc.recalculate(missing, out_dir, timeout=3600)
        return [out_dir / f"{p.stem}.xlsx" for p in paths]


def _recalculate_all(paths: list[Path], out_dir: Path, calls: int) -> list[Path]:
    """`calls` LibreOffice calls run concurrently (one per core; each has its own profile), in input order."""
    parts = [paths[i::calls] for i in range(calls)]
    results: list[list[Path] | BaseException] = [[] for _ in parts]

    def run(i):
        try:
            results[i] = _recalculate_part(parts[i], out_dir / str(i))
        except BaseException as e:  # re-raised in the test thread
            results[i] = e

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(parts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in results:
        if isinstance(r, BaseException):
            raise r
    outs: list[Path] = [None] * len(paths)  # type: ignore[list-item]
    for i, r in enumerate(results):
        outs[i::calls] = r
    return outs


def _cpu() -> float:
    """CPU seconds of this process and its finished children (pool workers, soffice)."""
    if resource is None:
        return float("nan")
    return sum(getattr(resource.getrusage(w), f) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for f in ("ru_utime", "ru_stime"))


def _report(mismatches: list[dict]) -> str:
    lines = [f"{len(mismatches)} computed cells differ between LibreOffice and the Python engine "
             f"(first {min(len(mismatches), MAX_REPORTED)}; reproduce with "
             "random_data(load_form(form), random.Random(seed), case=case)):"]
    for m in mismatches[:MAX_REPORTED]:
        lines.append(f"- form={m['form']} profile={m['profile']} case={m['case']} seed={m['seed']} cell={m['cell']} "
                     f"at {m['coord']}: LibreOffice={m['libreoffice']!r} Python={m['python']!r}\n"
                     f"    arguments: {m['args']!r}\n    formula: {m['formula']}")
    return "\n".join(lines)


def test_libreoffice_matches_python_engine(tmp_path):
    assert recalc.soffice_path()        # raises RecalcError (a failure, not a skip) without LibreOffice
    clock, cpu = [time.monotonic()], [_cpu()]

    def lap():
        clock.append(time.monotonic())
        cpu.append(_cpu())
        return f"{clock[-1] - clock[-2]:.0f}s ({cpu[-1] - cpu[-2]:.0f}s CPU)"

    jobs = _jobs()
    src = tmp_path / "filled"
    src.mkdir()
    paths = [src / _name(j) for j in jobs]
    workers = max(1, min(os.cpu_count() or 1, 4))
    with _pool(workers) as pool:
        list(pool.map(_fill, zip(jobs, paths), chunksize=8))
    t_fill = lap()

    outs = _recalculate_all(paths, tmp_path / "recalculated", workers)
    t_lo = lap()

    mismatches, lo_errors, py_errors, cells = [], [], [], 0
    with _pool(workers) as pool:
        for n, mm, le, pe in pool.map(_compare, zip(jobs, outs), chunksize=8):
            cells += n
            mismatches += mm
            lo_errors += le
            py_errors += pe
    COMPARED.update(workbooks=len(outs), cells=cells)
    t_cmp = lap()
    retried = f", {len(RETRIED)} files retried after a LibreOffice crash" if RETRIED else ""
    print(f"\ndifferential: {len(outs)} workbooks ({len(form_ids())} forms × {len(profile_ids())} profiles), "
          f"{cells} computed cells compared in {clock[-1] - clock[0]:.0f}s ({cpu[-1] - cpu[0]:.0f}s CPU): "
          f"fill {t_fill}, LibreOffice {t_lo} in {workers} concurrent calls{retried}, compare {t_cmp}")

    assert COMPARED["workbooks"] > 0 and COMPARED["cells"] > 0
    assert not py_errors, "Python engine produced error values:\n" + "\n".join(py_errors[:MAX_REPORTED])
    assert not lo_errors, "LibreOffice produced error values:\n" + "\n".join(lo_errors[:MAX_REPORTED])
    assert not mismatches, _report(mismatches)
