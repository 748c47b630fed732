"""Find the very file each checked report was made from, verified by the SHA-256 the check recorded."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from ..intake import collect
from ..intake.submission import file_digest
from ..report.model import origin, to_datetime
from ..rules.finding import FileReport


class Locator:
    """Paths behind FileReports: the original file for plain inputs, else a fresh extraction from its container.

    originals=False looks only in work_dirs (by SHA-256), never at the inputs the files were collected from: for a
    batch whose kept copies are the files to use (a `jixiao check` output folder)."""

    def __init__(self, files: list[FileReport], work_dirs: list[Path] = (), originals: bool = True):
        self.files, self.work_dirs, self.originals = files, [Path(w) for w in work_dirs], originals
        self._index: dict[str, Path] | None = None
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._digests: dict[Path, str] = {}

    def __enter__(self) -> Locator:
        return self

    def __exit__(self, *exc) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def _digest(self, path: Path) -> str:
        if path not in self._digests:
            self._digests[path] = file_digest(path)[0]
        return self._digests[path]

    @staticmethod
    def _candidates(fr: FileReport) -> list[Path]:
        out = []
        if fr.facts.get("path"):
            out.append(Path(fr.facts["path"]))
        container, name = fr.facts.get("container"), origin(fr)
        if container:
            top = Path(container)
            if top.is_file() and name == top.name:
                out.append(top)
            elif top.is_dir():
                label = top.resolve().name
                if name.startswith(label + "/"):
                    out.append(top / name[len(label) + 1:])
        elif Path(name).is_file():
            out.append(Path(name))
        return out

    def original(self, fr: FileReport) -> Path | None:
        """The input file itself when it was a plain file (not extracted from a zip or a mail)."""
        if not self.originals:
            return None
        sha = fr.facts.get("sha256")
        for cand in self._candidates(fr):
            try:
                if cand.is_file() and not cand.is_symlink() and (not sha or self._digest(cand) == sha):
                    return cand
            except OSError:              # a name too long for this file system, a vanished file: not this one
                continue
        return None

    def find(self, fr: FileReport) -> Path | None:
        """The readable file whose SHA-256 is the one checked; None when it is gone or has changed since."""
        found = self.original(fr)
        if found is not None or not fr.facts.get("sha256"):
            return found
        return self._sha_index().get(fr.facts["sha256"])

    def _sha_index(self) -> dict[str, Path]:
        if self._index is None:
            self._index = {}
            dirs = list(self.work_dirs)
            if not dirs:              # a batch checked earlier: extract its containers again
                containers = sorted({str(fr.facts["container"]) for fr in self.files
                                     if fr.facts.get("container") and Path(fr.facts["container"]).exists()})
                if containers:
                    self._tmp = tempfile.TemporaryDirectory(prefix="jixiao-locate-")
                    for sub in collect([Path(c) for c in containers], Path(self._tmp.name)).submissions:
                        self._index.setdefault(sub.sha256, sub.path)
            for d in dirs:
                for p in sorted(d.rglob("*")):
                    if p.is_file():
                        self._index.setdefault(self._digest(p), p)
        return self._index

    def received(self, fr: FileReport) -> datetime | None:
        """When the file arrived: the mail's date, else the original file's modification time."""
        when = to_datetime(fr.facts.get("date")) or to_datetime(fr.facts.get("mtime"))
        if when is None:
            plain = self.original(fr)
            if plain is not None:
                when = to_datetime(int(plain.stat().st_mtime))
        return when
