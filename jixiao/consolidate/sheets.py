"""The consolidation workbook's sheets and columns: written by workbook.py, read back by readback.py."""

from __future__ import annotations

from ..spec.layout import load_form
from ..workbook.printing import text_units
from .records import AMOUNT_CELLS, INDICATOR_KEYS
from .summary import UNGRADED, Metrics

SUMMARY, CHARTS, DETAIL, INDICATORS, ISSUES, SOURCES, INFO, META = (
    "单位汇总", "图表", "项目明细", "指标明细", "异常清单", "来源", "说明", "_jixiao_consolidation")
KIND = "consolidation"
LEVEL_NAMES = {"department": "部门汇总", "bureau": "全口径汇总（财政局）"}
ROW_LEVELS = {"unit": "单位", "department": "部门小计", "total": "合计"}
AMOUNT_FMT, RATE_FMT, SCORE_FMT, COUNT_FMT = "#,##0.00", "0.00%", "0.00", "0"


def amount_header(form_id: str, key: str) -> str:
    """An amount column's header with its unit, from the form's own label: 全年预算数（万元）."""
    label = load_form(form_id).cells[AMOUNT_CELLS[form_id][key]].label.rsplit("/", 1)[-1]
    return f"{label}（万元）"


def rate_header(form_id: str) -> str:
    return "1—N月执行率" if form_id == "project_monitor" else "执行率"


def project_columns(form_id: str) -> list[tuple[str, str, float, str | None]]:
    """(key, header, width, number format) of 项目明细."""
    from .records import RESULT_CELLS
    cols = [("row_id", "行号", 6, None), ("year", "年度", 6, None), ("dept_code", "主管部门编码", 8, None),
            ("dept_name", "主管部门", 13, None), ("unit_code", "单位编码", 8, None), ("unit_name", "单位名称", 16, None),
            ("project_code", "项目编码", 15, None), ("project_name", "项目名称", 22, None)]
    cols += [(k, amount_header(form_id, k), 12, AMOUNT_FMT) for k in AMOUNT_CELLS[form_id]]
    results = RESULT_CELLS[form_id]
    if "exec_rate" in results:
        cols.append(("exec_rate", rate_header(form_id), 9, RATE_FMT))
    if "total_score" in results:
        cols += [("total_score", "总分", 8, SCORE_FMT), ("grade", "等级", 6, None)]
    cols += [("secret", "涉密", 6, None), ("status", "审核状态", 9, None), ("origin", "来源文件", 40, None),
             ("origin_sha256", "SHA-256", 20, None), ("layout", "填报格式", 24, None)]
    return cols


def indicator_columns(form_id: str) -> list[tuple[str, str, float, str | None]]:
    table = load_form(form_id).tables["indicators"]
    cols = [("row_id", "行号", 7, None), ("project_row", "项目行号", 7, None), ("year", "年度", 6, None),
            ("unit_code", "单位编码", 8, None), ("project_code", "项目编码", 15, None), ("index", "指标序号", 6, None)]
    widths = {"level1": 11, "level2": 12, "name": 24, "target": 11, "actual": 11, "forecast": 11}
    cols += [(k, table.specs[k]["header"], widths.get(k, 10), SCORE_FMT if k == "score" else None)
             for k in INDICATOR_KEYS if k in table.columns]
    return cols


def summary_columns(form_id: str, m: Metrics) -> list[tuple[str, str, float, str | None]]:
    cols = [("row_id", "行号", 6, None), ("level", "层级", 9, None), ("dept_code", "主管部门编码", 8, None),
            ("dept_name", "主管部门", 14, None), ("unit_code", "单位编码", 8, None), ("unit_name", "单位名称", 18, None),
            ("projects", "项目数", 7, COUNT_FMT)]
    cols += [(k, amount_header(form_id, k), 12, AMOUNT_FMT) for k in m.amounts]
    if m.rated:
        cols.append(("exec_rate", rate_header(form_id), 9, RATE_FMT))
    if m.scored:
        cols += [("avg_score", "平均分", 8, SCORE_FMT), ("weighted_score", "预算加权平均分", 9, SCORE_FMT)]
        # one line each: 「未定级（个）」 never leaves 「）」 alone on a second line
        cols += [(f"grade:{g}", f"{g}（个）", round(text_units(f"{g}（个）") + 2), COUNT_FMT) for g in m.grades + (UNGRADED,)]
    return cols


ISSUE_COLUMNS = [("row_id", "行号", 6, None), ("category", "类别", 10, None), ("severity", "严重程度", 6, None),
                 ("code", "规则编号", 6, None), ("title", "规则名称", 14, None), ("dept_name", "主管部门", 12, None),
                 ("unit_code", "单位编码", 8, None), ("unit_name", "单位名称", 14, None), ("file", "文件", 26, None),
                 ("sheet", "工作表", 9, None), ("cell", "单元格", 7, None), ("message", "问题说明", 44, None)]
SOURCE_COLUMNS = [("row_id", "行号", 7, None), ("table", "所在工作表", 9, None), ("field", "字段", 14, None),
                  ("value", "源值", 12, None), ("file", "来源文件", 30, None), ("sheet", "工作表", 9, None),
                  ("cell", "单元格", 7, None), ("basis", "计算依据（单元格）", 16, None), ("method", "计算方法", 20, None),
                  ("rows", "组成行", 22, None), ("path", "JSON 路径", 30, None), ("sha256", "SHA-256", 20, None)]
INFO_COLUMNS = [("item", "项目", 14, None), ("text", "内容", 80, None)]
# columns kept on screen but left out of print: file digests and paths a printed page does not need
SCREEN_ONLY = {DETAIL: ("origin", "origin_sha256", "layout"), SOURCES: ("path", "sha256")}

METHODS = {
    "sum": "下级之和（金额经舍位平衡）",
    "count": "下级之和",
    "exec_rate": "Σ执行数 ÷ Σ预算数（所列行下全部有预算数和执行数的项目）",
    "avg_score": "Σ总分 ÷ 有总分的项目数（所列行下全部项目）",
    "weighted_score": "Σ(总分 × 全年预算数) ÷ Σ全年预算数（所列行下有总分且预算数大于0的项目）",
}


def canon(value) -> str:
    """A cell value as text for the detail digest; the same before writing and after reading back."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)) or type(value).__name__ == "Decimal":
        return repr(float(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


class RowDigest:
    """SHA-256 over the canonical values of 项目明细 and 指标明细 (per sheet, in row order), kept in the hidden sheet."""

    def __init__(self):
        self._h: dict = {}

    def update(self, sheet: str, values) -> None:
        import hashlib
        h = self._h.setdefault(sheet, hashlib.sha256())
        h.update(("\x1e".join(canon(v) for v in values) + "\x1d").encode("utf-8"))

    def hexdigest(self) -> str:
        import hashlib
        return hashlib.sha256("".join(f"{s}:{h.hexdigest()};" for s, h in sorted(self._h.items())).encode()).hexdigest()
