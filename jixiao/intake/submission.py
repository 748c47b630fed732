"""Submission and Intake records, plus the small helpers every intake module shares (safe names, hashing)."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..rules.finding import Finding

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
    duplicate_of: str | None = None  # origin of an earlier submission with the same sha256
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


DATASET_MARKER = "字段说明.csv"          # written by every jixiao consolidation dataset (consolidate/dataset.py)


def in_dataset(path: Path, top: Path) -> bool:
    """A file inside a jixiao dataset folder (beside a department workbook): ours, not a submission."""
    return any((d / DATASET_MARKER).is_file() and (d / "projects.csv").is_file()
               for d in path.parents if d == top or top in d.parents)


def safe_name(name: str, fallback: str = "附件") -> str:
    """A single path component safe to create anywhere: no directories, '..', NUL, control or reserved characters."""
    base = re.split(r"[\\/]", name.replace("\0", ""))[-1]
    base = "".join("_" if unicodedata.category(c)[0] == "C" or c in '<>:"|?*' else c for c in base)
    base = base.strip(" .")
    if not base or base.split(".")[0].lower() in _RESERVED:
        base = f"{fallback}_{base}" if base else fallback
    if len(base.encode("utf-8")) > 200:                    # keep a short extension, trim the stem
        stem, dot, ext = base.rpartition(".")
        if not dot or not stem or len(ext) > 10:
            stem, ext = base, ""
        while len(stem.encode("utf-8")) + len(ext) + 1 > 200:
            stem = stem[:-1]
        base = f"{stem}.{ext}" if ext else stem
    return base


def file_digest(path: Path) -> tuple[str, int]:
    """sha256 hex digest and size, read in chunks."""
    h, size = hashlib.sha256(), 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def decode_legacy(raw: str) -> str:
    """Recover text that arrived as undeclared 8-bit bytes (surrogate-escaped): UTF-8 first, then GB18030."""
    if not any("\udc80" <= c <= "\udcff" for c in raw):
        return raw
    data = raw.encode("utf-8", "surrogateescape")
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")
