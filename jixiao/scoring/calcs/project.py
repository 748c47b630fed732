"""Rules of the project forms: amounts, 预算执行率, indicator scores and flags, totals and grades."""

from __future__ import annotations

from ..expr import (
    AND, COUNT, FIND, IF, ISNUMBER, ISTEXT, LEN, MAX, MIN, NOT, OR, ROUND, SUM, SUMIFS, SUMPRODUCT,
    Lit, Node, any_of, eq, flags, ne,
)
from . import Ctx, calc, guard
from .typed import TARGET_TEXT, one_scale, target_message

OPS = ("≥", "＞", "＝", "＜", "≤")
FORWARD = ("≥", "＞")
REVERSE = ("＜", "≤")


def _manual(ctx: Ctx) -> list[str]:
    return ctx.enums["manual_natures"]


# ---- amounts and the 预算执行率 row --------------------------------------------------------------------------------

@calc("sum")
def sum_(ctx: Ctx, values: list[Node]) -> Node:
    """合计：各项之和；各项均未填时为空。"""
    return IF(eq(COUNT(*values), 0), "", SUM(*values))


@calc("exec_rate")
def exec_rate(ctx: Ctx, budget: Node, executed: Node) -> Node:
    """执行率 = 全年执行数 / 全年预算数（按配置位数四舍五入）。"""
    digits = ctx.profile["exec_rate"]["rate_decimals"]
    rate = executed / budget
    rate = ROUND(rate, digits) if digits is not None else rate
    return IF(AND(ISNUMBER(budget), ISNUMBER(executed)), IF(budget > 0, rate, ""), "")


@calc("profile_weight", static=("group",))
def profile_weight(ctx: Ctx, group: str) -> Node:
    """政策口径规定的分值（如预算执行率10分）。"""
    return Lit(ctx.profile["weights"][group])


@calc("exec_score")
def exec_score(ctx: Ctx, rate: Node, weight: Node) -> Node:
    """预算执行率得分 = 执行率 × 分值，执行率超过上限按上限计。"""
    er = ctx.profile["exec_rate"]
    return IF(ISNUMBER(rate), ROUND(MIN(rate, er["cap"]) * weight, er["score_decimals"]), "")


# ---- indicator rows ---------------------------------------------------------------------------------------------

def _quantitative(ctx: Ctx, nature: Node, t: Node, a: Node, w: Node, low: Node, unit: Node) -> Node:
    q = ctx.profile["quantitative"]
    t, a = one_scale(ctx, unit, t, a)
    k = q["over_completion_ratio"]
    full = w
    if q["over_completion_adjust"] == "ratio":
        full = IF(AND(eq(low, "是"), t > 0, a >= t * k), w * k * t / a, w)
    forward = IF(a >= t, full, IF(t > 0, MAX(a, 0) / t * w, 0))
    if q["reverse_rule"] == "ratio":
        over = t / a * w
    else:
        over = IF(a >= 2 * t, 0, (1 - (a - t) / t) * w)
    reverse = IF(a <= t, w, IF(t <= 0, 0, over))
    equal = IF(eq(t, 0), IF(a <= 0, w, 0), forward)
    return IF(any_of(nature, FORWARD), forward, IF(eq(nature, "＝"), equal, reverse))


@calc("indicator_score")
def indicator_score(ctx: Ctx, nature, target, actual, weight, manual, low, unit) -> Node:
    """指标得分：定量按完成比例（＞＜与≥≤相同，等于指标值即满分；反向、等于零、超额调减按口径；度量单位为%时
    “96%”与“96”相同）；定性取评定得分；未填为空而非0分。"""
    d = ctx.profile["score_decimals"]
    quant = _quantitative(ctx, nature, target, actual, weight, low, unit)
    return IF(NOT(ISNUMBER(weight)), "",
              IF(any_of(nature, _manual(ctx)), IF(ISNUMBER(manual), manual, ""),
                 IF(NOT(any_of(nature, OPS)), "",
                    IF(AND(ISNUMBER(target), ISNUMBER(actual)), ROUND(quant, d), ""))))


def over_completed(ctx: Ctx, nature, target, actual, unit) -> Node:
    """完成值 ≥ 指标值 × 阈值（正向和等于类指标；度量单位为%时按同一口径比较）。"""
    k = ctx.profile["quantitative"]["over_completion_ratio"]
    t, a = one_scale(ctx, unit, target, actual)
    return guard(AND(any_of(nature, FORWARD + ("＝",)), ISNUMBER(target), ISNUMBER(actual)),
                 AND(t > 0, a >= t * k))


def _level2_matches(ctx: Ctx, level1, level2) -> Node:
    cats = ctx.enums["indicator_categories"]
    return OR(*[AND(eq(level1, l1), any_of(level2, l2s)) for l1, l2s in cats.items()])


def definition_checks(ctx: Ctx, level1, level2, name, nature, target, unit) -> list[tuple[Node, str]]:
    """The indicator-definition checks shared by the goal table and the self-evaluation."""
    has = LEN(level1 & level2 & name & nature & target) > 0
    quant = any_of(nature, OPS)
    placeholder = guard(ISTEXT(target), OR(ISNUMBER(FIND("*", target)), ISNUMBER(FIND("_", target)),
                                           eq(target, "—"), eq(target, "-")))
    return [
        (AND(has, eq(level1, "")), "请选择一级指标", "R101", "level1"),
        (AND(has, eq(level2, "")), "请选择二级指标", "R102", "level2"),
        (AND(ne(level1, ""), ne(level2, ""), NOT(_level2_matches(ctx, level1, level2))), "二级指标不属于所选一级指标",
         "G101", "level2"),
        (AND(has, eq(name, "")), "请填写三级指标名称", "R103", "name"),
        (LEN(name) > 100, "三级指标名称超过100字", "T101", "name"),
        (AND(has, eq(nature, "")), "请选择指标性质", "R104", "nature"),
        (AND(ne(nature, ""), NOT(any_of(nature, ctx.enums["natures"]))), "指标性质应从下拉列表中选择", "T102", "nature"),
        (AND(has, eq(target, "")), "请填写年度指标值", "R105", "target"),
        (AND(quant, ne(target, ""), NOT(ISNUMBER(target))), TARGET_TEXT, "T103", "target", target_message(target)),
        (placeholder, "年度指标值含占位符，请填写实际值", "T104", "target"),
        (AND(quant, eq(unit, "")), "请填写度量单位", "R106", "unit"),
    ]


@calc("goal_indicator_flags")
def goal_indicator_flags(ctx: Ctx, level1, level2, name, nature, target, unit, note) -> Node:
    """申报表指标行核查提示。"""
    return flags(*definition_checks(ctx, level1, level2, name, nature, target, unit),
                 (AND(eq(nature, "定量（其他）"), eq(note, "")), "“定量（其他）”须填写指标值说明", "R107", "note"))


def tier_violation(ctx: Ctx, tier, s, w) -> Node:
    checks = []
    for phrase, (lo, hi) in zip(ctx.enums["tiers"], ctx.profile["qualitative_bands"]):
        low_bound = ROUND(w * lo, 2)
        above = s > w if hi >= 1 else s >= ROUND(w * hi, 2)
        checks.append(AND(eq(tier, phrase), OR(s < low_bound, above)))
    return OR(*checks)


@calc("indicator_flags")
def indicator_flags(ctx: Ctx, level1, level2, name, nature, target, unit, actual, tier, weight, manual, low, score,
                    reason):
    """自评表指标行核查提示：定义完整性、评分要素、定性区间、扣分原因、超额完成。"""
    k = ctx.profile["quantitative"]["over_completion_ratio"]
    quant, manual_row = any_of(nature, OPS), any_of(nature, _manual(ctx))
    has = LEN(level1 & level2 & name & nature & target) > 0
    w_ok = ISNUMBER(weight)
    over = over_completed(ctx, nature, target, actual, unit)
    return flags(
        *definition_checks(ctx, level1, level2, name, nature, target, unit),
        (AND(has, eq(weight, "")), "请填写分值", "R108", "weight"),
        (AND(has, ne(weight, ""), NOT(w_ok)), "分值应为数字：只填半角数字，不带单位", "R108", "weight"),
        (AND(quant, w_ok, eq(actual, "")), "请填写实际完成值", "R109", "actual"),
        (AND(quant, ne(actual, ""), NOT(ISNUMBER(actual))), "定量指标的实际完成值应为数字：只填半角数字，不带符号和单位",
         "T105", "actual"),
        (AND(manual_row, w_ok, eq(tier, "")), "请选择定性完成档次", "R110", "tier"),
        (AND(manual_row, w_ok, NOT(ISNUMBER(manual))), "请填写定性得分", "R111", "manual"),
        (guard(AND(manual_row, w_ok, ISNUMBER(manual)), tier_violation(ctx, tier, manual, weight)),
         "定性得分不在所选档次的分值区间内", "G102", "manual"),
        (guard(AND(ISNUMBER(score), w_ok), score > weight), "得分超过分值", "G103", "score"),
        (guard(AND(ISNUMBER(score), w_ok), AND(score < weight, eq(reason, ""))), "得分低于分值，须填写偏差原因分析及改进措施",
         "G104", "reason"),
        (AND(over, eq(reason, "")), f"完成值达到指标值的{k * 100:g}%以上，须分析原因", "G105", "reason"),
        (AND(eq(low, "是"), NOT(over)), "未超额完成的指标不应标记“指标值设定偏低”", "G106", "low"),
    )


# ---- form totals ------------------------------------------------------------------------------------------------

@calc("weight_total")
def weight_total(ctx: Ctx, weights: Node, exec_weight: Node) -> Node:
    """分值合计（含预算执行率分值）。"""
    return IF(eq(COUNT(weights), 0), "", ROUND(SUM(weights) + SUM(exec_weight), 2))


def _group_names(ctx: Ctx, group: str) -> list[str]:
    return [l1 for l1, g in ctx.enums["weight_groups"].items() if g == group]


@calc("group_weight", static=("group",))
def group_weight(ctx: Ctx, group: str, level1: Node, weights: Node) -> Node:
    """某类一级指标（产出含成本、效益、满意度）的分值之和。"""
    terms = [SUMIFS(weights, level1, name) for name in _group_names(ctx, group)]
    total = terms[0]
    for t in terms[1:]:
        total = total + t
    return ROUND(total, 2)


@calc("group_count", static=("group",))
def group_count(ctx: Ctx, group: str, level1: Node) -> Node:
    """某类一级指标的三级指标个数。"""
    cond = None
    for name in _group_names(ctx, group):
        cond = eq(level1, name) if cond is None else cond + eq(level1, name)
    return SUMPRODUCT(cond * 1)


@calc("unscored_count")
def unscored_count(ctx: Ctx, weights: Node, scores: Node) -> Node:
    """有分值但尚无得分的指标个数（“未填”不同于“0分”）。"""
    return SUMPRODUCT(ISNUMBER(weights) * eq(scores, ""))


@calc("total_score")
def total_score(ctx: Ctx, scores: Node, exec_score: Node) -> Node:
    """总分 = 各指标得分 + 预算执行率得分。"""
    return IF(AND(eq(COUNT(scores), 0), NOT(ISNUMBER(exec_score))), "",
              ROUND(SUM(scores) + SUM(exec_score), ctx.profile["score_decimals"]))


def grade_of(ctx: Ctx, total: Node) -> Node:
    """The grade band of a total (profile's bands, highest first)."""
    bands = sorted(ctx.profile["grades"], key=lambda g: -g["min"])
    expr: Node = Lit(bands[-1]["grade"])
    for band in reversed(bands[:-1]):
        expr = IF(total >= band["min"], band["grade"], expr)
    return expr


@calc("grade")
def grade(ctx: Ctx, total: Node, unscored: Node, exec_score: Node, weight_total: Node) -> Node:
    """等级：评分完整且分值合计正确时按等级线给出，否则为空。"""
    complete = AND(ISNUMBER(total), eq(unscored, 0), ISNUMBER(exec_score), eq(weight_total, ctx.profile["weight_total"]))
    return IF(complete, grade_of(ctx, total), "")


def count_flags(flag_range: Node) -> Node:
    """How many cells of a range hold text (e.g. flag cells showing a message, or filled-in names)."""
    return SUMPRODUCT((LEN(flag_range) > 0) * 1)


@calc("self_eval_form_flags")
def self_eval_form_flags(ctx: Ctx, weight_total, weight_output, weight_effect, weight_satisfaction, exec_weight,
                         unscored, rate, exec_reason, flags_range) -> Node:
    """自评表表级核查提示。"""
    p = ctx.profile
    w = p["weights"]
    shares = OR(ne(weight_output, w["output"]), ne(weight_effect, w["effect"]), ne(weight_satisfaction, w["satisfaction"]))
    principle = (f"一级指标分值原则上为产出{w['output']:g}、效益{w['effect']:g}、满意度{w['satisfaction']:g}、"
                 f"预算执行率{w['exec_rate']:g}，调整须说明理由")
    exec_off = ne(exec_weight, w["exec_rate"])       # a form's own 执行率 分值 (湖北 20): pointed at where it is typed
    checks = [
        (guard(ISNUMBER(weight_total), ne(weight_total, p["weight_total"])), f"分值合计应为{p['weight_total']:g}", "G107",
         "weight_total"),
        (guard(ISNUMBER(weight_total), exec_off), principle, "G108", "exec_weight"),
        (guard(ISNUMBER(weight_total), AND(NOT(exec_off), shares)), principle, "G108", "weight_total"),
        (NOT(ISNUMBER(rate)), "请填写全年预算数和全年执行数", "R112", "rate"),
        (unscored > 0, "尚有" & unscored & "项指标未评分", "G109", "unscored"),
        (count_flags(flags_range) > 0, "有" & count_flags(flags_range) & "项指标存在核查提示"),
    ]
    below = p["exec_rate"]["reason_below"]
    if below is not None:
        checks.append((guard(ISNUMBER(rate), AND(rate < below, eq(exec_reason, ""))),
                       f"预算执行率低于{below * 100:g}%，须说明原因", "G110", "exec_reason"))
    return flags(*checks)


@calc("goal_form_flags")
def goal_form_flags(ctx: Ctx, count_output, count_effect, count_satisfaction, flags_range) -> Node:
    """申报表表级核查提示。"""
    return flags(
        (eq(count_output, 0), "缺少产出指标", "G111", "count_output"),
        (eq(count_effect, 0), "缺少效益指标", "G112", "count_effect"),
        (eq(count_satisfaction, 0), "缺少满意度指标（确不适用的请在备注中说明）", "G113", "count_satisfaction"),
        (count_flags(flags_range) > 0, "有" & count_flags(flags_range) & "项指标存在核查提示"),
    )


@calc("const", static=("value",))
def const(ctx: Ctx, value) -> Node:
    """固定内容（如分值、评分标准文字），写入模板并锁定。"""
    return Lit(value)
