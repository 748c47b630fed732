"""Submission and Intake records, plus the small helpers every intake module shares (safe names, hashing)."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..rules.finding import Finding
from ..workbook.safe import decode_legacy

SEP = " › "                                   # joins the steps of an origin chain
EPOCH = datetime.min.replace(tzinfo=timezone.utc)
_JUNK_NAMES = {".ds_store", "thumbs.db", "desktop.ini", "__macosx"}
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


@dataclass
class Submission:
    path: Path                   # readable file: the original for plain files, else a copy inside work_dir
    name: str                    # file or attachment name as sent, decoded
    sha256: str
    size: int
    origin: str                  # "收件箱.mbox › 邮件#12 › 附件 自评表.zip › 教育局/自评表.xlsx"
    container: str               # the top-level input path this came from
    message_id: str | None = None
    sender: str | None = None    # lower-case address; the display name is in sender_name
    sender_name: str | None = None
    date: datetime | None = None  # aware Date of the nearest enclosing mail; None for plain files (mtime in facts)
    subject: str | None = None
    facts: dict = field(default_factory=dict)

    def sort_key(self) -> tuple:
        return (self.date or EPOCH, natural_key(self.origin))


@dataclass
class Intake:
    submissions: list[Submission]
    findings: list[Finding]
    inputs: list[str]            # every top-level path given and every file found under folders
    accounted: dict[str, str] = field(default_factory=dict)  # input file → submission|opened|skipped|failed:Bxxx
    facts: dict = field(default_factory=dict)                # skipped files, inline images, …

    @property
    def unaccounted(self) -> list[str]:
        """Input files with no recorded outcome (should always be empty)."""
        files = [p for p in self.inputs if not Path(p).is_dir()]
        return [p for p in files if p not in self.accounted]


def natural_key(text: str) -> tuple:
    """Sort key where digit runs compare as numbers, so 邮件#2 comes before 邮件#12."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part)


def is_junk(name: str) -> bool:
    """System or lock files nobody meant to send: .DS_Store, ~$lock files, AppleDouble ._x, __MACOSX/…"""
    parts = [p for p in re.split(r"[\\/]", name) if p not in ("", ".", "..")]
    return any(p.startswith((".", "~$")) or p.lower() in _JUNK_NAMES for p in parts)


class BudgetSpent(Exception):
    """No room left to extract more: `run` is True for the whole run's budget, False for one top-level input's
    (bytes, or the number of files when `files` is True)."""

    def __init__(self, run: bool, files: bool = False):
        super().__init__("run" if run else "files" if files else "input")
        self.run, self.files = run, files


class Budget:
    """What one collect() run may still extract: bytes for the whole run; bytes and files per top-level input
    (shared by everything nested in it: archives in archives, mail in mail)."""

    def __init__(self, run_bytes: int, input_bytes: int, input_files: int):
        self.run_bytes = self.run_left = run_bytes
        self.min_input_bytes, self.min_input_files = input_bytes, input_files
        self.input_bytes = self.input_left = input_bytes
        self.input_files = self.files_left = input_files

    def start_input(self, size: int) -> None:
        """A new top-level input: it may expand to its own size or the minimum, whichever is more, and hold at least
        the minimum number of files or one per 4 KiB of its size (a real workbook is larger than that)."""
        self.input_bytes = self.input_left = max(self.min_input_bytes, size)
        self.input_files = self.files_left = max(self.min_input_files, size // 4096)

    def room(self) -> int:
        return max(0, min(self.run_left, self.input_left))

    def error(self) -> BudgetSpent:
        """The budget that is (or is about to be) short: the run's when it has less room than the input's."""
        return BudgetSpent(self.run_left < self.input_left)

    def spent(self) -> BudgetSpent | None:
        if self.run_left <= 0:
            return BudgetSpent(True)
        return BudgetSpent(False) if self.input_left <= 0 else None

    def take_file(self) -> None:
        if self.files_left <= 0:
            raise BudgetSpent(False, files=True)
        self.files_left -= 1

    def charge(self, n: int) -> None:
        self.run_left -= n
        self.input_left -= n

    def exhaust(self, spent: BudgetSpent) -> None:
        if spent.run:
            self.run_left = 0
        elif not spent.files:
            self.input_left = 0

    def detail(self, spent: BudgetSpent) -> str:
        if spent.run:
            return f"本次审核合计 {self.run_bytes / 2**20:.0f} MiB"
        if spent.files:
            return f"与所在的压缩包或邮件合计取出超过 {self.input_files} 个文件"
        return f"与所在的压缩包或邮件合计解压超过 {self.input_bytes / 2**20:.0f} MiB"


DATASET_MARKER = "字段说明.csv"          # written by every jixiao consolidation dataset (consolidate/dataset.py)


def in_dataset(path: Path, top: Path) -> bool:
    """A file inside a jixiao dataset folder (beside a department workbook): ours, not a submission."""
    return any((d / DATASET_MARKER).is_file() and (d / "projects.csv").is_file()
               for d in path.parents if d == top or top in d.parents)


NAME_BYTES = 200                     # a stored copy's name, in UTF-8 bytes: well under the 255 of most file systems


def safe_name(name: str, fallback: str = "附件") -> str:
    """A single path component safe to create anywhere: no directories, '..', NUL, control or reserved characters,
    valid text, at most NAME_BYTES bytes. A shortened name keeps its extension and gets a short hash of the full name
    (so two long names that differ only at the end stay distinct)."""
    base = re.split(r"[\\/]", decode_legacy(name).replace("\0", ""))[-1]
    base = "".join("_" if unicodedata.category(c)[0] == "C" or c in '<>:"|?*' else c for c in base)
    base = base.strip(" .")
    if not base or base.split(".")[0].lower() in _RESERVED:
        base = f"{fallback}_{base}" if base else fallback
    if len(base.encode("utf-8")) > NAME_BYTES:
        stem, dot, ext = base.rpartition(".")
        if not dot or not stem or len(ext.encode("utf-8")) > 16:
            stem, ext = base, ""
        tag = "~" + hashlib.sha256(base.encode("utf-8")).hexdigest()[:8]
        room = NAME_BYTES - len(tag) - (len(ext.encode("utf-8")) + 1 if ext else 0)
        stem = stem.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(" .")
        base = f"{stem}{tag}.{ext}" if ext else f"{stem}{tag}"
    return base


def file_digest(path: Path) -> tuple[str, int]:
    """sha256 hex digest and size, read in chunks."""
    h, size = hashlib.sha256(), 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size
