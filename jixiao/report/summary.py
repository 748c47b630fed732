"""The bureau's view of a batch: a streaming summary workbook, the same tables as JSON, any table as CSV."""

from __future__ import annotations

import csv
import json
import math
from dataclasses import fields
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils import get_column_letter

from ..rules.finding import STATUS_ORDER, FileReport, Finding
from ..rules.registry import RULES, SEVERITIES
from ..template import styles
from ..template.builder import save_atomic
from ..workbook.safe import csv_safe
from .model import (DUPLICATE, MISSING, NOT_DUE, SUPERSEDED, BatchReport, atomic_open, catalogue_version, clean,
                    finding_key, form_title, origin, received_key, to_datetime)

# (key, header, width) for each table; xlsx and CSV use the headers, JSON the keys
UNIT_COLS = [("code", "单位编码", 14), ("name", "单位名称", 30), ("department", "主管部门", 22),
             ("status", "报送状态", 10), ("files", "报送文件数", 10), ("强制", "强制数", 8), ("提示", "提示数", 8),
             ("建议", "建议数", 8), ("score", "总分", 8), ("grade", "等级", 6), ("last_received", "最近报送时间", 18),
             ("sender", "发件人", 28), ("file_names", "文件", 48), ("missing_forms", "未报表单", 32)]
MISSING_COLS = [("code", "单位编码", 14), ("name", "单位名称", 30), ("department", "主管部门", 22),
                ("form", "未报表单", 30), ("form_id", "表单编号", 18), ("emails", "联系邮箱", 40)]
DETAIL_COLS = [("unit_code", "单位编码", 14), ("unit_name", "单位名称", 26), ("file", "文件", 36),
               ("origin", "来源", 36), ("file_status", "文件状态", 10), ("severity", "严重程度", 9),
               ("code", "规则编号", 9), ("title", "规则名称", 24), ("sheet", "工作表", 14), ("cell", "单元格", 8),
               ("label", "项目", 36), ("value", "填报值", 16), ("expected", "应为", 16), ("difference", "差额", 10),
               ("detail", "说明", 24), ("message", "问题说明", 60)]
RULE_COLS = [("code", "规则编号", 10), ("title", "规则名称", 36), ("severity", "严重程度", 10),
             ("findings", "问题数", 10), ("files", "涉及文件数", 12)]
FILE_COLS = [("no", "序号", 7), ("file", "文件", 36), ("origin", "来源", 40), ("sha256", "SHA256", 20),
             ("status", "状态", 10), ("form_id", "表单编号", 18), ("form", "表单", 28), ("unit_code", "单位编码", 14),
             ("unit_name", "单位名称", 26), ("sender", "发件人", 28), ("received", "收到时间", 18),
             ("subject", "邮件主题", 30), ("findings", "问题数", 8), ("note", "备注", 40)]
STATUS_HELP = [
    (MISSING, "应报表单尚未收到（至少一张）；逐单位逐表见“未报送”表"),
    ("强制", "有强制性问题，须修改后重新报送（退回）"),
    ("提示", "有提示性问题，修改或书面说明原因后可通过"),
    ("建议", "仅有建议，审核通过"),
    ("通过", "未发现问题，审核通过"),
    (SUPERSEDED, "同一单位同一表单同一项目后来又报送了新文件，以最新文件为准（仅见于“文件清单”）"),
    (DUPLICATE, "与先前收到的文件内容完全相同，只按一份审核和汇总（仅见于“文件清单”）"),
    (NOT_DUE, "本批次该单位没有应报表单"),
]


def _worst(statuses) -> str:
    return min(statuses, key=STATUS_ORDER.index, default="通过")


def _file_order(b: BatchReport) -> list[FileReport]:
    def key(pair):
        i, fr = pair
        unit = b.unit_of(fr)
        code = unit.code if unit else "~" + str(fr.unit_code or fr.unit_name or "")
        return (code, fr.form_id or "~", *received_key(fr), origin(fr), i)
    return [fr for _, fr in sorted(enumerate(b.files), key=key)]


def _unit_row(b, code, name, dept, frs, missing, due) -> dict:
    current = [fr for fr in frs if b.is_current(fr)]
    counts = {s: sum(1 for fr in current for f in fr.findings if f.severity == s) for s in SEVERITIES}
    status = MISSING if missing else (_worst(fr.status for fr in current) if current else
                                      ("通过" if due else NOT_DUE))
    scored = sorted((fr for fr in current if fr.total_score is not None), key=lambda fr: fr.form_id or "")
    score = grade = None
    if len(scored) == 1:
        score, grade = scored[0].total_score, scored[0].grade
    elif scored:                                 # one line per project (else per form): "校舍维修 94.41；…"
        def what(fr):
            return fr.facts.get("project_name") or form_title(fr.form_id)
        score = "；".join(f"{what(fr)}：{fr.total_score}" for fr in scored)
        grade = "；".join(f"{what(fr)}：{fr.grade or ''}" for fr in scored)
    last = max(enumerate(frs), key=lambda p: (*received_key(p[1]), p[0]))[1] if frs else None
    return {"code": code, "name": name, "department": dept, "status": status, "files": len(frs), **counts,
            "score": score, "grade": grade,
            "last_received": to_datetime(last.facts.get("date")) if last else None,
            "sender": str(last.facts.get("sender") or "") if last else "",
            "file_names": "；".join(sorted(origin(fr) for fr in current)),
            "missing_forms": "、".join(form_title(f) for f in missing)}


def unit_rows(b: BatchReport) -> list[dict]:
    """One row per roster unit (by department, code), then files from senders not in the roster."""
    groups: dict[tuple, list[FileReport]] = {}
    for fr in b.files:
        groups.setdefault(b.owner_of(fr), []).append(fr)
    missing: dict[str, list[str]] = {}
    for u, f in b.missing:
        missing.setdefault(u.code, []).append(f)
    units = sorted(b.roster.units, key=lambda u: (u.department, u.code)) if b.roster else []
    rows = [_unit_row(b, u.code, u.name, u.department, groups.pop(("unit", u.code), []),
                      missing.get(u.code, []), bool(b.owed.get(u.code))) for u in units]
    outside = "（名册外）" if b.roster else ""
    for key in sorted(groups, key=lambda k: (k[0] != "code", k)):
        first = groups[key][0]
        rows.append(_unit_row(b, str(first.unit_code or ""), str(first.unit_name or "（未识别单位）"), outside,
                              groups[key], [], True))
    return rows


def missing_rows(b: BatchReport) -> list[dict]:
    return [{"code": u.code, "name": u.name, "department": u.department, "form": form_title(f), "form_id": f,
             "emails": "；".join(u.emails)} for u, f in b.missing]


def detail_rows(b: BatchReport):
    """Every finding of every file (superseded ones too, marked in 文件状态), file by file."""
    for fr in _file_order(b):
        unit, status, src = b.unit_of(fr), b.status_of(fr), origin(fr)
        for f in sorted(fr.findings, key=finding_key):
            rule = f.rule
            d = dict({k: getattr(f, k) for k in FINDING_FIELDS}, severity=rule.severity, title=rule.title, message=f.message)
            d.update(unit_code=unit.code if unit else fr.unit_code, unit_name=unit.name if unit else fr.unit_name,
                     file=f.file or fr.file, origin=src, file_status=status)
            yield d


def rule_rows(b: BatchReport) -> list[dict]:
    """Findings per rule over the current (not superseded) files."""
    stats: dict[str, list] = {}
    for fr in b.current:
        for code, n in fr.counts().items():
            s = stats.setdefault(code, [0, 0])
            s[0] += n
            s[1] += 1
    return [{"code": c, "title": RULES[c].title, "severity": RULES[c].severity, "findings": n, "files": k}
            for c, (n, k) in sorted(stats.items())]


def file_rows(b: BatchReport, order: list[FileReport] | None = None) -> list[dict]:
    rows = []
    for no, fr in enumerate(order or _file_order(b), 1):
        unit = b.unit_of(fr)
        rows.append({"no": no, "file": fr.file, "origin": origin(fr), "sha256": fr.facts.get("sha256", ""),
                     "status": b.status_of(fr), "form_id": fr.form_id or "", "form": form_title(fr.form_id),
                     "unit_code": unit.code if unit else fr.unit_code, "unit_name": unit.name if unit else fr.unit_name,
                     "sender": fr.facts.get("sender", ""), "received": to_datetime(fr.facts.get("date")),
                     "subject": fr.facts.get("subject", ""), "findings": len(fr.findings), "note": b.note_of(fr)})
    return rows


def info_rows(b: BatchReport) -> list[dict]:
    t = b.totals
    rows = [("生成时间", b.generated_at.strftime("%Y-%m-%d %H:%M:%S")), ("政策口径", b.profile_id),
            ("规则目录版本", catalogue_version()), ("收到文件", f"{t['files']}个（有效{t['current_files']}个，"
                                                   f"被替代{t['superseded']}个，报错表单{t['wrong_form']}个）"),
            ("应报单位", f"{t['units_due']}个：已报齐{t['units_complete']}个，未报齐{t['units_missing']}个"
                      f"（缺{t['missing']}张表）"),
            ("问题数（有效文件）", "，".join(f"{s}{n}个" for s, n in t["findings"].items())),
            ("状态说明", "每个文件的状态取其最严重的问题；单位的报送状态取其有效文件中最严重者，缺表时为“未报送”。")]
    if b.skipped:
        rows.append(("跳过的文件", f"{len(b.skipped)}个，未作为报送文件审核；逐个列于本表末尾，末尾括号内为跳过原因"))
    rows += [(f"状态：{s}", text) for s, text in STATUS_HELP]
    rows += [("问题明细", "列出全部文件（含已被替代的文件，见“文件状态”列）的全部问题；“按规则统计”只计有效文件。")]
    rows += [(f"跳过的文件{i}", entry) for i, entry in enumerate(b.skipped, 1)]   # "来源（原因）", from intake
    return [{"item": k, "text": v} for k, v in rows]


TABLES = {"汇总": (UNIT_COLS, unit_rows), "未报送": (MISSING_COLS, missing_rows), "问题明细": (DETAIL_COLS, detail_rows),
          "按规则统计": (RULE_COLS, rule_rows), "文件清单": (FILE_COLS, file_rows),
          "说明": ([("item", "项目", 22), ("text", "内容", 100)], info_rows)}
_HEAD_FONT, _HEAD_ALIGN, _HEAD_FILL = styles.STATIC["header"]
_FLAGGED = {MISSING, "强制"}
FINDING_FIELDS = [f.name for f in fields(Finding)]


def _cell(ws, value, head=False):
    """Write-only twin of safe.set_value: a string is always stored as text, never as a formula or error.

    openpyxl turns a plain string into a formula only when it starts with "=" and into an error only when it is an
    error code; every other string is already text, so only those (and styled or dated cells) need a cell object.
    """
    value = clean(value)
    plain = not head and value not in _FLAGGED and not isinstance(value, (datetime, date, time))
    if value is None or (plain and not (isinstance(value, str) and (value[:1] == "=" or value in ERROR_CODES))):
        return value
    c = WriteOnlyCell(ws, value)
    if isinstance(value, str):
        c.data_type = "s"
    if head:
        c.font, c.alignment, c.fill, c.border = _HEAD_FONT, _HEAD_ALIGN, _HEAD_FILL, styles.BORDER
    elif value in _FLAGGED:
        c.fill = styles.FLAG_FILL
    if isinstance(value, (datetime, date)):
        c.number_format = "yyyy-mm-dd hh:mm" if isinstance(value, datetime) else "yyyy-mm-dd"
    return c


def _sheet(wb: Workbook, title: str, cols, rows) -> None:
    ws = wb.create_sheet(title)
    for i, (_, _, width) in enumerate(cols, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    styles.print_landscape(ws, "1:1", fit_width=sum(w for _, _, w in cols) < 300)   # one page wide if narrow
    ws.append([_cell(ws, head, head=True) for _, head, _ in cols])
    n = 1
    for row in rows:
        ws.append([_cell(ws, row.get(key)) for key, _, _ in cols])
        n += 1
    ws.print_area = f"A1:{get_column_letter(len(cols))}{max(n, 2)}"     # long text spilling right is not printed
    if title != "说明":
        ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{n}"


def write_summary(batch: BatchReport, path) -> Path:
    """The bureau workbook: 汇总, 未报送, 问题明细, 按规则统计, 文件清单, 说明 (streamed, atomic)."""
    wb = Workbook(write_only=True)
    for title, (cols, make) in TABLES.items():
        _sheet(wb, title, cols, make(batch))
    return save_atomic(wb, Path(path))


def _jsonable(v):
    return v.isoformat() if hasattr(v, "isoformat") else str(v)


def _strict(v):
    """`v` with every NaN and infinity (float or Decimal) as null: the JSON stays strict (RFC 8259), never a bare NaN."""
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, Decimal):
        return v if v.is_finite() else None
    if isinstance(v, dict):
        return {k: _strict(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_strict(x) for x in v]
    return v


def record_keys(fr: FileReport, input_no: int) -> dict:
    """What a file row adds to the tables so that load.py can rebuild the FileReport: every fact (provenance, year,
    project, profile), the score, and the unit as the workbook gives it (the row's unit_code is the roster's)."""
    return {"input_no": input_no, "facts": fr.facts, "total_score": fr.total_score, "grade": fr.grade,
            "workbook_unit_code": fr.unit_code, "workbook_unit_name": fr.unit_name}


def write_json(batch: BatchReport, path) -> Path:
    """The same tables as JSON (findings via Finding.to_dict()), UTF-8, sorted keys; streamed file by file.

    Each file row also carries record_keys(), which check/folder.py (load_check) reads back into the batch."""
    order = _file_order(batch)
    pos = {id(fr): i for i, fr in enumerate(batch.files)}

    def files():
        for row, fr in zip(file_rows(batch, order), order):
            row["findings"] = [f.to_dict() for f in sorted(fr.findings, key=finding_key)]
            row.update(record_keys(fr, pos[id(fr)]))
            yield row

    doc = {"generated_at": batch.generated_at, "profile_id": batch.profile_id, "catalogue": catalogue_version(),
           "totals": batch.totals, "units": unit_rows(batch), "missing": missing_rows(batch),
           "rules": rule_rows(batch), "files": files(),
           "skipped": batch.skipped,
           "superseded": [{"older": origin(o), "newer": origin(n)} for o, n in batch.superseded],
           "wrong_form": [{"origin": origin(fr), "reason": why} for fr, why in batch.wrong_form]}

    def dumps(v) -> str:
        return json.dumps(_strict(v), ensure_ascii=False, sort_keys=True, default=_jsonable, allow_nan=False)

    with atomic_open(path) as fh:
        for i, key in enumerate(sorted(doc)):
            fh.write(("{\n" if i == 0 else ",\n") + dumps(key) + ": ")
            if key == "files":          # one line per file, so 50,000 findings never sit in memory at once
                for j, row in enumerate(doc[key]):
                    fh.write(("[\n" if j == 0 else ",\n") + dumps(row))
                fh.write("\n]" if batch.files else "[]")
            else:
                fh.write(dumps(doc[key]))
        fh.write("\n}\n")
    return Path(path)


def write_csv(batch: BatchReport, path, table: str = "未报送") -> Path:
    """One table as CSV (UTF-8 with BOM for Excel/WPS); text a spreadsheet could run is neutralised."""
    cols, make = TABLES[table]
    with atomic_open(path, encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow([head for _, head, _ in cols])
        for row in make(batch):
            out.writerow([csv_safe(clean(row.get(key))) for key, _, _ in cols])
    return Path(path)
