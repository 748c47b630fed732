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

from openpyxl.utils.cell import column_index_from_string

from .. import __version__
from ..intake.roster import Roster, Unit
from ..intake.submission import SEP
from ..rules.finding import FileReport, Finding
from ..rules.registry import SEVERITIES, all_rules
from ..spec.loader import SpecError, load_form_spec, load_profile, profile_ids
from ..workbook.safe import atomic_path, clean_text

MISSING, SUPERSEDED, DUPLICATE, NOT_DUE = "未报送", "已被替代", "重复报送", "无需报送"
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
        try:                  # NaN, infinity and seconds beyond year 9999 are no time
            dt = datetime.fromtimestamp(value, CHINA_TZ)
        except (OverflowError, ValueError, OSError):
            return None
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
    text = clean_text(value if isinstance(value, str) else str(value))
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


def profile_name(profile_id: str | None) -> str:
    """A policy profile as a clerk knows it (全国通用), not its id (national); an unknown id stays as it is."""
    if not profile_id:
        return ""
    if profile_id not in profile_ids():
        return str(profile_id)                     # a profile file given by path: named as given, never read here
    try:
        return str(load_profile(profile_id)["name"])
    except (SpecError, OSError, KeyError, TypeError):
        return str(profile_id)


def layout_title(layout_id: str | None) -> str:
    """A non-template layout as a clerk knows it (项目支出绩效自评表（财预〔2020〕10号 附1 样式）), not its id."""
    if not layout_id:
        return ""
    from ..workbook.layout_specs import layouts
    try:
        return next((str(lay["title"]) for lay in layouts() if lay.get("id") == layout_id), str(layout_id))
    except (SpecError, OSError):
        return str(layout_id)


def layout_id(title_or_id: str | None) -> str | None:
    """layout_title() read back (a workbook's 填报格式 cell): the layout id; an id, or an unknown text, as it is."""
    text = str(title_or_id or "").strip()
    if not text:
        return None
    from ..workbook.layout_specs import layouts
    try:
        return next((str(lay["id"]) for lay in layouts() if text in (lay.get("title"), lay.get("id"))), text)
    except (SpecError, OSError):
        return text


def received_key(fr: FileReport) -> tuple:
    """Sort key by received time (the mail's date, else a plain file's modification time); undated files first."""
    when = to_datetime(fr.facts.get("date")) or to_datetime(fr.facts.get("mtime"))
    return (when is not None, when or datetime.min)


def origin(fr: FileReport) -> str:
    return str(fr.facts.get("origin") or fr.file)


ATTACHMENT = "附件 "                  # intake's label of a mail attachment step: "… .eml › 附件 自评表.xlsx"
MAIL_SUFFIXES = (".eml", ".msg")


def _step_name(step: str) -> str:
    """One step of an origin by its own name: a path's last part, an attachment without intake's label."""
    step = step[len(ATTACHMENT):] if step.startswith(ATTACHMENT) else step
    return re.split(r"[\\/]", step.rstrip("/\\"))[-1] or step


def sent_name(fr: FileReport) -> str:
    """The file name as the unit sent it (the attachment's or archive member's own name): the last step of an origin
    such as "收件箱.mbox › 邮件#12 › 附件 自评表.xlsx", without the bureau's folders."""
    return _step_name(origin(fr).split(SEP)[-1]) or origin(fr)


def unit_origin(chain: str, subject: str | None = None) -> str:
    """An origin as the unit knows it, without the bureau's folders, mailbox files or numbering:
    "收件箱/012 报送.eml › 附件 打包.zip › 自评表.xlsx" → 「邮件“主题”的附件 打包.zip › 自评表.xlsx」."""
    steps = str(chain or "").split(SEP)
    mail, names = None, []
    for i, step in enumerate(steps):
        name = _step_name(step)
        if i == 0 and name.lower().endswith(".mbox"):
            continue                                   # the bureau's mailbox export: its mail follows
        if (i == 0 and name.lower().endswith(MAIL_SUFFIXES)) or re.fullmatch(r"邮件#\d+", step):
            if not names:
                mail = f"邮件“{subject}”" if subject else ("邮件" if step.startswith("邮件#") else f"邮件 {name}")
                continue
        names.append(name)
    files = " › ".join(names)
    if mail and files:
        return f"{mail}的附件 {files}"
    return mail or files or str(chain or "")


def catalogue_version() -> str:
    """The package version plus a short fingerprint of the rules in force (code, severity, message)."""
    rules = all_rules()
    text = "\n".join(f"{c}|{r.severity}|{r.message}" for c, r in sorted(rules.items()))
    return f"{__version__}+{hashlib.sha256(text.encode()).hexdigest()[:8]}（{len(rules)}条规则）"


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
    """A checked batch and the one identity decision about it (check/reconcile.py makes it; reports only read it)."""
    files: list[FileReport]
    roster: Roster | None = None
    missing: list[tuple[Unit, str]] = field(default_factory=list)           # (unit, form id not received)
    wrong_form: list[tuple[FileReport, str]] = field(default_factory=list)  # (file, why)
    superseded: list[tuple[FileReport, FileReport]] = field(default_factory=list)  # (older, current)
    duplicates: list[tuple[FileReport, FileReport]] = field(default_factory=list)  # (identical copy, first received)
    generated_at: datetime = field(default_factory=datetime.now)
    profile_id: str = "national"
    totals: dict = field(default_factory=dict)
    assigned: list[Unit | None] = field(default_factory=list)   # parallel to files: the roster unit matched
    owners: list[tuple] = field(default_factory=list)           # parallel to files: check.identity.owner_key
    owed: dict[str, list[str]] = field(default_factory=dict)    # unit code → form ids due in this batch
    skipped: list[str] = field(default_factory=list)            # "origin（reason）" of each input that is no submission

    def __post_init__(self):
        self._pos = {id(fr): i for i, fr in enumerate(self.files)}
        self._newer = {id(old): new for old, new in self.superseded}
        self._copy_of = {id(copy): first for copy, first in self.duplicates}
        self._wrong = {id(fr): why for fr, why in self.wrong_form}
        if not self.assigned:
            self.assigned = [None] * len(self.files)
        if not self.owners:
            self.owners = [("file", origin(fr)) for fr in self.files]

    def __getstate__(self) -> dict:
        """Pickled without the maps keyed by id() (a worker writes 审核汇总 from a copy): rebuilt on unpickling."""
        return {k: v for k, v in self.__dict__.items() if k not in ("_pos", "_newer", "_copy_of", "_wrong")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.__post_init__()

    def unit_of(self, fr: FileReport) -> Unit | None:
        return self.assigned[self._pos[id(fr)]]

    def owner_of(self, fr: FileReport) -> tuple:
        return self.owners[self._pos[id(fr)]]

    def newer_of(self, fr: FileReport) -> FileReport | None:
        return self._newer.get(id(fr))

    def copy_of(self, fr: FileReport) -> FileReport | None:
        """The first received file with the same bytes, when this one is a later identical copy."""
        return self._copy_of.get(id(fr))

    def is_current(self, fr: FileReport) -> bool:
        return id(fr) not in self._newer and id(fr) not in self._copy_of

    def status_of(self, fr: FileReport) -> str:
        if id(fr) in self._copy_of:
            return DUPLICATE
        return SUPERSEDED if id(fr) in self._newer else fr.status

    def note_of(self, fr: FileReport) -> str:
        notes = [f"非模板（按版式“{layout_title(fr.facts['layout'])}”读取）"] if fr.facts.get("layout") else []
        if id(fr) in self._copy_of:
            notes.append(f"与 {origin(self._copy_of[id(fr)])} 内容完全相同，只按一份审核和汇总")
        if id(fr) in self._newer:
            notes.append(f"已被 {origin(self._newer[id(fr)])} 替代")
        if id(fr) in self._wrong:
            notes.append(self._wrong[id(fr)])
        if self.roster is not None and self.unit_of(fr) is None:
            notes.append("名册中未找到该单位")
        return "；".join(notes)

    @property
    def current(self) -> list[FileReport]:
        """The files in force: neither replaced by a later version nor a copy of another file."""
        return [fr for fr in self.files if self.is_current(fr)]
