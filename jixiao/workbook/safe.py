"""Untrusted text made safe: printable names, cell text without control characters, no formula injection, atomic writes."""

from __future__ import annotations

import os
import re
import secrets
import tempfile
import threading
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


_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def decode_legacy(raw: str) -> str:
    """Recover text that arrived as undeclared 8-bit bytes (surrogate escapes, as in a non-UTF-8 file name on Linux or
    an 8-bit mail header), one path step at a time: UTF-8 first, then GB18030, else the bytes shown as \\xNN."""
    if not _SURROGATE.search(raw):
        return raw
    return "/".join(_decode_step(step) for step in raw.split("/"))


def _decode_step(raw: str) -> str:
    if not _SURROGATE.search(raw):
        return raw
    raw = re.sub("[\ud800-\udc7f\udd00-\udfff]", "\ufffd", raw)     # only \udc80-\udcff stand for bytes
    data = raw.encode("utf-8", "surrogateescape")
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "backslashreplace")


def printable(text: str) -> str:
    """A name or origin as text that prints and writes anywhere: undecodable bytes recovered or shown as \\xNN,
    control characters (terminal escapes, bells, line breaks) shown as \\xNN."""
    text = decode_legacy(text)
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text) if _CONTROL.search(text) else text


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


_umask_lock = threading.Lock()


def current_umask() -> int:
    """The process's umask, read without changing it (Linux: /proc/self/status); elsewhere set to 077 and restored
    at once (a file another thread creates in that instant is private, never more open than asked)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _umask_lock:
        mask = os.umask(0o077)
        os.umask(mask)
    return mask


def share_mode(path) -> None:
    """Give a file made by mkstemp (always 0600) the mode an ordinary new file gets, 0666 less the umask, so that
    colleagues on a shared folder can open an output exactly when they could open any other file written there."""
    os.chmod(path, 0o666 & ~current_umask())


@contextmanager
def atomic_path(path) -> Iterator[Path]:
    """A temporary path beside `path` to write to; renamed onto `path` only when the block succeeds. The file is made
    with mode 0666 for the system to take the umask off, as for any ordinary new file (mkstemp's would be 0600)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _new_file(path.parent, path.suffix)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _new_file(folder: Path, suffix: str) -> Path:
    """A new empty file in `folder` under a name no other file has (created exclusively, as mkstemp does)."""
    for _ in range(100):
        tmp = folder / f"tmp{secrets.token_hex(6)}{suffix}"
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666))
            return tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"无法在 {folder} 中创建临时文件")
