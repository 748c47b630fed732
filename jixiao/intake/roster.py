"""The unit roster (名册): who must submit which forms, and how a file or an email is matched to a unit."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from email.utils import parseaddr
from functools import lru_cache
from pathlib import Path

from ..errors import JixiaoError
from ..spec.loader import SpecError, load_form_spec

# field → accepted header labels (first one is the canonical label shown in messages)
HEADERS = {
    "code": ("单位编码", "单位代码", "编码", "代码", "预算单位编码", "预算单位代码"),
    "name": ("单位名称", "预算单位", "单位", "预算单位名称"),
    "department": ("主管部门", "部门", "主管单位", "主管部门名称"),
    "department_code": ("主管部门编码", "主管部门代码", "部门编码", "部门代码", "主管单位编码"),
    "emails": ("联系邮箱", "邮箱", "联系人邮箱", "email", "e-mail", "电子邮箱", "电子邮件"),
    "forms": ("应报表单", "应报送表单", "报送表单"),
}
REQUIRED = ("code", "name", "department")
DEFAULT_FORMS = ("project_goal", "project_monitor", "project_self_eval")   # the unit-filled project forms
HEADER_SCAN_ROWS = 10
_SPLIT_EMAILS = re.compile(r"[;；,，、\s]+")
_SPLIT_FORMS = re.compile(r"[、;；,，\s]+")


class RosterError(JixiaoError, ValueError):
    """A roster that cannot be used; the message (Chinese) says what is wrong and where."""


@dataclass
class Unit:
    code: str
    name: str
    department: str
    department_code: str = ""
    emails: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)      # form ids this unit must submit
    forms_explicit: bool = False                         # True when the roster row listed them (not the default)


def norm_text(s) -> str:
    """Whitespace and full-width forms normalised (NFKC, all spaces removed, case folded): for matching only."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(s or ""))).casefold()


def norm_code(v) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)                                        # 1001.0 from a numeric Excel cell
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(v if v is not None else "")))


def norm_header(s) -> str:
    return re.sub(r"[(].*?[)]|\*", "", norm_text(s))     # drop "*" marks and （说明）


_HEADER_INDEX = {norm_header(label): key for key, labels in HEADERS.items() for label in labels}


def resolve_form(name) -> str:
    """A form id from an id, a title or a template file stem."""
    return _form_id(str(name).strip())


@lru_cache(maxsize=1024)                # asked once per file of a batch, with a few distinct titles
def _form_id(name: str) -> str:
    return load_form_spec(name)["id"]


@dataclass
class Roster:
    units: list[Unit]
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self):
        self._indexed = -1

    def _index(self) -> None:
        if self._indexed == len(self.units):
            return
        self._codes = {norm_code(u.code): u for u in self.units}
        self._names: dict[str, list[Unit]] = {}
        self._norm_names: dict[str, list[Unit]] = {}
        self._emails: dict[str, list[Unit]] = {}
        for u in self.units:
            self._names.setdefault(u.name.strip(), []).append(u)
            self._norm_names.setdefault(norm_text(u.name), []).append(u)
            for e in u.emails:
                self._emails.setdefault(e.lower(), []).append(u)
        self._indexed = len(self.units)

    def by_code(self, code) -> Unit | None:
        self._index()
        return self._codes.get(norm_code(code)) if code not in (None, "") else None

    def match(self, unit_code=None, unit_name=None) -> Unit | None:
        """Code first; then the exact name; then the name with whitespace/全角 normalised. Ambiguous names → None."""
        self._index()
        unit = self.by_code(unit_code)
        if unit or not unit_name or not str(unit_name).strip():
            return unit
        for found in (self._names.get(str(unit_name).strip()), self._norm_names.get(norm_text(unit_name))):
            if found:
                return found[0] if len(found) == 1 else None
        return None

    def by_email(self, addr) -> list[Unit]:
        self._index()
        address = parseaddr(str(addr or ""))[1].strip().lower()
        return list(self._emails.get(address, [])) if address else []

    def departments(self) -> list[str]:
        return sorted({u.department for u in self.units if u.department})


def _cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def read_rows(path: Path) -> list[list[str]]:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook
        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as e:   # noqa: BLE001 — any unreadable workbook is one user-facing error
            raise RosterError(f"无法读取名册文件 {path.name}：{e}") from e
        try:
            return [[_cell_text(v) for v in row] for row in wb.worksheets[0].iter_rows(values_only=True)]
        finally:
            wb.close()
    if suffix in (".csv", ".txt", ".tsv"):
        raw = path.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):          # gb18030 is a superset of GBK
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise RosterError(f"名册文件 {path.name} 的编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV")
        first = text.split("\n", 1)[0]
        delim = "\t" if "\t" in first and "," not in first else ","
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=delim)]
    raise RosterError(f"名册文件 {path.name} 格式不支持：请使用 .xlsx 或 .csv（.xls 请先另存为 .xlsx）")


def _find_header(rows: list[list[str]]) -> tuple[int, dict[str, int]]:
    best, best_map = -1, {}
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found: dict[str, int] = {}
        for col, text in enumerate(row):
            key = _HEADER_INDEX.get(norm_header(text))
            if key and key not in found:
                found[key] = col
        if len(found) > len(best_map):
            best, best_map = i, found
    if best < 0:
        first = next((r for r in rows[:HEADER_SCAN_ROWS] if any(r)), [])
        raise RosterError(
            f"名册前{HEADER_SCAN_ROWS}行中未找到表头：应有“单位编码”“单位名称”“主管部门”等列；"
            f"找到的内容：{'、'.join(c for c in first if c) or '（空）'}")
    missing = [k for k in REQUIRED if k not in best_map]
    if missing:
        wanted = "；".join(f"“{HEADERS[k][0]}”（可用列名：{'、'.join(HEADERS[k])}）" for k in missing)
        found = "、".join(c for c in rows[best] if c) or "（空）"
        raise RosterError(f"名册缺少必需的列：{wanted}。在第{best + 1}行找到的表头：{found}")
    return best, best_map


def _forms(text: str, row_no: int, default: list[str]) -> tuple[list[str], bool]:
    tokens = [t for t in _SPLIT_FORMS.split(text) if t]
    if not tokens:
        return list(default), False
    out = []
    for t in tokens:
        try:
            fid = resolve_form(t)
        except SpecError as e:
            raise RosterError(f"名册第{row_no}行“应报表单”中的「{t}」无法识别：{e}") from e
        if fid not in out:
            out.append(fid)
    return out, True


def load_roster(path, default_forms=None) -> Roster:
    """Read a roster (.xlsx first sheet, or CSV in UTF-8/GBK); `default_forms` (ids or titles) for blank 应报表单."""
    path = Path(path)
    if not path.exists():
        raise RosterError(f"未找到名册文件：{path}")
    try:
        default = [resolve_form(f) for f in (default_forms or DEFAULT_FORMS)]
    except SpecError as e:
        raise RosterError(f"默认应报表单无法识别：{e}") from e
    rows = read_rows(path)
    if not any(any(r) for r in rows):
        raise RosterError(f"名册文件 {path.name} 为空")
    head, cols = _find_header(rows)

    def get(row: list[str], key: str) -> str:
        col = cols.get(key)
        return row[col].strip() if col is not None and col < len(row) else ""

    units, warnings, seen, blank_codes = [], [], {}, 0
    for i, row in enumerate(rows[head + 1:], start=head + 2):
        if not any(row):
            continue
        code, name = norm_code(get(row, "code")), get(row, "name")
        if not code:
            blank_codes += 1
            warnings.append(f"第{i}行单位编码为空，已跳过（单位名称：{name or '（空）'}）")
            continue
        if not name:
            warnings.append(f"第{i}行（单位编码 {code}）单位名称为空")
        dept = get(row, "department")
        if not dept:
            warnings.append(f"第{i}行（单位编码 {code}）主管部门为空")
        emails = []
        for token in (t for t in _SPLIT_EMAILS.split(get(row, "emails")) if t):
            if "@" in token:
                if token.lower() not in emails:
                    emails.append(token.lower())
            else:
                warnings.append(f"第{i}行（单位编码 {code}）联系邮箱「{token}」不是有效地址，已忽略")
        forms, explicit = _forms(get(row, "forms"), i, default)
        seen.setdefault(code, []).append(i)
        units.append(Unit(code, name, dept, norm_code(get(row, "department_code")), emails, forms, explicit))
    if not units:
        if blank_codes:
            raise RosterError(f"名册中全部{blank_codes}个单位的单位编码均为空，请补充单位编码")
        raise RosterError(f"名册中没有单位：表头在第{head + 1}行，其下没有数据行")
    dups = {c: r for c, r in seen.items() if len(r) > 1}
    if dups:
        detail = "；".join(f"{c}（第{'、'.join(map(str, r))}行）" for c, r in sorted(dups.items()))
        raise RosterError(f"名册中单位编码重复：{detail}")
    return Roster(units, warnings)
