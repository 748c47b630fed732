"""Run one function per file in worker processes with a time and a memory limit: a file that crashes, hangs or blows
up memory becomes a Failure for that file, a fresh worker takes the next one, and the batch goes on."""

from __future__ import annotations

import faulthandler
import multiprocessing as mp
import os
import signal
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any, Callable, Iterable, Iterator

FILE_TIMEOUT = float(os.environ.get("JIXIAO_FILE_TIMEOUT", "120"))          # seconds per file
FILE_MEMORY = int(os.environ.get("JIXIAO_FILE_MEMORY_MB", "3072")) * 2**20  # address space a worker may add


@dataclass(frozen=True)
class Failure:
    """Why one job produced no result: 超时, 内存超限, 进程异常退出 or 程序内部错误, in Chinese."""
    reason: str


def _limit_memory(growth: int) -> None:
    """Cap the worker's address space at what it already maps (a forked copy of the parent, libraries that reserve
    virtual memory per core) plus `growth`, so the cap measures what one file costs, whatever the machine."""
    try:
        import resource
        with open("/proc/self/statm") as f:
            mapped = int(f.read().split()[0]) * resource.getpagesize()
    except (ImportError, OSError, ValueError, IndexError):
        mapped = 0
    try:
        limit = mapped + growth
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (NameError, ValueError, OSError):        # not on this platform: the time limit still applies
        pass


def _serve(conn, fn: Callable, memory: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C is the parent's to handle
    faulthandler.disable()                           # a crash is reported as this file's finding, not a dump
    if memory:
        _limit_memory(memory)
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        i, job = msg
        try:
            out = (i, True, fn(job))
        except MemoryError:
            out = (i, False, "内存超限")
        except BaseException as e:                   # noqa: BLE001 — any failure is this file's finding
            out = (i, False, f"程序内部错误（{type(e).__name__}：{str(e)[:300]}）")
        try:
            conn.send(out)
        except MemoryError:
            conn.send((i, False, "内存超限"))


class _Worker:
    def __init__(self, ctx, fn, memory):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, fn, memory), daemon=True)
        self.proc.start()
        child.close()
        self.job: int | None = None
        self.started = 0.0

    def give(self, i: int, job) -> None:
        self.job, self.started = i, time.monotonic()
        self.conn.send((i, job))

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                self.proc.kill()
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def _death(proc) -> str:
    code = proc.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        return f"处理进程异常终止（信号 {name}），可能是文件过大或结构异常导致内存耗尽"
    return f"处理进程异常退出（退出码 {code}）"


def run_isolated(fn: Callable[[Any], Any], jobs: Iterable, workers: int = 1, *, timeout: float = FILE_TIMEOUT,
                 memory: int = FILE_MEMORY) -> Iterator[Any]:
    """fn(job) for every job, in input order, each in a worker process; a job that fails yields a Failure.

    `fn` must be a module-level function (it travels to the workers)."""
    jobs = list(jobs)
    if not jobs:
        return
    # fork is cheap and safe on Linux; macOS and Windows start clean interpreters (fork is unsafe or absent there)
    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    pool = [_Worker(ctx, fn, memory) for _ in range(max(1, min(workers, len(jobs))))]
    done: dict[int, Any] = {}
    nxt, emit = 0, 0
    try:
        for w in pool:
            if nxt < len(jobs):
                w.give(nxt, jobs[nxt])
                nxt += 1
        while emit < len(jobs):
            while emit in done:
                yield done.pop(emit)
                emit += 1
            if emit >= len(jobs):
                break
            busy = [w for w in pool if w.job is not None]
            now = time.monotonic()
            left = min(w.started + timeout - now for w in busy)
            ready = wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout=max(0.0, left))
            for idx, w in enumerate(pool):
                if w.job is None:
                    continue
                failure = None
                if w.conn in ready:
                    try:
                        i, ok, value = w.conn.recv()
                    except (EOFError, OSError):
                        failure = Failure(_death(_reap(w)))
                    else:
                        done[i] = value if ok else Failure(value)
                        w.job = None
                elif w.proc.sentinel in ready and not w.proc.is_alive():
                    failure = Failure(_death(_reap(w)))
                elif time.monotonic() - w.started >= timeout:
                    failure = Failure(f"处理超时（超过 {timeout:g} 秒），已中止")
                if failure is not None:
                    done[w.job] = failure
                    w.stop(kill=True)
                    w = pool[idx] = _Worker(ctx, fn, memory)
                if w.job is None and nxt < len(jobs):
                    w.give(nxt, jobs[nxt])
                    nxt += 1
    finally:
        for w in pool:
            w.stop(kill=w.job is not None)


def _reap(w: _Worker):
    w.proc.join(5)
    return w.proc
