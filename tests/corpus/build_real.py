"""Build the real-layout corpus (tests/corpus/real/*.xlsx).

The workbooks imitate what budget units actually email: the published 财预〔2020〕10号 附1 self-evaluation form, its
regional variants, the 财预〔2015〕88号 goal table and the 财预〔2019〕136号 monitoring table, as described in
../shared/domain/rules.md §1.9–1.11, §5.1 and §6.1 (see tests/corpus/README.md for each family's source). They are
written cell by cell with openpyxl — deliberately NOT by filling jixiao's own templates — with merged label cells,
two-row headers, labels carrying weights, ticks in sub-columns, placeholder rows, note rows, extra columns and values
typed the way accountants type them.

What each file must yield is written by hand in the sidecar ``<name>.expect.yaml`` next to it; nothing here produces
those sidecars. Re-running this script rewrites the .xlsx files byte for byte (fixed timestamps), so the
committed files and the sidecars stay valid.

    python tests/corpus/build_real.py            # writes tests/corpus/real/*.xlsx
    python tests/corpus/build_real.py --out DIR  # somewhere else (the test compares the two)
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

OUT = Path(__file__).resolve().parent / "real"

# ---- typing helpers ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fmt:
    """A number typed into a cell with a display format, e.g. ``96%`` typed in Excel → 0.96 shown as 96%."""

    value: float
    number_format: str


def pct(v: float, fmt: str = "0%") -> Fmt:
    return Fmt(v, fmt)


def money(v: float) -> Fmt:
    return Fmt(v, "#,##0.00")


_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = Font(name="宋体", size=10)
_BOLD = Font(name="宋体", size=10, bold=True)
_TITLE = Font(name="方正小标宋简体", size=16)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)

# fixed workbook metadata: regenerating gives the same content
_CREATED = _dt.datetime(2025, 1, 15, 9, 0, 0)


class Sheet:
    """A thin writer over one worksheet: put values, merge ranges, draw the table grid."""

    def __init__(self, title: str, widths: dict[str, float]):
        self.wb = Workbook()
        self.wb.properties.creator = "财务科"
        self.wb.properties.created = _CREATED
        self.wb.properties.modified = _CREATED
        self.ws = self.wb.active
        self.ws.title = title
        for col, w in widths.items():
            self.ws.column_dimensions[col].width = w

    def put(self, ref: str, value, *, bold: bool = False, align=None, border: bool = True):
        cell = self.ws[ref]
        if isinstance(value, Fmt):
            cell.value = value.value
            cell.number_format = value.number_format
        else:
            cell.value = value
        cell.font = _BOLD if bold else _FONT
        cell.alignment = align or (_LEFT if isinstance(value, str) and len(value) > 12 else _CENTER)
        if border:
            cell.border = _BORDER
        return cell

    def merge(self, rng: str, value=None, **kw):
        first = rng.split(":")[0]
        if value is not None:
            self.put(first, value, **kw)
        if kw.get("border", True):
            for row in self.ws[rng]:
                for c in row:
                    c.border = _BORDER
        if ":" in rng and rng.split(":")[0] != rng.split(":")[1]:
            self.ws.merge_cells(rng)

    def title(self, rng: str, text: str, size_font=_TITLE):
        self.merge(rng, text, border=False)
        self.ws[rng.split(":")[0]].font = size_font
        self.ws[rng.split(":")[0]].alignment = _CENTER

    def note(self, rng: str, text: str):
        self.merge(rng, text, border=False, align=_LEFT)

    def save(self, name: str):
        """Save with fixed timestamps, so that regenerating leaves the committed files byte-for-byte unchanged."""
        OUT.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        self.wb.save(buf)
        stamp = _CREATED.strftime("%Y-%m-%dT%H:%M:%SZ")
        with zipfile.ZipFile(buf) as src, zipfile.ZipFile(OUT / name, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename == "docProps/core.xml":
                    data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                  rb"\g<1>" + stamp.encode() + rb"\g<2>", data)
                fixed = zipfile.ZipInfo(info.filename, date_time=_CREATED.timetuple()[:6])
                fixed.compress_type = zipfile.ZIP_DEFLATED
                dst.writestr(fixed, data)


def _col(i: int) -> str:
    return get_column_letter(i)


def _merge_runs(sh: Sheet, col: str, rows: list[int], labels: list[str | None]):
    """Write a label column where consecutive equal labels share one vertically merged cell (as in the forms)."""
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and labels[j + 1] == labels[i] and labels[i] is not None:
            j += 1
        if labels[i] is None:
            sh.put(f"{col}{rows[i]}", None)
        else:
            sh.merge(f"{col}{rows[i]}:{col}{rows[j]}", labels[i])
        i = j + 1


# ---- shared blocks ----------------------------------------------------------------------------------------------

FUND_HEAD = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")

IND_HEAD = {
    "level1": "一级指标", "level2": "二级指标", "name": "三级指标", "target": "年度指标值", "actual": "实际完成值",
    "weight": "分值", "score": "得分", "reason": "偏差原因分析及改进措施", "note": "备注", "method": "得分计算方法",
}


def _funds_block(sh: Sheet, top: int, d: dict, label: str) -> int:
    """项目资金 block in columns A..I: A label, B:C row label, D..I amounts/分值/执行率/得分. Returns next row."""
    rows = d["funds"]
    head = d.get("fund_head", FUND_HEAD)
    last = top + len(rows)
    sh.merge(f"A{top}:A{last}", label, bold=True)
    sh.merge(f"B{top}:C{top}", None)
    for k, h in enumerate(head):
        sh.put(f"{_col(4 + k)}{top}", h, bold=True)
    for r, row in enumerate(rows, start=top + 1):
        sh.merge(f"B{r}:C{r}", row[0], align=_LEFT)
        for k, v in enumerate(row[1:]):
            sh.put(f"{_col(4 + k)}{r}", v)
    return last + 1


def _indicator_rows(sh: Sheet, first: int, keys: list[str], inds: list[tuple], first_col: int = 2,
                    level1_labels: dict | None = None) -> int:
    """Indicator rows: each tuple follows ``keys``; level1/level2 merged over runs. Returns next row."""
    rows = list(range(first, first + len(inds)))
    for k, key in enumerate(keys):
        col = _col(first_col + k)
        vals = [t[k] for t in inds]
        if key == "level1":
            shown = [(level1_labels or {}).get(v, v) for v in vals]
            _merge_runs(sh, col, rows, shown)
        elif key == "level2":
            # merge runs of equal (level1, level2)
            l1 = [t[keys.index("level1")] for t in inds]
            pairs = [None if v is None else f"{a}\x00{v}" for a, v in zip(l1, vals)]
            i = 0
            while i < len(rows):
                j = i
                while j + 1 < len(rows) and pairs[j + 1] == pairs[i] and pairs[i] is not None:
                    j += 1
                if vals[i] is None:
                    sh.put(f"{col}{rows[i]}", None)
                else:
                    sh.merge(f"{col}{rows[i]}:{col}{rows[j]}", vals[i])
                i = j + 1
        else:
            for r, v in zip(rows, vals):
                sh.put(f"{col}{r}", v, align=_LEFT if key in ("reason", "note", "method", "name") else None)
    return first + len(inds)


# ---- family 1–3: the 附1 grid (national_self_eval, hubei_exec20, weight_conclusion) ------------------------------

def _grid_self_eval(d: dict) -> Sheet:
    """The national 附1 grid: A label column + 8 indicator columns (+ optional extra columns)."""
    keys = d.get("keys", ["level1", "level2", "name", "target", "actual", "weight", "score", "reason"])
    keys_all = keys + d.get("extra_keys", [])
    ncol = 1 + len(keys_all)
    last = _col(max(ncol, 9))
    widths = {"A": 10, "B": 11, "C": 12, "D": 24, "E": 14, "F": 14, "G": 9, "H": 9, "I": 30, "J": 18, "K": 18}
    sh = Sheet(d.get("sheet", "Sheet1"), widths)
    r = 1
    if d.get("attach"):
        sh.put("A1", d["attach"], border=False, align=_LEFT)
        r = 2
    sh.title(f"A{r}:{last}{r}", d["title"])
    r += 1
    if d.get("year_line"):
        sh.title(f"A{r}:{last}{r}", d["year_line"], Font(name="宋体", size=11))
        r += 1
    if d.get("unit_line"):
        sh.merge(f"A{r}:{last}{r}", d["unit_line"], border=False, align=Alignment(horizontal="right"))
        r += 1
    sh.put(f"A{r}", "项目名称", bold=True)
    sh.merge(f"B{r}:{last}{r}", d["project"], align=_LEFT)
    r += 1
    sh.put(f"A{r}", "主管部门", bold=True)
    sh.merge(f"B{r}:E{r}", d["department"], align=_LEFT)
    sh.put(f"F{r}", "实施单位", bold=True)
    sh.merge(f"G{r}:{last}{r}", d["unit"], align=_LEFT)
    r += 1
    r = _funds_block(sh, r, d, d.get("funds_label", "项目资金（万元）"))
    # 年度总体目标
    sh.merge(f"A{r}:A{r + 1}", d.get("goal_label", "年度总体目标"), bold=True)
    sh.merge(f"B{r}:E{r}", "预期目标", bold=True)
    sh.merge(f"F{r}:{last}{r}", "实际完成情况", bold=True)
    sh.merge(f"B{r + 1}:E{r + 1}", d["goal"][0], align=_LEFT)
    sh.merge(f"F{r + 1}:{last}{r + 1}", d["goal"][1], align=_LEFT)
    sh.ws.row_dimensions[r + 1].height = 60
    r += 2
    # indicator header
    head = dict(IND_HEAD, **d.get("ind_head", {}))
    n = len(d["indicators"])
    sh.merge(f"A{r}:A{r + n}", d.get("ind_label", "绩效指标"), bold=True)
    for k, key in enumerate(keys_all):
        sh.put(f"{_col(2 + k)}{r}", head[key], bold=True)
    r = _indicator_rows(sh, r + 1, keys_all, d["indicators"], level1_labels=d.get("level1_labels"))
    # total row(s)
    tot = d["total"]
    wcol = _col(2 + keys_all.index("weight"))
    scol = _col(2 + keys_all.index("score"))
    before = _col(1 + keys_all.index("weight"))
    sh.merge(f"A{r}:{before}{r}", tot["label"], bold=True)
    sh.put(f"{wcol}{r}", tot["weight"])
    sh.put(f"{scol}{r}", tot["score"])
    rest = [c for c in range(2 + keys_all.index("score") + 1, ncol + 1)]
    if rest:
        if tot.get("grade") is not None and tot.get("grade_inline"):
            sh.put(f"{_col(rest[0])}{r}", tot["grade"])
            if len(rest) > 1:
                sh.merge(f"{_col(rest[1])}{r}:{_col(rest[-1])}{r}", None)
        else:
            sh.merge(f"{_col(rest[0])}{r}:{_col(rest[-1])}{r}", None)
    r += 1
    if tot.get("grade") is not None and not tot.get("grade_inline"):
        sh.merge(f"A{r}:{before}{r}", tot.get("grade_label", "自评等级"), bold=True)
        sh.merge(f"{wcol}{r}:{last}{r}", tot["grade"])
        r += 1
    for label, text in d.get("conclusions", []):
        sh.merge(f"A{r}:B{r}", label, bold=True)
        sh.merge(f"C{r}:{last}{r}", text, align=_LEFT)
        sh.ws.row_dimensions[r].height = 40
        r += 1
    r += d.get("gap", 0)
    for text in d.get("notes", []):
        sh.note(f"A{r}:{last}{r}", text)
        r += 1
    return sh


def national_self_eval(name: str, d: dict):
    """财预〔2020〕10号 附1 项目支出绩效自评表 as published (rules.md §1.9)."""
    _grid_self_eval(d).save(name)


def hubei_exec20(name: str, d: dict):
    """Hubei local form: 预算执行 worth 20 points, indicators 80 (rules.md §1.5)."""
    d = dict(d)
    d.setdefault("funds_label", "预算执行情况（20分）")
    d.setdefault("ind_label", "绩效指标（80分）")
    _grid_self_eval(d).save(name)


def weight_conclusion(name: str, d: dict):
    """附1 grid with 完成值/权重 columns and 评价结论 / 存在问题 / 改进措施 rows below (rules.md §1.9, Sichuan/Beijing)."""
    d = dict(d)
    d.setdefault("ind_head", {"actual": "完成值", "weight": "权重"})
    _grid_self_eval(d).save(name)


# ---- family 4: Yunnan sub-columns ---------------------------------------------------------------------------------

def yunnan_subcolumns(name: str, d: dict):
    """Yunnan 公开表: 年度指标值 split into 指标性质/指标值/度量单位; final row with 总分 and 等级 (rules.md §1.9)."""
    widths = {"A": 11, "B": 12, "C": 24, "D": 8, "E": 10, "F": 10, "G": 12, "H": 8, "I": 9, "J": 30}
    sh = Sheet(d.get("sheet", "项目支出绩效自评表"), widths)
    r = 1
    if d.get("table_no"):
        sh.put("A1", d["table_no"], border=False, align=_LEFT)
        r = 2
    sh.title(f"A{r}:J{r}", d["title"])
    r += 1
    sh.title(f"A{r}:J{r}", d["year_line"], Font(name="宋体", size=11))
    r += 1
    sh.put(f"A{r}", "项目名称", bold=True)
    sh.merge(f"B{r}:J{r}", d["project"], align=_LEFT)
    r += 1
    sh.put(f"A{r}", "主管部门", bold=True)
    sh.merge(f"B{r}:E{r}", d["department"], align=_LEFT)
    sh.merge(f"F{r}:G{r}", "实施单位", bold=True)
    sh.merge(f"H{r}:J{r}", d["unit"], align=_LEFT)
    r += 1
    # funds: A:B label, C:D row label, E..J
    rows = d["funds"]
    last = r + len(rows)
    sh.merge(f"A{r}:B{last}", d.get("funds_label", "项目资金（万元）"), bold=True)
    sh.merge(f"C{r}:D{r}", None)
    for k, h in enumerate(FUND_HEAD):
        sh.put(f"{_col(5 + k)}{r}", h, bold=True)
    for rr, row in enumerate(rows, start=r + 1):
        sh.merge(f"C{rr}:D{rr}", row[0], align=_LEFT)
        for k, v in enumerate(row[1:]):
            sh.put(f"{_col(5 + k)}{rr}", v)
    r = last + 1
    sh.merge(f"A{r}:A{r + 1}", "年度总体目标", bold=True)
    sh.merge(f"B{r}:F{r}", "预期目标", bold=True)
    sh.merge(f"G{r}:J{r}", "实际完成情况", bold=True)
    sh.merge(f"B{r + 1}:F{r + 1}", d["goal"][0], align=_LEFT)
    sh.merge(f"G{r + 1}:J{r + 1}", d["goal"][1], align=_LEFT)
    sh.ws.row_dimensions[r + 1].height = 60
    r += 2
    # two-row header
    sh.merge(f"A{r}:A{r + 1}", "一级指标", bold=True)
    sh.merge(f"B{r}:B{r + 1}", "二级指标", bold=True)
    sh.merge(f"C{r}:C{r + 1}", "三级指标", bold=True)
    sh.merge(f"D{r}:F{r}", "年度指标值", bold=True)
    sh.put(f"D{r + 1}", "指标性质", bold=True)
    sh.put(f"E{r + 1}", "指标值", bold=True)
    sh.put(f"F{r + 1}", "度量单位", bold=True)
    sh.merge(f"G{r}:G{r + 1}", "实际完成值", bold=True)
    sh.merge(f"H{r}:H{r + 1}", "分值", bold=True)
    sh.merge(f"I{r}:I{r + 1}", "得分", bold=True)
    sh.merge(f"J{r}:J{r + 1}", "偏差原因分析及改进措施", bold=True)
    r += 2
    keys = ["level1", "level2", "name", "nature", "target", "unit", "actual", "weight", "score", "reason"]
    r = _indicator_rows(sh, r, keys, d["indicators"], first_col=1)
    tot = d["total"]
    sh.put(f"A{r}", "其他需要说明事项", bold=True)
    sh.merge(f"B{r}:F{r}", tot.get("other", "无"), align=_LEFT)
    sh.put(f"G{r}", "总分", bold=True)
    sh.put(f"H{r}", tot["weight"])
    sh.put(f"I{r}", tot["score"])
    sh.put(f"J{r}", tot["grade"])
    r += 1 + d.get("gap", 0)
    for text in d.get("notes", []):
        sh.note(f"A{r}:J{r}", text)
        r += 1
    sh.save(name)


# ---- family 5: Sichuan 2023 ---------------------------------------------------------------------------------------

def sichuan_2023(name: str, d: dict):
    """四川 部门预算项目支出绩效自评表（报表编号 510000_0013zp）: 预算执行情况（10分）, 绩效指标（90分）, 评价结论…"""
    widths = {"A": 10, "B": 11, "C": 12, "D": 22, "E": 8, "F": 10, "G": 10, "H": 10, "I": 8, "J": 8, "K": 30}
    sh = Sheet(d.get("sheet", "项目支出绩效自评表"), widths)
    sh.merge("I1:K1", "报表编号：510000_0013zp", border=False, align=Alignment(horizontal="right"))
    sh.title("A2:K2", d["title"])
    sh.title("A3:K3", d["year_line"], Font(name="宋体", size=11))
    sh.merge("A4:F4", f"填报单位：{d['unit']}", border=False, align=_LEFT)
    sh.merge("G4:K4", "单位：万元", border=False, align=Alignment(horizontal="right"))
    sh.put("A5", "项目名称", bold=True)
    sh.merge("B5:K5", d["project"], align=_LEFT)
    sh.put("A6", "主管部门", bold=True)
    sh.merge("B6:E6", d["department"], align=_LEFT)
    sh.merge("F6:G6", "实施单位", bold=True)
    sh.merge("H6:K6", d["unit"], align=_LEFT)
    # 预算执行情况（10分）: A label, B:C row label, D..I, J:K 原因
    rows = d["funds"]
    top = 7
    last = top + len(rows)
    sh.merge(f"A{top}:A{last}", "预算执行情况（10分）", bold=True)
    sh.merge(f"B{top}:C{top}", None)
    for k, h in enumerate(("年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分")):
        sh.put(f"{_col(4 + k)}{top}", h, bold=True)
    sh.merge(f"J{top}:K{top}", "原因", bold=True)
    for rr, row in enumerate(rows, start=top + 1):
        sh.merge(f"B{rr}:C{rr}", row[0], align=_LEFT)
        for k, v in enumerate(row[1:7]):
            sh.put(f"{_col(4 + k)}{rr}", v)
        sh.merge(f"J{rr}:K{rr}", row[7] if len(row) > 7 else None, align=_LEFT)
    r = last + 1
    sh.put(f"A{r}", "年度总体目标完成情况", bold=True)
    sh.merge(f"B{r}:F{r}", d["goal"][0], align=_LEFT)
    sh.merge(f"G{r}:K{r}", d["goal"][1], align=_LEFT)
    sh.ws.row_dimensions[r].height = 60
    r += 1
    n = len(d["indicators"])
    sh.merge(f"A{r}:A{r + n}", "绩效指标（90分）", bold=True)
    keys = ["level1", "level2", "name", "nature", "target", "unit", "actual", "weight", "score", "reason"]
    head = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"]
    for k, h in enumerate(head):
        sh.put(f"{_col(2 + k)}{r}", h, bold=True)
    r = _indicator_rows(sh, r + 1, keys, d["indicators"])
    tot = d["total"]
    sh.merge(f"A{r}:H{r}", "合计", bold=True)
    sh.put(f"I{r}", tot["weight"])
    sh.put(f"J{r}", tot["score"])
    sh.put(f"K{r}", None)
    r += 1
    for label, text in d["conclusions"]:
        sh.merge(f"A{r}:B{r}", label, bold=True)
        sh.merge(f"C{r}:K{r}", text, align=_LEFT)
        sh.ws.row_dimensions[r].height = 40
        r += 1
    sh.merge(f"A{r}:D{r}", f"项目负责人：{d.get('signer', '')}", border=False, align=_LEFT)
    sh.merge(f"E{r}:H{r}", "财务负责人：", border=False, align=_LEFT)
    sh.merge(f"I{r}:K{r}", "填表人：", border=False, align=_LEFT)
    r += 2
    for text in d.get("notes", SICHUAN_NOTES):
        sh.note(f"A{r}:K{r}", text)
        r += 1
    sh.save(name)


SICHUAN_NOTES = [
    "填表说明：1.预算执行率=预算执行数/调整后预算数，未达到90%的需说明原因（100字以内）。",
    "2.年中预算调整（追加或调减）应单独说明理由。",
    "3.其他资金包括社会投入资金、银行贷款等。",
    "4.评价结论、存在问题、改进措施各200字以内；项目年度目标完成情况100字以内。",
]


# ---- family 6: indicators grouped under 年度绩效目标1/2 ------------------------------------------------------------

def goal_groups(name: str, d: dict):
    """Indicators grouped under 年度绩效目标1/年度绩效目标2 (first column), 进度指标 as a 二级 (issue 10)."""
    widths = {"A": 18, "B": 11, "C": 12, "D": 24, "E": 14, "F": 14, "G": 8, "H": 8, "I": 30}
    sh = Sheet(d.get("sheet", "自评表"), widths)
    sh.title("A1:I1", d["title"])
    sh.title("A2:I2", d["year_line"], Font(name="宋体", size=11))
    sh.put("A3", "项目名称", bold=True)
    sh.merge("B3:I3", d["project"], align=_LEFT)
    sh.put("A4", "主管部门", bold=True)
    sh.merge("B4:E4", d["department"], align=_LEFT)
    sh.put("F4", "实施单位", bold=True)
    sh.merge("G4:I4", d["unit"], align=_LEFT)
    r = _funds_block(sh, 5, d, d.get("funds_label", "项目资金（万元）"))
    sh.merge(f"A{r}:A{r + 1}", "年度总体目标", bold=True)
    sh.merge(f"B{r}:E{r}", "预期目标", bold=True)
    sh.merge(f"F{r}:I{r}", "实际完成情况", bold=True)
    sh.merge(f"B{r + 1}:E{r + 1}", d["goal"][0], align=_LEFT)
    sh.merge(f"F{r + 1}:I{r + 1}", d["goal"][1], align=_LEFT)
    sh.ws.row_dimensions[r + 1].height = 60
    r += 2
    keys = ["goal", "level1", "level2", "name", "target", "actual", "weight", "score", "reason"]
    head = ["年度绩效目标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    for k, h in enumerate(head):
        sh.put(f"{_col(1 + k)}{r}", h, bold=True)
    r += 1
    inds = d["indicators"]
    rows = list(range(r, r + len(inds)))
    _merge_runs(sh, "A", rows, [t[0] for t in inds])
    i = 0
    while i < len(inds):      # 一级/二级 merges never cross a 年度绩效目标 boundary
        j = i
        while j + 1 < len(inds) and inds[j + 1][0] == inds[i][0]:
            j += 1
        _indicator_rows(sh, r + i, keys[1:], [t[1:] for t in inds[i:j + 1]])
        i = j + 1
    r += len(inds)
    tot = d["total"]
    sh.merge(f"A{r}:F{r}", "总分", bold=True)
    sh.put(f"G{r}", tot["weight"])
    sh.put(f"H{r}", tot["score"])
    sh.put(f"I{r}", None)
    r += 1
    if tot.get("grade") is not None:
        sh.merge(f"A{r}:F{r}", "自评等级", bold=True)
        sh.merge(f"G{r}:I{r}", tot["grade"])
        r += 1
    r += 1
    for text in d.get("notes", []):
        sh.note(f"A{r}:I{r}", text)
        r += 1
    sh.save(name)


# ---- family 7: 项目支出绩效目标申报表 --------------------------------------------------------------------------------

def national_goal(name: str, d: dict):
    """财预〔2015〕88号 项目支出绩效目标申报表 (rules.md §5.1), in one of three published arrangements."""
    {"88": _goal_88, "system": _goal_system, "transfer": _goal_transfer}[d["variant"]](name, d)


def _goal_88(name: str, d: dict):
    """88号 layout: 中期/年度 funds side by side, 中期目标/年度目标, indicator blocks 中期 | 年度 (two-row header)."""
    widths = {"A": 10, "B": 11, "C": 14, "D": 22, "E": 14, "F": 22, "G": 14}
    sh = Sheet(d.get("sheet", "目标申报表"), widths)
    sh.title("A1:G1", d["title"])
    sh.title("A2:G2", d["year_line"], Font(name="宋体", size=11))
    sh.merge("A3:B3", "项目名称", bold=True)
    sh.merge("C3:G3", d["project"], align=_LEFT)
    sh.merge("A4:B4", "主管部门及代码", bold=True)
    sh.merge("C4:D4", d["department"], align=_LEFT)
    sh.put("E4", "实施单位", bold=True)
    sh.merge("F4:G4", d["unit"], align=_LEFT)
    sh.merge("A5:B5", "项目属性", bold=True)
    sh.merge("C5:D5", d["kind"])
    sh.put("E5", "项目期", bold=True)
    sh.merge("F5:G5", d["period"])
    sh.merge("A6:B8", "项目资金（万元）", bold=True)
    for k, (ml, mv, al, av) in enumerate(d["funds"]):
        rr = 6 + k
        sh.put(f"C{rr}", ml, align=_LEFT)
        sh.put(f"D{rr}", mv)
        sh.put(f"E{rr}", al, align=_LEFT)
        sh.merge(f"F{rr}:G{rr}", av)
    sh.merge("A9:A10", "总体目标", bold=True)
    sh.merge("B9:D9", d["mid_label"], bold=True)
    sh.merge("E9:G9", "年度目标", bold=True)
    sh.merge("B10:D10", d["goal"][0], align=_LEFT)
    sh.merge("E10:G10", d["goal"][1], align=_LEFT)
    sh.ws.row_dimensions[10].height = 75
    n = len(d["indicators"])
    sh.merge(f"A11:A{12 + n}", "绩效指标", bold=True)
    sh.merge("B11:B12", "一级指标", bold=True)
    sh.merge("C11:C12", "二级指标", bold=True)
    sh.merge("D11:E11", "中期指标", bold=True)
    sh.merge("F11:G11", "年度指标", bold=True)
    for c, h in zip("DEFG", ("三级指标", "指标值", "三级指标", "指标值")):
        sh.put(f"{c}12", h, bold=True)
    r = _indicator_rows(sh, 13, ["level1", "level2", "mid_name", "mid_target", "name", "target"], d["indicators"])
    r += 1
    for text in d.get("notes", []):
        sh.note(f"A{r}:G{r}", text)
        r += 1
    sh.save(name)


def _goal_system(name: str, d: dict):
    """Export-style goal table: one-row funds (年度资金总额（万元）| 其中：财政拨款（万元）| 其他资金（万元）), 计量单位 column."""
    widths = {"A": 14, "B": 14, "C": 26, "D": 12, "E": 12, "F": 24}
    sh = Sheet(d.get("sheet", "绩效目标"), widths)
    sh.title("A1:F1", d["title"])
    sh.title("A2:F2", d["year_line"], Font(name="宋体", size=11))
    sh.put("A3", "项目名称", bold=True)
    sh.merge("B3:C3", d["project"], align=_LEFT)
    sh.put("D3", "主管部门", bold=True)
    sh.merge("E3:F3", d["department"], align=_LEFT)
    sh.put("A4", "实施单位", bold=True)
    sh.merge("B4:C4", d["unit"], align=_LEFT)
    sh.put("D4", "项目属性", bold=True)
    sh.merge("E4:F4", d["kind"])
    labels = ("年度资金总额（万元）", "其中：财政拨款（万元）", "其他资金（万元）")
    for k, (lab, v) in enumerate(zip(labels, d["funds"])):
        sh.put(f"{_col(1 + 2 * k)}5", lab, bold=True)
        sh.put(f"{_col(2 + 2 * k)}5", v)
    sh.put("A6", "年度目标", bold=True)
    sh.merge("B6:F6", d["goal"], align=_LEFT)
    sh.ws.row_dimensions[6].height = 60
    for k, h in enumerate(("一级指标", "二级指标", "三级指标", "指标值", "计量单位", "备注")):
        sh.put(f"{_col(1 + k)}7", h, bold=True)
    r = _indicator_rows(sh, 8, ["level1", "level2", "name", "target", "unit", "note"], d["indicators"], first_col=1)
    r += 1
    for text in d.get("notes", []):
        sh.note(f"A{r}:F{r}", text)
        r += 1
    sh.save(name)


def _goal_transfer(name: str, d: dict):
    """Transfer-payment 绩效目标申报表（参考模板）: 项目负责人及电话, 资金情况（万元） rows, 目标1/2/3, ★ core indicators."""
    widths = {"A": 12, "B": 12, "C": 14, "D": 28, "E": 16}
    sh = Sheet(d.get("sheet", "绩效目标申报表"), widths)
    sh.title("A1:E1", d["title"])
    sh.title("A2:E2", d["year_line"], Font(name="宋体", size=11))
    sh.merge("A3:B3", "项目名称", bold=True)
    sh.merge("C3:E3", d["project"], align=_LEFT)
    sh.merge("A4:B4", "项目负责人及电话", bold=True)
    sh.merge("C4:E4", d["contact"], align=_LEFT)
    sh.merge("A5:B5", "主管部门", bold=True)
    sh.merge("C5:E5", d["department"], align=_LEFT)
    sh.merge("A6:B6", "实施单位", bold=True)
    sh.merge("C6:E6", d["unit"], align=_LEFT)
    sh.merge("A7:B9", "资金情况（万元）", bold=True)
    for k, (lab, v) in enumerate(zip(("年度资金总额：", "其中：财政拨款", "其他资金"), d["funds"])):
        sh.merge(f"C{7 + k}:D{7 + k}", lab, align=_LEFT)
        sh.put(f"E{7 + k}", v)
    sh.merge("A10:B12", "年度总体目标", bold=True)
    for k, g in enumerate(d["goals"]):
        sh.merge(f"C{10 + k}:E{10 + k}", g, align=_LEFT)
    n = len(d["indicators"])
    sh.merge(f"A13:A{13 + n}", "绩效指标", bold=True)
    for c, h in zip("BCDE", ("一级指标", "二级指标", "三级指标", "指标值")):
        sh.put(f"{c}13", h, bold=True)
    r = _indicator_rows(sh, 14, ["level1", "level2", "name", "target"], d["indicators"])
    r += 1
    for text in d.get("notes", []):
        sh.note(f"A{r}:E{r}", text)
        r += 1
    sh.save(name)


# ---- family 8: 项目支出绩效目标执行监控表 ------------------------------------------------------------------------------

REASONS = ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他")
LIKELIHOOD = ("确定能", "有可能", "完全不可能")
TICK = "√"


def national_monitor(name: str, d: dict):
    """财预〔2019〕136号 项目支出绩效目标执行监控表 (rules.md §6.1), as published or in a local single-column copy."""
    {"136": _monitor_136, "local": _monitor_local}[d["variant"]](name, d)


def _monitor_head(sh: Sheet, d: dict, last: str, pairs: list[tuple[str, str, str, str]]) -> int:
    """Title, year line, optional 「附件」 and 「单位：万元」 lines, then label | value rows: (label range, label,
    value range, value). Returns the next row."""
    r = 1
    if d.get("attach"):
        sh.put("A1", d["attach"], border=False, align=_LEFT)
        r = 2
    sh.title(f"A{r}:{last}{r}", d["title"])
    sh.title(f"A{r + 1}:{last}{r + 1}", d["year_line"], Font(name="宋体", size=11))
    r += 2
    if d.get("unit_line"):
        sh.merge(f"A{r}:{last}{r}", d["unit_line"], border=False, align=Alignment(horizontal="right"))
        r += 1
    for row in pairs:
        for k in range(0, len(row), 4):
            lab_rng, lab, val_rng, val = row[k:k + 4]
            sh.merge(lab_rng.format(r=r), lab, bold=True)
            sh.merge(val_rng.format(r=r), val, align=_LEFT)
        r += 1
    return r


def _monitor_136(name: str, d: dict):
    """The national table: 项目资金 年初预算数 | 1—7月执行数 | 1—7月执行率 | 全年预计执行数; 年度总体目标 全年预期目标 |
    1—7月执行情况; indicators with 偏差原因分析 (5 sub-columns) and 完成目标可能性 (3 sub-columns) ticked with √ under a
    two-row header, and 备注. Columns A..P; label cells merged the way the published copies merge them."""
    widths = {"A": 8, "B": 10, "C": 11, "D": 22, "E": 13, "F": 12, "G": 12, "H": 6, "I": 6, "J": 6, "K": 6, "L": 6,
              "M": 6, "N": 6, "O": 6, "P": 26}
    sh = Sheet(d.get("sheet", "监控表"), widths)
    n = d.get("period", "1—7月")
    r = _monitor_head(sh, d, "P", [
        ("A{r}:B{r}", "项目名称", "C{r}:P{r}", d["project"]),
        ("A{r}:B{r}", d.get("department_label", "主管部门及代码"), "C{r}:H{r}", d["department"],
         "I{r}:J{r}", "实施单位", "K{r}:P{r}", d["unit"]),
    ])
    rows = d["funds"]
    last = r + len(rows)
    sh.merge(f"A{r}:B{last}", d.get("funds_label", "项目资金（万元）"), bold=True)
    sh.merge(f"C{r}:D{r}", None)
    for rng, h in (("E{r}:F{r}", "年初预算数"), ("G{r}:H{r}", f"{n}执行数"), ("I{r}:J{r}", f"{n}执行率"),
                   ("K{r}:L{r}", "全年预计执行数"), ("M{r}:P{r}", None)):
        sh.merge(rng.format(r=r), h, bold=True)
    for rr, (label, *values) in enumerate(rows, start=r + 1):
        sh.merge(f"C{rr}:D{rr}", label, align=_LEFT)
        for rng, v in zip(("E{r}:F{r}", "G{r}:H{r}", "I{r}:J{r}", "K{r}:L{r}"), values):
            sh.merge(rng.format(r=rr), v)
        sh.merge(f"M{rr}:P{rr}", None)
    r = last + 1
    sh.merge(f"A{r}:B{r + 1}", "年度总体目标", bold=True)
    sh.merge(f"C{r}:I{r}", "全年预期目标", bold=True)
    sh.merge(f"J{r}:P{r}", f"{n}执行情况", bold=True)
    sh.merge(f"C{r + 1}:I{r + 1}", d["goal"][0], align=_LEFT)
    sh.merge(f"J{r + 1}:P{r + 1}", d["goal"][1], align=_LEFT)
    sh.ws.row_dimensions[r + 1].height = 60
    r += 2
    inds = d["indicators"]
    sh.merge(f"A{r}:A{r + 1 + len(inds)}", "绩效指标", bold=True)
    for c, h in zip("BCDEFG", ("一级指标", "二级指标", "三级指标", "年度指标值", f"{n}执行情况", "全年预计完成情况")):
        sh.merge(f"{c}{r}:{c}{r + 1}", h, bold=True)
    sh.merge(f"H{r}:L{r}", "偏差原因分析", bold=True)
    sh.merge(f"M{r}:O{r}", "完成目标可能性", bold=True)
    sh.merge(f"P{r}:P{r + 1}", "备注", bold=True)
    for c, h in zip("HIJKLMNO", REASONS + LIKELIHOOD):
        sh.put(f"{c}{r + 1}", h, bold=True)
    r += 2
    _indicator_rows(sh, r, ["level1", "level2", "name", "target", "actual", "forecast"], [t[:6] for t in inds])
    for rr, (*_, reason, likely, note) in enumerate(inds, start=r):
        chosen = {reason} if isinstance(reason, str) else set(reason or ())
        for c, option in zip("HIJKLMNO", REASONS + LIKELIHOOD):
            sh.put(f"{c}{rr}", TICK if option in chosen or option == likely else None)
        sh.put(f"P{rr}", note, align=_LEFT)
    r += len(inds) + 1
    for text in d.get("notes", []):
        sh.note(f"A{r}:P{r}", text)
        r += 1
    sh.save(name)


MONITOR_HEAD = {
    "level1": "一级指标", "level2": "二级指标", "name": "三级指标", "nature": "指标性质", "target": "年度指标值",
    "unit": "度量单位", "actual": "{n}执行情况", "forecast": "全年预计完成情况", "reason": "偏差原因",
    "note": "偏差原因说明", "likelihood": "完成目标可能性", "measures": "纠偏措施", "remark": "备注",
}


def _monitor_local(name: str, d: dict):
    """A local copy with one column per item (as a province's system prints it): 项目资金 with 全年预算数/调整后预算数
    and a 偏差原因 per funding row; 偏差原因, 完成目标可能性 typed as words; optional 指标性质/度量单位, 纠偏措施 and an
    extra 备注 column. Columns A.. as many as the keys."""
    keys = d["keys"]
    n = d.get("period", "1—6月")
    last = _col(max(len(keys), 8))
    widths = {_col(i + 1): (22 if k in ("name", "note", "measures", "remark") else 11) for i, k in enumerate(keys)}
    sh = Sheet(d.get("sheet", "运行监控表"), widths)
    r = _monitor_head(sh, d, last, [
        ("A{r}:B{r}", "项目名称", "C{r}:E{r}", d["project"], "F{r}:G{r}", "项目编码", f"H{{r}}:{last}{{r}}",
         d["code"]),
        ("A{r}:B{r}", "主管部门", "C{r}:E{r}", d["department"], "F{r}:G{r}", "实施单位", f"H{{r}}:{last}{{r}}",
         d["unit"]),
    ])
    head = d["fund_head"]                    # e.g. (年初预算数, 调整后预算数, 1-6月执行数, 1-6月执行率, 全年预计执行数, 偏差原因)
    rows = d["funds"]
    sh.merge(f"A{r}:A{r + len(rows)}", d.get("funds_label", "项目资金（万元）"), bold=True)
    sh.put(f"B{r}", None)
    for k, h in enumerate(head):
        sh.put(f"{_col(3 + k)}{r}", h.format(n=n), bold=True)
    for rr, (label, *values) in enumerate(rows, start=r + 1):
        sh.put(f"B{rr}", label, align=_LEFT)
        for k, v in enumerate(values):
            sh.put(f"{_col(3 + k)}{rr}", v)
    r += len(rows) + 1
    sh.put(f"A{r}", "年度总体目标", bold=True)
    sh.merge(f"B{r}:F{r}", "全年预期目标", bold=True)
    sh.merge(f"G{r}:{last}{r}", f"{n}执行情况", bold=True)
    sh.put(f"A{r + 1}", None)
    sh.merge(f"B{r + 1}:F{r + 1}", d["goal"][0], align=_LEFT)
    sh.merge(f"G{r + 1}:{last}{r + 1}", d["goal"][1], align=_LEFT)
    sh.ws.row_dimensions[r + 1].height = 60
    r += 2
    head = dict(MONITOR_HEAD, **d.get("ind_head", {}))
    for k, key in enumerate(keys):
        sh.put(f"{_col(1 + k)}{r}", head[key].format(n=n), bold=True)
    r = _indicator_rows(sh, r + 1, keys, d["indicators"], first_col=1) + 1
    for text in d.get("notes", []):
        sh.note(f"A{r}:{last}{r}", text)
        r += 1
    sh.save(name)


# ==== the corpus ====================================================================================================
# Every name and figure below is fictitious. Amounts in 万元 unless the form says 元.

NAT_NOTES = [
    "填表说明：1.绩效指标得分：完成指标值的记该指标全部分值；未完成的按完成值与指标值的比例计分。",
    "2.得分低于分值或完成值高于指标值较多的，须在“偏差原因分析及改进措施”栏说明原因。",
    "3.总分90（含）以上为优，80（含）—90为良，60（含）—80为中，60以下为差。",
]

P, E, S = "产出指标", "效益指标", "满意度指标"
SAT = "服务对象满意度指标"


def build_national():
    national_self_eval("附1-区第一中学-学生资助补助资金-2025.xlsx", dict(
        sheet="项目支出绩效自评表", title="项目支出绩效自评表", year_line="（2025年度）",
        project="学生资助补助资金", department="区教育局", unit="区第一中学",
        funds=[
            ("年度资金总额", 120, 126.5, 121.44, 10, pct(0.96, "0.00%"), 9.6),
            ("其中：当年财政拨款", 120, 120, 115.2, "—", pct(0.96, "0.00%"), "—"),
            ("上年结转资金", 0, 6.5, 6.24, "—", pct(0.96, "0.00%"), "—"),
            ("其他资金", None, None, None, "—", None, "—"),
        ],
        goal=("按政策资助家庭经济困难学生不少于500人次，资助资金按时足额发放，不让一名学生因家庭经济困难而失学。",
              "全年资助家庭经济困难学生526人次，发放资助资金115.2万元，无学生因家庭经济困难辍学。"),
        indicators=[
            (P, "数量指标", "资助学生人次", "≥500人次", 526, 20, 20, None),
            (P, "质量指标", "资助对象认定准确率", "≥98%", "100%", 10, 10, None),
            (P, "时效指标", "资助资金发放及时率", "≥95%", "92%", 10, 9.68, "秋季学期部分学生学籍信息变更，资金延迟发放；下年度提前核对学籍信息。"),
            (P, "成本指标", "生均资助标准", "≤2500元/人", 2400, 10, 10, None),
            (E, "社会效益指标", "家庭经济困难学生辍学人数", "＝0人", 0, 15, 15, None),
            (E, "可持续影响指标", "资助政策知晓率", "≥90%", "95%", 15, 15, None),
            (S, SAT, "受助学生及家长满意度", "≥90%", "96%", 10, 10, None),
        ],
        total=dict(label="总分", weight=100, score=99.28),
    ))

    national_self_eval("附1-区疾病预防控制中心-免疫规划-2025.xlsx", dict(
        sheet="Sheet1", attach="附件1", title="项目支出绩效自评表", year_line="（2025年度）",
        project="免疫规划及预防接种服务经费", department="区卫生健康局", unit="区疾病预防控制中心",
        funds=[
            ("年度资金总额", 85, 85, 80.75, 10, pct(0.95), 9.5),
            ("其中：本年财政拨款", 85, 85, 80.75, "—", pct(0.95), "—"),
            ("上年结转资金", 0, 0, 0, "—", None, "—"),
            ("其他资金", 0, 0, 0, "—", None, "—"),
        ],
        goal=("完成适龄儿童免疫规划疫苗接种，接种率保持在95%以上，疫苗冷链运转正常。",
              "全年接种12650人次，接种率97.2%，冷链监测全部及时，未发生疫苗针对传染病暴发疫情。"),
        level1_labels={P: "产出指标（50分）", E: "效益指标（30分）", S: "满意度指标（10分）"},
        indicators=[
            (P, "数量指标", "适龄儿童免疫规划疫苗接种人次", "≥12000人次", 12650, 15, 15, None),
            (P, "数量指标", "指标2", None, None, None, None, None),
            (P, "质量指标", "免疫规划疫苗接种率", "≥95%", "97.2%", 15, 15, None),
            (P, "时效指标", "疫苗冷链监测及时率", "＝100%", "100%", 10, 10, None),
            (P, "成本指标", "疫苗储运成本", "≤30万元", 28.6, 10, 10, None),
            (E, "社会效益指标", "疫苗可预防传染病报告发病率", "≤10/10万", "6.5/10万", 20, 20, None),
            (E, "社会效益指标", "……", None, None, None, None, None),
            (E, "可持续影响指标", "预防接种信息化管理覆盖率", "≥90%", "88%", 10, 9.78, 0),
            (S, SAT, "接种儿童家长满意度", "≥90%", "93%", 10, 10, None),
        ],
        total=dict(label="总分", weight=100, score=98.28),
    ))

    national_self_eval("附1-区人民医院-公立医院综合改革补助-2024.xlsx", dict(
        sheet="自评表", title="2024年度项目支出绩效自评表", year_line="（2024年度）",
        project="公立医院综合改革补助资金", department="区卫生健康局", unit="区人民医院",
        funds_label="项目资金（元）",
        funds=[
            ("年度资金总额：", money(3500000), money(3200000), money(3136000), 10, pct(0.98, "0.00%"), 9.8),
            ("其中：当年财政拨款", money(3000000), money(2700000), money(2646000), "—", pct(0.98, "0.00%"), "—"),
            ("上年结转资金", None, None, None, "—", None, "—"),
            ("其他资金", money(500000), money(500000), money(490000), "—", pct(0.98, "0.00%"), "—"),
        ],
        goal=("落实公立医院综合改革各项补助政策，推进医联体建设和分级诊疗，控制医疗费用不合理增长。",
              "帮扶基层医疗机构8个，培训医务人员240人次，双向转诊1350人次；门诊次均费用增幅6%，略高于目标。"),
        indicators=[
            (P, "数量指标", "开展医联体帮扶基层机构数", "≥8个", "8个", 15, 15, None),
            (P, "数量指标", "医务人员培训人次", "≥300人次", "240人次", 15, 12, "受院区改造影响，部分培训延期至次年，下一步合理安排培训计划。"),
            (P, "质量指标", "药品零差率执行率", "=100%", "100%", 10, 10, None),
            (P, "时效指标", "补助资金拨付及时率", "≥95%", "100%", 10, 10, None),
            (E, "社会效益指标", "门诊次均费用增幅", "≤5%", "6%", 15, 13.5, "受新增检验检查项目影响，次均费用增幅略高于目标。"),
            (E, "可持续影响指标", "分级诊疗双向转诊人次", "≥1,200人次", "1,350人次", 15, 15, None),
            (S, SAT, "患者满意度", "≥90%", "91.5%", 10, 10, None),
        ],
        total=dict(label="总分", weight=100, score=95.3),
    ))

    national_self_eval("附1-区农业技术推广中心-高标准农田建设-2025.xlsx", dict(
        sheet="Sheet1", title="项目支出绩效自评表", year_line="（2025年度）",
        project="高标准农田建设项目", department="区农业农村局", unit="区农业技术推广中心",
        funds=[
            ("年度资金总额", 0, 0, 0, 10, pct(0.97), 9.7),
            ("其中：当年财政拨款", 600, 600, 582, "—", pct(0.97), "—"),
            ("上年结转资金", None, None, None, "—", None, "—"),
            ("其他资金", None, None, None, "—", None, "—"),
        ],
        goal=("新建高标准农田5000亩，配套灌排、田间道路等设施，提高项目区粮食综合生产能力。",
              "新建高标准农田5200亩，工程全部验收合格，项目区节水灌溉面积占比达到75%。"),
        level1_labels={P: "产出指标（50分）", E: "效益指标（30分）", S: "满意度指标（10分）"},
        indicators=[
            (P, "数量指标", "新建高标准农田面积", "≥5000亩", "5200亩", 20, 20, None),
            (P, "质量指标", "工程验收合格率", "＝100%", "100%", 10, 10, None),
            (P, "时效指标", "项目完工及时率", "≥95%", "100%", 10, 10, None),
            (P, "成本指标", "亩均建设成本", "≤1200元/亩", "1150元/亩", 10, 10, None),
            (E, "经济效益指标", "项目区粮食亩产增加", "≥50公斤", "48公斤", 15, 14.4, "受夏季持续干旱影响，增产幅度略低于预期。"),
            (E, "生态效益指标", "节水灌溉面积占比", "≥60%", "75%", 15, 15, "无"),
            (S, SAT, "项目区农户满意度", "≥90%", "92%", 10, 10, None),
        ],
        total=dict(label="总分", weight=100, score=99.1),
    ))

    national_self_eval("附1-区文化馆-公共文化服务体系建设-2024.xlsx", dict(
        sheet="2024自评", title="项目支出绩效自评表", year_line="（2024年度）",
        project="公共文化服务体系建设专项资金", department="区文化和旅游局", unit="区文化馆",
        extra_keys=["note"],
        funds=[
            ("年度资金总额", 45, 48, 43.2, 10, "90.00%", 9),
            ("其中：当年财政拨款", 45, 45, 40.5, "—", "90.00%", "—"),
            ("上年结转资金", 0, 3, 2.7, "—", "90.00%", "—"),
            ("其他资金", None, None, None, "—", None, "—"),
        ],
        goal=("全年举办公益性文化活动不少于60场，开办免费培训班20期，群众文化参与达到3万人次。",
              "举办公益性文化活动62场，开办免费培训班18期，群众参与3.2万人次。"),
        indicators=[
            (P, "数量指标", "举办公益性文化活动场次", "≥60场", "62场", 15, 15, None, "数据来源：活动台账"),
            (P, "数量指标", "免费开放培训班期数", "≥20期", 18, 10, 9, "无", None),
            (P, "质量指标", "活动开展质量", "达成预期指标", "达成预期指标", 15, 14, "个别活动场地条件有限，下一步改善场地设施。", "定性指标"),
            (P, "时效指标", "活动按计划完成率", "≥95%", pct(0.98), 10, 10, None, None),
            (E, "社会效益指标", "群众文化参与人次", "≥3万人次", "3.2万人次", 20, 20, None, None),
            (E, "可持续影响指标", "文化志愿者队伍稳定性", "持续稳定", "部分达成年度指标并具有一定效果", 10, 8.5,
             "年内志愿者流失较多，下一步完善志愿服务激励机制。", "定性指标"),
            (S, SAT, "参与群众满意度", "≥90%", pct(0.95), 10, 10, None, "问卷调查"),
        ],
        total=dict(label="总分", weight=100, score=95.5),
        gap=1, notes=NAT_NOTES,
    ))

    national_self_eval("附1-区环境卫生管理所-城区环卫保洁服务-2025.xlsx", dict(
        sheet="项目支出绩效自评表", title="项目支出绩效自评表", year_line="（2025年度）",
        project="城区环卫保洁服务购买项目", department="区城市管理局", unit="区环境卫生管理所",
        funds=[
            ("年度资金总额", money(1860), money(1860), money(1711.2), 10, pct(0.92), 9.2),
            ("其中：当年财政拨款", money(1800), money(1800), money(1656), "—", pct(0.92), "—"),
            ("上年结转资金", None, None, None, "—", None, "—"),
            ("其他资金", money(60), money(60), money(55.2), "—", pct(0.92), "—"),
        ],
        goal=("城区道路清扫保洁面积不少于320万平方米，生活垃圾日产日清，无害化处理率100%。",
              "完成道路清扫保洁325万平方米，清运垃圾9.3万吨，无害化处理率100%；群众投诉150件，高于控制目标。"),
        indicators=[
            (P, "数量指标", "道路清扫保洁面积", ">=320万平方米", "325万平方米", 15, 15, None),
            (P, "数量指标", "生活垃圾清运量", "≧9万吨", 9.3, 10, 10, None),
            (P, "质量指标", "道路保洁质量考核达标率", "≥95%", "93%", 15, 14.68, "部分背街小巷保洁频次不足，已增加作业班次。"),
            (P, "成本指标", "保洁服务成本", "≤90万元", "104.4万元", 10, 8.4, "新增移交保洁路段，服务成本增加。"),
            (E, "社会效益指标", "环境卫生群众投诉件数", "≤120件", "150件", 15, 11.25, "新增路段交接初期问题集中，已建立快速处置机制。"),
            (E, "生态效益指标", "生活垃圾无害化处理率", "＝100%", "100%", 15, 15, None),
            (S, SAT, "市民满意度", "≥85%", "80%", 10, 9.41, "投诉处置时效有待提高。"),
        ],
        total=dict(label="总分", weight=100, score=92.94, grade="良", grade_label="自评等级"),
    ))

    national_self_eval("附1-区退役军人服务中心-优抚对象帮扶-2024.xlsx", dict(
        sheet="Sheet1", title="项目支出绩效自评表", year_line="（２０２４年度）",
        project="重点优抚对象帮扶援助资金", department="区退役军人事务局", unit="区退役军人服务中心",
        keys=["level1", "level2", "name", "weight", "target", "actual", "score", "reason"],
        funds=[
            ("年度资金总额", 200, 210, 189, 10, pct(0.9), 9),
            ("其中：当年财政拨款", 200, 200, 180, "—", pct(0.9), "—"),
            ("上年结转资金", 0, 10, 9, "—", pct(0.9), "—"),
            ("其他资金", None, None, None, "—", None, "—"),
        ],
        goal=("走访慰问重点优抚对象不少于500人，按月足额发放优抚金，帮助解决优抚对象生活困难。",
              "走访慰问520人，优抚金按月足额发放，帮扶解决生活困难问题85%。"),
        indicators=[
            (P, "数量指标", "走访慰问优抚对象人数", 20, "≥５００人", "５２０", 20, 0),
            (P, "质量指标", "优抚金发放准确率", 10, "＝100%", "100%", 10, None),
            (P, "时效指标", "优抚金按月发放及时率", 10, "≥98%", "99%", 9, None),
            (P, "成本指标", "人均帮扶标准", 10, "≤3000元", 2860, 10, None),
            (E, "社会效益指标", "优抚对象生活困难问题解决率", 15, "≥90%", "85%", 14.17, "部分困难涉及住房、医疗，需多部门协调解决。"),
            (E, "可持续影响指标", "帮扶长效机制建设", 15, "建立健全", "达成年度指标", 13.5, None),
            (S, SAT, "优抚对象满意度", 10, "≥95%", "９６％", 10, None),
        ],
        total=dict(label="总分", weight=100, score=95.67),
    ))

    national_self_eval("附1-区图书馆-全民阅读推广-2025.xlsx", dict(
        sheet="自评表", title="项目支出绩效自评表", year_line="（2025年度）",
        project="全民阅读推广活动经费", department="区文化和旅游局", unit="区图书馆",
        funds=[
            ("年度资金总额", 36, 36, 34.2, 10, pct(0.95, "0.0%"), 10),
            ("其中：当年财政拨款", 36, 36, 34.2, "—", pct(0.95, "0.0%"), "—"),
            ("上年结转资金", None, None, None, "—", None, "—"),
            ("其他资金", None, None, None, "—", None, "—"),
        ],
        goal=("举办阅读推广活动不少于40场，图书外借15万册次，读者到馆20万人次。",
              "举办阅读推广活动52场，图书外借14.1万册次，读者到馆21.6万人次。"),
        indicators=[
            (P, "数量指标", "举办阅读推广活动场次", "≥40场", "52场", 20, 20, "新增“书香社区”系列活动，下年度据实调高指标值。"),
            (P, "数量指标", "指标2", None, None, None, None, None),
            (P, "质量指标", "图书外借册次", "≥15万册次", "14.1万册次", 10, 9.4, "馆舍维修闭馆一个月，外借量减少。"),
            (P, "时效指标", "活动按期开展率", "≥95%", "100%", 10, 10, None),
            (P, "成本指标", "单场活动平均成本", "≤1,200元", "1,150元", 10, 10, None),
            (E, "社会效益指标", "读者到馆人次", "≥20万人次", "21.6万人次", 15, 15, None),
            (E, "可持续影响指标", "数字阅读平台注册用户增长率", "≥10%", "8%", 15, 12, "无"),
            (S, SAT, "读者满意度", "≥90%", "94%", 10, 10, None),
        ],
        total=dict(label="总分", weight=100, score=96.4),
        gap=1, notes=["注：预算执行率得分按四舍五入取整。"],
    ))


def build_yunnan():
    yunnan_subcolumns("云南式-区疾病预防控制中心-重大传染病防控-2025.xlsx", dict(
        table_no="公开14表", title="项目支出绩效自评表", year_line="（2025年度）",
        project="重大传染病防控经费", department="区卫生健康局", unit="区疾病预防控制中心",
        funds=[
            ("年度资金总额", 150, 150, 147, 10, pct(0.98), 9.8),
            ("其中：当年财政拨款", 150, 150, 147, "—", pct(0.98), "—"),
            ("上年结转资金", None, None, None, "—", None, "—"),
            ("其他资金", None, None, None, "—", None, "—"),
        ],
        goal=("开展艾滋病、结核病等重大传染病筛查和规范管理，及时处置突发疫情。",
              "筛查21500人次，规范管理结核病患者312人，传染病疫情报告及时率100%。"),
        indicators=[
            (P, "数量指标", "艾滋病筛查人次", "≧", 20000, "人次", 21500, 15, 15, None),
            (P, "数量指标", "结核病患者规范管理人数", "≥", 300, "人", 312, 10, 10, None),
            (P, "质量指标", "传染病疫情报告及时率", "═", 100, "%", 100, 10, 10, None),
            (P, "时效指标", "突发疫情响应时间", "≤", 2, "小时", 1.5, 5, 5, None),
            (P, "成本指标", "人均筛查成本", "≤", 35, "元", 33, 10, 10, None),
            (E, "社会效益指标", "甲乙类传染病报告发病率", "＜", 200, "1/10万", 185.6, 20, 20, None),
            (E, "可持续影响指标", "防控队伍培训覆盖率", "≥", 90, "%", 95, 10, 10, None),
            (S, SAT, "群众满意度", "≥", 90, "%", 92, 10, 10, None),
        ],
        total=dict(weight=100, score=99.8, grade="优"),
    ))

    yunnan_subcolumns("云南式-区第二人民医院-基本公共卫生服务-2024.xlsx", dict(
        title="项目支出绩效自评表", year_line="（2024年度）",
        project="基本公共卫生服务项目补助资金", department="区卫生健康局", unit="区第二人民医院",
        funds_label="项目资金（元）",
        funds=[
            ("年度资金总额", 2860000, 2860000, 2688400, 10, pct(0.94, "0.00%"), 9.4),
            ("其中：当年财政拨款", 2600000, 2600000, 2444000, "—", pct(0.94, "0.00%"), "—"),
            ("上年结转资金", None, None, None, "—", None, "—"),
            ("其他资金", 260000, 260000, 244400, "—", pct(0.94, "0.00%"), "—"),
        ],
        goal=("为辖区居民提供健康档案、老年人健康管理、慢病管理等基本公共卫生服务。",
              "老年人健康管理8260人，电子健康档案建档率96%，高血压患者规范管理率66%。"),
        indicators=[
            (P, "数量指标", "65岁及以上老年人健康管理人数", "≥", 8000, "人", 8260, 15, 15, None),
            (P, "数量指标", "居民电子健康档案建档率", "≥", 90, "%", pct(0.96), 10, 10, None),
            (P, "质量指标", "高血压患者规范管理率", "≥", 70, "%", "66%", 10, 9.43, "部分患者随访依从性差，下一步加强家庭医生随访。"),
            (P, "时效指标", "季度随访完成及时率", "≥", 95, "%", pct(0.96), 5, 5, None),
            (P, "成本指标", "人均基本公共卫生服务经费", "＝", 89, "元", 89, 10, 10, None),
            (E, "社会效益指标", "居民健康素养水平", "≥", 25, "%", 27.5, 15, 15, None),
            (E, "可持续影响指标", "家庭医生签约服务覆盖率", "≥", 40, "%", 52, 15, 15, None),
            (S, SAT, "签约居民满意度", "≥", 85, "%", 90, 10, 10, None),
        ],
        total=dict(weight=100, score=98.83, grade="优"),
    ))

    yunnan_subcolumns("云南式-区农村供水管理站-农村饮水安全巩固提升-2025.xlsx", dict(
        title="项目支出绩效自评表", year_line="（2025年度）",
        project="农村饮水安全巩固提升工程", department="区水务局", unit="区农村供水管理站",
        funds=[
            ("年度资金总额", 420, 450, 441, 10, pct(0.98), 9.8),
            ("其中：当年财政拨款", 400, 400, 392, "—", pct(0.98), "—"),
            ("上年结转资金", 20, 50, 49, "—", pct(0.98), "—"),
            ("其他资金", None, None, None, "—", None, "—"),
        ],
        goal=("新建改造供水工程12处，农村自来水普及率达到95%以上。",
              "新建改造供水工程12处（其中2处年底完工），农村自来水普及率96.5%，受益人口3.8万人。"),
        indicators=[
            (P, "数量指标", "新建改造供水工程处数", "≥", 12, "处", 12, 15, 15, None),
            (P, "数量指标", "指标2", None, None, None, None, None, None, None),
            (P, "质量指标", "农村自来水普及率", "≥", 95, "%", 96.5, 15, 15, None),
            (P, "时效指标", "工程按期完工率", "＝", 100, "%", 90, 10, 9, "2处工程因征地协调延期，已于12月底完工。"),
            (P, "成本指标", "单处工程平均造价", "≤", 35, "万元", 36.75, 10, 10, None),
            (E, "社会效益指标", "受益农村人口", "≥", 3.6, "万人", 3.8, 20, 20, None),
            (E, "社会效益指标", "……", None, None, None, None, None, None, None),
            (E, "可持续影响指标", "工程长效管护机制落实率", "≥", 90, "%", 90, 10, 10, None),
            (S, SAT, "受益群众满意度", "≥", 90, "%", 93, 10, 10, None),
        ],
        total=dict(weight=100, score=97.8, grade="优", other="2处工程年底完工，尚未办理竣工决算。"),
    ))

    yunnan_subcolumns("云南式-区教育体育局-学前教育发展专项-2024.xlsx", dict(
        table_no="公开14表", title="项目支出绩效自评表", year_line="（2024年度）",
        project="学前教育发展专项资金", department="区教育体育局", unit="区教育体育局（本级）",
        funds=[
            ("年度资金总额", 300, 280, 224, 10, pct(0.8), 8),
            ("其中：当年财政拨款", 300, 280, 224, "—", pct(0.8), "—"),
            ("上年结转资金", None, None, None, "—", None, "—"),
            ("其他资金", None, None, None, "—", None, "—"),
        ],
        goal=("补助普惠性幼儿园8所，资助学前教育阶段家庭经济困难幼儿600人，学前三年毛入园率达到92%。",
              "补助普惠性幼儿园8所，资助幼儿540人，学前三年毛入园率93%。"),
        indicators=[
            (P, "数量指标", "普惠性幼儿园补助所数", "═", 8, "个", 8, 15, 15, None),
            (P, "数量指标", "资助学前教育幼儿人数", "≥", 600, "人", 540, 15, 13.5, "部分幼儿随父母迁出，资助人数减少。"),
            (P, "质量指标", "保教人员持证上岗率", "≥", 95, "%", 97, 10, 10, None),
            (P, "时效指标", "资金下达及时率", "≥", 100, "%", 100, 10, 10, None),
            (E, "社会效益指标", "学前三年毛入园率", "≥", 92, "%", 93, 15, 15, None),
            (E, "可持续影响指标", "办园条件改善情况", "定性", "有效改善", None, "部分达成年度指标并具有一定效果", 15, 10,
             "2所幼儿园改造工程跨年实施。"),
            (S, SAT, "家长满意度", "≥", 90, "%", 88, 10, 9.78, "无"),
        ],
        total=dict(weight=100, score=91.28, grade="良"),
    ))

    yunnan_subcolumns("云南式-区社会救助服务中心-困难群众救助补助-2025.xlsx", dict(
        title="项目支出绩效自评表", year_line="（2025年度）",
        project="困难群众救助补助资金", department="区民政局", unit="区社会救助服务中心",
        funds_label="项目资金（元）",
        funds=[
            ("年度资金总额：", 5000000, 5200000, 4940000, 10, pct(0.97, "0.00%"), 9.7),
            ("其中：当年财政拨款", 4800000, 5000000, 4750000, "—", pct(0.95, "0.00%"), "—"),
            ("上年结转资金", None, None, None, "—", None, "—"),
            ("其他资金", 200000, 200000, 190000, "—", pct(0.95, "0.00%"), "—"),
        ],
        goal=("保障城乡低保对象、特困人员基本生活，救助资金按月足额发放。",
              "保障城乡低保对象2650人、特困人员176人，救助资金按月足额发放。"),
        indicators=[
            (P, "数量指标", "城乡低保保障人数", "≥", 2600, "人", 2650, 20, 20, None),
            (P, "数量指标", "特困人员供养人数", "≥", 180, "人", 176, 10, 9.78, "特困人员自然减员。"),
            (P, "质量指标", "救助对象认定准确率", "≥", 98, "%", 99, 10, 10, None),
            (P, "时效指标", "救助资金按月足额发放率", "＝", 100, "%", 100, 10, 10, None),
            (E, "社会效益指标", "困难群众基本生活保障率", "≥", 100, "%", 100, 20, 20, None),
            (E, "可持续影响指标", "救助政策知晓率", "≥", 85, "%", "详见附件", 10, 10, None),
            (S, SAT, "救助对象满意度", "≥", 90, "%", 95, 10, 10, None),
        ],
        total=dict(weight=100, score=99.48, grade="优"),
    ))


def build_sichuan():
    common = dict(title="部门预算项目支出绩效自评表")
    sichuan_2023("四川式-区第一中学-校舍维修改造-2024.xlsx", dict(common,
        year_line="（2024年度）", project="中小学校舍维修改造项目", department="区教育局", unit="区第一中学",
        funds=[
            ("总额", 200, 220, 187, pct(0.85), 10, 8.5, None),
            ("其中：财政资金", 200, 220, 187, pct(0.85), "—", "—", None),
            ("财政专户管理资金", None, None, None, None, "—", "—", None),
            ("单位资金", None, None, None, None, "—", "—", None),
            ("其他资金", None, None, None, None, "—", "—", None),
        ],
        goal=("年度目标：完成校舍维修改造3000平方米，消除安全隐患15处。",
              "完成维修改造3100平方米，消除安全隐患15处，部分工程按期完工率85%。"),
        indicators=[
            (P, "数量指标", "维修改造校舍面积", "≥", 3000, "平方米", 3100, 20, 20, None),
            (P, "质量指标", "工程验收合格率", "＝", 100, "%", 100, 10, 10, None),
            (P, "时效指标", "按期完工率", "≥", 90, "%", 85, 10, 9.44, "暑期施工窗口不足，2个单体工程顺延至国庆假期完成。"),
            (P, "经济成本指标", "成本控制数", "≤", 220, "万元", 187, 10, 10, None),
            (E, "社会效益指标", "消除校舍安全隐患处数", "≥", 15, "处", 15, 20, 20, None),
            (E, "可持续影响指标", "校舍使用年限延长", "≥", 10, "年", 10, 10, 10, None),
            (S, SAT, "师生满意度", "≥", 90, "%", 95, 10, 10, None),
        ],
        total=dict(weight=100, score=97.94),
        conclusions=[
            ("评价结论", "项目总体完成较好，自评得分97.94分。"),
            ("存在问题", "部分工程施工进度滞后，资金支付率偏低。"),
            ("改进措施", "提前做好施工计划，利用寒暑假集中施工，加快资金支付。"),
        ],
        signer="（签字）",
    ))

    sichuan_2023("四川式-区人民医院-医疗设备购置-2025.xlsx", dict(common,
        year_line="（2025年度）", project="医疗设备购置项目", department="区卫生健康局", unit="区人民医院",
        funds=[
            ("总额", 500, 480, 470.4, pct(0.98), 10, 9.8, None),
            ("其中：财政资金", 450, 430, 421.4, pct(0.98), "—", "—", "年中调减20万元用于疫情防控物资储备。"),
            ("财政专户管理资金", 0, 0, 0, None, "—", "—", None),
            ("单位资金", 50, 50, 49, pct(0.98), "—", "—", None),
            ("其他资金", 0, 0, 0, None, "—", "—", None),
        ],
        goal=("购置医疗设备25台（套），新开展诊疗项目6项。",
              "购置医疗设备26台（套），新开展诊疗项目5项，设备完好率96%。"),
        indicators=[
            (P, "数量指标", "购置医疗设备台（套）数", "≥", 25, "台（套）", 26, 20, 20, None),
            (P, "质量指标", "设备验收合格率", "＝", 100, "%", 100, 10, 10, None),
            (P, "时效指标", "设备安装调试及时率", "≥", 95, "%", 100, 10, 10, None),
            (P, "经济成本指标", "成本控制数", "≤", 480, "万元", 470.4, 10, 10, None),
            (E, "社会效益指标", "新增开展诊疗项目数", "≥", 6, "项", 5, 15, 12.5, "1项新技术人员培训尚未完成，次年开展。"),
            (E, "可持续影响指标", "设备完好率", "≥", 95, "%", 96, 15, 14, "部分设备维修。"),
            (S, SAT, "患者满意度", "≥", 90, "%", 92, 10, 10, None),
        ],
        total=dict(weight=100, score=96.3),
        conclusions=[
            ("评价结论", "项目完成情况良好。"),
            ("存在问题", "个别新技术开展滞后。"),
            ("改进措施", "加强人员培训，尽快开展新技术。"),
        ],
    ))

    sichuan_2023("四川式-区农村公路养护中心-农村公路养护-2025.xlsx", dict(common,
        year_line="（2025年度）", project="农村公路养护专项资金", department="区交通运输局", unit="区农村公路养护中心",
        funds=[
            ("总额", 680, 640, 588.8, pct(0.92), 10, 9.2, "年中调减40万元。"),
            ("其中：财政资金", 600, 560, 515.2, pct(0.92), "—", "—", None),
            ("财政专户管理资金", None, None, None, None, "—", "—", None),
            ("单位资金", None, None, None, None, "—", "—", None),
            ("其他资金", 80, 80, 73.6, pct(0.92), "—", "—", None),
        ],
        goal=("完成农村公路养护420公里，优良中等路比例不低于80%。",
              "完成养护426公里，优良中等路比例82%，发生安全事故7起。"),
        indicators=[
            (P, "数量指标", "农村公路养护里程", "≥", 420, "公里", 426, 15, 15, None),
            (P, "质量指标", "优良中等路比例", "≥", 80, "%", 82, 10, 10, None),
            (P, "时效指标", "路面病害处置及时率", "≥", 90, "%", 93, 5, 5, None),
            (P, "经济成本指标", "每公里养护成本", "≤", 1.5, "万元", 1.38, 10, 10, None),
            (E, "社会效益指标", "农村公路安全事故起数", "≤", 5, "起", 7, 20, 12, "雨季塌方引发事故，已增设警示标志。"),
            (E, "经济效益指标", "带动沿线群众就业人数", "≥", 150, "人", 160, 10, 10, None),
            (E, "可持续影响指标", "管养机制覆盖率", "≥", 100, "%", 100, 10, 10, None),
            (S, SAT, "沿线群众满意度", "≥", 85, "%", 90, 10, 10, None),
        ],
        total=dict(weight=100, score=91.2),
        conclusions=[
            ("评价结论", "项目总体完成较好。"),
            ("存在问题", "安全事故起数超过控制目标。"),
            ("改进措施", "加强雨季巡查，完善安全设施。"),
        ],
    ))

    sichuan_2023("四川式-区食品药品检验所-食品安全抽检-2024.xlsx", dict(common,
        year_line="（2024年度）", project="食品安全抽检经费", department="区市场监督管理局", unit="区食品药品检验所",
        funds=[
            ("总额", 90, 100, 88, pct(0.88), 10, 8.8, "年中追加快检设备购置资金10万元，设备11月到货，部分款项次年支付。"),
            ("其中：财政资金", 90, 100, 88, pct(0.88), "—", "—", None),
            ("财政专户管理资金", None, None, None, None, "—", "—", None),
            ("单位资金", None, None, None, None, "—", "—", None),
            ("其他资金", None, None, None, None, "—", "—", None),
        ],
        goal=("完成食品安全抽检1200批次，不合格食品核查处置率100%。",
              "完成抽检1260批次，覆盖食品大类32类，不合格食品全部核查处置。"),
        indicators=[
            (P, "数量指标", "食品安全抽检批次", "≥", 1200, "批次", 1260, 20, 20, None),
            (P, "质量指标", "抽检样品覆盖食品大类", "≥", 30, "类", 32, 10, 10, None),
            (P, "时效指标", "不合格食品核查处置及时率", "＝", 100, "%", 100, 10, 10, None),
            (P, "经济成本指标", "单批次检验成本", "≤", 700, "元", 690, 10, 10, None),
            (E, "社会效益指标", "食品安全抽检合格率", None, "97-99", "%", 98.2, 15, 15, None),
            (E, "可持续影响指标", "食品安全监管信息公开率", "≥", 95, "%", 100, 15, 15, None),
            (S, SAT, "公众满意度", "≥", 80, "%", 85, 10, 10, None),
        ],
        total=dict(weight=100, score=98.8),
        conclusions=[
            ("评价结论", "项目完成情况较好。"),
            ("存在问题", "预算执行率偏低。"),
            ("改进措施", "合理安排设备采购时间，加快支付。"),
        ],
    ))

    sichuan_2023("四川式-区残疾人康复中心-残疾人康复服务-2025.xlsx", dict(common,
        year_line="（2025年度）", project="残疾人基本康复服务项目", department="区残疾人联合会", unit="区残疾人康复中心",
        funds=[
            ("总额", 60, 60, 58.2, pct(0.97), 10, 9.7, None),
            ("其中：财政资金", 50, 50, 48.5, pct(0.97), "—", "—", None),
            ("财政专户管理资金", 0, 0, 0, None, "—", "—", None),
            ("单位资金", 0, 0, 0, None, "—", "—", None),
            ("其他资金", 10, 10, 9.7, pct(0.97), "—", "—", None),
        ],
        goal=("为残疾儿童提供康复救助，开展辅助器具适配服务。",
              "救助残疾儿童126人，适配辅助器具318人次，基本康复服务覆盖率88%。"),
        indicators=[
            (P, "数量指标", "残疾儿童康复救助人数", "≥", 120, "人", "１２６", 20, 20, None),
            (P, "数量指标", "辅助器具适配人次", "≥", 300, "人次", 318, 10, 10, None),
            (P, "质量指标", "康复服务规范率", "≥", 95, "%", 97, 10, 10, None),
            (P, "时效指标", "救助资金拨付及时率", "＝", 100, "%", 100, 10, 10, None),
            (E, "社会效益指标", "残疾人基本康复服务覆盖率", "≥", 85, "%", 88, 20, 20, None),
            (E, "可持续影响指标", "康复机构服务能力", "定性", "持续提升", None, "达成年度指标", 10, 9, "康复专业技术人员不足。"),
            (S, SAT, "残疾人及家属满意度", "≥", 90, "%", 95, 10, 10, None),
        ],
        total=dict(weight=100, score=98.7),
        conclusions=[
            ("评价结论", "项目实施效果好，达到年度目标。"),
            ("存在问题", "无"),
            ("改进措施", "继续扩大康复服务覆盖面。"),
        ],
    ))


def build_hubei():
    hubei_exec20("鄂式-区第一中学-义务教育薄弱环节改善-2025.xlsx", dict(
        sheet="Sheet1", title="2025年度项目支出绩效自评表", unit_line="单位：万元",
        project="义务教育薄弱环节改善与能力提升补助资金", department="区教育局", unit="区第一中学",
        funds=[
            ("年度资金总额", 260, 260, 234, 20, pct(0.9), 18),
            ("其中：当年财政拨款", 260, 260, 234, "—", pct(0.9), "—"),
            ("上年结转资金", None, None, None, "—", None, "—"),
            ("其他资金", None, None, None, "—", None, "—"),
        ],
        goal=("改善教室24间，购置课桌椅800套，改善办学条件。", "改善教室24间，购置课桌椅820套，受益学生2150人。"),
        indicators=[
            (P, "数量指标", "改善教室间数", "≥24间", "24间", 15, 15, None),
            (P, "数量指标", "购置课桌椅套数", "≥800套", "820套", 10, 10, None),
            (P, "质量指标", "设施设备验收合格率", "=100%", "100%", 10, 10, None),
            (P, "时效指标", "项目完成及时率", "≥95%", "90%", 5, 4.74, "部分设备供货延迟。"),
            (E, "社会效益指标", "受益学生人数", "≥2000人", "2150人", 20, 20, None),
            (E, "可持续影响指标", "设施使用年限", "≥8年", "8年", 10, 10, None),
            (S, SAT, "师生满意度", "≥90%", "94%", 10, 10, None),
        ],
        total=dict(label="总分", weight=100, score=97.74),
    ))

    hubei_exec20("鄂式-区社区卫生服务中心-家庭医生签约服务-2024.xlsx", dict(
        sheet="自评表", title="项目支出绩效自评表", year_line="（2024年度）", unit_line="单位：万元",
        project="家庭医生签约服务补助", department="区卫生健康局", unit="区社区卫生服务中心",
        funds=[
            ("年度资金总额", 120, 120, 114, 20, pct(0.95), 9.5),
            ("其中：当年财政拨款", 100, 100, 95, "—", pct(0.95), "—"),
            ("上年结转资金", None, None, None, "—", None, "—"),
            ("其他资金", 20, 20, 19, "—", pct(0.95), "—"),
        ],
        goal=("签约服务人数不少于25000人，重点人群签约率70%以上。", "签约26100人，重点人群签约率72%，履约率80%。"),
        indicators=[
            (P, "数量指标", "家庭医生签约人数", "≥25000人", 26100, 15, 15, None),
            (P, "数量指标", "重点人群签约率", "≥70%", "72%", 10, 10, None),
            (P, "质量指标", "签约居民履约率", "≥85%", "80%", 10, 9.41, "部分签约居民外出务工，履约不足。"),
            (P, "成本指标", "签约服务费标准", "＝120元/人·年", "120元/人·年", 5, 5, None),
            (E, "社会效益指标", "重点人群健康管理率", "≥80%", "83%", 20, 20, None),
            (E, "可持续影响指标", "家庭医生团队数", "≥30个", "31个", 10, 10, None),
            (S, SAT, "签约居民满意度", "≥90%", "92%", 10, 10, None),
        ],
        total=dict(label="总分", weight=100, score=88.91),
    ))

    hubei_exec20("鄂式-区住房保障服务中心-老旧小区改造-2025.xlsx", dict(
        sheet="Sheet1", title="项目支出绩效自评表", year_line="（2025年度）", unit_line="单位：元",
        project="城镇老旧小区改造补助资金", department="区住房和城乡建设局", unit="区住房保障服务中心",
        level1_labels={P: "产出指标（40分）", E: "效益指标（30分）", S: "满意度指标（10分）"},
        funds=[
            ("年度资金总额", money(8600000), money(8600000), money(7310000), 20, pct(0.85), 17),
            ("其中：当年财政拨款", money(8000000), money(8000000), money(6800000), "—", pct(0.85), "—"),
            ("上年结转资金", None, None, None, "—", None, "—"),
            ("其他资金", money(600000), money(600000), money(510000), "—", pct(0.85), "—"),
        ],
        goal=("改造老旧小区6个，惠及居民1800户。", "改造老旧小区5个，惠及居民1520户，1个小区延期至次年。"),
        indicators=[
            (P, "数量指标", "改造老旧小区个数", "≥6个", "5个", 15, 12.5, "1个小区因居民意见未统一，延期至次年实施。"),
            (P, "数量指标", "惠及居民户数", "≥1800户", "1520户", 10, 8.44, "同上。"),
            (P, "质量指标", "竣工验收合格率", "＝100%", "100%", 10, 10, None),
            (P, "成本指标", "户均改造成本", "≤5万元", "4.8万元", 5, 5, None),
            (E, "社会效益指标", "小区安全隐患整改率", "≥95%", "96%", 20, 20, None),
            (E, "可持续影响指标", "长效管理机制建立率", "≥80%", "100%", 10, 10, "各小区均成立业主委员会或引入物业服务。"),
            (S, SAT, "居民满意度", "≥85%", "88%", 10, 10, None),
        ],
        total=dict(label="总分", weight=100, score=92.94),
        gap=1, notes=["填表说明：预算执行得分=20分×预算执行率；绩效指标80分。"],
    ))

    hubei_exec20("鄂式-区园林绿化中心-城区绿化养护-2024.xlsx", dict(
        sheet="Sheet1", title="项目支出绩效自评表", year_line="（2024年度）", unit_line="单位：万元",
        project="城区绿化养护经费", department="区城市管理局", unit="区园林绿化中心",
        funds=[
            ("年度资金总额", 330, 330, 326.7, 20, pct(0.99), 19.8),
            ("其中：当年财政拨款", 330, 330, 326.7, "—", pct(0.99), "—"),
            ("上年结转资金", None, None, None, "—", None, "—"),
            ("其他资金", None, None, None, "—", None, "—"),
        ],
        goal=("养护城区绿地180万平方米，苗木成活率95%以上。", "养护绿地182万平方米，苗木成活率97%，绿化覆盖率42.5%。"),
        indicators=[
            (P, "数量指标", "绿地养护面积", "≥180万平方米", "182万平方米", 15, 15, None),
            (P, "质量指标", "苗木成活率", "≥95%", "97%", 10, 10, None),
            (P, "时效指标", "病虫害防治及时率", "≥90%", "95%", 5, 5, None),
            (P, "成本指标", "每平方米养护成本", "≤1.8元", "1.81元", 10, 9.94, "人工成本上涨。"),
            (E, "生态效益指标", "城区绿化覆盖率", "≥42%", "42.5%", 15, 15, None),
            (E, "社会效益指标", "城市景观提升", "明显提升", "达成预期指标", 15, 12, "部分街区景观提升工程未完工。"),
            (S, SAT, "市民满意度", "≥85%", "87%", 10, 10, None),
        ],
        total=dict(label="总分", weight=100, score=95.74, grade="优", grade_label="自评等级"),
    ))


def build_weight_conclusion():
    weight_conclusion("权重式-区科技创新服务中心-科技创新券补助-2025.xlsx", dict(
        sheet="自评表", title="项目支出绩效自评表", year_line="（2025年度）",
        project="科技创新券补助资金", department="区科学技术局", unit="区科技创新服务中心",
        funds=[
            ("年度资金总额", 300, 300, 279, 10, pct(0.93), 9.3),
            ("其中：当年财政拨款", 300, 300, 279, "—", pct(0.93), "—"),
            ("上年结转资金", None, None, None, "—", None, "—"),
            ("其他资金", None, None, None, "—", None, "—"),
        ],
        goal=("向不少于100家科技型中小企业兑付创新券，带动企业研发投入3000万元。",
              "向112家企业兑付创新券，带动研发投入2850万元。"),
        indicators=[
            (P, "数量指标", "兑付创新券企业数", "≥100家", "112家", 20, 20, None),
            (P, "质量指标", "创新券兑付合规率", "＝100%", "100%", 10, 10, None),
            (P, "时效指标", "兑付办结时限", "≤30天", "25天", 10, 10, None),
            (P, "成本指标", "单家企业补助额", "≤5万元", "4.6万元", 10, 10, None),
            (E, "经济效益指标", "带动企业研发投入", "≥3000万元", "2,850万元", 20, 19, "部分企业研发项目周期跨年。"),
            (E, "可持续影响指标", "新增科技型中小企业数", "≥40家", "46家", 10, 10, None),
            (S, SAT, "企业满意度", "≥90%", "96%", 10, 10, None),
        ],
        total=dict(label="合计", weight=100, score=98.3),
        conclusions=[
            ("评价结论", "项目绩效目标基本完成，自评得分98.3分，等级为优。"),
            ("存在问题", "企业研发投入带动效应有待加强。"),
            ("改进措施", "优化创新券使用范围，加强跟踪服务。"),
        ],
    ))

    weight_conclusion("权重式-区就业训练中心-职业技能提升培训-2024.xlsx", dict(
        sheet="Sheet1", title="项目支出绩效自评表", year_line="（2024年度）",
        project="职业技能提升行动培训补贴", department="区人力资源和社会保障局", unit="区就业训练中心",
        keys=["level1", "level2", "name", "target", "actual", "weight", "method", "score", "reason"],
        ind_head={"target": "年度指标值(A)", "actual": "全年实际值(B)", "weight": "权重"},
        funds=[
            ("年度资金总额", 150, 150, 142.5, 10, pct(0.95), 9.5),
            ("其中：当年财政拨款", 120, 120, 114, "—", pct(0.95), "—"),
            ("上年结转资金", None, None, None, "—", None, "—"),
            ("其他资金", 30, 30, 28.5, "—", pct(0.95), "—"),
        ],
        goal=("开展职业技能培训3000人次，培训后就业率60%以上。", "培训3120人次，合格率88%，培训后就业率58%。"),
        indicators=[
            (P, "数量指标", "开展职业技能培训人次", "≥3000人次", "3120人次", 20, "完成值达到指标值，记满分；未达到，按B/A×分值记分", 20, None),
            (P, "质量指标", "培训合格率", "≥85%", "88%", 10, "B/A×分值", 10, None),
            (P, "时效指标", "补贴资金发放及时率", "≥95%", "97%", 10, "B/A×分值", 10, None),
            (P, "成本指标", "人均培训成本", "≤2000元", "2500元", 10, "A/B×分值", 8, "培训工种结构调整，高技能工种占比提高。"),
            (E, "社会效益指标", "培训后就业率", "≥60%", "58%", 20, "B/A×分值", 19.33, "部分学员继续升学。"),
            (E, "可持续影响指标", "取得职业资格证书人数", "≥2000人", "2100人", 10, "B/A×分值", 10, None),
            (S, SAT, "参训人员满意度", "≥90%", "93%", 10, "B/A×分值", 10, None),
        ],
        total=dict(label="合计", weight=100, score=96.83),
        conclusions=[
            ("评价结论", "项目总体完成较好。"),
            ("存在问题", "人均培训成本超出预期。"),
            ("改进措施", "优化培训工种结构，控制培训成本。"),
        ],
    ))

    weight_conclusion("权重式-区环境监测站-大气污染防治-2025.xlsx", dict(
        sheet="自评表", title="项目支出绩效自评表", year_line="（2025年度）",
        project="大气污染防治专项资金", department="区生态环境局", unit="区环境监测站",
        funds=[
            ("年度资金总额", 400, 380, 361, 10, pct(0.95), 9.5),
            ("其中：当年财政拨款", 400, 380, 361, "—", pct(0.95), "—"),
            ("上年结转资金", None, None, None, "—", None, "—"),
            ("其他资金", None, None, None, "—", None, "—"),
        ],
        goal=("建设重点企业在线监测点位45个，PM2.5年均浓度控制在35微克/立方米以内。",
              "建成在线监测点位48个，PM2.5年均浓度33微克/立方米，空气质量优良天数比率84%。"),
        indicators=[
            (P, "数量指标", "重点企业在线监测点位", "≥45个", "48个", 15, 15, None),
            (P, "数量指标", "扬尘污染专项检查次数", "≥200次", "260次", 10, 10, "无"),
            (P, "质量指标", "监测数据有效传输率", "≥90%", "95%", 10, 10, None),
            (P, "成本指标", "单点位运维成本", "≤3万元", "2.9万元", 10, 10, None),
            (E, "生态效益指标", "PM2.5年均浓度", "≤35微克/立方米", "33微克/立方米", 20, 20, None),
            (E, "生态效益指标", "空气质量优良天数比率", "≥85%", "84%", 10, 9.88, "夏季臭氧污染天数增加。"),
            (S, SAT, "群众对空气质量满意度", "≥80%", "86%", 10, 10, None),
        ],
        total=dict(label="合计", weight=95, score=94.38),
        conclusions=[
            ("评价结论", "项目完成情况较好。"),
            ("存在问题", "臭氧污染防治有待加强。"),
            ("改进措施", "加强VOCs排放管控。"),
        ],
    ))

    weight_conclusion("权重式-区商务局-促进消费专项资金-2024.xlsx", dict(
        sheet="Sheet1", title="项目支出绩效自评表", year_line="（2024年度）",
        project="促进消费专项资金", department="区商务局", unit="区商务局（本级）",
        keys=["level1", "level2", "name", "target", "weight", "actual", "score", "reason"],
        funds=[
            ("年度资金总额", "1,200.00", "1,200.00", "1,020.00", 10, pct(0.85), 8.5),
            ("其中：当年财政拨款", "1,200.00", "1,200.00", "1,020.00", "—", pct(0.85), "—"),
            ("上年结转资金", None, None, None, "—", None, "—"),
            ("其他资金", None, None, None, "—", None, "—"),
        ],
        goal=("发放消费券1000万元，带动消费1.2亿元。", "发放消费券980万元，带动消费1.05亿元。"),
        indicators=[
            (P, "数量指标", "发放消费券金额", "≥1,000万元", 15, "９８０万元", 14.7, "部分消费券未核销。"),
            (P, "数量指标", "举办促消费活动场次", "≥12场", 10, "12场", 10, None),
            (P, "质量指标", "消费券核销率", "≥85%", 15, "81.6%", 14.4, "部分消费者未在有效期内使用。"),
            (P, "时效指标", "资金兑付及时率", "≥95%", 10, "100%", 10, None),
            (E, "经济效益指标", "带动消费金额", "≥1.2亿元", 20, "1.05亿元", 17.5, "消费市场恢复不及预期。"),
            (E, "社会效益指标", "参与商户数", "≥600家", 10, "530家", 8.83, "部分商户未开通核销系统。"),
            (S, SAT, "商户和消费者满意度", "较高", 10, "部分达成年度指标并具有一定效果", 7, "核销流程较繁琐。"),
        ],
        total=dict(label="合计", weight=100, score=90.93, grade="良", grade_label="自评等级"),
        conclusions=[
            ("评价结论", "项目基本完成年度目标，自评等级为良。"),
            ("存在问题", "消费券核销率偏低。"),
            ("改进措施", "简化核销流程，扩大参与商户范围。"),
        ],
    ))


def build_goal_groups():
    goal_groups("目标分组式-区乡村振兴服务中心-衔接推进乡村振兴补助-2025.xlsx", dict(
        title="项目支出绩效自评表", year_line="（2025年度）",
        project="衔接推进乡村振兴补助资金", department="区农业农村局", unit="区乡村振兴服务中心",
        funds=[
            ("年度资金总额", 800, 800, 776, 10, pct(0.97), 9.7),
            ("其中：当年财政拨款", 800, 800, 776, "—", pct(0.97), "—"),
            ("上年结转资金", None, None, None, "—", None, "—"),
            ("其他资金", None, None, None, "—", None, "—"),
        ],
        goal=("实施产业发展项目8个，带动脱贫人口人均增收800元。", "实施产业发展项目8个，带动脱贫人口人均增收760元。"),
        indicators=[
            ("年度绩效目标1：实施产业发展项目8个", P, "数量指标", "实施产业发展项目个数", "≥8个", "8个", 15, 15, None),
            ("年度绩效目标1：实施产业发展项目8个", P, "进度指标", "项目开工率", "≥100%", "100%", 10, 10, None),
            ("年度绩效目标1：实施产业发展项目8个", P, "质量指标", "项目验收合格率", "＝100%", "100%", 10, 10, None),
            ("年度绩效目标1：实施产业发展项目8个", P, "成本指标", "项目平均投资额", "≤100万元", "97万元", 5, 5, None),
            ("年度绩效目标2：带动脱贫人口增收", P, "进度指标", "资金支付进度", "≥95%", "97%", 10, 10, None),
            ("年度绩效目标2：带动脱贫人口增收", E, "经济效益指标", "带动脱贫人口人均增收", "≥800元", "760元", 20, 19, "部分产业项目投产时间较晚。"),
            ("年度绩效目标2：带动脱贫人口增收", E, "可持续影响指标", "项目资产确权登记率", "≥95%", "100%", 10, 10, None),
            ("年度绩效目标2：带动脱贫人口增收", S, SAT, "受益群众满意度", "≥90%", "95%", 10, 10, None),
        ],
        total=dict(weight=100, score=98.7),
    ))

    goal_groups("目标分组式-区公安分局-社会治安视频监控建设-2024.xlsx", dict(
        title="项目支出绩效自评表", year_line="（2024年度）",
        project="社会治安视频监控建设项目", department="区公安分局", unit="区公安分局科技信息化大队",
        funds=[
            ("年度资金总额", 560, 560, 543.2, 10, pct(0.97), 9.7),
            ("其中：当年财政拨款", 500, 500, 485, "—", pct(0.97), "—"),
            ("上年结转资金", 60, 60, 58.2, "—", pct(0.97), "—"),
            ("其他资金", None, None, None, "—", None, "—"),
        ],
        goal=("新建高清视频监控点位300个，提升社会治安防控水平。", "新建点位312个，联网接入率92%，辅助破案130起。"),
        indicators=[
            ("年度绩效目标1：新建视频监控点位", P, "数量指标", "新建高清视频监控点位", "≥300个", "312个", 15, 15, None),
            ("年度绩效目标1：新建视频监控点位", P, "质量指标", "设备在线率", "≥95%", "96.5%", 10, 10, None),
            ("年度绩效目标1：新建视频监控点位", P, "进度指标", "建设进度完成率", "＝100%", "95%", 10, 9.5, "1个片区施工延误。"),
            ("年度绩效目标1：新建视频监控点位", P, "成本指标", "单点位建设成本", "≤1.8万元", "1.75万元", 5, 5, None),
            ("年度绩效目标2：提升治安防控水平", P, "进度指标", "系统联网接入率", "≥90%", "92%", 10, 10, None),
            ("年度绩效目标2：提升治安防控水平", E, "社会效益指标", "视频监控辅助破案数", "≥150起", "130起", 20, 18, "部分点位年底才接入。"),
            ("年度绩效目标2：提升治安防控水平", E, "社会效益指标", "重点区域可防性案件发案率下降", "≥5%", "5.8%", 10, 10, None),
            ("年度绩效目标2：提升治安防控水平", S, SAT, "群众安全感满意度", "≥90%", "93%", 10, 10, None),
        ],
        total=dict(weight=100, score=97.2),
    ))

    goal_groups("目标分组式-区教师发展中心-教师队伍建设-2025.xlsx", dict(
        title="项目支出绩效自评表", year_line="（2025年度）",
        project="教师队伍建设专项经费", department="区教育局", unit="区教师发展中心",
        funds_label="项目资金（元）",
        funds=[
            ("年度资金总额", 1800000, 1800000, 1710000, 10, pct(0.95), 9.5),
            ("其中：当年财政拨款", 1800000, 1800000, 1710000, "—", pct(0.95), "—"),
            ("上年结转资金", None, None, None, "—", None, "—"),
            ("其他资金", None, None, None, "—", None, "—"),
        ],
        goal=("开展教师全员培训2400人次，新增区级骨干教师30人。", "培训2460人次，新增骨干教师32人。"),
        indicators=[
            ("年度绩效目标1：开展教师全员培训", P, "数量指标", "教师培训人次", "≥2400人次", "2460人次", 15, 15, None),
            ("年度绩效目标1：开展教师全员培训", P, "质量指标", "培训考核合格率", "≥95%", "97%", 10, 10, None),
            ("年度绩效目标1：开展教师全员培训", P, "进度指标", "培训计划完成率", "≥100%", "96%", 10, 9.6, 0),
            ("年度绩效目标2：引进和培养骨干教师", P, "数量指标", "新增区级骨干教师人数", "≥30人", "32人", 10, 10, None),
            ("年度绩效目标2：引进和培养骨干教师", P, "成本指标", "人均培训经费", "≤750元", "695元", 5, 5, None),
            ("年度绩效目标2：引进和培养骨干教师", E, "社会效益指标", "教师教学能力提升", "明显提升", "达成年度指标", 15, 15, None),
            ("年度绩效目标2：引进和培养骨干教师", E, "可持续影响指标", "骨干教师留任率", "≥90%", "94%", 15, 15, None),
            ("年度绩效目标2：引进和培养骨干教师", S, SAT, "参训教师满意度", "≥90%", "92%", 10, 10, None),
            ("年度绩效目标3：……", None, None, None, None, None, None, None, None),
            ("年度绩效目标3：……", None, None, None, None, None, None, None, None),
        ],
        total=dict(weight=100, score=99.1),
    ))

    goal_groups("目标分组式-区应急物资储备中心-应急物资储备-2024.xlsx", dict(
        title="项目支出绩效自评表", year_line="（2024年度）",
        project="应急物资储备经费", department="区应急管理局", unit="区应急物资储备中心",
        funds=[
            ("年度资金总额", 240, 260, 247, 10, pct(0.95), 9.5),
            ("其中：当年财政拨款", 240, 240, 228, "—", pct(0.95), "—"),
            ("上年结转资金", 0, 20, 19, "—", pct(0.95), "—"),
            ("其他资金", None, None, None, "—", None, "—"),
        ],
        goal=("储备应急物资30种以上，应急物资调拨响应时间4小时以内。", "储备物资32种，帐篷650顶，调拨响应时间3小时。"),
        indicators=[
            ("年度绩效目标1：充实应急物资储备", P, "数量指标", "储备应急物资品种", "≥30种", "32种", 15, 15, None),
            ("年度绩效目标1：充实应急物资储备", P, "数量指标", "储备帐篷数量", "≥500顶", "650顶", 10, 10, "承接上级调拨物资150顶。"),
            ("年度绩效目标1：充实应急物资储备", P, "进度指标", "采购计划完成率", "≥95%", "98%", 10, 10, None),
            ("年度绩效目标1：充实应急物资储备", P, "质量指标", "物资质量抽检合格率", "＝100%", "100%", 10, 10, None),
            ("年度绩效目标2：提升应急保障能力", P, "成本指标", "物资采购成本节约率", "≥5%", "5.5%", 5, 5, None),
            ("年度绩效目标2：提升应急保障能力", E, "社会效益指标", "应急物资调拨响应时间", "＜4小时", "3小时", 20, 20, None),
            ("年度绩效目标2：提升应急保障能力", E, "可持续影响指标", "物资轮换更新率", "≥20%", "18%", 10, 9, "部分物资保质期较长，暂未轮换。"),
            ("年度绩效目标2：提升应急保障能力", S, SAT, "受灾群众满意度", "≥90%", "91%", 10, 10, None),
        ],
        total=dict(weight=100, score=98.5, grade="优"),
    ))


def build_goal_tables():
    national_goal("目标表-区第一中学-学生资助补助资金-2025.xlsx", dict(
        variant="88", title="项目支出绩效目标申报表", year_line="（2025年度）",
        project="学生资助补助资金", department="区教育局 301", unit="区第一中学", kind="延续项目", period="3年",
        funds=[("中期资金总额：", 380, "年度资金总额：", 126.5),
               ("其中：财政拨款", 360, "其中：财政拨款", 120),
               ("其他资金", 20, "其他资金", 6.5)],
        mid_label="中期目标（2025年—2027年）",
        goal=("目标1：三年资助家庭经济困难学生不少于1500人次。\n目标2：资助政策知晓率达到90%以上。",
              "目标1：资助家庭经济困难学生不少于500人次。\n目标2：资助资金按时足额发放。"),
        indicators=[
            (P, "数量指标", "资助学生人次", "≥1500人次", "资助学生人次", "≥500人次"),
            (P, "质量指标", "资助对象认定准确率", "≥98%", "资助对象认定准确率", "≥98%"),
            (P, "时效指标", "资助资金发放及时率", "≥95%", "资助资金发放及时率", "≥95%"),
            (P, "成本指标", "生均资助标准", "≤2500元/人", "生均资助标准", "≤2500元/人"),
            (E, "社会效益指标", "家庭经济困难学生辍学人数", "＝0人", "家庭经济困难学生辍学人数", "＝0人"),
            (E, "可持续影响指标", "资助政策知晓率", "≥90%", "资助政策知晓率", "≥90%"),
            (S, SAT, "受助学生及家长满意度", "≥90%", "受助学生及家长满意度", "≥90%"),
        ],
    ))

    national_goal("目标表-区疾病预防控制中心-免疫规划-2025.xlsx", dict(
        variant="88", title="项目支出绩效目标申报表", year_line="（2025年度）",
        project="免疫规划及预防接种服务经费", department="区卫生健康局 405", unit="区疾病预防控制中心",
        kind="延续项目", period="3年",
        funds=[("中期资金总额：", 255, "年度资金总额：", 90),
               ("其中：财政拨款", 240, "其中：财政拨款", 85),
               ("其他资金", 15, "其他资金", 0)],
        mid_label="中期目标（2025年—2027年）",
        goal=("目标1：免疫规划疫苗接种率持续保持在95%以上。", "目标1：完成适龄儿童接种12000人次，接种率95%以上。"),
        indicators=[
            (P, "数量指标", "适龄儿童免疫规划疫苗接种人次", "≥36000人次", "适龄儿童免疫规划疫苗接种人次", "≥12000人次"),
            (P, "数量指标", "指标2", None, "指标2", None),
            (P, "质量指标", "免疫规划疫苗接种率", "≥95%", "免疫规划疫苗接种率", "≥95%"),
            (P, "时效指标", "疫苗冷链监测及时率", "＝100%", "疫苗冷链监测及时率", "＝100%"),
            (P, "成本指标", "疫苗储运成本", "≤90万元", "疫苗储运成本", "≤30万元"),
            (E, "社会效益指标", "预防接种宣传覆盖人次", "≥**人次", "预防接种宣传覆盖人次", "≥**人次"),
            (E, "社会效益指标", "……", None, "……", None),
            (S, SAT, "接种儿童家长满意度", "≥90%", "接种儿童家长满意度", "≥90%"),
        ],
        notes=["注：1.年度资金总额应等于财政拨款和其他资金之和。2.指标值应细化量化，不得填写“**”等占位符。"],
    ))

    national_goal("目标表-区环境卫生管理所-城区环卫保洁服务-2025.xlsx", dict(
        variant="system", title="项目支出绩效目标申报表", year_line="（2025年度）",
        project="城区环卫保洁服务购买项目", department="区城市管理局", unit="区环境卫生管理所", kind="延续项目",
        funds=(1860, 1800, 60),
        goal="城区道路清扫保洁面积不少于320万平方米，生活垃圾日产日清，无害化处理率100%。",
        indicators=[
            (P, "数量指标", "道路清扫保洁面积", "≥320", "万平方米", None),
            (P, "数量指标", "生活垃圾清运量", "≥9", "万吨", None),
            (P, "质量指标", "道路保洁质量考核达标率", "≥95", None, "按月考核"),
            (P, "成本指标", "保洁服务成本", "≤90", "万元", None),
            (E, "社会效益指标", "环境卫生群众投诉件数", "≤120", "件", None),
            (E, "生态效益指标", "生活垃圾无害化处理率", "＝100", "%", None),
        ],
    ))

    national_goal("目标表-区社会救助服务中心-困难群众救助补助-2024.xlsx", dict(
        variant="transfer", title="绩效目标申报表（参考模板）", year_line="（2024年度）",
        project="困难群众救助补助资金", contact="社会救助股 张某 0000-0000000",
        department="区民政局", unit="区社会救助服务中心",
        funds=(520, 500, 20),
        goals=("目标1：保障城乡低保对象基本生活。", "目标2：落实特困人员救助供养政策。", "目标3：救助资金按月足额发放。"),
        indicators=[
            (P, "数量指标", "城乡低保保障人数★", "≥2600人"),
            (P, "数量指标", "特困人员供养人数", "≥180人"),
            (P, "质量指标", "救助对象认定准确率★", "≥98%"),
            (P, "时效指标", "救助资金按月发放率", "＝100%"),
            (P, "成本指标", "城市低保月人均补助标准", "**元/人·月"),
            (E, "社会效益指标", "困难群众基本生活保障率★", "≥100%"),
            (E, "可持续影响指标", "救助政策知晓率", "≥**%"),
            (S, SAT, "救助对象满意度", "≥90%"),
        ],
        notes=["注：标★的为核心指标。"],
    ))

    national_goal("目标表-区农业技术推广中心-高标准农田建设-2025.xlsx", dict(
        variant="88", title="项目支出绩效目标申报表", year_line="（2025年度）",
        project="高标准农田建设项目", department="区农业农村局 501", unit="区农业技术推广中心",
        kind="新增项目", period="3年",
        funds=[("中期资金总额：", 1800, "年度资金总额：", 600),
               ("其中：财政拨款", 1500, "其中：财政拨款", 600),
               ("其他资金", 200, "其他资金", 0)],
        mid_label="中期目标（2025年—2027年）",
        goal=("目标1：三年新建高标准农田15000亩。", "目标1：新建高标准农田5000亩。"),
        indicators=[
            (P, "数量指标", "新建高标准农田面积", "≥15,000亩", "新建高标准农田面积", "≥5,000亩"),
            (P, "质量指标", "工程验收合格率", "＝100%", "工程验收合格率", "＝100%"),
            (P, "时效指标", "项目完工及时率", "≥95%", "项目完工及时率", "≥95%"),
            (P, "成本指标", "亩均建设成本", "≤1200元/亩", "亩均建设成本", "≤1200元/亩"),
            (E, "经济效益指标", "项目区粮食亩产增加", "≥50公斤", "项目区粮食亩产增加", "≥50公斤"),
            (E, "生态效益指标", "节水灌溉面积占比", "≥６０％", "节水灌溉面积占比", "≥６０％"),
            (S, "社会效益指标", "项目区农户满意度", "≥90%", "项目区农户满意度", "≥90%"),
        ],
    ))


MONITOR_NOTES = [
    "填表说明：1.项目资金执行率＝执行数÷年初预算数。2.偏差原因分析、完成目标可能性请在对应栏内打“√”。",
    "3.完成目标可能性为“有可能”“完全不可能”的，请在备注栏说明原因及拟采取的措施。",
]


def build_monitor():
    national_monitor("监控表-区第一中学-学生资助补助资金-2025.xlsx", dict(
        variant="136", title="项目支出绩效目标执行监控表", year_line="（2025年度）",
        project="学生资助补助资金", department="区教育局 301", unit="区第一中学",
        funds=[
            ("年度资金总额", 126.5, 75.9, pct(0.6, "0.00%"), 126.5),
            ("其中：财政拨款", 120, 72, pct(0.6, "0.00%"), 120),
            ("其他资金", 6.5, 3.9, pct(0.6, "0.00%"), 6.5),
        ],
        goal=("按政策资助家庭经济困难学生不少于500人次，资助资金按时足额发放。",
              "春季学期资助312人次，发放资助资金72万元；秋季学期资助名单正在审核。"),
        indicators=[
            (P, "数量指标", "资助学生人次", "≥500人次", "312人次", 520, None, "确定能", None),
            (P, "质量指标", "资助对象认定准确率", "≥98%", "100%", "100%", None, "确定能", None),
            (P, "时效指标", "资助资金发放及时率", "≥95%", "100%", "98%", None, "确定能", None),
            (P, "成本指标", "生均资助标准", "≤2500元/人", 2400, 2400, None, "确定能", None),
            (E, "社会效益指标", "家庭经济困难学生辍学人数", "＝0人", 0, 0, None, "确定能", None),
            (E, "可持续影响指标", "资助政策知晓率", "≥90%", "92%", "95%", None, "确定能", None),
            (S, SAT, "受助学生及家长满意度", "≥90%", "93%", "93%", None, "确定能", None),
        ],
        notes=MONITOR_NOTES,
    ))

    national_monitor("监控表-区疾病预防控制中心-免疫规划-2025.xlsx", dict(
        variant="136", attach="附件2", title="项目支出绩效目标执行监控表", year_line="（2025年度）", period="1-7月",
        project="免疫规划及预防接种服务经费", department="区卫生健康局 405", unit="区疾病预防控制中心",
        funds=[
            ("年度资金总额", 85, 38.25, pct(0.45, "0.00%"), 85),
            ("其中：财政拨款", 85, 38.25, pct(0.54, "0.00%"), 85),
            ("其他资金", None, None, None, None),
        ],
        goal=("完成适龄儿童免疫规划疫苗接种12000人次以上，接种率保持在95%以上，疫苗冷链运转正常。",
              "1-7月接种7150人次，接种率96.8%；冷链监测全部及时。疫苗采购款按合同进度支付，执行进度偏慢。"),
        indicators=[
            (P, "数量指标", "适龄儿童免疫规划疫苗接种人次", "≥12000人次", "7150人次", "12300人次", None, "确定能", None),
            (P, "数量指标", "指标2", None, None, None, None, None, None),
            (P, "质量指标", "免疫规划疫苗接种率", "≥95%", "96.8%", pct(0.96), None, "确定能", None),
            (P, "时效指标", "疫苗冷链监测及时率", "＝100%", "100%", "100%", None, "确定能", None),
            (P, "成本指标", "疫苗储运成本", "≤30万元", 16.2, 31.5, None, "确定能", None),
            (E, "社会效益指标", "疫苗可预防传染病报告发病率", "≤10/10万", "4.2/10万", "8/10万", None, "确定能", None),
            (E, "社会效益指标", "……", None, None, None, None, None, None),
            (E, "可持续影响指标", "预防接种信息化管理覆盖率", "≥90%", "82%", "88%", "硬件条件保障", "有可能",
             "部分接种点信息系统终端未到位，已申请追加设备，9月底前完成安装。"),
            (S, SAT, "接种儿童家长满意度", "≥90%", "93%", "93%", None, "确定能", None),
        ],
        notes=MONITOR_NOTES,
    ))

    national_monitor("监控表-区农村公路养护中心-农村公路养护-2024.xlsx", dict(
        variant="local", title="项目支出绩效运行监控表", year_line="（2024年度）", unit_line="单位：万元", period="1-6月",
        project="农村公路养护资金", code="52110024000000000031", department="区交通运输局", unit="区农村公路养护中心",
        fund_head=("年初预算数", "调整后预算数", "{n}执行数", "{n}执行率", "全年预计执行数", "偏差原因"),
        funds=[
            ("年度资金总额", 560, 540, 212, pct(0.3926, "0.00%"), 540, "经费保障"),
            ("其中：财政拨款", 500, 500, 190, pct(0.38, "0.00%"), 500, None),
            ("其他资金", 40, 40, 22, pct(0.55, "0.00%"), 40, None),
        ],
        goal=("完成农村公路日常养护320公里，优良中等路率达到80%以上，水毁路段及时修复。",
              "1-6月完成日常养护165公里，修复水毁路段12处；上级补助资金6月下旬到位，支出进度偏慢。"),
        keys=["level1", "level2", "name", "nature", "target", "unit", "actual", "forecast", "reason", "note",
              "likelihood", "measures", "remark"],
        indicators=[
            (P, "数量指标", "农村公路日常养护里程", "≥", 320, "公里", 165, 320, None, None, "确定能", None, "含县道、乡道"),
            (P, "质量指标", "优良中等路率", "≥", 80, "%", 79, 82, None, None, "确定能", None, None),
            (P, "时效指标", "水毁路段修复及时率", "≥", 95, "%", pct(0.96), 96, None, None, "确定能", None, None),
            (P, "成本指标", "每公里年养护成本", "≤", 1.6, "万元/公里", 0.62, 1.55, None, None, "确定能", None, None),
            (E, "社会效益指标", "农村公路通畅率", "≥", 98, "%", 97, 97.5, "其他", None, "基本能完成", None, None),
            (E, "可持续影响指标", "建立养护长效机制的乡镇数", "≥", 12, "个", 7, 10, "制度保障", "部分乡镇养护站尚未组建",
             "有可能", None, None),
            (S, SAT, "沿线群众满意度", "≥", 90, "%", "年底开展调查", 92, None, None, "确定能", None, None),
        ],
    ))

    national_monitor("监控表-区人民医院-医疗设备购置-2025.xlsx", dict(
        variant="136", title="项目支出绩效目标执行监控表", year_line="（2025年度）", period="1—8月",
        project="医疗设备购置项目", department="区卫生健康局 405", unit="区人民医院",
        funds_label="项目资金（元）",
        funds=[
            ("年度资金总额：", money(4500000), money(3150000), pct(0.7, "0.00%"), money(4300000)),
            ("其中：当年财政拨款", money(4000000), money(2800000), pct(0.7, "0.00%"), money(4000000)),
            ("其他资金", money(500000), money(350000), pct(0.7, "0.00%"), money(300000)),
        ],
        goal=("购置CT、彩超等医疗设备12台，年内完成安装调试并投入使用，新增检查项目3项。",
              "已完成7台设备的采购和安装；CT机进口审批延迟。"),
        indicators=[
            (P, "数量指标", "购置医疗设备台数", "≥12台", "7台", "12台", None, "确定能", None),
            (P, "质量指标", "设备验收合格率", "＝100%", "100%", "详见附件", None, "确定能", None),
            (P, "时效指标", "设备安装调试及时率", "≥95%", "100%", "98%", None, "确定能", None),
            (P, "成本指标", "设备采购价格控制率", "≤100%", "97%", "99%", None, "确定能", None),
            (E, "社会效益指标", "新增检查项目数", "≥3项", "1项", "1项", None, "完全不可能", "CT机进口审批延迟，预计下年初到货。"),
            (S, SAT, "患者满意度", "≥90%", "92%", "92%", None, "确定能", None),
        ],
        notes=MONITOR_NOTES,
    ))

    national_monitor("监控表-区环境卫生管理所-城区环卫保洁服务-2024.xlsx", dict(
        variant="136", title="项目支出绩效目标执行监控表", year_line="（2024年度）", period="1—6月",
        department_label="主管部门", project="城区环卫保洁服务购买项目", department="区城市管理局",
        unit="区环境卫生管理所",
        funds=[
            ("年度资金总额", 1800, 900, pct(0.5, "0.00%"), 1800),
            ("其中：财政拨款", 1740, 870, pct(0.5, "0.00%"), 1740),
            ("其他资金", 60, 30, pct(0.5, "0.00%"), 60),
        ],
        goal=("城区道路清扫保洁面积不少于320万平方米，生活垃圾日产日清，无害化处理率100%。", None),
        indicators=[
            (P, "数量指标", "道路清扫保洁面积", "≥320万平方米", "320万平方米", 320, None, "确定能", None),
            (P, "数量指标", "生活垃圾清运量", "≥9万吨", "4.6万吨", None, None, "确定能", None),
            (P, "质量指标", "道路保洁质量考核达标率", "≥95%", "96%", "96%", None, None, None),
            (P, "成本指标", "每平方米年保洁成本", "≤5.6元", 2.8, 5.5, None, "确定能", None),
            (E, "社会效益指标", "环境卫生群众投诉件数", "≤120件", "68件", "136件", None, "有可能", None),
            (E, "生态效益指标", "生活垃圾无害化处理率", "＝100%", "100%", "100%", None, "确定能", None),
            (E, "可持续影响指标", "环卫作业机械化水平", "逐步提高", "新增洗扫车4台", "达到年度目标",
             ("人员保障", "硬件条件保障"), "有可能", "机械操作人员招聘未到位，部分车辆未投入使用。"),
            (S, SAT, "市民满意度", "≥85%", "87%", "88%", None, "确定能", None),
        ],
    ))

    national_monitor("监控表-区就业训练中心-职业技能提升培训-2025.xlsx", dict(
        variant="local", title="项目支出绩效运行监控表", year_line="（2025年度）", period="1-9月",
        project="职业技能提升培训补贴", code="52110025000000000107", department="区人力资源和社会保障局",
        unit="区就业训练中心",
        fund_head=("年初预算数", "全年预算数", "{n}执行数", "{n}执行率", "全年预计执行数", "偏差原因"),
        funds=[
            ("年度资金总额", 300, 280, 196, pct(0.7, "0.00%"), 280, "资金保障"),
            ("其中：财政拨款", 280, 260, 182, pct(0.7, "0.00%"), 260, "经费保障"),
            ("其他资金", 20, 20, 14, pct(0.7, "0.00%"), 20, None),
        ],
        goal=("开展职业技能培训3000人次以上，培训合格率90%以上，培训后就业率60%以上。",
              "1-9月培训2350人次，合格率93%；第四季度培训班已报名。"),
        keys=["level1", "level2", "name", "target", "actual", "forecast", "reason", "note", "likelihood", "remark"],
        ind_head={"likelihood": "完成目标可能性（确定能、有可能、不可能）"},
        indicators=[
            (P, "数量指标", "职业技能培训人次", "≥3000人次", "2350人次", "3050人次", None, None, "确定能", None),
            (P, "质量指标", "培训合格率", "≥90%", "93%", "92%", None, None, "确定能", None),
            (P, "时效指标", "培训补贴发放及时率", "≥95%", "96%", "96%", None, None, "确定能", None),
            (P, "成本指标", "人均培训补贴", "≤1500元", "1380元", "1420元", None, None, "确定能", None),
            (E, "社会效益指标", "培训后就业率", "≥60%", "52%", "55%", "其他", "部分学员尚在求职期，年底统计", "不可能",
             "就业率按参训满3个月统计"),
            (S, SAT, "参训人员满意度", "≥90%", "94%", "94%", None, None, "确定能", None),
        ],
    ))


def main(argv: list[str]) -> int:
    global OUT
    import argparse

    ap = argparse.ArgumentParser(description="Write the real-layout corpus workbooks.")
    ap.add_argument("--out", type=Path, default=OUT, help="output folder (default: tests/corpus/real)")
    OUT = ap.parse_args(argv).out
    for build in (build_national, build_yunnan, build_sichuan, build_hubei, build_weight_conclusion,
                  build_goal_groups, build_goal_tables, build_monitor):
        build()
    n = len(list(OUT.glob("*.xlsx")))
    print(f"{n} workbooks in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
