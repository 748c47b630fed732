"""Rules of the monitor forms (双监控, 财预〔2019〕136号): time progress, 预警 lights, indicator status and flags."""

from __future__ import annotations

from ..excel import excel_round
from ..expr import AND, IF, ISNUMBER, LEN, NOT, OR, ROUND, SUMPRODUCT, Lit, Node, any_of, eq, flags, ne
from . import Ctx, calc, guard
from .project import FORWARD, OPS, count_flags, definition_checks
from .typed import one_scale

GREEN, YELLOW, RED = "绿", "黄", "红"
SURE, MAYBE, NEVER = "确定能", "有可能", "完全不可能"      # 完成目标可能性 1/2/3
OTHER = "其他"                                          # 偏差原因 that needs a written explanation


def _round_rate(ctx: Ctx, x: Node) -> Node:
    """Rates and progress share the 执行率 precision, so "on progress" compares what the user sees."""
    digits = ctx.profile["exec_rate"]["rate_decimals"]
    return ROUND(x, digits) if digits is not None else x


def valid_month(month: Node) -> Node:
    """监控月份 is an integer 1–12."""
    return guard(ISNUMBER(month), AND(month >= 1, month <= 12, eq(month, ROUND(month, 0))))


def _warn(light: Node) -> Node:
    return OR(eq(light, YELLOW), eq(light, RED))


def _tolerance_text(ctx: Ctx) -> str:
    return f"{ctx.profile['monitor']['lag_tolerance'] * 100:g}个百分点"


# ---- header and funds ---------------------------------------------------------------------------------------------

@calc("monitor_period")
def monitor_period(ctx: Ctx, month: Node) -> Node:
    """监控期间：如“1—7月”（表头中的“1—N月”即此期间）。"""
    return IF(valid_month(month), IF(eq(month, 1), "1月", "1—" & month & "月"), "")


@calc("monitor_progress")
def monitor_progress(ctx: Ctx, month: Node) -> Node:
    """时间进度 = 监控月份/12，或口径给出的各月进度基准。"""
    schedule = ctx.profile["monitor"]["progress"]
    if schedule is None:
        value = _round_rate(ctx, month / 12)
    else:
        if len(schedule) != 12:
            raise ValueError("monitor.progress 须为12个月的进度基准")
        digits = ctx.profile["exec_rate"]["rate_decimals"]
        value = Lit("")
        for m in range(12, 0, -1):
            p = excel_round(schedule[m - 1], digits) if digits is not None else schedule[m - 1]
            value = IF(eq(month, m), p, value)
    return IF(valid_month(month), value, "")


@calc("monitor_light")
def monitor_light(ctx: Ctx, rate: Node, progress: Node) -> Node:
    """预警：执行率不低于时间进度为绿；落后不超过容差为黄；超过容差为红；无法计算时为空。"""
    tol = ctx.profile["monitor"]["lag_tolerance"]
    return IF(AND(ISNUMBER(rate), ISNUMBER(progress)),
              IF(rate >= progress, GREEN, IF(rate >= _round_rate(ctx, progress - tol), YELLOW, RED)), "")


@calc("monitor_funds_flags")
def monitor_funds_flags(ctx: Ctx, budget, executed, light, forecast, reason, note) -> Node:
    """项目资金行核查提示：漏填执行数、进度滞后未选原因、数额互相矛盾。"""
    has_budget = guard(ISNUMBER(budget), budget > 0)
    nums = lambda *xs: AND(*[ISNUMBER(x) for x in xs])     # noqa: E731
    return flags(
        (AND(has_budget, eq(executed, "")), "请填写1—N月执行数", "R301", "executed"),
        (AND(has_budget, eq(forecast, "")), "请填写全年预计执行数", "R302", "forecast"),
        (AND(eq(light, YELLOW), eq(reason, "")), "执行率低于时间进度，须选择偏差原因", "G301", "reason"),
        (AND(eq(light, RED), eq(reason, "")), f"执行率低于时间进度超过{_tolerance_text(ctx)}，须选择偏差原因", "G301",
         "reason"),
        (AND(ne(reason, ""), NOT(any_of(reason, ctx.enums["deviation_reasons"]))), "偏差原因应从下拉列表中选择", "T002",
         "reason"),
        (AND(eq(reason, OTHER), eq(note, "")), "偏差原因为“其他”的，须在“资金执行偏差说明及纠偏措施”中说明", "R303",
         "note"),
        (guard(nums(budget, executed), executed > budget), "1—N月执行数超过全年预算数，请核实", "A301", "executed"),
        (guard(nums(budget, forecast), forecast > budget), "全年预计执行数超过全年预算数，请核实", "A302", "forecast"),
        (guard(nums(executed, forecast), forecast < executed), "全年预计执行数小于1—N月执行数，请核实", "A303", "forecast"),
    )


# ---- indicator rows -----------------------------------------------------------------------------------------------

def meets_target(ctx: Ctx, nature: Node, target: Node, value: Node, unit: Node) -> Node:
    """The value would earn full marks at the year-end self-evaluation (calcs.project: ≥＞ a≥t; ＝ t=0: a≤0; ≤＜ a≤t;
    so a value equal to a ＞ or ＜ target meets it; "96%" against 95 in % is 96)."""
    target, value = one_scale(ctx, unit, target, value)
    equal = IF(eq(target, 0), value <= 0, value >= target)
    return IF(any_of(nature, FORWARD), value >= target, IF(eq(nature, "＝"), equal, value <= target))


@calc("monitor_status")
def monitor_status(ctx: Ctx, nature, target, forecast, likelihood, unit) -> Node:
    """监控状态：完全不可能为红；有可能为黄；定量指标预计能达到指标值为绿、不能为黄；定性指标确定能为绿。"""
    quant = IF(AND(ISNUMBER(target), ISNUMBER(forecast)),
               IF(meets_target(ctx, nature, target, forecast, unit), GREEN, YELLOW), "")
    other = IF(eq(likelihood, SURE), GREEN, "")
    return IF(eq(likelihood, NEVER), RED, IF(eq(likelihood, MAYBE), YELLOW, IF(any_of(nature, OPS), quant, other)))


@calc("monitor_indicator_flags")
def monitor_indicator_flags(ctx: Ctx, level1, level2, name, nature, target, unit, actual, forecast, status, reason,
                            note, likelihood, measures) -> Node:
    """监控表指标行核查提示：指标定义、执行情况、偏差原因、完成可能性与纠偏措施。"""
    has = LEN(level1 & level2 & name & nature & target) > 0
    quant = any_of(nature, OPS)
    computable = AND(quant, ISNUMBER(target), ISNUMBER(forecast))
    missed = guard(computable, NOT(meets_target(ctx, nature, target, forecast, unit)))
    return flags(
        *definition_checks(ctx, level1, level2, name, nature, target, unit),
        (AND(has, eq(actual, "")), "请填写1—N月执行情况", "R304", "actual"),
        (AND(quant, ne(actual, ""), NOT(ISNUMBER(actual))), "定量指标的1—N月执行情况应为数字：只填半角数字，不带符号和单位",
         "T301", "actual"),
        (AND(has, eq(forecast, "")), "请填写全年预计完成情况", "R305", "forecast"),
        (AND(quant, ne(forecast, ""), NOT(ISNUMBER(forecast))),
         "定量指标的全年预计完成情况应为数字：只填半角数字，不带符号和单位", "T302", "forecast"),
        (AND(has, eq(likelihood, "")), "请选择完成目标可能性", "R306", "likelihood"),
        (AND(ne(likelihood, ""), NOT(any_of(likelihood, ctx.enums["completion_likelihood"]))),
         "完成目标可能性应从下拉列表中选择", "T002", "likelihood"),
        (AND(missed, eq(likelihood, SURE)), "全年预计完成情况未达到年度指标值，完成目标可能性不应为“确定能”", "G302",
         "likelihood"),
        (AND(_warn(status), eq(reason, "")), "存在偏差（监控状态为黄或红），须选择偏差原因", "G303", "reason"),
        (AND(ne(reason, ""), NOT(any_of(reason, ctx.enums["deviation_reasons"]))), "偏差原因应从下拉列表中选择", "T002",
         "reason"),
        (AND(eq(reason, OTHER), eq(note, "")), "偏差原因为“其他”的，须填写偏差原因说明", "R303", "note"),
        (AND(eq(likelihood, MAYBE), eq(measures, "")), "完成目标可能性为“有可能”，须填写纠偏措施", "G304", "measures"),
        (AND(eq(likelihood, NEVER), eq(measures, "")),
         "完成目标可能性为“完全不可能”，须填写纠偏措施（情况严重的应调整、暂缓或停止执行）", "G304", "measures"),
    )


# ---- form totals --------------------------------------------------------------------------------------------------

@calc("filled_count")
def filled_count(ctx: Ctx, values: Node) -> Node:
    """已填写的行数（如已填三级指标名称的指标个数）。"""
    return count_flags(values)


@calc("status_count", static=("lights",))
def status_count(ctx: Ctx, lights: list[str], status: Node) -> Node:
    """监控状态为所列颜色之一的指标个数。"""
    cond = eq(status, lights[0])
    for light in lights[1:]:
        cond = cond + eq(status, light)
    return SUMPRODUCT(cond * 1)


@calc("unexplained_count")
def unexplained_count(ctx: Ctx, status: Node, reason: Node) -> Node:
    """存在偏差（黄或红）但未选择偏差原因的指标个数。"""
    return SUMPRODUCT((eq(status, YELLOW) + eq(status, RED)) * eq(reason, ""))


@calc("monitor_form_flags")
def monitor_form_flags(ctx: Ctx, month, budget, goal_expected, goal_progress, indicator_count, funds_flags: list,
                       flags_range) -> Node:
    """监控表表级核查提示。"""
    funds_flagged = (LEN(funds_flags[0]) > 0) * 1
    for f in funds_flags[1:]:
        funds_flagged = funds_flagged + (LEN(f) > 0) * 1
    return flags(
        (NOT(valid_month(month)), "请填写监控月份（1—12的整数）", "R307", "month"),
        (NOT(ISNUMBER(budget)), "请填写全年预算数（调整后）", "R308", "budget"),
        (eq(goal_expected, ""), "请填写年度总体目标的全年预期目标", "R309", "goal_expected"),
        (eq(goal_progress, ""), "请填写年度总体目标的1—N月执行情况", "R310", "goal_progress"),
        (eq(indicator_count, 0), "请填写绩效指标（可从已批复的绩效目标表复制）", "R311", "indicator_count"),
        (funds_flagged > 0, "项目资金有" & funds_flagged & "行存在核查提示"),
        (count_flags(flags_range) > 0, "有" & count_flags(flags_range) & "项指标存在核查提示"),
    )
