"""Writing our outputs safely: untrusted text never becomes a formula, and a reader never sees half a file."""

from __future__ import annotations

import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# C0 control characters other than tab, line feed and carriage return: no xlsx cell, file name or terminal line may
# hold them (the same set openpyxl refuses); a workbook can carry them as _x0000_-style escapes.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean_text(text: str) -> str:
    """`text` without control characters: the one cleaning of text read from a workbook or written to an output."""
    return CONTROL_CHARACTERS.sub("", text)


def set_value(ws, row: int, col: int, value):
    """Set a cell; a string is always stored as text, even when it starts with '='."""
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def csv_safe(value):
    """A value for CSV/TSV output: text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@contextmanager
def atomic_path(path) -> Iterator[Path]:
    """A temporary path beside `path` to write to; renamed onto `path` only when the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
