"""Forced recalculation of .xlsx files in headless LibreOffice, with read-back of the values."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from ..errors import JixiaoError

__all__ = ["RecalcError", "soffice_path", "recalculate", "recalculated_values",
           "ERROR_VALUES", "error_cells"]

ERROR_VALUES = ("#NAME?", "#VALUE!", "#DIV/0!", "#REF!", "#N/A", "#NUM!", "#NULL!")
CHUNK_SIZE = 200          # soffice --convert-to silently stops after ~243 file arguments (exit 0): keep ≤ 240
_ERR_RE = re.compile(r"^Err:\d+$")
_CANDIDATES = (
    "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)

# 0 = always recalculate on load; macros never run.
_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""


class RecalcError(JixiaoError, RuntimeError):
    """LibreOffice recalculation failed (LibreOffice 重算失败)."""


def soffice_path() -> str:
    """Locate the LibreOffice executable or raise RecalcError."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for cand in _CANDIDATES:
        if os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    raise RecalcError("未找到 LibreOffice（soffice），无法重算公式；请安装 libreoffice-calc-nogui。"
                      " / LibreOffice (soffice) not found; install libreoffice-calc-nogui.")


def _run_chunk(exe: str, profile: Path, files: list[Path], out_dir: Path, timeout: float, to: str = "xlsx") -> str:
    cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--nologo", "--nodefault", "--nolockcheck",
           "--convert-to", to, "--outdir", str(out_dir), *map(str, files)]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAL_", "OOO_", "UNO_"))}
    env.update(HOME=str(profile), TMPDIR=str(profile))
    # Own process group, so a timeout also kills soffice.bin spawned by the launcher.
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=os.name == "posix")
    try:
        return proc.communicate(timeout=max(timeout, 1))[0].decode("utf-8", "replace")
    except subprocess.TimeoutExpired as exc:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
        proc.communicate()
        raise RecalcError("LibreOffice 重算超时，已终止 / LibreOffice timed out and was killed") from exc


def recalculate(paths: list[Path], out_dir: Path, *, timeout: float = 600, to: str = "xlsx") -> list[Path]:
    """Recalculate every file in LibreOffice (forced), writing xlsx copies (or, with to="pdf", the printed pages)
    into out_dir.

    Returns the output paths in input order; inputs are never modified."""
    paths = [Path(p).resolve() for p in paths]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    exe = soffice_path()  # fail loudly even for an empty batch
    if not paths:
        return []
    with tempfile.TemporaryDirectory(prefix="jixiao-lo-") as tmp:
        tmp_path = Path(tmp)
        profile = tmp_path / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")
        # Unique stems: outputs are named after the input stem, so duplicates are staged under new names.
        sources: list[Path] = []
        taken = {p.stem.lower() for p in paths}
        seen: set[str] = set()
        staging = tmp_path / "staging"
        for i, p in enumerate(paths):
            if p.stem.lower() in seen:
                n = i
                while f"{p.stem}__{n}".lower() in taken:
                    n += 1
                taken.add(f"{p.stem}__{n}".lower())
                staging.mkdir(exist_ok=True)
                dup = staging / f"{p.stem}__{n}{p.suffix}"
                if p.is_file():  # a missing input is reported below like any failed one
                    shutil.copy2(p, dup)
                p = dup
            seen.add(p.stem.lower())
            sources.append(p)
        # Convert into a private dir first so stale files in out_dir are never mistaken for output.
        conv = tmp_path / "out"
        conv.mkdir()
        deadline = time.monotonic() + timeout  # timeout covers the whole call
        log = ""
        for start in range(0, len(sources), CHUNK_SIZE):
            log += _run_chunk(exe, profile, sources[start:start + CHUNK_SIZE], conv,
                       deadline - time.monotonic(), to)
        results, missing = [], []
        for src, orig in zip(sources, paths):
            produced = conv / f"{src.stem}.{to}"
            if not produced.is_file() or produced.stat().st_size == 0:
                missing.append(str(orig))
                continue
            target = out_dir / produced.name
            shutil.move(str(produced), target)
            results.append(target)
    if missing:
        raise RecalcError("以下文件重算后没有输出 / no output produced for: " + ", ".join(missing)
                          + "\nsoffice: " + log.strip()[-1000:])
    return results


def recalculated_values(path: Path) -> dict[str, dict[str, object]]:
    """{sheet: {"A1": value}} of every non-empty cell, read as cached values."""
    from openpyxl import load_workbook

    wb = load_workbook(path, data_only=True, read_only=True)
    try:
        result: dict[str, dict[str, object]] = {}
        for ws in wb.worksheets:
            cells: dict[str, object] = {}
            for row in ws.iter_rows():
                for cell in row:
                    value = getattr(cell, "value", None)
                    if value is not None and value != "":
                        cells[cell.coordinate] = value
            result[ws.title] = cells
        return result
    finally:
        wb.close()


def _is_error(value: object) -> bool:
    return isinstance(value, str) and (value in ERROR_VALUES or bool(_ERR_RE.match(value)))


def error_cells(values: dict[str, dict[str, object]]) -> list[tuple[str, str, str]]:
    """(sheet, cell, error) for every error value, including LibreOffice 'Err:NNN'."""
    return [(sheet, ref, v) for sheet, cells in values.items()
            for ref, v in cells.items() if _is_error(v)]
