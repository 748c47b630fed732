"""The check folder: the one format `jixiao check` writes and `jixiao consolidate` reads back.

    审核汇总.xlsx        the bureau's workbook (report/summary.py)
    审核结果.json        every file row with its findings and record_keys() — what load_check() reads back
    报送文件/            the very bytes of every checked file in force, named 单位编码-单位名称-原文件名
    反馈表/、退回意见/    one feedback workbook and one letter per file in force

Nothing is checked again when a folder is read back: the recorded findings and the identity decision are the check's;
only roster rules (X) are applied anew when a roster is given.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path

from ..errors import JixiaoError
from ..intake.roster import Roster
from ..intake.submission import safe_name
from ..report import write_feedback, write_json, write_letter, write_summary
from ..report.causes import unit_items
from ..report.model import BatchReport, sent_name
from ..report.summary import FINDING_FIELDS
from ..rules.finding import FileReport, Finding
from ..rules.roster_rules import roster_findings
from ..workbook.safe import printable
from .isolate import FILE_TIMEOUT, Failure, run_isolated
from .locate import Locator
from .reconcile import reconcile

RESULT_JSON = "审核结果.json"
COPIES = "报送文件"
SUMMARY = "审核汇总.xlsx"
FEEDBACK, LETTERS = "反馈表", "退回意见"
FORMATS = ("xlsx", "json", "letters")
OWN_FILES = {FEEDBACK: ".xlsx", LETTERS: ".txt"}      # what a rerun removes from these folders; nothing else
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".et", ".ett", ".ods")
PARALLEL_FROM = 200                 # units from which letters and feedback are written in parallel (start-up costs)
CHUNK = 25                          # units per parallel job: few round trips to the workers, the load still balanced
SHOWN_FILES = 5                     # inputs named in the "no workbook" message
ROSTER_FAMILY = "X"
MAX_STEM = 180                      # UTF-8 bytes of a per-file name (unit code-unit name-file) before "-2" and the
                                    # extension: 60 Chinese characters, the whole name well under NAME_BYTES (200)
BREAKS = "_-—－·,，、;；:：()（）[]【】{}《》<>〈〉“”\"'‘’ "    # a name is cut only just before or after one of these


class LoadError(JixiaoError):
    """The folder is not a usable check output; the message is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NoWorkbooks(LoadError):
    """The inputs held no workbook at all: nothing to report on, so no check folder is written."""


def is_check_output(path) -> bool:
    """A folder written by `jixiao check` with the json format: 审核结果.json beside 报送文件/."""
    path = Path(path)
    return path.is_dir() and (path / RESULT_JSON).is_file() and (path / COPIES).is_dir()


def _clean(text: str) -> str:
    """One part of a name as intake's safe file name allows it, separators and spaces as “_”."""
    text = re.sub(r"[\\/\s›]+", "_", str(text or ""))
    return "".join("_" if c in '<>:"|?*' or not c.isprintable() else c for c in text).strip("_. ")


def _nbytes(text: str) -> int:
    return len(text.encode("utf-8"))


def fit(text: str, room: int, whole: bool = True) -> str:
    """The longest start of `text` within `room` UTF-8 bytes that ends at a break (a separator or bracket), so that
    no word, unit or project name is cut in the middle; a bracket left open is dropped with what it opened. A first
    word longer than the room — or, unless `whole`, any word so long that the last break before it would lose two
    thirds of the room (a million-character unit name) — is cut at a character (never a byte) boundary."""
    if _nbytes(text) <= room:
        return text
    end, used, best = 0, 0, 0
    for i, ch in enumerate(text):
        used += _nbytes(ch)
        if used > room:
            break
        end = i + 1
        if ch in BREAKS or (i + 1 < len(text) and text[i + 1] in BREAKS):
            best = end
    if not best or (not whole and best * 3 < end):
        return text[:end]                         # one huge word: cut it rather than lose it
    cut = text[:best]
    while True:                                   # an opening bracket without its closing one goes, with its text
        opened = max((cut.rfind(o) for o in "(（[【{《〈“‘"), default=-1)
        closed = max((cut.rfind(c) for c in ")）]】}》〉”’"), default=-1)
        if opened <= closed:
            break
        cut = cut[:opened]
    return cut.rstrip(BREAKS + ".") or text[:end]


def _safe_name(code: str, unit: str, original: str) -> str:
    """A readable stem of at most MAX_STEM bytes: 单位编码-单位名称-原文件名, the original name cut at a break when
    the whole does not fit (the code and the unit name are kept whole unless they alone exceed the room)."""
    head = "-".join(p for p in (_clean(code), _clean(unit)) if p)
    head = fit(head, MAX_STEM, whole=False)
    room = MAX_STEM - _nbytes(head) - 1
    tail = fit(_clean(original), room) if room > 0 else ""
    return safe_name("-".join(p for p in (head, tail) if p)) or "未命名"


def stems(batch: BatchReport) -> dict[int, str]:
    """A unique, readable name per file (unit code-unit name-original name) for its feedback, letter and copy; the
    unit is the roster unit the file was assigned to (by code, else by name), else what the file says."""
    used: set[str] = set()
    out = {}
    for report in batch.files:
        unit = batch.unit_of(report)
        code, name = (unit.code, unit.name) if unit else (report.unit_code or "未识别", report.unit_name or "")
        stem = base = _safe_name(code, name, Path(sent_name(report)).stem)
        n = 1
        while stem in used:
            n += 1
            stem = f"{base}-{n}"
        used.add(stem)
        out[id(report)] = stem
    return out


def has_workbooks(batch: BatchReport) -> bool:
    """Whether any input is a workbook: read as a form, or sent under a spreadsheet's name (a broken or encrypted
    workbook still gets its report and letter)."""
    return any(r.form_id or Path(sent_name(r)).suffix.lower() in WORKBOOK_SUFFIXES for r in batch.files)


def ensure_workbooks(batch: BatchReport) -> None:
    """Refuse to write a check folder for inputs without a single workbook (an empty folder, a wrong path)."""
    if has_workbooks(batch):
        return
    skipped = f"（已跳过 {len(batch.skipped)} 个隐藏、临时或系统文件）" if batch.skipped else ""
    if not batch.files:
        found = f"输入中没有找到任何文件{skipped}"
    else:
        names = "、".join(f"「{printable(sent_name(r))[:MAX_STEM]}」" for r in batch.files[:SHOWN_FILES])
        more = f"等 {len(batch.files)} 个文件" if len(batch.files) > SHOWN_FILES else ""
        found = f"输入中的{names}{more}{'都' if len(batch.files) > 1 else ''}不是 Excel 工作簿{skipped}"
    raise NoWorkbooks(f"没有找到要审核的工作簿：{found}，未写出审核结果。\n"
                      f"请确认输入的文件夹、压缩包或邮件中有报送的工作簿（{'、'.join(WORKBOOK_SUFFIXES[:3])} 等）。")


def _copies_recorded(out: Path) -> set[str]:
    """The names in 报送文件/ that the previous check recorded (what a rerun may remove), none when unreadable."""
    try:
        doc = json.loads((out / RESULT_JSON).read_text("utf-8"))
        copies = {str((row.get("facts") or {}).get("copy") or "") for row in doc.get("files", [])}
    except (OSError, ValueError, AttributeError, TypeError):
        return set()
    return {Path(c).name for c in copies if c.startswith(f"{COPIES}/")}


def _clear(folder: Path, names: set[str] | None = None, suffix: str | None = None) -> None:
    """Remove what an earlier run wrote in `folder`: the named files, or the files with `suffix`; anything else the
    user keeps there stays."""
    if not folder.is_dir():
        return
    for p in folder.iterdir():
        if p.is_file() and not p.is_symlink() and (p.name in (names or ()) or (suffix and p.suffix.lower() == suffix)):
            p.unlink()


def previous_outputs(out, formats=FORMATS) -> list[str]:
    """The outputs of an earlier run in `out` that this run rewrites (folders with a trailing “/”)."""
    out = Path(out)
    return [f"{name}/" if (out / name).is_dir() else name for name in outputs(formats) if (out / name).exists()]


def _keep_copies(batch: BatchReport, names: dict[int, str], work_dirs: list[Path], folder: Path,
                 earlier: set[str]) -> None:
    """Copy the very bytes of every checked file into `folder` (rewritten each run: the copies the previous check
    recorded, `earlier`, are removed); facts["copy"] names the copy. A later identical copy is not copied again: its
    row names the first one's copy."""
    _clear(folder, earlier)
    folder.mkdir(parents=True, exist_ok=True)
    with Locator(batch.files, work_dirs) as loc:
        for report in batch.files:
            if batch.copy_of(report) is not None or not report.form_id:
                continue                     # kept: each file read as a form once (the copies consolidation uses)
            path = loc.find(report) if report.facts.get("sha256") else None
            if path is None:
                continue
            name = names[id(report)] + re.sub(r"[^\w.]", "", Path(sent_name(report)).suffix.lower())[:10]
            shutil.copyfile(path, folder / name)
            report.facts["copy"] = f"{COPIES}/{name}"
        for copy, first in batch.duplicates:
            if first.facts.get("copy"):
                copy.facts["copy"] = first.facts["copy"]


def ensure_writable(out, formats=FORMATS) -> None:
    """Refuse an output folder whose 报送文件/ was not written by jixiao check (it is rewritten on every run)."""
    out = Path(out)
    if "json" in set(formats) and (out / COPIES).exists() and not is_check_output(out):
        raise LoadError(f"输出目录「{out}」中已有“{COPIES}”，但不是 jixiao check 写出的（没有 {RESULT_JSON}），"
                        "为免覆盖，请换一个输出目录")


def outputs(formats) -> list[str]:
    """What write_check_folder writes for these formats, in order."""
    wanted = set(formats)
    return ([SUMMARY] if "xlsx" in wanted else []) + ([RESULT_JSON, COPIES] if "json" in wanted else []) + \
        ([FEEDBACK, LETTERS] if "letters" in wanted else [])


def _write_unit(job) -> None:
    """One file's letter, and its feedback workbook if it has something to change (a unit with nothing to change is
    told so by its letter alone)."""
    report, unit, feedback, letter, bureau, deadline_days = job
    items = unit_items(report)
    if report.status != "通过":
        write_feedback(report, feedback, unit=unit, deadline_days=deadline_days, items=items)
    write_letter(report, letter, unit=unit, bureau=bureau, deadline_days=deadline_days, items=items)


def _write_units(jobs: list) -> None:
    for job in jobs:
        _write_unit(job)


def _write_job(job: tuple) -> None:
    """(writer, *its arguments): a whole-batch output or a chunk of units, in a worker or here."""
    job[0](*job[1:])


def _timeout(files: int) -> float:
    """The time a job may take: a whole-batch output takes about a millisecond per file, so it is allowed ten beyond
    the per-file limit (that limit is for submissions, not for our own writers)."""
    return FILE_TIMEOUT + 0.01 * files


def write_check_folder(batch: BatchReport, out, *, work_dirs=(), formats=FORMATS, bureau: str = "财政局",
                       deadline_days: int = 5, workers: int = 1) -> list[Path]:
    """Write the check folder for `batch`; work_dirs hold the extracted files (for 报送文件/). Returns what was written.

    Feedback and letters go to the files in force only: a replaced version or an identical copy gets none; a file that
    passed gets its letter and no feedback workbook. With workers > 1 they are written in that many processes."""
    out = Path(out)
    wanted = set(formats)
    ensure_writable(out, formats)
    ensure_workbooks(batch)
    earlier = _copies_recorded(out)
    out.mkdir(parents=True, exist_ok=True)
    names = stems(batch)
    if "json" in wanted:
        _keep_copies(batch, names, [Path(w) for w in work_dirs], out / COPIES, earlier)
    whole = [(fn, batch, out / name) for fn, name, kind in ((write_summary, SUMMARY, "xlsx"),
                                                            (write_json, RESULT_JSON, "json")) if kind in wanted]
    units = []
    if "letters" in wanted:
        for d, suffix in OWN_FILES.items():
            _clear(out / d, suffix=suffix)
            (out / d).mkdir(exist_ok=True)       # there even when every file passed (no feedback to write)
        units = [(report, batch.unit_of(report), out / FEEDBACK / f"{names[id(report)]}.xlsx",
                  out / LETTERS / f"{names[id(report)]}.txt", bureau, deadline_days) for report in batch.current]
    if workers > 1 and len(units) >= PARALLEL_FROM:
        # the whole-batch outputs first (the longest jobs), written beside the units' letters and feedback
        jobs = whole + [(_write_units, units[i:i + CHUNK]) for i in range(0, len(units), CHUNK)]
        for job, result in zip(jobs, run_isolated(_write_job, jobs, workers, timeout=_timeout(len(batch.files)))):
            if isinstance(result, Failure):      # our own writer failed: run it here, where the error is raised
                _write_job(job)
    else:
        for job in whole:
            _write_job(job)
        _write_units(units)
    written = [path for _, _, path in whole] + ([out / COPIES] if "json" in wanted else [])
    if "letters" in wanted:
        written += [out / FEEDBACK, out / LETTERS]
    return written


def _finding(d: dict) -> Finding:
    return Finding(**{k: d[k] for k in FINDING_FIELDS if k in d})


def _file_report(row: dict) -> FileReport:
    return FileReport(file=row["file"], findings=[_finding(f) for f in row["findings"]], form_id=row["form_id"] or None,
                      unit_code=row["workbook_unit_code"], unit_name=row["workbook_unit_name"],
                      total_score=row["total_score"], grade=row["grade"], facts=row["facts"])


def load_check(folder, roster: Roster | None = None) -> BatchReport:
    """The batch of a check output folder, reconciled with `roster`.

    With a roster, the roster rules (X) are applied anew with it, as a fresh check against that roster would; they
    read no file. Every other finding is the one recorded by the check."""
    folder = Path(folder)
    try:
        doc = json.loads((folder / RESULT_JSON).read_text("utf-8"))
        rows = sorted(doc["files"], key=lambda r: r["input_no"])
        files = [_file_report(r) for r in rows]
        generated = datetime.fromisoformat(doc["generated_at"])
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise LoadError(f"「{folder / RESULT_JSON}」不是本版 jixiao check 写出的审核结果（{type(e).__name__}：{e}），"
                        f"请重新运行 jixiao check") from e
    if roster is not None:
        for fr in files:
            fr.facts.pop("roster_unit", None)
            fr.findings = [f for f in fr.findings if not f.code.startswith(ROSTER_FAMILY)]
            fr.findings += roster_findings(fr, roster, fr.facts.get("sender"))
    batch = reconcile(files, roster, profile_id=doc.get("profile_id") or "national", now=generated)
    batch.skipped = list(doc.get("skipped") or [])
    return batch
