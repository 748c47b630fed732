"""A consolidation's tidy dataset: projects and indicators as Parquet and CSV, one row per record, sorted by key."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..intake.submission import DATASET_MARKER
from ..report.model import atomic_open
from ..workbook.safe import atomic_path, csv_safe
from .model import Consolidation
from ..scoring.calcs.typed import in_percent_points
from .records import AMOUNT_KEYS, IndicatorRecord, ProjectRecord, form_kind
from .rounding import to_amount, to_decimal

AMOUNT = pa.decimal128(24, 8)            # 万元, as reported (to 0.0001 元); the workbook shows them balanced to 0.01
PLACES = Decimal("1e-8")
KEY = ("form_id", "year", "unit_code", "project_key")                 # a project; indicators add indicator_no
SOURCE = [("file", pa.string(), "来源文件（汇总表时为部门汇总表）"), ("sha256", pa.string(), "来源文件 SHA-256"),
          ("origin", pa.string(), "单位报送的原始文件"), ("origin_sha256", pa.string(), "原始文件 SHA-256")]
# (column, type, 中文说明); the CSV uses the same column names as the Parquet file
PROJECT_COLUMNS = [
    ("form_id", pa.string(), "表单编号"), ("year", pa.int32(), "年度"), ("dept_code", pa.string(), "主管部门编码"),
    ("dept_name", pa.string(), "主管部门"), ("unit_code", pa.string(), "单位编码"), ("unit_name", pa.string(), "单位名称"),
    ("project_key", pa.string(), "项目标识：项目编码，未填时为“名称:项目名称”"), ("project_code", pa.string(), "项目编码"),
    ("project_name", pa.string(), "项目名称"),
    ("budget_initial_wan", AMOUNT, "年初预算数（万元）"), ("budget_wan", AMOUNT, "全年预算数（万元）"),
    ("executed_wan", AMOUNT, "全年执行数（万元）"), ("forecast_wan", AMOUNT, "全年预计执行数（万元，运行监控表）"),
    ("exec_rate", pa.float64(), "执行率（0.9583 即 95.83%）"), ("total_score", pa.float64(), "总分"),
    ("grade", pa.string(), "等级"), ("secret", pa.bool_(), "涉密"), ("status", pa.string(), "审核状态"),
    ("sheet", pa.string(), "金额和得分所在工作表"), ("budget_cell", pa.string(), "全年预算数单元格"),
    ("executed_cell", pa.string(), "全年执行数单元格"), ("total_score_cell", pa.string(), "总分单元格"),
    ("grade_cell", pa.string(), "等级单元格"),
    ("layout", pa.string(), "填报格式：模板，或 非模板（版式编号）——按 jixiao/spec/layouts 的版式读取、来源指向原表单元格"), *SOURCE]
INDICATOR_COLUMNS = [
    ("form_id", pa.string(), "表单编号"), ("year", pa.int32(), "年度"), ("unit_code", pa.string(), "单位编码"),
    ("project_key", pa.string(), "项目标识"), ("indicator_no", pa.int32(), "指标序号（表内第几行指标）"),
    ("unit_name", pa.string(), "单位名称"), ("project_name", pa.string(), "项目名称"),
    ("level1", pa.string(), "一级指标"), ("level2", pa.string(), "二级指标"), ("name", pa.string(), "三级指标"),
    ("nature", pa.string(), "指标性质"), ("target", pa.string(), "年度指标值（原文）"),
    ("target_num", pa.float64(), "年度指标值（数值；度量单位为%时按百分数，“96%”记为96）"), ("measure_unit", pa.string(), "度量单位"),
    ("actual", pa.string(), "实际完成值（原文）"), ("actual_num", pa.float64(), "实际完成值（数值；同上）"),
    ("forecast", pa.string(), "全年预计完成值（运行监控表）"), ("weight", pa.float64(), "分值"),
    ("score", pa.float64(), "得分"), ("sheet", pa.string(), "指标所在工作表"),
    ("target_cell", pa.string(), "年度指标值单元格"), ("actual_cell", pa.string(), "实际完成值单元格"), *SOURCE]
FILES = ("projects.parquet", "projects.csv", "indicators.parquet", "indicators.csv", DATASET_MARKER)


def _schema(cols) -> pa.Schema:
    return pa.schema([pa.field(name, typ) for name, typ, _ in cols])


PROJECT_SCHEMA, INDICATOR_SCHEMA = _schema(PROJECT_COLUMNS), _schema(INDICATOR_COLUMNS)


def _year(v) -> int | None:
    d = to_decimal(v)
    return int(d) if d is not None and d == d.to_integral_value() and 1 <= d <= 9999 else None


def _amount(v) -> Decimal | None:
    """An amount as the Parquet decimal holds it; None for one out of range (no such amount reaches a record)."""
    d = to_amount(v)
    return None if d is None else d.quantize(PLACES, ROUND_HALF_UP)


def _num(v) -> float | None:
    """A finite number entered as a number; text (even "95%"), NaN and infinity have no numeric value."""
    if isinstance(v, bool) or not isinstance(v, (int, float, Decimal)):
        return None
    try:
        x = float(v)
    except (OverflowError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _text(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) or isinstance(v, Decimal):
        return format(float(v), ".15g")
    return str(v)


def _cell(refs: dict, name: str) -> str | None:
    ref = refs.get(name)
    return ref.cell if ref else None


def _sheet(refs: dict, *names: str) -> str | None:
    return next((refs[n].sheet for n in names if n in refs), None)


def _sources(r: ProjectRecord) -> dict:
    return {"file": r.source.origin, "sha256": r.source.sha256, "origin": r.origin or r.source.origin,
            "origin_sha256": r.origin_sha256 or r.source.sha256}


def project_row(r: ProjectRecord) -> dict:
    form_id, _, unit_code, pkey = r.key
    v = r.values
    row = {"form_id": form_id, "year": _year(v.get("year")), "dept_code": r.dept_code, "dept_name": r.dept_name,
           "unit_code": unit_code, "unit_name": _text(v.get("unit_name")), "project_key": pkey,
           "project_code": _text(v.get("project_code")), "project_name": _text(v.get("project_name")),
           **{f"{k}_wan": _amount(v.get(k)) for k in AMOUNT_KEYS}, "exec_rate": _num(v.get("exec_rate")),
           "total_score": _num(v.get("total_score")), "grade": _text(v.get("grade")), "secret": bool(v.get("secret")),
           "status": r.status, "sheet": _sheet(r.refs, "budget", "project_name"),
           "layout": form_kind(r.get("layout"), by_id=True), **_sources(r)}
    row.update({f"{k}_cell": _cell(r.refs, k) for k in ("budget", "executed", "total_score", "grade")})
    return row


def indicator_row(i: IndicatorRecord) -> dict:
    r, v = i.project, i.values
    form_id, _, unit_code, pkey = r.key
    target_num, actual_num = in_percent_points(v.get("unit"), _num(v.get("target")), _num(v.get("actual")))
    return {"form_id": form_id, "year": _year(r.get("year")), "unit_code": unit_code, "project_key": pkey,
            "indicator_no": i.index + 1, "unit_name": _text(r.get("unit_name")),
            "project_name": _text(r.get("project_name")), "level1": _text(v.get("level1")),
            "level2": _text(v.get("level2")), "name": _text(v.get("name")), "nature": _text(v.get("nature")),
            "target": _text(v.get("target")), "target_num": target_num,
            "measure_unit": _text(v.get("unit")), "actual": _text(v.get("actual")), "actual_num": actual_num,
            "forecast": _text(v.get("forecast")), "weight": _num(v.get("weight")), "score": _num(v.get("score")),
            "sheet": _sheet(i.refs, "name", "target"), "target_cell": _cell(i.refs, "target"),
            "actual_cell": _cell(i.refs, "actual"), **_sources(r)}


def _sort_key(row: dict, extra: tuple = ()) -> tuple:
    return tuple((row[k] is None, row[k] if row[k] is not None else 0) for k in KEY + extra)


@dataclass
class Dataset:
    """The two tidy tables; build one from a consolidation, or read one back from its folder."""

    projects: pa.Table
    indicators: pa.Table

    @classmethod
    def from_consolidation(cls, c: Consolidation) -> "Dataset":
        projects = sorted((project_row(r) for r in c.projects), key=_sort_key)
        indicators = sorted((indicator_row(i) for i in c.indicators()), key=lambda r: _sort_key(r, ("indicator_no",)))
        return cls(pa.Table.from_pylist(projects, PROJECT_SCHEMA), pa.Table.from_pylist(indicators, INDICATOR_SCHEMA))

    @classmethod
    def read(cls, folder) -> "Dataset":
        folder = Path(folder)
        return cls(pq.read_table(folder / "projects.parquet", schema=PROJECT_SCHEMA),
                   pq.read_table(folder / "indicators.parquet", schema=INDICATOR_SCHEMA))

    def write(self, folder) -> list[Path]:
        """projects/indicators as Parquet and as CSV (UTF-8 with BOM), and the column dictionary; each file atomic."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for name, table, cols in (("projects", self.projects, PROJECT_COLUMNS),
                                  ("indicators", self.indicators, INDICATOR_COLUMNS)):
            _write_parquet(table, folder / f"{name}.parquet")
            _write_csv([c for c, *_ in cols], table.to_pylist(), folder / f"{name}.csv")
        glossary = [{"table": t, "column": c, "description": d} for t, cols in
                    (("projects", PROJECT_COLUMNS), ("indicators", INDICATOR_COLUMNS)) for c, _, d in cols]
        _write_csv(["table", "column", "description"], glossary, folder / FILES[-1])
        return [folder / f for f in FILES]


def _write_parquet(table: pa.Table, path: Path) -> None:
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd")


def csv_value(v):
    """A cell for the CSV: amounts without float noise, text that a spreadsheet could run neutralised."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, Decimal):
        return format(v.normalize(), "f") if v else "0"
    if isinstance(v, float):
        return repr(v)
    return csv_safe(v)


def _write_csv(columns: list[str], rows: list[dict], path: Path) -> None:
    with atomic_open(path, encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow(columns)
        out.writerows([csv_value(row.get(c)) for c in columns] for row in rows)


def dataset_dir(out: Path) -> Path:
    """Where `jixiao consolidate -o 汇总.xlsx` puts the dataset by default: 汇总_数据/ beside the workbook."""
    return out.with_name(f"{out.stem}_数据")
