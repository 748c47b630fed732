"""Baselines both benchmarks share: what the same files cost with no checks at all.

- the floor: python-calamine reading every sheet of every file, in `workers` processes: the bare read the issue
  measures against (jixiao's own reader is not bound by it: it lifts formula texts out before calamine reads the
  values, workbook/lift.py);
- pandas with the calamine engine, reading every file (the quick script a colleague would write), concatenated and
  written out with to_excel when `write` is given.
"""

from __future__ import annotations

import multiprocessing as mp
import tempfile
from pathlib import Path


def _calamine_file(path: str) -> int:
    from python_calamine import CalamineWorkbook
    n = 0
    with CalamineWorkbook.from_path(path) as book:
        for name in book.sheet_names:
            n += len(book.get_sheet_by_name(name).to_python())
    return n


def calamine_floor(paths: list[Path], workers: int) -> dict:
    """Every sheet of every file read by calamine into Python rows, `workers` processes."""
    with mp.get_context("fork").Pool(workers) as pool:
        rows = sum(pool.imap_unordered(_calamine_file, [str(p) for p in paths], chunksize=16))
    return {"rows": rows}


def _pandas_file(path: str):
    import pandas as pd
    return pd.read_excel(path, sheet_name=0, header=None, engine="calamine").assign(来源文件=Path(path).name)


def pandas_calamine(paths: list[Path], workers: int = 1, write: bool = True) -> dict:
    """pandas.read_excel(engine="calamine") of every file's first sheet, concat, and to_excel (when `write`)."""
    import pandas as pd
    if workers > 1:
        with mp.get_context("fork").Pool(workers) as pool:
            frames = pool.map(_pandas_file, [str(p) for p in paths], chunksize=16)
    else:
        frames = [_pandas_file(str(p)) for p in paths]
    merged = pd.concat(frames, ignore_index=True)
    size = 0
    if write:
        with tempfile.TemporaryDirectory(prefix="bench-pandas-") as tmp:
            merged.to_excel(Path(tmp) / "汇总.xlsx", index=False)
            size = (Path(tmp) / "汇总.xlsx").stat().st_size
    return {"rows": len(merged), "output_kib": size // 1024}


def warm_pandas() -> None:
    import pandas  # noqa: F401
    import python_calamine  # noqa: F401


def warm_calamine() -> None:
    import python_calamine  # noqa: F401
