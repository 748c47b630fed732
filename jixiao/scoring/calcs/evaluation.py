"""Rules of the evaluation form (项目、政策、部门整体; 部门评价/财政评价/重点评价/自评价/再评价): indicator-system
weights and scores, 宁财绩〔2020〕260号 第二十四条 on each typed score, the 产出+效益 share, the analysis work papers,
and the 结果应用 sheet shared with the self-evaluation form."""

from __future__ import annotations

from ..expr import (
    AND, COUNT, IF, ISNUMBER, LEN, NOT, OR, ROUND, SUM, SUMIFS, SUMPRODUCT, Lit, Node, any_of, eq, flags, fold, ne,
)
from ...spec.loader import enums
from . import Ctx, calc, guard
from .project import count_flags, grade_of, indicator_score, over_completed, tier_violation

# the spec's enums (spec/enums.yaml): 评价对象类型 部门整体 takes 财预〔2013〕53号 一级指标; 指标性质 定量 is checked by
# the ratio of 第二十四条, 定量（其他） by its own 评分标准, 定性 by tiers
DEPARTMENT = enums()["evaluation_objects"][2]
QUANT, QUANT_OTHER, QUAL = enums()["evaluation_kinds"]
RECTIFY_GRADES = ("中", "差")                  # 须制定整改措施的等级


def _levels(ctx: Ctx, dept: bool) -> list[str]:
    """一级指标 of a 部门整体 evaluation (财预〔2013〕53号) or of a project / policy one (财预〔2020〕10号 附2)."""
    return ctx.enums["department_level1" if dept else "evaluation_level1"]


def _round(ctx: Ctx, x: Node) -> Node:
    return ROUND(x, ctx.profile["score_decimals"])


def _count_eq(values: Node, x: Node) -> Node:
    """How many cells of a range equal x (a COUNTIF without criteria syntax: '*', '>' in names stay literal)."""
    return SUMPRODUCT(eq(values, x) * 1)


# ---- sheet 1: 指标体系 ----------------------------------------------------------------------------------------------

@calc("eval_total")
def eval_total(ctx: Ctx, values: Node) -> Node:
    """合计（权重合计或总分）：各项之和；均未填时为空。"""
    return IF(eq(COUNT(values), 0), "", _round(ctx, SUM(values)))


@calc("eval_level1_sum", static=("level1",))
def eval_level1_sum(ctx: Ctx, level1: str, levels: Node, values: Node) -> Node:
    """某一级指标（决策/过程/产出/效益）的权重或得分小计；该类均未填时为空。"""
    n = SUMPRODUCT(eq(levels, level1) * ISNUMBER(values))
    return IF(eq(n, 0), "", _round(ctx, SUMIFS(values, levels, level1)))


@calc("eval_level1_count", static=("level1",))
def eval_level1_count(ctx: Ctx, level1: str, levels: Node) -> Node:
    """某一级指标下的三级指标个数。"""
    return _count_eq(levels, level1)


@calc("eval_rate")
def eval_rate(ctx: Ctx, score: Node, weight: Node) -> Node:
    """得分率 = 得分 / 权重。"""
    return IF(AND(ISNUMBER(score), ISNUMBER(weight)), IF(weight > 0, ROUND(score / weight, 4), ""), "")


@calc("eval_share")
def eval_share(ctx: Ctx, output: Node, effect: Node, outcome: Node, total: Node) -> Node:
    """产出、效益（部门整体：效果）指标权重占权重合计的比例。"""
    return IF(ISNUMBER(total), IF(total > 0, ROUND(SUM(output, effect, outcome) / total, 4), ""), "")


@calc("eval_grade")
def eval_grade(ctx: Ctx, total: Node, unscored: Node, weight_total: Node) -> Node:
    """等级：全部指标已评分且权重合计正确时按等级线给出，否则为空。"""
    complete = AND(ISNUMBER(total), eq(unscored, 0), eq(weight_total, ctx.profile["weight_total"]))
    return IF(complete, grade_of(ctx, total), "")


@calc("eval_evidence")
def eval_evidence(ctx: Ctx, name: Node, paper_names: Node, paper_contents: Node) -> Node:
    """该指标在分析工作底稿中已登记核查内容的行数。"""
    return IF(eq(name, ""), "", SUMPRODUCT(eq(paper_names, name) * (LEN(paper_contents) > 0)))


def _ratio_score(ctx: Ctx, target, actual, weight, low: str) -> Node:
    """第二十四条 for a 定量 row: the self-evaluation's own score of a “≥” indicator (project.indicator_score): full
    marks when reached, 完成值/指标值 × 权重 when not; low="是" gives the deviation-adjusted score of an
    over-completed row (权重 × 1.2 × 指标值 / 完成值, the profile's over_completion rule)."""
    return fold(indicator_score(ctx, "≥", target, actual, weight, "", low, ""))


def _over(ctx: Ctx, kind, target, actual) -> Node:
    """A 定量 row whose 实际值 reaches 目标值 × 1.2 (the self-evaluation's over_completed, 正向)."""
    return AND(eq(kind, QUANT), fold(over_completed(ctx, "≥", target, actual, "")))


@calc("eval_rule_score")
def eval_rule_score(ctx: Ctx, kind: Node, target: Node, actual: Node, weight: Node) -> Node:
    """规则得分（宁财绩〔2020〕260号第二十四条，定量指标）：完成目标值的记全部分值，未完成的按实际值/目标值×权重；
    目标值、实际值、权重不全是数字或不是定量指标时为空。"""
    return IF(eq(kind, QUANT), _ratio_score(ctx, target, actual, weight, "否"), "")


def _level1_checks(ctx: Ctx, object_type, level1) -> list[tuple]:
    dept = eq(object_type, DEPARTMENT)
    own, other = _levels(ctx, False), _levels(ctx, True)
    return [
        (AND(ne(level1, ""), NOT(any_of(level1, ctx.enums["evaluation_level1_choices"]))), "一级指标应从下拉列表中选择",
         "T002", "level1"),
        (AND(NOT(dept), any_of(level1, [x for x in other if x not in own])),
         f"项目、政策评价的一级指标为{'、'.join(own)}", "G512", "level1"),
        (AND(dept, any_of(level1, [x for x in own if x not in other])),
         f"部门整体评价的一级指标为{'、'.join(other)}", "G512", "level1"),
    ]


def _score_checks(ctx: Ctx, tolerance: float, kind, target, actual, tier, rule, weight, score, reason) -> list[tuple]:
    """宁财绩〔2020〕260号第二十四条 on a typed 得分: 定量 equals the 规则得分 (over-completed: between the
    deviation-adjusted score and the weight, with the reason analysed); 定性 inside the band of its 完成档次."""
    k = ctx.profile["quantitative"]["over_completion_ratio"]
    floor_text = (f"完成值高于目标值较多，按偏离度调减后得分不低于 权重×{k:g}×目标值/实际值"
                  if ctx.profile["quantitative"]["over_completion_adjust"] == "ratio"
                  else "完成值高于目标值较多，按政策口径记全部分值")
    s_ok, w_ok = ISNUMBER(score), ISNUMBER(weight)
    over = _over(ctx, kind, target, actual)
    checkable = AND(eq(kind, QUANT), ISNUMBER(rule), s_ok, score >= 0, score <= weight)
    floor = _ratio_score(ctx, target, actual, weight, "是")
    return [
        (guard(checkable, AND(NOT(over), OR(score > rule + tolerance, score < rule - tolerance))),
         "定量指标得分应为“规则得分”：完成目标值的记全部分值，未完成的按实际值/目标值×权重计分", "G511", "score"),
        (guard(checkable, AND(over, score < floor - tolerance)),
         floor_text, "G511", "score"),
        (AND(over, eq(reason, "")),
         f"实际值达到目标值的{k * 100:g}%以上，须在扣分原因中分析原因（目标值设定明显偏低的按偏离度调减分值）", "G105",
         "reason"),
        (AND(eq(kind, QUAL), s_ok, eq(tier, "")), "定性指标请选择完成档次", "R110", "tier"),
        (guard(AND(eq(kind, QUAL), s_ok, w_ok), tier_violation(ctx, tier, score, weight)),
         "定性指标得分不在所选完成档次的分值区间内（达成80%（含）—100%，部分达成60%（含）—80%，未达成60%以下）", "G102",
         "score"),
    ]


@calc("eval_indicator_flags", static=("tolerance",))
def eval_indicator_flags(ctx: Ctx, tolerance: float, object_type, level1, level2, name, explain, standard, weight,
                         kind, target, actual, tier, rule, score, reason, evidence, names) -> Node:
    """评价指标行核查提示：指标定义完整、一级指标与评价对象类型相符、权重与评分标准、0 ≤ 得分 ≤ 权重、第二十四条计分
    （定量按比例、超额按偏离度、定性按档次）、扣分原因、分析工作底稿。"""
    has = LEN(level1 & level2 & name & explain & standard & weight & kind & target & actual & score & reason) > 0
    w_ok, s_ok = ISNUMBER(weight), ISNUMBER(score)
    return flags(
        (AND(has, eq(level1, "")), "请选择一级指标", "R501", "level1"),
        *_level1_checks(ctx, object_type, level1),
        (AND(has, eq(level2, "")), "请填写二级指标", "R502", "level2"),
        (AND(has, eq(name, "")), "请填写三级指标名称", "R503", "name"),
        (LEN(name) > 100, "三级指标名称超过100字", "T501", "name"),
        (guard(ne(name, ""), _count_eq(names, name) > 1), "三级指标名称重复：分析工作底稿按名称对应，名称须唯一", "G501",
         "name"),
        (AND(has, eq(kind, "")), "请填写指标性质（定量或定性）", "R504", "kind"),
        (AND(ne(kind, ""), NOT(any_of(kind, ctx.enums["evaluation_kinds"]))), "指标性质应填“定量”“定量（其他）”或“定性”",
         "T502", "kind"),
        (AND(has, NOT(w_ok)), "请填写权重（分值），只填数字", "R505", "weight"),
        (guard(w_ok, weight <= 0), "权重（分值）应大于0", "G502", "weight"),
        (AND(w_ok, eq(standard, "")), "请填写评分标准", "R506", "standard"),
        (AND(any_of(kind, (QUANT, QUANT_OTHER)), eq(target, "")), "定量指标请填写目标值", "R507", "target"),
        (AND(s_ok, eq(actual, "")), "已评分的指标请填写实际值", "R508", "actual"),
        (AND(ne(score, ""), NOT(s_ok)), "得分只填数字", "T001", "score"),
        (guard(s_ok, score < 0), "得分不能为负数", "G503", "score"),
        (guard(AND(s_ok, w_ok), score > weight), "得分超过权重（分值）", "G504", "score"),
        (guard(AND(s_ok, w_ok), AND(score < weight, eq(reason, ""))), "得分低于权重（分值），须填写扣分原因", "G505",
         "reason"),
        *_score_checks(ctx, tolerance, kind, target, actual, tier, rule, weight, score, reason),
        (AND(s_ok, eq(evidence, 0)), "缺少分析工作底稿：请在“分析工作底稿”表登记本指标的核查内容", "G506", "evidence"),
    )


@calc("eval_missing_evidence")
def eval_missing_evidence(ctx: Ctx, scores: Node, evidence: Node) -> Node:
    """已评分但没有分析工作底稿的指标个数。"""
    return SUMPRODUCT(ISNUMBER(scores) * eq(evidence, 0))


def _evidence_checks(missing: Node, paper_flags: Node) -> list[tuple[Node, str]]:
    # counts of rows already flagged (G506 on each indicator row, the paper rows' own checks): template-only, uncoded
    return [
        (missing > 0, "有" & missing & "项已评分指标缺少分析工作底稿"),
        (count_flags(paper_flags) > 0, "分析工作底稿有" & count_flags(paper_flags) & "行存在核查提示"),
    ]


def _framework_checks(ctx: Ctx, object_type, share, levels) -> list[tuple]:
    """产出+效益 (部门整体: 产出+效果) share and one indicator at least per 一级指标 of the object's framework."""
    floor = ctx.profile["output_effect_min_share"]
    out = []
    for dept in (False, True):
        on = eq(object_type, DEPARTMENT) if dept else ne(object_type, DEPARTMENT)
        l1 = _levels(ctx, dept)
        pair = f"产出、{l1[-1]}"
        out.append((guard(AND(on, ISNUMBER(share)), share < floor),
                    f"{pair}指标权重合计低于{floor * 100:g}%：原则上{pair}指标权重不低于{floor * 100:g}%", "G508", "share"))
        out += [(AND(on, eq(_count_eq(levels, name), 0)), f"缺少“{name}”指标：指标体系应全面反映{'、'.join(l1)}", "G509")
                for name in l1]
    return out


@calc("eval_form_flags")
def eval_form_flags(ctx: Ctx, object_type, eval_type, weight_total, share, levels, unscored, missing, flags_range,
                    paper_flags) -> Node:
    """评价指标体系表级核查提示。"""
    p = ctx.profile
    types = ctx.enums["evaluation_types"]
    return flags(
        (AND(ne(eval_type, ""), NOT(any_of(eval_type, types))), f"评价类型应为{'、'.join(types)}之一", "T503",
         "eval_type"),
        (guard(ISNUMBER(weight_total), ne(weight_total, p["weight_total"])), f"权重合计应为{p['weight_total']:g}", "G507",
         "weight_total"),
        *_framework_checks(ctx, object_type, share, levels),
        (unscored > 0, "尚有" & unscored & "项指标未评分", "G109", "unscored"),
        (count_flags(flags_range) > 0, "有" & count_flags(flags_range) & "项指标存在核查提示"),
        *_evidence_checks(missing, paper_flags),
    )


# ---- sheet 2: 分析工作底稿 ------------------------------------------------------------------------------------------

@calc("eval_paper_score")
def eval_paper_score(ctx: Ctx, name: Node, names: Node, scores: Node) -> Node:
    """底稿对应指标在“指标体系”表中的得分（未评分为空）。"""
    match = eq(names, name) * 1
    return IF(eq(name, ""), "", IF(eq(SUMPRODUCT(match * ISNUMBER(scores)), 0), "", _round(ctx, SUMPRODUCT(match, scores))))


@calc("eval_paper_flags")
def eval_paper_flags(ctx: Ctx, code, name, content, method, finding, checker, date, names) -> Node:
    """底稿行核查提示：对应指标存在、核查内容、方法、发现、核查人和日期齐全。"""
    has = LEN(code & name & content & method & finding & checker & date) > 0
    return flags(
        (AND(has, eq(name, "")), "请填写对应的三级指标名称", "R509", "name"),
        (guard(ne(name, ""), eq(_count_eq(names, name), 0)), "“指标体系”表中没有该三级指标，名称须与其完全一致", "X501",
         "name"),
        (AND(has, eq(content, "")), "请填写核查内容/佐证材料", "R510", "content"),
        (AND(has, eq(method, "")), "请填写核查方法", "R510", "method"),
        (AND(has, eq(finding, "")), "请填写核查发现", "R510", "finding"),
        (AND(has, eq(checker, "")), "请填写核查人", "R510", "checker"),
        (AND(has, eq(date, "")), "请填写核查日期", "R510", "date"),
    )


@calc("eval_paper_form_flags")
def eval_paper_form_flags(ctx: Ctx, missing: Node, paper_flags: Node) -> Node:
    """分析工作底稿表级核查提示。"""
    return flags(*_evidence_checks(missing, paper_flags))


# ---- 结果应用 (shared by the self-evaluation and the evaluation forms) ----------------------------------------------

@calc("linked_value")
def linked_value(ctx: Ctx, value: Node) -> Node:
    """引用主表单元格的值（未得出时为空）。"""
    return IF(eq(value, ""), "", value)


@calc("results_use")
def results_use(ctx: Ctx, grade: Node) -> Node:
    """评价结果应用建议：按等级取政策口径的应用方式（如 优：优先保障；差：调减或取消）。"""
    expr: Node = Lit("")
    for g, use in reversed(list(ctx.profile["results_use"].items())):
        expr = IF(eq(grade, g), use, expr)
    return expr


@calc("rectify_days")
def rectify_days(ctx: Ctx) -> Node:
    """问题整改期限（天）：收到评价结果后在该期限内完成整改。"""
    return Lit(ctx.profile["rectify_days"])


@calc("results_flags")
def results_flags(ctx: Ctx, grade: Node, measures: Node, person: Node, deadline: Node) -> Node:
    """结果应用核查提示：等级为中、差须填写整改措施，整改措施须有责任人和完成时限。"""
    days = ctx.profile["rectify_days"]
    return flags(
        (eq(grade, ""), "等级尚未得出：请先在主表完成评分并消除表级提示", "G510", "grade"),
        (AND(any_of(grade, RECTIFY_GRADES), eq(measures, "")), "评价等级为“" & grade & "”，须填写整改措施", "R511",
         "measures"),
        (AND(ne(measures, ""), eq(person, "")), "请填写整改责任人", "R512", "person"),
        (AND(ne(measures, ""), eq(deadline, "")), f"请填写整改完成时限（收到评价结果后{days}天内完成整改）", "R513",
         "deadline"),
    )
