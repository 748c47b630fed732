"""A batch of checked files reconciled with the roster: who sent what, who has not submitted, what is superseded."""

from __future__ import annotations

import hashlib
import math
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from email.utils import parsedate_to_datetime
from pathlib import Path

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.cell import column_index_from_string

from .. import __version__
from ..intake.roster import Roster, Unit, norm_code, norm_text, resolve_form
from ..rules.finding import FileReport, Finding
from ..rules.registry import RULES, SEVERITIES
from ..spec.loader import SpecError, load_form_spec
from ..workbook.safe import atomic_path

MISSING, SUPERSEDED, NOT_DUE = "未报送", "已被替代", "无需报送"
UNIT_STATUS_ORDER = (MISSING, "强制", "提示", "建议", "通过", NOT_DUE)
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
CHINA_TZ = timezone(timedelta(hours=8))      # received times are shown in China time
EXCEL_MAX_TEXT = 32767


def to_datetime(value) -> datetime | None:
    """facts["date"] (datetime, date, epoch seconds, ISO or RFC 2822 text) as naive China time; None if unknown."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime.combine(value, time())
    elif isinstance(value, (int, float)):
        dt = datetime.fromtimestamp(value, CHINA_TZ)
    else:
        s = str(value).strip()
        try:
            dt = datetime.fromisoformat(s[:-1] + "+00:00" if s.endswith("Z") else s)
        except ValueError:
            try:
                dt = parsedate_to_datetime(s)
            except (TypeError, ValueError, IndexError):
                return None
            if dt is None:
                return None
    return dt.astimezone(CHINA_TZ).replace(tzinfo=None) if dt.tzinfo else dt


def clean(value):
    """A value a spreadsheet cell can hold: control characters dropped, odd types as text, times tz-naive."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, (float, Decimal)):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (datetime, date, time)):
        return to_datetime(value) if isinstance(value, datetime) else value
    text = ILLEGAL_CHARACTERS_RE.sub("", value if isinstance(value, str) else str(value))
    return text if len(text) <= EXCEL_MAX_TEXT else text[:EXCEL_MAX_TEXT - 1] + "…"


_A1 = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


def cell_key(cell) -> tuple:
    """Reading order of an A1 reference (row, then column); no cell first, unparseable references last."""
    m = _A1.match(str(cell or ""))
    if m:
        return (int(m.group(2)), column_index_from_string(m.group(1).upper()), "")
    return (0, 0, "") if not cell else (10 ** 9, 0, str(cell))


def finding_key(f: Finding) -> tuple:
    """强制 → 提示 → 建议, then sheet, then cell in reading order."""
    return (SEVERITY_RANK.get(f.severity, 9), f.sheet or "", cell_key(f.cell), f.code, f.label or "")


def form_title(form_id: str | None) -> str:
    if not form_id:
        return ""
    try:
        return load_form_spec(form_id)["title"]
    except SpecError:
        return form_id


def received_key(fr: FileReport) -> tuple:
    """Sort key by received time (the mail's date, else a plain file's modification time); undated files first."""
    when = to_datetime(fr.facts.get("date")) or to_datetime(fr.facts.get("mtime"))
    return (when is not None, when or datetime.min)


def origin(fr: FileReport) -> str:
    return str(fr.facts.get("origin") or fr.file)


def sent_name(fr: FileReport) -> str:
    """The file name as the unit knows it: the last step of an origin such as "收件箱.mbox › 邮件#12 › 自评表.xlsx"."""
    return Path(origin(fr).split(" › ")[-1]).name or origin(fr)


def catalogue_version() -> str:
    """The package version plus a short fingerprint of the rules in force (code, severity, message)."""
    text = "\n".join(f"{c}|{r.severity}|{r.message}" for c, r in sorted(RULES.items()))
    return f"{__version__}+{hashlib.sha256(text.encode()).hexdigest()[:8]}（{len(RULES)}条规则）"


@contextmanager
def atomic_open(path, encoding="utf-8", newline=None):
    """A text file written beside the target and renamed into place only when the block succeeds."""
    with atomic_path(path) as tmp, open(tmp, "w", encoding=encoding, newline=newline) as fh:
        yield fh


def write_text_atomic(path, text: str, encoding="utf-8", newline=None) -> Path:
    with atomic_open(path, encoding, newline) as fh:
        fh.write(text)
    return Path(path)


@dataclass
class BatchReport:
    files: list[FileReport]
    roster: Roster | None = None
    missing: list[tuple[Unit, str]] = field(default_factory=list)           # (unit, form id not received)
    wrong_form: list[tuple[FileReport, str]] = field(default_factory=list)  # (file, why)
    superseded: list[tuple[FileReport, FileReport]] = field(default_factory=list)  # (older, current)
    generated_at: datetime = field(default_factory=datetime.now)
    profile_id: str = "national"
    totals: dict = field(default_factory=dict)
    assigned: list[Unit | None] = field(default_factory=list)   # parallel to files: the roster unit matched
    owed: dict[str, list[str]] = field(default_factory=dict)    # unit code → form ids due in this batch
    skipped: list[str] = field(default_factory=list)            # inputs that are no submission: system files, our datasets

    def __post_init__(self):
        self._pos = {id(fr): i for i, fr in enumerate(self.files)}
        self._newer = {id(old): new for old, new in self.superseded}
        self._wrong = {id(fr): why for fr, why in self.wrong_form}
        if not self.assigned:
            self.assigned = [None] * len(self.files)

    def unit_of(self, fr: FileReport) -> Unit | None:
        return self.assigned[self._pos[id(fr)]]

    def newer_of(self, fr: FileReport) -> FileReport | None:
        return self._newer.get(id(fr))

    def status_of(self, fr: FileReport) -> str:
        return SUPERSEDED if id(fr) in self._newer else fr.status

    def note_of(self, fr: FileReport) -> str:
        notes = []
        if id(fr) in self._newer:
            notes.append(f"已被 {origin(self._newer[id(fr)])} 替代")
        if id(fr) in self._wrong:
            notes.append(self._wrong[id(fr)])
        if self.roster is not None and self.unit_of(fr) is None:
            notes.append("名册中未找到该单位")
        return "；".join(notes)

    @property
    def current(self) -> list[FileReport]:
        return [fr for fr in self.files if id(fr) not in self._newer]


def group_key(fr: FileReport, unit: Unit | None) -> tuple:
    """Who a file belongs to: a roster unit, else the code/name it carries, else its sender, else itself."""
    if unit is not None:
        return ("unit", unit.code)
    if fr.unit_code:
        return ("code", str(fr.unit_code).strip())
    if fr.unit_name:
        return ("name", norm_text(fr.unit_name))
    sender = str(fr.facts.get("sender") or "").strip().lower()
    return ("sender", sender) if sender else ("file", origin(fr))


def subject_key(fr: FileReport) -> tuple:
    """What a file reports on within its unit and form: the year and the project (code, else name), where given."""
    f = fr.facts
    return (str(f.get("year") or ""), norm_code(f.get("project_code")) or norm_text(f.get("project_name")))


def _assign(fr: FileReport, roster: Roster | None) -> Unit | None:
    if roster is None:
        return None
    if fr.unit_code or fr.unit_name:
        return roster.match(fr.unit_code, fr.unit_name)       # a file naming an unknown unit stays unknown
    by_mail = roster.by_email(fr.facts.get("sender"))
    return by_mail[0] if len(by_mail) == 1 else None


def _resolve(forms) -> list[str] | None:
    """Form ids from ids or titles; an unknown form is an error (it would put every unit on the 未报送 list)."""
    return None if forms is None else list(dict.fromkeys(resolve_form(f) for f in forms))


def reconcile(files: list[FileReport], roster: Roster | None, expected_forms=None,
              profile_id: str = "national", now: datetime | None = None) -> BatchReport:
    """Match files to units, mark superseded versions, and list 未报送 and 报错表单.

    A file is matched by its unit code, else its unit name, else (naming no unit) a sender address that belongs to
    exactly one unit. Same unit, form, year and project: the latest facts["date"] (then input order) is current. A unit owes the
    forms of its roster row that are in `expected_forms` (ids or titles; None = all), or all of `expected_forms` when
    its row left 应报表单 blank. A file with 强制 findings counts as received: it is 退回, not 未报送.
    """
    expected = _resolve(expected_forms)
    assigned = [_assign(fr, roster) for fr in files]
    owed: dict[str, list[str]] = {}
    for u in (roster.units if roster else []):
        if expected is None:
            owed[u.code] = list(u.forms)
        else:
            owed[u.code] = [f for f in expected if f in u.forms] if u.forms_explicit else list(expected)

    # supersession: same unit + form + year + project, latest received wins (then input order)
    groups: dict[tuple, list[int]] = {}
    for i, (fr, unit) in enumerate(zip(files, assigned)):
        key = group_key(fr, unit)
        if fr.form_id and key[0] in ("unit", "code", "name"):
            groups.setdefault((key, fr.form_id, subject_key(fr)), []).append(i)
    superseded = []
    for idx in groups.values():
        order = sorted(idx, key=lambda i: (*received_key(files[i]), i))
        superseded += [(files[i], files[order[-1]]) for i in order[:-1]]
    pos = {id(fr): i for i, fr in enumerate(files)}
    superseded.sort(key=lambda pair: pos[id(pair[0])])

    wrong = []
    for fr, unit in zip(files, assigned):
        if not fr.form_id:
            wrong.append((fr, "无法识别表单"))
        elif unit is not None and fr.form_id not in owed.get(unit.code, []):
            wrong.append((fr, f"非该单位应报表单：{form_title(fr.form_id)}"))
        elif unit is None and expected is not None and fr.form_id not in expected:
            wrong.append((fr, f"非本次应报表单：{form_title(fr.form_id)}"))

    received = {(u.code, fr.form_id) for fr, u in zip(files, assigned) if u is not None and fr.form_id}
    missing = [(u, f) for u in (roster.units if roster else []) for f in owed[u.code]
               if (u.code, f) not in received]
    missing.sort(key=lambda m: (m[0].department, m[0].code, m[1]))

    batch = BatchReport(files=list(files), roster=roster, missing=missing, wrong_form=wrong,
                        superseded=superseded, generated_at=now or datetime.now().replace(microsecond=0),
                        profile_id=profile_id, assigned=assigned, owed=owed)
    batch.totals = _totals(batch)
    return batch


def _totals(b: BatchReport) -> dict:
    current = b.current
    by_status: dict[str, int] = {}
    for fr in b.files:
        s = b.status_of(fr)
        by_status[s] = by_status.get(s, 0) + 1
    findings = {s: 0 for s in SEVERITIES}
    for fr in current:
        for f in fr.findings:
            findings[f.severity] += 1
    units = b.roster.units if b.roster else []
    missing_units = {u.code for u, _ in b.missing}
    due = [u for u in units if b.owed.get(u.code)]
    return {
        "files": len(b.files), "current_files": len(current), "superseded": len(b.superseded),
        "wrong_form": len(b.wrong_form),
        "unmatched_files": sum(1 for u in b.assigned if u is None) if b.roster else 0,
        "units": len(units), "units_due": len(due), "units_missing": len(missing_units),
        "units_complete": len(due) - len(missing_units), "missing": len(b.missing),
        "file_status": {s: by_status[s] for s in (*SEVERITIES, "通过", SUPERSEDED) if s in by_status},
        "findings": findings,
    }
