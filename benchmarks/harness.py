"""Benchmark measurement: run a call in a fresh process, time it, sample its process tree's RSS; format results."""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import jixiao


@dataclass
class Measured:
    result: object
    seconds: float                    # wall time of the measured call only (imports and setup excluded)
    tree_peak: int                    # bytes: sampled peak of the summed RSS of the process and its descendants
    main_hwm: int                     # bytes: the process's own RSS high-water mark (exact, VmHWM)
    worker_hwm: int                   # bytes: largest RSS high-water mark of any finished child (getrusage)
    cpu: float                        # CPU seconds (user + system) of the call, workers included
    cpu_main: float                   # CPU seconds of the process itself (the part that does not run in parallel)
    others: float                     # share of all cores used by other processes during the call (0–1)

    def free_seconds(self, workers: int) -> float:
        """Estimated wall time on idle cores: the process's own CPU runs serially, the workers' CPU in parallel."""
        return self.cpu_main + (self.cpu - self.cpu_main) / workers


def _descendants(root: int) -> list[int]:
    """root and every process below it, from the parent pids in /proc/<pid>/stat."""
    parent: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as fh:
                    ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parent.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += parent.get(pid, [])
    return out


def tree_rss(root: int) -> int:
    """Summed resident set of a process and all its descendants (bytes); 0 once it is gone."""
    page, total = os.sysconf("SC_PAGE_SIZE"), 0
    for pid in _descendants(root):
        try:
            with open(f"/proc/{pid}/statm", "rb") as fh:
                total += int(fh.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            pass
    return total


def _cpu() -> tuple[float, float]:
    """(CPU seconds of this process, of its finished children)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def _busy() -> float:
    """CPU seconds all cores have spent busy since boot (/proc/stat)."""
    with open("/proc/stat") as fh:
        ticks = [int(x) for x in fh.readline().split()[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def _child(conn, fn, args, warm) -> None:
    mp.set_start_method(None, force=True)   # a spawned process inherits "spawn"; give fn the platform default
    if warm:
        warm()                        # imports: paid once per process by any tool, not per file
    t0, c0, b0 = time.perf_counter(), _cpu(), _busy()
    result = fn(*args)
    seconds, c1 = time.perf_counter() - t0, _cpu()
    main, cpu = c1[0] - c0[0], c1[0] + c1[1] - c0[0] - c0[1]
    others = max(0.0, _busy() - b0 - cpu) / (seconds * (os.cpu_count() or 1))
    with open("/proc/self/status") as fh:
        hwm = next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmHWM"))
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    conn.send((result, seconds, hwm, worker, cpu, main, others))
    conn.close()


def measure(fn: Callable, *args, warm: Callable | None = None, interval: float = 0.05) -> Measured:
    """Run fn(*args) in a fresh spawned process (clean heap) while sampling the RSS of its whole process tree.

    warm() runs first in that process and is not timed (imports)."""
    ctx = mp.get_context("spawn")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, fn, args, warm))
    proc.start()
    send.close()
    peak, done = 0, threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        got = recv.recv()
    except EOFError:
        got = None
    finally:
        done.set()
        sampler.join()
        proc.join()
    if got is None:
        raise RuntimeError(f"measured process failed (exit code {proc.exitcode}); its traceback is above")
    result, seconds, hwm, worker, cpu, main, others = got
    return Measured(result, seconds, max(peak, hwm), hwm, worker, cpu, main, others)


# ---- output -----------------------------------------------------------------------------------------------------

def mib(n: int) -> str:
    return f"{n / 2**20:.0f} MiB"


HEAD = ["run", "files", "seconds", "files/s", "vs baseline", "CPU ms/file (own + workers)", "others' CPU",
        "peak RSS (tree)"]


def row(label: str, n: int, m: Measured, base_rate: float) -> list:
    """One line of the results table; base_rate is the baseline's files/s."""
    return [label, n, f"{m.seconds:.1f}", f"{n / m.seconds:.1f}", f"{n / m.seconds / base_rate:.1f}×",
            f"{1000 * m.cpu / n:.0f} ({1000 * m.cpu_main / n:.0f} + {1000 * (m.cpu - m.cpu_main) / n:.0f})",
            f"{m.others:.0%}", mib(m.tree_peak)]


def verdict(what: str, target: float, base: Measured, nb: int, runs: dict[int, Measured], workers: int) -> str:
    """Target met or missed (wall clock, and from CPU time so other users of the cores do not skew it), and whether
    peak memory stays in a ±15% band across the sizes."""
    n = max(runs)
    wall = n / runs[n].seconds / (nb / base.seconds)
    cpu = (base.cpu / nb) / (runs[n].free_seconds(workers) / n)
    peaks = [m.tree_peak for m in runs.values()]
    flat = max(peaks) <= 1.15 * min(peaks)
    hwm = "; ".join(f"{k}: main {mib(m.main_hwm)}, largest worker {mib(m.worker_hwm)}" for k, m in runs.items())
    return (f"{what} ≥ {target:g}× the baseline: {'met' if wall >= target else 'MISSED'} on the wall clock "
            f"({wall:.1f}×, others used {runs[n].others:.0%} of the cores); estimated from CPU time for {workers} "
            f"free cores (own CPU serial + workers' CPU / {workers}): {'met' if cpu >= target else 'MISSED'} "
            f"({cpu:.1f}×)\n"
            f"peak RSS (tree) {mib(min(peaks))}–{mib(max(peaks))} over {', '.join(map(str, runs))} files: "
            f"{'flat' if flat else 'NOT flat'} (±15% band)\n"
            f"exact high-water marks by size — {hwm}\n"
            "peak RSS (tree) is sampled every 50 ms and sums the process and its workers (shared pages counted "
            "in each); others' CPU is the share of all cores other processes used during the run")


def table(head: list[str], rows: list[list]) -> str:
    """A Markdown table, so the output can be pasted into benchmarks/README.md."""
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def arguments(description: str, full: int, quick: int) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--files", type=int, default=full, help=f"number of submissions (default {full})")
    ap.add_argument("--quick", action="store_true", help=f"smoke run on {quick} files")
    ap.add_argument("--workers", type=int, default=2, help="engine worker processes (default 2)")
    ap.add_argument("--baseline-files", type=int, default=None, help="baseline subset size (rate extrapolated)")
    ap.add_argument("--cache", type=Path, default=None, help="corpus cache folder (default: $TMPDIR/jixiao-bench)")
    ap.add_argument("--profile", action="store_true", help="also cProfile one engine run in-process (top functions)")
    args = ap.parse_args()
    if args.quick:
        args.files = quick
    return args


def machine() -> str:
    import platform
    import sys
    return (f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {platform.system()} {platform.release()}, "
            f"jixiao {getattr(jixiao, '__version__', '')}".rstrip(", "))


def profile(fn: Callable, *args, sort: str = "tottime", top: int = 15) -> str:
    """cProfile of one in-process call (run the engine with workers=1 so the per-file work shows up here)."""
    import cProfile
    import io
    import pstats
    pr = cProfile.Profile()
    pr.runcall(fn, *args)
    out = io.StringIO()
    pstats.Stats(pr, stream=out).sort_stats(sort).print_stats(top)
    return out.getvalue()


def report(baseline: str, nb: int, base: Measured, engine: str, runs: dict[int, Measured],
           extra: list[list] = ()) -> float:
    """Print the table (baseline first, then `extra` rows, then the engine at each size) and the extrapolation
    line; return the baseline's rate in files per second."""
    n, rate = max(runs), nb / base.seconds
    rows = [row(baseline, nb, base, rate), *extra] + [row(engine, k, m, rate) for k, m in runs.items()]
    print()
    print(table(HEAD, rows))
    print(f"\nthe baseline ran on {nb} files; at its rate {n} files would take {n / rate:.0f} s "
          f"(engine: {runs[n].seconds:.0f} s). Timings exclude interpreter start and imports.")
    return rate
