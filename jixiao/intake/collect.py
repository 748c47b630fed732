"""Walk the given paths, open mail and archives by content, and return every file sent as a Submission."""
from __future__ import annotations

import os
import re
import shutil
import stat
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

import olefile

from ..rules.finding import Finding
from ..workbook.safe import printable
from ..workbook.sniff import Limits, sniff
from . import archive, mail
from .rules import ARCHIVE_BOMB, LINK_OUTSIDE, NOT_REGULAR, RUN_BUDGET, TOO_DEEP, UNREADABLE_INPUT
from .submission import (SEP, Budget, BudgetSpent, Intake, Submission, file_digest, in_dataset,
                         is_junk, safe_name)

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
        kind = sniff(path, limits, container=True).kind
        unopenable = kind in ("zip_bomb", "truncated") and ext not in _DOCUMENT_EXTS
        return "zip" if kind == "zip" or unopenable else "file"
    if ext in _DOCUMENT_EXTS:
        return "file"
    if head.startswith(b"From ") and _HEADER.search(head):
        return "mbox"
    return "eml" if _looks_like_mail(head) else "file"


_READERS = {"eml": mail.read_eml, "mbox": mail.read_mbox, "msg": mail.read_msg, "zip": archive.read_zip}
_MiB, _GiB = 2**20, 2**30
RUN_BUDGET_BYTES = 4 * _GiB      # default for collect(max_extracted_bytes=…): all bytes extracted in one run


class _Out:
    """One file being extracted into work_dir: write() charges the run's budgets as it goes and, when a budget or the
    declared size `cap` would be exceeded, removes the partial file and raises BudgetSpent or OverflowError."""

    def __init__(self, sink: _Collector, path: Path, cap: int | None):
        self.sink, self.path, self.cap, self.size = sink, path, cap, 0
        self._file = open(path, "xb")

    def write(self, data: bytes) -> None:
        if not data:
            return
        sink = self.sink
        if self.cap is not None and self.size + len(data) > self.cap:
            self.discard()
            raise OverflowError
        if len(data) > sink.budget.room():
            spent = sink.budget.error()
            self.discard()
            sink.budget.exhaust(spent)   # what did not fit spends the budget: nothing else is tried after it
            raise spent
        self._file.write(data)
        self.size += len(data)
        sink.budget.charge(len(data))

    def close(self) -> Path:
        self._file.close()
        return self.path

    def discard(self) -> None:
        """Remove the file (and its folder) and give back what it had charged."""
        self._file.close()
        if self.path.parent.exists():
            shutil.rmtree(self.path.parent, ignore_errors=True)
            self.sink.budget.charge(-self.size)
        self.size = 0


class _Collector:
    """The sink the readers report to: stores extracted files, builds submissions, records findings and facts."""

    def __init__(self, work_dir: Path, limits: Limits, max_depth: int, budget: int):
        self.work_dir, self.limits, self.max_depth = work_dir, limits, max_depth
        self.container = ""
        self.submissions: list[Submission] = []
        self.findings: list[Finding] = []
        self.facts: dict = {"skipped": [], "inline_images": 0}
        self._serial = 0
        self.budget = Budget(budget, limits.max_uncompressed_bytes, limits.max_members)
        self.input_origin = ""
        self._reported, self._held = False, []       # over-budget findings of the current top-level input

    def finding(self, code: str, origin: str, detail: str = "", value=None) -> None:
        self.findings.append(Finding(code, file=origin, detail=detail, value=value))

    def count(self, key: str, n: int = 1) -> None:
        self.facts[key] = self.facts.get(key, 0) + n

    def skip(self, origin: str, reason: str | None = None) -> None:
        """List an entry that is not read, as "origin（reason）" (the form every report shows); no reason: the origin's
        last step is a name is_junk() holds for (an archive member)."""
        reason = reason or _junk_reason(origin.rsplit(SEP, 1)[-1]) or "系统文件、锁定文件或隐藏文件"
        self.facts["skipped"].append(f"{origin}（{reason}）")

    def too_deep(self, origin: str, depth: int) -> bool:
        """True (and a finding) when a container at this depth may not be opened."""
        if depth < self.max_depth:
            return False
        self.finding(TOO_DEEP, origin, f"第 {depth} 层", self.max_depth)
        return True

    # --- the extraction budgets (submission.Budget): per run, and per top-level input with everything nested ---

    def start_input(self, origin: str, size: int) -> None:
        self.end_input()
        self.input_origin = origin
        self.budget.start_input(size)

    def over_budget(self, origin: str, spent: BudgetSpent, more: int = 0) -> str:
        """What was not extracted because a budget is spent: the first such item of a top-level input gets its own
        finding, later ones are summed up in one more finding when the input is done (a bomb cannot flood the
        report); every one is listed in facts["not_extracted"]. Returns the accounting outcome."""
        code = RUN_BUDGET if spent.run else ARCHIVE_BOMB
        self.facts.setdefault("not_extracted", []).append(origin)
        if self._reported:
            self._held.append((spent, origin, more))
        else:
            self._reported = True
            rest = f"；其后另有 {more} 个文件也未取出" if more else ""
            self.finding(code, origin, self.budget.detail(spent) + rest)
        return f"failed:{code}"

    def end_input(self) -> None:
        """The summary finding for the over-budget items of the input just done, after its first."""
        if self._held:
            spent = self._held[0][0]
            count = sum(1 + more for _, _, more in self._held)
            names = "、".join(origin.split(SEP, 1)[-1] for _, origin, _ in self._held[:5])
            self.finding(RUN_BUDGET if spent.run else ARCHIVE_BOMB, self.input_origin,
                         f"{self.budget.detail(spent)}；其中另有 {count} 个文件未取出：{names}"
                         f"{' 等' if len(self._held) > 5 else ''}")
        self._reported, self._held = False, []

    # --- storing files ---

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

    def extract(self, name: str, cap: int | None = None) -> _Out:
        """A new file in work_dir to be written piece by piece (see _Out); counts against the input's files."""
        self.budget.take_file()
        return _Out(self, self.reserve(name), cap)

    def copy(self, name: str, src, cap: int | None = None) -> Path:
        """Stream a binary file object into a new file in work_dir, 1 MiB at a time, charging the budgets."""
        out = self.extract(name, cap)
        try:
            while chunk := src.read(_CHUNK):
                out.write(chunk)
        except BaseException:
            out.discard()
            raise
        return out.close()

    def _alias(self, path: Path, name: str) -> Path:
        """A copy of an input file under a name that is valid text (a copy, not a link: the inbox stays untouchable)."""
        with open(path, "rb") as src:
            return self.copy(name, src)

    def dispatch(self, path: Path, name: str, origin: str, depth: int, meta: dict, facts: dict | None = None,
                 *, original: bool = False) -> str:
        """Open a container or record a submission; returns the outcome used for accounting."""
        extra = {"depth": depth, **(facts or {})}
        try:
            if original:
                st = _regular(path)
                if st is None:
                    self.finding(NOT_REGULAR, origin, "打开时已不是普通文件")
                    return f"failed:{NOT_REGULAR}"
                self.start_input(origin, st.st_size)
                extra["mtime"] = datetime.fromtimestamp(st.st_mtime, tz=timezone.utc).isoformat(timespec="seconds")
                if printable(str(path)) != str(path):      # a name that is not valid text: read it under a clean one
                    path = self._alias(path, name)
            kind = classify(path, name, self.limits)
            if kind != "file":
                if self.too_deep(origin, depth):
                    return f"failed:{TOO_DEEP}"
                spent = self.budget.spent()
                if spent is not None:
                    return self.over_budget(origin, spent)
                return _READERS[kind](self, path, origin, depth, meta)
            size = path.stat().st_size
            if size > self.limits.max_file_bytes:    # rejected as too large on reading: never hashed in full
                digest = ""
                extra["not_hashed"] = True
            else:
                digest, size = file_digest(path)
        except BudgetSpent as exc:
            return self.over_budget(origin, exc)
        except OSError as exc:
            self.finding(UNREADABLE_INPUT, origin, f"{type(exc).__name__}: {printable(exc.strerror or str(exc))}")
            return f"failed:{UNREADABLE_INPUT}"
        if meta.get("via"):
            extra["via"] = meta["via"]
        self.submissions.append(Submission(path=path, name=name, sha256=digest, size=size, origin=origin,
                                           container=self.container, facts=extra,
                                           **{k: meta.get(k) for k in _META}))
        return "submission"


_CHUNK = 1 << 20
_KINDS = ((stat.S_ISFIFO, "命名管道（FIFO）"), (stat.S_ISSOCK, "套接字"), (stat.S_ISCHR, "字符设备"),
          (stat.S_ISBLK, "块设备"), (stat.S_ISDIR, "文件夹"))


def _kind(mode: int) -> str:
    return next((label for test, label in _KINDS if test(mode)), "特殊文件")


def _regular(path: Path) -> os.stat_result | None:
    """stat of a regular file, checked on an open that never blocks (a FIFO swapped in after lstat); else None."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
    finally:
        os.close(fd)
    return st if stat.S_ISREG(st.st_mode) else None


def _entries(top: Path, on_error) -> list[Path]:
    """Everything under a folder that is not a folder, sorted: files, special files and symlinks (a symlinked
    folder is an entry, never walked into)."""
    found = []
    for root, dirs, files in os.walk(top, onerror=on_error):
        dirs.sort()
        links = [d for d in dirs if os.path.islink(os.path.join(root, d))]
        dirs[:] = [d for d in dirs if d not in links]
        found += [Path(root) / f for f in sorted(files + links)]
    return found


_JUNK = (("~$", "Office/WPS 打开文件时生成的锁定文件", "以“~$”开头的文件夹"),      # (prefix, as a file, as a folder)
         (".~lock.", "LibreOffice 打开文件时生成的锁定文件", "以“.~lock.”开头的文件夹"),
         (".", "以“.”开头的隐藏文件", "隐藏文件夹"), ("", "系统文件", "系统文件夹"))


def _junk_reason(name: str) -> str | None:
    """Why is_junk(name) holds, from its first system, lock or hidden step; None when it does not."""
    steps = [p for p in re.split(r"[\\/]", name) if p not in ("", ".", "..")]
    at = next((i for i, p in enumerate(steps) if is_junk(p)), None)
    if at is None:
        return None
    file, folder = next((f, d) for prefix, f, d in _JUNK if steps[at].startswith(prefix))
    return file if at == len(steps) - 1 else f"位于{folder}「{steps[at]}」中"


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


def _entry(sink: _Collector, path: Path, top: Path, real_top: Path, origin: str) -> str:
    """One entry of a walked folder: only regular files are opened; symlinks only within the folder."""
    rel = path.relative_to(top).as_posix()
    reason = _junk_reason(rel) or ("jixiao 写出的汇总数据集中的文件" if in_dataset(path, top) else None)
    if reason:
        sink.skip(origin, reason)
        return "skipped"
    try:
        st = os.lstat(path)
    except OSError as exc:
        sink.finding(UNREADABLE_INPUT, origin, printable(exc.strerror or str(exc)))
        return f"failed:{UNREADABLE_INPUT}"
    if stat.S_ISLNK(st.st_mode):
        return _link(sink, path, real_top, origin)
    if not stat.S_ISREG(st.st_mode):
        sink.finding(NOT_REGULAR, origin, _kind(st.st_mode))
        return f"failed:{NOT_REGULAR}"
    return sink.dispatch(path, printable(path.name), origin, 0, {}, original=True)


def _link(sink: _Collector, path: Path, real_top: Path, origin: str) -> str:
    """A symlink: its target is resolved by name only; it is read only when it is a regular file inside the folder."""
    try:
        shown = printable(os.readlink(path))
    except OSError:
        shown = "?"
    target = Path(os.path.realpath(path))
    if not _inside(target, real_top):
        sink.finding(LINK_OUTSIDE, origin, f"目标：{shown}")
        return f"failed:{LINK_OUTSIDE}"
    try:
        st = os.stat(target)
    except OSError as exc:
        sink.finding(UNREADABLE_INPUT, origin, f"符号链接指向的「{shown}」不存在或无法访问：{printable(exc.strerror or '')}")
        return f"failed:{UNREADABLE_INPUT}"
    if stat.S_ISDIR(st.st_mode):
        sink.skip(origin, f"指向本文件夹内的文件夹「{shown}」的符号链接，该文件夹按实际位置读取，不经链接重复读取")
        return "skipped"
    if not stat.S_ISREG(st.st_mode):
        sink.finding(NOT_REGULAR, origin, f"符号链接，指向{_kind(st.st_mode)}「{shown}」")
        return f"failed:{NOT_REGULAR}"
    link_to = printable(target.relative_to(real_top).as_posix())
    return sink.dispatch(target, printable(path.name), origin, 0, {}, {"link_to": link_to}, original=True)


def collect(paths: Iterable[Path], work_dir: Path, *, limits: Limits = Limits(), max_depth: int = 3,
            max_extracted_bytes: int = RUN_BUDGET_BYTES) -> Intake:
    """Turn folders, zips, .eml/.msg/mbox files (nested in any mix) into a flat, sorted list of submissions.

    Only regular files are opened; symlinks inside a folder are followed only to regular files within it. Everything
    extracted from archives and mail (nested included) is streamed to work_dir and counted: at most
    `limits.max_uncompressed_bytes` (or the input's own size, if larger) per top-level input, and at most
    `max_extracted_bytes` for the whole run; what does not fit is listed (B004, B010), never extracted. Names and
    origins are valid text (undecodable bytes and control characters are shown as \\xNN)."""
    paths = [Path(p) for p in paths]
    work_dir = Path(work_dir).resolve()
    for top in paths:
        if top.is_dir() and _inside(work_dir, top.resolve()):
            raise ValueError(f"工作目录 {work_dir} 不能位于输入文件夹 {top} 之内")
    work_dir.mkdir(parents=True, exist_ok=True)
    sink = _Collector(work_dir, limits, max_depth, max_extracted_bytes)
    inputs: list[str] = []
    accounted: dict[str, str] = {}
    for top in paths:
        key = printable(str(top))
        inputs.append(key)
        sink.container = key
        try:
            st = os.stat(top)                        # a path named by the caller may itself be a link
        except OSError as exc:
            if key not in accounted:
                sink.finding(UNREADABLE_INPUT, key, f"路径不存在或无法访问：{printable(exc.strerror or str(exc))}")
                accounted[key] = f"failed:{UNREADABLE_INPUT}"
            continue
        if stat.S_ISDIR(st.st_mode):
            real_top = top.resolve()
            label = printable(real_top.name)

            def unreadable(exc: OSError, top=top, label=label) -> None:
                where = printable(Path(exc.filename or top).relative_to(top).as_posix())
                origin = label if where == "." else f"{label}/{where}"
                sink.finding(UNREADABLE_INPUT, origin, f"文件夹无法读取：{printable(exc.strerror or str(exc))}")
                accounted[printable(str(exc.filename or top))] = f"failed:{UNREADABLE_INPUT}"

            for path in _entries(top, unreadable):
                name = printable(str(path))
                inputs.append(name)
                if name in accounted:
                    continue
                origin = f"{label}/{printable(path.relative_to(top).as_posix())}"
                accounted[name] = _entry(sink, path, top, real_top, origin)
        elif key in accounted:
            continue
        elif stat.S_ISREG(st.st_mode):
            name = printable(top.name)
            accounted[key] = sink.dispatch(top, name, name, 0, {}, original=True)
        else:
            sink.finding(NOT_REGULAR, key, _kind(st.st_mode))
            accounted[key] = f"failed:{NOT_REGULAR}"
    sink.end_input()
    submissions = sorted(sink.submissions, key=Submission.sort_key)   # identical copies: check/identity.py
    return Intake(submissions, sink.findings, inputs, accounted, sink.facts)
