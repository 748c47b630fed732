"""Registers of the other forms of the cycle (部门整体目标/自评, 运行监控, 事前评估, 目标审核): one row per file, the
columns declared as data (cell ids of the form spec), built in the check worker like the project records."""

from __future__ import annotations

from dataclasses import dataclass

from ..intake.roster import norm_code, norm_text
from ..spec.loader import enums
from .records import ProjectRecord, _plain, worker_record
from .sheets import AMOUNT_FMT, COUNT_FMT, RATE_FMT, SCORE_FMT

GREEN, YELLOW, RED, UNRATED = "绿", "黄", "红", "未定"
LIGHTS = (RED, YELLOW, GREEN, UNRATED)


@dataclass(frozen=True)
class Register:
    sheet: str
    stage: str                                    # 环节 of the year's cycle, for 全周期概览
    columns: tuple                                # (key, header, width, number format, cell id | None for derived)
    outcome: str = ""                             # the column whose values 全周期概览 counts


def _c(key, header, cell, width=12, fmt=None):
    return key, header, width, fmt, cell


PROJECT = (_c("project_code", "项目编码", "project_code", 15), _c("project_name", "项目名称", "project_name", 22))
REGISTERS = {
    "dept_goal": Register("部门整体目标", "目标申报（部门整体）", (
        _c("total", "金额合计（万元）", "sums.all.total", fmt=AMOUNT_FMT),
        _c("fiscal", "其中：财政拨款（万元）", "sums.all.fiscal", fmt=AMOUNT_FMT),
        _c("other", "其他资金（万元）", "sums.all.other", fmt=AMOUNT_FMT),
        _c("count_output", "产出指标数", "count_output", 7, COUNT_FMT),
        _c("count_effect", "效益指标数", "count_effect", 7, COUNT_FMT),
        _c("count_satisfaction", "满意度指标数", "count_satisfaction", 7, COUNT_FMT))),
    "dept_self_eval": Register("部门整体自评", "绩效自评（部门整体）", (
        _c("weight_total", "分值合计", "weight_total", 8, SCORE_FMT),
        _c("total_score", "总分", "total_score", 8, SCORE_FMT), _c("grade", "等级", "grade", 6)), outcome="grade"),
    "project_monitor": Register("运行监控", "运行监控", PROJECT + (
        _c("period", "监控期间", "period", 10),
        _c("budget", "全年预算数（万元）", "funds.total.budget", fmt=AMOUNT_FMT),
        _c("executed", "1—N月执行数（万元）", "funds.total.executed", fmt=AMOUNT_FMT),
        _c("rate", "1—N月执行率", "funds.total.rate", 9, RATE_FMT),
        _c("progress", "时间进度", "funds.total.progress", 9, RATE_FMT),
        _c("funds_light", "资金预警", "funds.total.light", 6),
        _c("indicator_count", "指标个数", "indicator_count", 6, COUNT_FMT),
        _c("deviation_count", "偏差指标数（黄或红）", "deviation_count", 8, COUNT_FMT),
        _c("red_count", "其中红灯", "red_count", 6, COUNT_FMT),
        _c("light", "预警", None, 6)), outcome="light"),
    "ex_ante": Register("事前评估", "事前评估", PROJECT[1:] + (
        _c("project_kind", "类型", "project_kind", 9),
        _c("amount", "申请资金（万元）", "amount", fmt=AMOUNT_FMT),
        _c("score", "评估得分", "dims.total.score", 8, SCORE_FMT),
        _c("conclusion", "评估结论", "conclusion", 12),
        _c("budgeting", "预算安排", None, 16)), outcome="conclusion"),
    "goal_review": Register("目标审核", "目标审核", PROJECT[1:] + (
        _c("reviewer_unit", "审核单位", "reviewer_unit", 14),
        _c("amount", "申请资金（万元）", "amount", fmt=AMOUNT_FMT),
        _c("total_score", "审核得分", "total_score", 8, SCORE_FMT),
        _c("result", "审核结果", "result", 8),
        _c("consequence", "预算安排", "consequence", 20)), outcome="result"),
}
IDENTITY = ("year", "unit_code", "unit_name", "department", "department_code")
LEAD = [("row_id", "行号", 6, None), ("year", "年度", 6, None), ("dept_name", "主管部门", 13, None),
        ("unit_code", "单位编码", 8, None), ("unit_name", "单位名称", 16, None)]
TAIL = [("status", "审核状态", 9, None), ("origin", "来源文件", 40, None)]


def columns(form_id: str) -> list[tuple]:
    """(key, header, width, number format) of a register sheet."""
    return LEAD + [c[:4] for c in REGISTERS[form_id].columns] + TAIL


@dataclass
class RegisterRow:
    form_id: str
    values: dict
    origin: str = ""
    status: str = "通过"
    dept_code: str = ""
    dept_name: str = ""
    row_id: str = ""

    def sort_key(self) -> tuple:
        v = self.values
        return (self.dept_code or "~", self.dept_name, norm_code(v.get("unit_code")), norm_text(v.get("unit_name")),
                norm_code(v.get("project_code")), norm_text(v.get("project_name")), self.origin)


def monitor_light(v: dict) -> str:
    """A monitored project's light: 红 when its funds or any indicator is red, 黄 when either lags, 绿 when the funds
    keep pace or its indicators are on track, else 未定 (nothing to judge)."""
    deviating, red = v.get("deviation_count") or 0, v.get("red_count") or 0
    if v.get("funds_light") == RED or red:
        return RED
    if v.get("funds_light") == YELLOW or deviating:
        return YELLOW
    if v.get("funds_light") == GREEN or (v.get("indicator_count") or 0) > 0:
        return GREEN
    return UNRATED


def ex_ante_budgeting(v: dict, profile: dict) -> str:
    """What an 事前评估 conclusion means for the budget (rules.md §8: only 予以支持 goes with the budget request)."""
    support, adjust, _ = enums()["ex_ante_conclusions"]
    conclusion = v.get("conclusion")
    if not conclusion:
        return "评估未完成"
    if conclusion == support or (conclusion == adjust and (profile.get("ex_ante") or {}).get("adjust_allows_budget")):
        return "可纳入预算"
    return "调整完善后重新评估" if conclusion == adjust else "不得纳入预算"


DERIVED = {"light": lambda v, p: monitor_light(v), "budgeting": ex_ante_budgeting}


def register_values(form, ev, profile: dict) -> dict:
    """The register row of one evaluated form: identity roles, the declared cells (computed ones recomputed) and the
    derived columns."""
    values = {r: _plain(ev.value(form.roles[r])) for r in IDENTITY if r in form.roles}
    values.update({k: _plain(ev.value(cell)) for k, _, _, _, cell in REGISTERS[form.id].columns if cell})
    values.update({k: DERIVED[k](values, profile) for k, _, _, _, cell in REGISTERS[form.id].columns if not cell})
    return values


def worker_extract(fr, ev, profile: dict):
    """Options.extract for consolidation: a project form's record (its register values attached for 运行监控), or the
    register values of another form of the cycle; None for the rest."""
    record = worker_record(fr, ev, profile)
    if fr.form.id in REGISTERS:
        values = register_values(fr.form, ev, profile)
        if record is None:
            return values
        record.register = values
    return record


def register_row(extract, find, profile_of) -> dict | None:
    """A file's register values: from the check worker (`extract`), else read again from `find()` (a `jixiao check`
    folder's copy) and evaluated under `profile_of(read)`; None when it cannot be read."""
    if isinstance(extract, ProjectRecord):
        return extract.register
    if isinstance(extract, dict):
        return extract
    from ..scoring.engine import Evaluation
    from ..spec.data import to_inputs
    from ..workbook.reader import ReadError, read
    path = find()
    if path is None:
        return None
    try:
        fread = read(path)
    except ReadError:
        return None
    if fread.form.id not in REGISTERS:
        return None
    ev = Evaluation(fread.form, profile_of(fread), to_inputs(fread.form, fread.data)).fix(fread.overrides)
    return register_values(fread.form, ev, profile_of(fread))
