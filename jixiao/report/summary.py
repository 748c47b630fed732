"""The bureau's view of a batch: a streaming summary workbook, the same tables as JSON, any table as CSV."""

from __future__ import annotations

import csv
import json
import math
from dataclasses import fields
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from ..rules.finding import STATUS_ORDER, FileReport, Finding
from ..rules.registry import RULES, SEVERITIES
from ..template import styles
from ..template.builder import save_atomic
from ..workbook import printing
from ..workbook.safe import csv_safe
from .model import (DUPLICATE, MISSING, NOT_DUE, SUPERSEDED, BatchReport, atomic_open, catalogue_version, clean,
                    finding_key, form_title, origin, profile_name, received_key, to_datetime)

# (key, header, width) for each table; xlsx and CSV use the headers, JSON the keys. SCREEN_ONLY columns (last in
# their table) are left out of print: paths, digests and ids a printed page does not need.
UNIT_COLS = [("code", "单位编码", 8), ("name", "单位名称", 16), ("department", "主管部门", 12),
             ("status", "报送状态", 8), ("files", "报送文件数", 6), ("强制", "强制数", 5), ("提示", "提示数", 5),
             ("建议", "建议数", 5), ("score", "总分", 14), ("grade", "等级", 12), ("last_received", "最近报送时间", 17),
             ("sender", "发件人", 20), ("missing_forms", "未报表单", 18), ("file_names", "文件", 48)]
MISSING_COLS = [("code", "单位编码", 8), ("name", "单位名称", 16), ("department", "主管部门", 12),
                ("form", "未报表单", 20), ("emails", "联系邮箱", 26)]      # form ids stay in the JSON rows
DETAIL_COLS = [("unit_code", "单位编码", 8), ("unit_name", "单位名称", 13), ("file", "文件", 18),
               ("file_status", "文件状态", 7), ("severity", "严重程度", 5), ("code", "规则编号", 6),
               ("title", "规则名称", 12), ("sheet", "工作表", 8), ("cell", "单元格", 6), ("label", "项目", 16),
               ("value", "填报值", 10), ("expected", "应为", 10), ("difference", "差额", 7), ("detail", "说明", 12),
               ("message", "问题说明", 28), ("origin", "来源", 36)]
RULE_COLS = [("code", "规则编号", 10), ("title", "规则名称", 36), ("severity", "严重程度", 10),
             ("findings", "问题数", 10), ("files", "涉及文件数", 12)]
FILE_COLS = [("no", "序号", 5), ("file", "文件", 20), ("status", "状态", 8), ("form", "表单", 16),
             ("unit_code", "单位编码", 8), ("unit_name", "单位名称", 14), ("sender", "发件人", 18),
             ("received", "收到时间", 17), ("subject", "邮件主题", 24), ("findings", "问题数", 6), ("note", "备注", 24),
             ("origin", "来源", 40), ("sha256", "SHA256", 20)]
SCREEN_ONLY = {"汇总": ("file_names",), "问题明细": ("origin",), "文件清单": ("origin", "sha256")}
# 问题明细 shows the start of a very long text, so that a row stays within a page and Excel's 409-point row limit
# (the CSV, the JSON and the 反馈表 keep all of it)
SHOWN_CHARS = {"value": 100, "expected": 100, "label": 150, "detail": 150, "message": 300}
EXCEL_MAX = 32767
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
    rows = [("生成时间", b.generated_at.strftime("%Y-%m-%d %H:%M:%S")),
            ("政策口径", profile_name(b.profile_id)),
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
          "说明": ([("item", "项目", 16), ("text", "内容", 80)], info_rows)}
_FLAGGED = {MISSING, "强制"}
FINDING_FIELDS = [f.name for f in fields(Finding)]


def _sheet(wb: Workbook, title: str, heading: str, cols, rows) -> None:
    """One table, printed one page wide under its title (workbook.printing); 强制 and 未报送 cells coloured."""
    t = printing.Table(wb, title, cols, f"{heading}——{title}", screen_only=SCREEN_ONLY.get(title, ()),
                       filter=title != "说明")
    for row in rows:
        values = [printing.shorten(clean(row.get(key)), SHOWN_CHARS.get(key, EXCEL_MAX)) for key, *_ in cols]
        t.add(values, fills={i: styles.FLAG_FILL for i, v in enumerate(values) if isinstance(v, str) and v in _FLAGGED})
    t.finish()


def write_summary(batch: BatchReport, path) -> Path:
    """The bureau workbook: 汇总, 未报送, 问题明细, 按规则统计, 文件清单, 说明 (streamed, atomic)."""
    wb = Workbook(write_only=True)
    printing.use_font(wb)
    heading = f"预算绩效材料审核汇总（{batch.generated_at:%Y-%m-%d}）"
    for title, (cols, make) in TABLES.items():
        _sheet(wb, title, heading, cols, make(batch))
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
