"""The department/bureau workbook: 单位汇总, 图表, 项目明细, 指标明细, 异常清单, 来源, 说明 — streamed, byte-reproducible."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from .. import __version__
from ..report.model import catalogue_version, clean, form_title
from ..spec.layout import load_form
from ..workbook import printing
from ..workbook.safe import share_mode
from .charts import write_charts
from .cycle import write_cycle_sheets
from .model import Consolidation, Issue
from .nodecheck import display_children
from .records import AMOUNT_CELLS, form_kind, provenance_rows
from .sheets import (CHARTS, DETAIL, INDICATORS, INFO, INFO_COLUMNS, ISSUE_COLUMNS, ISSUES, KIND, LEVEL_NAMES, META,
                     METHODS, ROW_LEVELS, SCREEN_ONLY, SOURCE_COLUMNS, SOURCES, SUMMARY, RowDigest, indicator_columns,
                     project_columns, summary_columns)

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
MAX_TEXT = 32000


def prepared(value):
    """A value as an output cell holds it: Decimal as float, text cleaned (control characters, length)."""
    return clean(float(value) if type(value).__name__ == "Decimal" else value)


class Table(printing.Table):
    """A write-only sheet of keyed rows under a title row, printed one page wide (workbook.printing)."""

    def __init__(self, wb: Workbook, name: str, cols, title: str, **kw):
        super().__init__(wb, name, cols, f"{title}——{name}", screen_only=SCREEN_ONLY.get(name, ()), **kw)
        self.keys = [c[0] for c in self.cols]

    def add(self, row: dict, total: bool = False) -> list:
        values = [row.get(key) for key in self.keys]
        super().add([prepared(v) for v in values], total)
        return values


def heading(c: Consolidation) -> str:
    """「2025年度项目支出绩效自评表 部门汇总（区教育局）」: what every sheet's title row starts with."""
    years = sorted({str(leaf.record.get("year")) for leaf in c.leaves() if leaf.record.get("year") is not None})
    depts = [d.name or d.dept_name for d in c.tree.children]
    scope = f"（{depts[0]}）" if c.level == "department" and len(depts) == 1 and depts[0] else ""
    return f"{years[0] + '年度' if len(years) == 1 else ''}{form_title(c.form_id)} {LEVEL_NAMES[c.level]}{scope}"


def _ids(nodes) -> str:
    text = ",".join(n.row_id for n in nodes)
    if len(text) > MAX_TEXT:          # contiguous rows in sheet order: a range keeps the cell within Excel's limit
        text = f"{nodes[0].row_id}~{nodes[-1].row_id}（共 {len(nodes)} 行，连续）"
    return text


def _contributors(c: Consolidation, node, key: str) -> list:
    if key not in node.contrib:
        return display_children(node, c.show_departments)
    kids = node.contrib[key]
    if node.kind == "total" and not c.show_departments:
        kids = [u for d in kids for u in d.contrib.get(key, [])]
    return kids


def _summary(c: Consolidation, t: Table, src: Table) -> None:
    cols = t.cols
    for node in c.rows:
        unit = node.kind == "unit"
        row = {"row_id": node.row_id, "level": ROW_LEVELS[node.kind], "dept_code": node.dept_code,
               "dept_name": node.dept_name if node.kind != "total" else "", "unit_code": node.code if unit else "",
               "unit_name": node.name if unit else ("合计" if node.kind == "total" else "小计"), **node.shown}
        t.add(row, total=not unit)
        for key, head, _, fmt in cols[6:]:
            method = METHODS.get(key, METHODS["sum"] if key in c.metrics.amounts else METHODS["count"])
            src.add({"row_id": node.row_id, "table": SUMMARY, "field": head, "value": row.get(key), "method": method,
                     "rows": _ids(_contributors(c, node, key))})


def _tree_provenance(r, row_id: str, roster: str) -> list[dict]:
    """Where a project row's 主管部门 comes from: the roster, else the form's own cells."""
    if r.placed_by == "roster":
        return [{"row_id": row_id, "field": f, "value": getattr(r, f), "file": roster,
                 "path": f"roster[{r.unit_code}].{f}"} for f in ("dept_code", "dept_name")]
    names = {"department_code": "dept_code", "department": "dept_name"}
    return [{**p, "field": names[p["field"]]} for p in provenance_rows(r, row_id, ["department_code", "department"])]


def detail_rows(c: Consolidation):
    """(leaf, 项目明细 row, [(indicator, 指标明细 row)]) in sheet order: what the two detail sheets show."""
    n = 0
    for leaf in c.leaves():
        r = leaf.record
        row = {**r.values, "row_id": leaf.row_id, "dept_code": r.dept_code, "dept_name": r.dept_name,
               "unit_code": r.unit_code, "project_code": None if r.get("project_code") is None else
               str(r.get("project_code")), "secret": "是" if r.get("secret") else "否", "status": r.status,
               "origin": r.origin, "origin_sha256": r.origin_sha256, "layout": form_kind(r.get("layout")),
               **{a: leaf.shown.get(a) for a in AMOUNT_CELLS[c.form_id]}}
        irows = []
        for i in r.indicators:
            n += 1
            irows.append((i, {**i.values, "row_id": f"I{n}", "project_row": leaf.row_id, "year": r.get("year"),
                              "unit_code": r.unit_code, "project_code": row["project_code"], "index": i.index + 1}))
        yield leaf, row, irows


def _details(c: Consolidation, det: Table, ind: Table, src: Table, digest: RowDigest, roster: str) -> None:
    pfields = [k for k, *_ in det.cols if k not in ("row_id", "dept_code", "dept_name", "status", "origin",
                                                     "origin_sha256", "layout")]
    pheads, iheads = {k: h for k, h, *_ in det.cols}, {k: h for k, h, *_ in ind.cols}
    for leaf, row, irows in detail_rows(c):
        r = leaf.record
        digest.update(DETAIL, det.add(row))
        for p in _tree_provenance(r, leaf.row_id, roster) + list(
                provenance_rows(r, leaf.row_id, [f for f in pfields if f in r.refs])):
            src.add({**p, "table": DETAIL, "field": pheads[p["field"]]})
        for i, irow in irows:
            digest.update(INDICATORS, ind.add(irow))
            for p in provenance_rows(i, irow["row_id"]):
                src.add({**p, "table": INDICATORS, "field": iheads.get(p["field"], p["field"])})


def _issues(c: Consolidation, t: Table, src: Table) -> None:
    for issue in c.issues:
        f = issue.finding
        t.add({"row_id": issue.row_id, "category": issue.category, "severity": f.severity, "code": f.code,
               "title": f.rule.title, "dept_name": issue.dept_name, "unit_code": issue.unit_code,
               "unit_name": issue.unit_name, "file": f.file, "sheet": f.sheet, "cell": f.cell, "message": f.message})
        if f.file:
            src.add({"row_id": issue.row_id, "table": ISSUES, "field": f.code, "value": f.value, "file": f.file,
                     "sha256": issue.sha256, "sheet": f.sheet, "cell": f.cell})


def _info(c: Consolidation, wb: Workbook, roster: str, changes=None) -> None:
    s = c.stats
    lines = [
        ("汇总层级", LEVEL_NAMES[c.level]), ("表单", form_title(c.form_id)), ("政策口径", c.profile.get("name", "")),
        ("名册", roster), ("生成时间", c.generated_at.strftime("%Y-%m-%d %H:%M:%S")),
        ("报送截止时间", c.deadline.strftime("%Y-%m-%d %H:%M") if c.deadline else "（未指定）"),
        ("输入", f"收到文件 {s.get('files', 0)} 个（其中部门汇总表 {s.get('consolidation_inputs', 0)} 个）；纳入项目 "
               f"{s.get('merged_projects', 0)} 个，来自 {s.get('merged_files', 0)} 个文件；未纳入 "
               f"{s.get('excluded_files', 0)} 个文件，被替代 {s.get('superseded', 0)} 个，未报送单位 "
               f"{s.get('missing_units', 0)} 个；不在本次汇总范围 {s.get('out_of_scope', 0)} 个"),
        ("节点检查", "通过" if not c.unbalanced else f"不平衡 {len(c.unbalanced)} 处，见“异常清单”"),
        ("金额", "单位为万元。各行金额按舍位平衡（最大余数法）保留两位小数：项目之和等于单位数，单位之和等于部门数，"
               "部门之和等于合计数；合计数为精确合计四舍五入。源值见“来源”表。"),
        ("计算值", "执行率、得分、总分、等级、合计数均按模板规则由填报数重新计算，不采用报送文件中的缓存结果。"),
        ("来源", "“来源”表逐格列出每个数值的来源文件、SHA-256、工作表、单元格和 JSON 路径；汇总行列出组成行的行号。"),
        ("规则目录版本", catalogue_version()), ("生成工具", f"jixiao {__version__}"),
    ]
    if changes:
        lines.insert(-2, (changes.title, changes.summary()))
    t = Table(wb, INFO, INFO_COLUMNS, heading(c), filter=False)
    for k, v in lines:
        t.add({"item": k, "text": v})
    t.finish()


def _meta(c: Consolidation, wb: Workbook, digest: RowDigest) -> None:
    ws = wb.create_sheet(META)
    depts = ",".join(sorted({d.dept_code or d.dept_name for d in c.tree.children}))
    for k, v in (("kind", KIND), ("level", c.level), ("form_id", c.form_id),
                 ("spec_version", load_form(c.form_id).spec["version"]), ("profile_id", c.profile.get("id", "")),
                 ("grades", ",".join(c.metrics.grades)), ("generator", f"jixiao {__version__}"),
                 ("generated_at", c.generated_at.isoformat()), ("departments", depts), ("digest", digest.hexdigest())):
        ws.append([prepared(k), prepared(v)])
    ws.sheet_state = "hidden"


def write_workbook(c: Consolidation, path, roster_name: str | None = None, changes=None) -> Path:
    """Write the consolidation; the same consolidation always gives the same bytes (fixed times, fixed zip dates).

    `roster_name` (the roster's file name) is what 来源 shows for 主管部门 taken from the roster. `changes` (a
    changes.ChangeReport against the previous run) adds its sheet after 异常清单 when it lists any change.
    """
    roster_name = roster_name or c.roster_name or "名册"
    wb = Workbook(write_only=True)
    printing.use_font(wb)
    wb.properties.creator = wb.properties.lastModifiedBy = "jixiao"
    wb.properties.created = wb.properties.modified = c.generated_at
    wb.properties.title = f"{form_title(c.form_id)}{LEVEL_NAMES[c.level]}"
    title = heading(c)
    summary = Table(wb, SUMMARY, summary_columns(c.form_id, c.metrics), title)
    charts = wb.create_sheet(CHARTS)
    det = Table(wb, DETAIL, project_columns(c.form_id), title)
    ind = Table(wb, INDICATORS, indicator_columns(c.form_id), title)
    iss = Table(wb, ISSUES, ISSUE_COLUMNS, title)
    chg = Table(wb, changes.title, changes.columns, title) if changes else None
    src = Table(wb, SOURCES, SOURCE_COLUMNS, title)
    digest = RowDigest()
    _summary(c, summary, src)
    write_charts(c, charts, f"{title}——{CHARTS}")
    _details(c, det, ind, src, digest, roster_name)
    _issues(c, iss, src)
    for row in changes.rows() if chg else ():
        chg.add(row)
    for t in (summary, det, ind, iss, chg, src):
        if t is not None:
            t.finish()
    _info(c, wb, roster_name, changes)
    write_cycle_sheets(c, wb, title)            # 结果应用, 全周期概览, registers (cycle.py)
    _meta(c, wb, digest)
    return save_deterministic(wb, Path(path), c.generated_at)


def save_deterministic(wb: Workbook, path: Path, when: datetime) -> Path:
    """Save beside the target (stored: compressed once, when the zip dates and document times are normalised), then
    rename into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = tempfile.NamedTemporaryFile(suffix=".xlsx", dir=path.parent, delete=False).name
    out = tempfile.NamedTemporaryFile(suffix=".xlsx", dir=path.parent, delete=False).name
    try:
        ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED, allowZip64=True)).save()
        stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
        with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                zi = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
                zi.compress_type = zipfile.ZIP_DEFLATED
                if info.filename == "docProps/core.xml":
                    data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", lambda m: m.group(1) + stamp,
                                  zin.read(info.filename))
                    zout.writestr(zi, data)
                    continue
                with zin.open(info) as fin, zout.open(zi, "w") as fout:
                    shutil.copyfileobj(fin, fout, 1 << 20)
        share_mode(out)                      # the umask's mode, not NamedTemporaryFile's 0600
        os.replace(out, path)
    finally:
        for p in (raw, out):
            if os.path.exists(p):
                os.unlink(p)
    return path


__all__ = ["write_workbook", "Issue"]
