"""The deviation report (复核偏差报告): for every reviewed project the reviewer's score against the self-evaluation,
the grades of both and whether the grade changed; a summary by reason of selection."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from ..scoring.api import grade
from ..scoring.excel import excel_round
from ..template import styles
from ..template.builder import save_atomic
from ..workbook import printing
from ..workbook.safe import clean_text
from .sample import GAP, JUMP, LARGE, RANDOM, settings
from .sheet import Reviewed

DETAIL, SUMMARY = "偏差明细", "偏差汇总"
SCORE_FMT = "0.00"
REASONS = (LARGE, GAP, JUMP, RANDOM)
BIG, CHANGED, SAME = "偏差较大", "等级变化", "一致"


@dataclass
class Deviation:
    row: Reviewed
    deviation: float             # 复核得分 − 自评得分
    review_grade: str
    verdict: str                 # 偏差较大、等级变化（可同时）或 一致

    @property
    def grade_changed(self) -> bool:
        return self.review_grade != self.row.grade


@dataclass
class Report:
    deviations: list[Deviation]
    pending: list[Reviewed]      # not reviewed yet (or a score that is no number)

    def by_reason(self) -> list[tuple[str, int, float | None, int]]:
        """(reason, reviewed, mean |deviation|, grade changes) per reason of selection, then 合计."""
        out = []
        for reason in (*REASONS, "合计"):
            ds = [d for d in self.deviations if reason == "合计" or reason in d.row.why]
            mean = excel_round(sum(abs(d.deviation) for d in ds) / len(ds), 2) if ds else None
            out.append((reason, len(ds), mean, sum(d.grade_changed for d in ds)))
        return out


def compare(rows: list[Reviewed], profile: dict) -> Report:
    limit = settings(profile)["deviation"]
    devs, pending = [], []
    for r in rows:
        if r.review_score is None or r.score is None:
            pending.append(r)
            continue
        dev = excel_round(r.review_score - r.score, 2)
        g = grade(r.review_score, profile) or ""
        verdict = "、".join(v for v, hit in ((BIG, abs(dev) >= limit), (CHANGED, g != r.grade)) if hit) or SAME
        devs.append(Deviation(r, dev, g, verdict))
    return Report(devs, pending)


COLUMNS = [("dept", "主管部门", 12), ("unit_name", "单位名称", 14), ("project", "项目", 16), ("why", "抽取原因", 22),
           ("score", "自评得分", 7, SCORE_FMT), ("review_score", "复核得分", 7, SCORE_FMT),
           ("deviation", "偏差（复核−自评）", 8, SCORE_FMT), ("grade", "自评等级", 6), ("review_grade", "复核等级", 6),
           ("verdict", "结论", 9), ("note", "复核意见", 24), ("reviewer", "复核人", 7), ("key", "编号", 13)]


def write_report(report: Report, path, bureau: str = "财政局", today: date | None = None) -> Path:
    today = today or date.today()
    wb = Workbook(write_only=True)
    printing.use_font(wb)
    t = printing.Table(wb, DETAIL, COLUMNS, f"{bureau}自评复核偏差报告（{today:%Y-%m-%d}）", screen_only=("key",))
    for d in report.deviations:
        r = d.row
        values = [r.dept, r.unit_name, r.project, r.why, r.score, r.review_score, d.deviation, r.grade, d.review_grade,
                  d.verdict, r.note, r.reviewer, r.key]
        t.add([clean_text(v) if isinstance(v, str) else v for v in values],
              fills={9: styles.FLAG_FILL} if d.verdict != SAME else None)
    for r in report.pending:
        values = [r.dept, r.unit_name, r.project, r.why, r.score, None, None, r.grade, "", r.problem or "未复核",
                  r.note, r.reviewer, r.key]
        t.add([clean_text(v) if isinstance(v, str) else v for v in values])
    t.finish()
    s = printing.Table(wb, SUMMARY, [("reason", "抽取原因", 14), ("n", "已复核项目数", 10),
                                     ("mean", "平均绝对偏差（分）", 12, SCORE_FMT), ("changed", "等级变化项目数", 10)],
                       f"{bureau}自评复核偏差汇总（未复核 {len(report.pending)} 个）", filter=False)
    for reason, n, mean, changed in report.by_reason():
        s.add([reason, n, mean, changed], total=reason == "合计")
    s.finish()
    return save_atomic(wb, Path(path))
