"""Rules of the department-wide forms: 部门（单位）整体支出绩效目标申报表 and 部门整体支出绩效自评表.

The common indicators follow 财预〔2013〕53号 (部门整体支出共性指标); their scoring standards are static arguments in
the form spec, so a bureau changes the numbers there. Indicator rows of the 个性指标 table reuse the project rules.
"""

from __future__ import annotations

from ..expr import AND, COUNT, IF, ISNUMBER, LEN, MAX, NOT, OR, ROUND, SUM, Lit, Node, eq, flags, ne
from . import Ctx, calc, guard
from .project import count_flags, exec_rate, exec_score, grade_of, group_weight, unscored_count


def _pct(x: float) -> str:
    """A ratio as the percentage users read (1 → 100%, 0 → 0)."""
    return "0" if x == 0 else f"{x * 100:g}%"


def _total(nodes: list[Node]) -> Node:
    out = nodes[0]
    for n in nodes[1:]:
        out = out + n
    return out


def _rounded_rate(ctx: Ctx, rate: Node) -> Node:
    digits = ctx.profile["exec_rate"]["rate_decimals"]
    return ROUND(rate, digits) if digits is not None else rate


# ---- 部门（单位）整体支出绩效目标申报表：年度主要任务 ------------------------------------------------------------

def _mismatch(total, fiscal, other, tolerance: float) -> Node:
    """总额 outside (财政拨款 + 其他资金) ± tolerance. Compared, not subtracted: LibreOffice zeroes the difference
    of nearly equal operands, and both engines compare with the same approximate equality at the boundary."""
    parts = SUM(fiscal, other)
    return OR(total > parts + tolerance, total < parts - tolerance)


@calc("dept_task_flags", static=("tolerance",))
def dept_task_flags(ctx: Ctx, tolerance: float, name, content, total, fiscal, other) -> Node:
    """年度主要任务行核查提示：任务名称、金额是否为数字、总额 = 财政拨款 + 其他资金（允许误差见表单定义）。"""
    has = LEN(name & content & total & fiscal & other) > 0
    parts = COUNT(fiscal, other)
    return flags(
        (AND(has, eq(name, "")), "请填写任务名称", "R201", "name"),
        (AND(has, eq(total, "")), "请填写预算金额总额（= 财政拨款 + 其他资金）", "R202", "total"),
        (AND(ne(total, ""), NOT(ISNUMBER(total))), "总额应为数字（万元）", "T001", "total"),
        (AND(ne(fiscal, ""), NOT(ISNUMBER(fiscal))), "财政拨款应为数字（万元）", "T001", "fiscal"),
        (AND(ne(other, ""), NOT(ISNUMBER(other))), "其他资金应为数字（万元）", "T001", "other"),
        (AND(ISNUMBER(total), eq(parts, 0)), "请填写财政拨款和其他资金（没有的填0）", "R203", "fiscal"),
        (guard(AND(ISNUMBER(total), parts > 0), _mismatch(total, fiscal, other, tolerance)),
         "总额应等于财政拨款与其他资金之和", "A201", "total"),
    )


@calc("dept_amount_balance", static=("tolerance",))
def dept_amount_balance(ctx: Ctx, tolerance: float, total, fiscal, other) -> Node:
    """金额合计行核查提示：总额合计应等于财政拨款合计与其他资金合计之和。"""
    return flags((guard(ISNUMBER(total), _mismatch(total, fiscal, other, tolerance)),
                  "总额合计应等于财政拨款合计与其他资金合计之和", "A202", "total"))


@calc("dept_goal_form_flags")
def dept_goal_form_flags(ctx: Ctx, total, balance, goal, count_output, count_effect, task_flags,
                         indicator_flags) -> Node:
    """部门整体目标申报表表级核查提示。"""
    # 金额合计不平衡 only repeats the 金额合计 row's own flag (coded A202 there): uncoded, like the counts of flagged rows
    return flags(
        (eq(total, ""), "请填写年度主要任务及其预算金额", "R204", "total"),
        (count_flags(task_flags) > 0, "有" & count_flags(task_flags) & "项年度主要任务存在核查提示"),
        (LEN(balance) > 0, "金额合计不平衡：总额合计应等于财政拨款合计与其他资金合计之和"),
        (eq(goal, ""), "请填写年度总体目标", "R001", "goal"),
        (eq(count_output, 0), "缺少产出指标", "G111", "count_output"),
        (eq(count_effect, 0), "缺少效益指标", "G112", "count_effect"),
        (count_flags(indicator_flags) > 0, "有" & count_flags(indicator_flags) & "项绩效指标存在核查提示"),
    )


# ---- 部门整体支出绩效自评表：共性指标 ------------------------------------------------------------------------------

@calc("dept_ratio")
def dept_ratio(ctx: Ctx, numerator: Node, denominator: Node) -> Node:
    """比率 = A ÷ B（如预算执行率、控制率、办结率）；B 为空、为0或非数字时为空。"""
    return exec_rate(ctx, budget=denominator, executed=numerator)


@calc("dept_change_rate")
def dept_change_rate(ctx: Ctx, current: Node, previous: Node) -> Node:
    """变动率 = (本年数 A − 上年数 B) ÷ B；B 为空、为0或非数字时为空。"""
    rate = _rounded_rate(ctx, (current - previous) / previous)
    return IF(AND(ISNUMBER(current), ISNUMBER(previous)), IF(previous > 0, rate, ""), "")


def _standard_text(ctx: Ctx, rule: str, limit: float | None, per_point: float | None) -> str:
    if rule == "rate":
        cap = _pct(ctx.profile["exec_rate"]["cap"])
        return f"得分=指标值×分值，超过{cap}按{cap}计"
    if rule == "deduct":
        return f"以{_pct(limit)}为标准，≤{_pct(limit)}得满分；每超1个百分点扣{per_point:g}分（按超出幅度计），扣完为止"
    raise ValueError(f"unknown scoring rule {rule!r}; expected rate or deduct")


@calc("dept_standard", static=("rule", "limit", "per_point", "basis"))
def dept_standard(ctx: Ctx, rule: str, limit: float | None = None, per_point: float | None = None,
                  basis: str = "") -> Node:
    """评分标准（文字），由与得分相同的参数生成，数字一处定义。"""
    text = _standard_text(ctx, rule, limit, per_point)
    return Lit(f"{text}。依据：{basis}。" if basis else text + "。")


@calc("dept_common_score", static=("rule", "limit", "per_point", "basis"))
def dept_common_score(ctx: Ctx, rule: str, value: Node, weight: Node, limit: float | None = None,
                      per_point: float | None = None, basis: str = "") -> Node:
    """共性指标得分：rate = 指标值 × 分值（封顶，同预算执行率）；deduct = 指标值不超过标准得满分，每超1个百分点扣 per_point 分，扣完为止。"""
    _standard_text(ctx, rule, limit, per_point)          # rejects an unknown rule or missing numbers
    if rule == "rate":
        return IF(ISNUMBER(weight), exec_score(ctx, value, weight), "")
    over = ROUND((value - limit) * 100, 2)               # percentage points above the standard
    score = IF(value <= limit, weight, MAX(0, weight - over * per_point))
    return IF(AND(ISNUMBER(value), ISNUMBER(weight)), ROUND(score, ctx.profile["score_decimals"]), "")


@calc("dept_common_flags", static=("a_name", "b_name"))
def dept_common_flags(ctx: Ctx, a_name: str, b_name: str, a, b, weight) -> Node:
    """共性指标行核查提示：基础数据缺失或非数字、分母为0、分值缺失。"""
    w_ok = ISNUMBER(weight)
    return flags(
        (AND(w_ok, eq(a, "")), f"请填写{a_name}", "R205", "a"),
        (AND(w_ok, eq(b, "")), f"请填写{b_name}", "R205", "b"),
        (AND(ne(a, ""), NOT(ISNUMBER(a))), f"{a_name}应为数字", "T001", "a"),
        (AND(ne(b, ""), NOT(ISNUMBER(b))), f"{b_name}应为数字", "T001", "b"),
        (guard(ISNUMBER(b), b <= 0), f"{b_name}为0，指标值无法计算（确不适用的请清空分值并说明理由）", "G201", "b"),
        (AND(ne(weight, ""), NOT(w_ok)), "分值应为数字", "T001", "weight"),
        (AND(eq(weight, ""), OR(ne(a, ""), ne(b, ""))), "请填写分值（不适用的指标不填基础数据）", "R206", "weight"),
    )


# ---- 部门整体支出绩效自评表：合计、等级、表级提示 ------------------------------------------------------------------

@calc("dept_subtotal", static=("decimals",))
def dept_subtotal(ctx: Ctx, values: list[Node], decimals: int | None = None) -> Node:
    """小计：各项之和，四舍五入（分值、得分按得分位数，金额按 decimals 位）；各项均为空时为空。"""
    d = ctx.profile["score_decimals"] if decimals is None else decimals
    return IF(eq(COUNT(*values), 0), "", ROUND(SUM(*values), d))


@calc("dept_unscored")
def dept_unscored(ctx: Ctx, common_weights: list[Node], common_scores: list[Node], weights: Node,
                  scores: Node) -> Node:
    """有分值但尚无得分的指标个数：共性指标 + 个性指标。"""
    common = [AND(ISNUMBER(w), eq(s, "")) * 1 for w, s in zip(common_weights, common_scores)]
    return _total(common) + unscored_count(ctx, weights, scores)


@calc("dept_output_effect_weight")
def dept_output_effect_weight(ctx: Ctx, level1: Node, weights: Node, extra: list[Node]) -> Node:
    """产出、效益类指标分值：个性指标中的产出（含成本）和效益指标，加上共性指标中属于产出的指标。"""
    return ROUND(group_weight(ctx, "output", level1, weights) + group_weight(ctx, "effect", level1, weights)
                 + SUM(*extra), 2)


@calc("dept_grade")
def dept_grade(ctx: Ctx, total: Node, unscored: Node, weight_total: Node) -> Node:
    """等级：全部指标已评分且分值合计正确时按等级线给出，否则为空。"""
    complete = AND(ISNUMBER(total), eq(unscored, 0), eq(weight_total, ctx.profile["weight_total"]))
    return IF(complete, grade_of(ctx, total), "")


@calc("dept_self_eval_form_flags")
def dept_self_eval_form_flags(ctx: Ctx, weight_total, personal_weight, output_effect, unscored, common_flags,
                              flags_range) -> Node:
    """部门整体自评表表级核查提示。"""
    p = ctx.profile
    minimum = p["output_effect_min_share"] * p["weight_total"]
    common = _total([(LEN(f) > 0) * 1 for f in common_flags])
    return flags(
        (eq(weight_total, ""), "请填写各指标分值", "R207", "weight_total"),
        (guard(ISNUMBER(weight_total), ne(weight_total, p["weight_total"])), f"分值合计应为{p['weight_total']:g}",
         "G202", "weight_total"),
        (eq(personal_weight, ""), "请填写个性指标（部门履职的产出、效益、满意度指标）及其分值", "R208", "personal_weight"),
        (guard(AND(ISNUMBER(weight_total), ISNUMBER(output_effect)), output_effect < minimum),
         f"产出、效益类指标分值合计原则上不低于{minimum:g}分", "G203", "output_effect"),
        (common > 0, "共性指标有" & common & "项存在核查提示"),
        (count_flags(flags_range) > 0, "个性指标有" & count_flags(flags_range) & "项存在核查提示"),
        (unscored > 0, "尚有" & unscored & "项指标未评分", "G109", "unscored"),
    )
