"""The reviewer workbook (复核工作表): one row per sampled project with the reasons it was picked; the reviewer fills
复核得分、复核意见、复核人 (yellow) and hands it back to `jixiao review report`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from ..errors import JixiaoError
from ..template import styles
from ..template.builder import save_atomic
from ..workbook import printing
from ..workbook.edited import header_columns, records, sheet_rows
from ..workbook.safe import clean_text
from .sample import Pick

SHEET, ABOUT = "复核工作表", "说明"
SCORE_FMT, AMOUNT_FMT = "0.00", "#,##0.00"
COLUMNS = [("key", "编号", 13), ("dept", "主管部门", 12), ("unit_name", "单位名称", 14), ("project", "项目", 16),
           ("budget", "全年预算数（万元）", 10, AMOUNT_FMT), ("score", "自评得分", 7, SCORE_FMT), ("grade", "自评等级", 6),
           ("prev_grade", "上年等级", 6), ("why", "抽取原因", 26), ("review_score", "复核得分", 7, SCORE_FMT),
           ("note", "复核意见", 26), ("reviewer", "复核人", 7), ("unit_code", "单位编码", 9), ("year", "年度", 6),
           ("file", "来源文件", 40)]
SCREEN_ONLY = ("unit_code", "year", "file")
EDITABLE = ("review_score", "note", "reviewer")
HEADERS = {c[1]: c[0] for c in COLUMNS}


class ReviewError(JixiaoError):
    """The workbook is not a reviewer workbook jixiao wrote; message Chinese."""


@dataclass
class Reviewed:
    key: str
    dept: str
    unit_code: str
    unit_name: str
    project: str
    year: int | None
    score: float | None
    grade: str
    why: str
    review_score: float | None
    note: str
    reviewer: str
    problem: str = ""            # a 复核得分 that is not a number from 0 to 100


def _text(v) -> str:
    return clean_text(str(v)) if v is not None else ""


def write_sheet(picks: list[Pick], path, seed: int, bureau: str = "财政局", today: date | None = None) -> Path:
    today = today or date.today()
    year = picks[0].year if picks else ""
    wb = Workbook(write_only=True)
    printing.use_font(wb)
    t = printing.Table(wb, SHEET, COLUMNS, f"{bureau}{year}年度项目支出绩效自评复核工作表（{today:%Y-%m-%d}，{len(picks)} 个项目）",
                       screen_only=SCREEN_ONLY)
    fills = {i: styles.INPUT_FILL for i, c in enumerate(COLUMNS) if c[0] in EDITABLE}
    for p in picks:
        values = {"key": p.key, "dept": p.dept, "unit_name": p.unit_name, "project": p.project, "budget": p.budget,
                  "score": p.score, "grade": p.grade, "prev_grade": p.prev_grade or "—", "why": p.why,
                  "review_score": None, "note": None, "reviewer": None, "unit_code": p.unit_code, "year": p.year,
                  "file": p.file}
        t.add([_text(values[c[0]]) if isinstance(values[c[0]], str) else values[c[0]] for c in COLUMNS], fills=fills)
    t.finish()
    about = printing.Table(wb, ABOUT, [("item", "项目", 14), ("text", "内容", 80)], "复核工作表说明", filter=False)
    for k, v in _about(seed):
        about.add([k, v])
    about.finish()
    return save_atomic(wb, Path(path))


def _about(seed: int) -> list[tuple[str, str]]:
    return [
        ("用途", "全面自评、部分复核：复核人员对抽中的项目自评表重新评分，填写黄色的复核得分、复核意见、复核人，"
               "存盘后用 jixiao review report 本表.xlsx 生成偏差报告。"),
        ("抽取方法", "风险抽取：全年预算数最大的项目、表内得分与按评分规则重算相差较大的项目、自评等级较上年明显升降的项目全部抽取；"
                 f"其余项目按比例随机抽取（随机种子 {seed}，同一历史库、同一种子重抽结果相同）。比例和阈值见政策口径的 review 项。"),
        ("复核得分", "按财预〔2020〕10号评分规则重新评定的总分（0—100）；未复核的项目留空，不计入偏差报告。"),
        ("编号", "由年度、单位和项目算出，偏差报告按编号对应，请勿改动或删除。"),
    ]


def _float(v) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    try:
        return float(str(v).strip()) if v not in (None, "") else None
    except ValueError:
        return None


def read_sheet(path) -> list[Reviewed]:
    """The rows of a reviewer workbook as the reviewer left them."""
    rows = sheet_rows(path, SHEET, "复核工作表", ReviewError, "，不是 jixiao review sample 写出的复核工作表")
    found = header_columns(rows, "编号", HEADERS)
    if found is None:
        raise ReviewError(f"「{path}」的“{SHEET}”表找不到表头行（编号、复核得分……），请勿改动表头")
    head, cols = found
    out = []
    for v in records(rows, head, cols):
        raw = v.get("review_score")
        score = _float(raw)
        problem = "" if raw in (None, "") or (score is not None and 0 <= score <= 100) else \
            f"复核得分「{raw}」不是 0—100 的数，未计入"
        out.append(Reviewed(_text(v["key"]), _text(v.get("dept")), _text(v.get("unit_code")), _text(v.get("unit_name")),
                            _text(v.get("project")), int(_float(v.get("year")) or 0) or None, _float(v.get("score")),
                            _text(v.get("grade")), _text(v.get("why")), score if not problem else None,
                            _text(v.get("note")), _text(v.get("reviewer")), problem))
    return out
