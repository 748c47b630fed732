"""Walk the given paths, open mail and archives by content, and return every file sent as a Submission."""
from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

import olefile

from ..rules.finding import Finding
from ..workbook.sniff import Limits, sniff
from . import archive, mail
from .rules import TOO_DEEP, UNREADABLE_INPUT
from .submission import Intake, Submission, file_digest, in_dataset, is_junk, safe_name

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PK = (b"PK\x03\x04", b"PK\x05\x06")
# Workbook-ish names that are never opened as mail or archive, even when the bytes look like one: an Excel
# "web page" save (MHTML) has mail headers, a broken .xlsx is a broken zip; sniff explains those to the unit.
_DOCUMENT_EXTS = {".xlsx", ".xlsm", ".xltx", ".xlsb", ".xls", ".et", ".ett", ".docx", ".pptx", ".mht", ".mhtml",
                  ".htm", ".html", ".csv"}
_HEADER = re.compile(rb"^([!-9;-~]+):", re.M)
_MAIL_KEYS = {b"from", b"to", b"subject", b"date", b"message-id", b"received", b"return-path", b"mime-version",
              b"delivered-to", b"cc", b"reply-to", b"content-type"}
_SENDER_KEYS = {b"from", b"received", b"return-path", b"message-id", b"delivered-to"}
_META = ("message_id", "sender", "sender_name", "date", "subject")


def _looks_like_mail(head: bytes) -> bool:
    """RFC 822 header block: starts with a header line, has a sender-ish header and a few known ones."""
    text = head.lstrip(b"\xef\xbb\xbf\r\n\t ")
    block = re.split(rb"\r?\n\r?\n", text, maxsplit=1)[0]
    lines = block.splitlines()
    if not lines or not _HEADER.match(lines[0]):
        return False
    names = {m.group(1).lower() for m in _HEADER.finditer(block)}
    if b"x-document-type" in names or not (names & _SENDER_KEYS):  # MHTML saved by Excel/IE is not a mail
        return False
    return len(names & _MAIL_KEYS) >= 2


def _is_msg(path: Path) -> bool:
    try:
        with olefile.OleFileIO(str(path)) as ole:
            return any(e[0].startswith(("__substg1.0_", "__properties_version1.0")) for e in ole.listdir())
    except Exception:
        return False


def classify(path: Path, name: str, limits: Limits = Limits()) -> str:
    """'eml', 'mbox', 'msg', 'zip' (a plain archive, not an OOXML package) or 'file', decided by content."""
    ext = os.path.splitext(name)[1].lower()
    with open(path, "rb") as f:
        head = f.read(8192)
    if head.startswith(_OLE):
        return "msg" if ext == ".msg" or _is_msg(path) else "file"
    if head.startswith(_PK):
        kind = sniff(path, limits).kind
        unopenable = kind in ("zip_bomb", "truncated") and ext not in _DOCUMENT_EXTS
        return "zip" if kind == "zip" or unopenable else "file"
    if ext in _DOCUMENT_EXTS:
        return "file"
    if head.startswith(b"From ") and _HEADER.search(head):
        return "mbox"
    return "eml" if _looks_like_mail(head) else "file"


_READERS = {"eml": mail.read_eml, "mbox": mail.read_mbox, "msg": mail.read_msg, "zip": archive.read_zip}


class _Collector:
    """The sink the readers report to: stores extracted files, builds submissions, records findings and facts."""

    def __init__(self, work_dir: Path, limits: Limits, max_depth: int):
        self.work_dir, self.limits, self.max_depth = work_dir, limits, max_depth
        self.container = ""
        self.submissions: list[Submission] = []
        self.findings: list[Finding] = []
        self.facts: dict = {"skipped": [], "inline_images": 0}
        self._serial = 0

    def finding(self, code: str, origin: str, detail: str = "", value=None) -> None:
        self.findings.append(Finding(code, file=origin, detail=detail, value=value))

    def count(self, key: str, n: int = 1) -> None:
        self.facts[key] = self.facts.get(key, 0) + n

    def skip(self, origin: str) -> None:
        self.facts["skipped"].append(origin)

    def too_deep(self, origin: str, depth: int) -> bool:
        """True (and a finding) when a container at this depth may not be opened."""
        if depth < self.max_depth:
            return False
        self.finding(TOO_DEEP, origin, f"第 {depth} 层", self.max_depth)
        return True

    def reserve(self, name: str) -> Path:
        """A fresh numbered folder in work_dir holding one file under a safe version of `name`."""
        while True:
            self._serial += 1
            folder = self.work_dir / f"{self._serial:05d}"
            try:
                folder.mkdir()
                return folder / safe_name(name)
            except FileExistsError:
                continue

    def store(self, name: str, data: bytes) -> Path:
        target = self.reserve(name)
        with open(target, "xb") as f:
            f.write(data)
        return target

    def dispatch(self, path: Path, name: str, origin: str, depth: int, meta: dict, facts: dict | None = None,
                 *, original: bool = False) -> str:
        """Open a container or record a submission; returns the outcome used for accounting."""
        try:
            kind = classify(path, name, self.limits)
            if kind != "file":
                if self.too_deep(origin, depth):
                    return f"failed:{TOO_DEEP}"
                return _READERS[kind](self, path, origin, depth, meta)
            digest, size = file_digest(path)
        except OSError as exc:
            self.finding(UNREADABLE_INPUT, origin, f"{type(exc).__name__}: {exc.strerror or exc}")
            return f"failed:{UNREADABLE_INPUT}"
        extra = {"depth": depth, **(facts or {})}
        if meta.get("via"):
            extra["via"] = meta["via"]
        if original:
            mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
            extra["mtime"] = mtime.isoformat(timespec="seconds")
        self.submissions.append(Submission(path=path, name=name, sha256=digest, size=size, origin=origin,
                                           container=self.container, facts=extra,
                                           **{k: meta.get(k) for k in _META}))
        return "submission"


def _walk(top: Path) -> list[Path]:
    """Files under a folder, sorted, without following symlinked folders."""
    found = []
    for root, dirs, files in os.walk(top):
        dirs.sort()
        found += [Path(root) / f for f in sorted(files)]
    return found


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


def collect(paths: Iterable[Path], work_dir: Path, *, limits: Limits = Limits(), max_depth: int = 3) -> Intake:
    """Turn folders, zips, .eml/.msg/mbox files (nested in any mix) into a flat, sorted list of submissions."""
    paths = [Path(p) for p in paths]
    work_dir = Path(work_dir).resolve()
    for top in paths:
        if top.is_dir() and _inside(work_dir, top.resolve()):
            raise ValueError(f"工作目录 {work_dir} 不能位于输入文件夹 {top} 之内")
    work_dir.mkdir(parents=True, exist_ok=True)
    sink = _Collector(work_dir, limits, max_depth)
    inputs: list[str] = []
    accounted: dict[str, str] = {}
    for top in paths:
        inputs.append(str(top))
        sink.container = str(top)
        if top.is_dir():
            label = top.resolve().name
            for path in _walk(top):
                inputs.append(str(path))
                rel = path.relative_to(top).as_posix()
                if str(path) in accounted:
                    continue
                if is_junk(rel) or in_dataset(path, top):
                    sink.skip(f"{label}/{rel}")
                    accounted[str(path)] = "skipped"
                    continue
                accounted[str(path)] = sink.dispatch(path, path.name, f"{label}/{rel}", 0, {}, original=True)
        elif str(top) not in accounted:
            if not top.is_file():
                sink.finding(UNREADABLE_INPUT, str(top), "路径不存在或不是普通文件")
                accounted[str(top)] = f"failed:{UNREADABLE_INPUT}"
                continue
            accounted[str(top)] = sink.dispatch(top, top.name, top.name, 0, {}, original=True)
    submissions = sorted(sink.submissions, key=Submission.sort_key)   # identical copies: check/identity.py
    return Intake(submissions, sink.findings, inputs, accounted, sink.facts)
