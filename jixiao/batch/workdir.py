"""A temporary work folder for extracted attachments that never outlives its run."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

WORK_PREFIX = "jixiao-"


def _remove_stale_work_folders(base: Path) -> None:
    """Work folders left by a run that was killed (its process is gone) are removed at the next run."""
    for d in base.glob(f"{WORK_PREFIX}*-pid*"):
        pid = d.name.rsplit("-pid", 1)[-1].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(d, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def work_folder() -> Iterator[Path]:
    """A temporary folder for extracted attachments, removed on every exit path: success, error, Ctrl-C, SIGTERM
    (turned into an exit), and — for SIGKILL, which nothing can catch — by the next run."""
    base = Path(tempfile.gettempdir())
    _remove_stale_work_folders(base)
    path = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}pid{os.getpid()}-", dir=base))
    path = path.rename(base / f"{WORK_PREFIX}run-pid{os.getpid()}-{path.name[len(WORK_PREFIX):]}")
    cleanup = functools.partial(shutil.rmtree, path, ignore_errors=True)
    atexit.register(cleanup)
    main = os.getpid()

    def on_term(signum, frame):
        if os.getpid() == main:
            cleanup()
        raise SystemExit(128 + signum)
    handled = threading.current_thread() is threading.main_thread()   # signals can only be set there
    previous = signal.signal(signal.SIGTERM, on_term) if handled else None
    try:
        yield path
    finally:
        if handled:
            signal.signal(signal.SIGTERM, previous)
        cleanup()
        atexit.unregister(cleanup)
