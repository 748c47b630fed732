"""Rules of the evaluation forms (部门评价/财政评价): indicator-system weights and scores, the 产出+效益 share, the
analysis work papers, and the 结果应用 sheet shared with the self-evaluation form."""

from __future__ import annotations

from ..expr import (
    AND, COUNT, IF, ISNUMBER, LEN, NOT, ROUND, SUM, SUMIFS, SUMPRODUCT, Lit, Node, any_of, eq, flags, ne,
)
from . import Ctx, calc, guard
from .project import count_flags, grade_of

KINDS = ("定量", "定性")                       # 指标性质/类型
EVAL_TYPES = ("部门评价", "财政评价")          # 财预〔2020〕10号：单位自评之外的两种评价
OUTPUT_EFFECT = ("产出", "效益")               # 宁财绩〔2020〕260号第二十条：产出、效益指标权重原则上不低于60%
RECTIFY_GRADES = ("中", "差")                  # 须制定整改措施的等级


def _levels(ctx: Ctx) -> list[str]:
    return ctx.enums["evaluation_level1"]


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
def eval_share(ctx: Ctx, output: Node, effect: Node, total: Node) -> Node:
    """产出、效益指标权重占权重合计的比例。"""
    return IF(ISNUMBER(total), IF(total > 0, ROUND(SUM(output, effect) / total, 4), ""), "")


@calc("eval_grade")
def eval_grade(ctx: Ctx, total: Node, unscored: Node, weight_total: Node) -> Node:
    """等级：全部指标已评分且权重合计正确时按等级线给出，否则为空。"""
    complete = AND(ISNUMBER(total), eq(unscored, 0), eq(weight_total, ctx.profile["weight_total"]))
    return IF(complete, grade_of(ctx, total), "")


@calc("eval_evidence")
def eval_evidence(ctx: Ctx, name: Node, paper_names: Node, paper_contents: Node) -> Node:
    """该指标在分析工作底稿中已登记核查内容的行数。"""
    return IF(eq(name, ""), "", SUMPRODUCT(eq(paper_names, name) * (LEN(paper_contents) > 0)))


@calc("eval_indicator_flags")
def eval_indicator_flags(ctx: Ctx, level1, level2, name, explain, standard, weight, kind, target, actual, score,
                         reason, evidence, names) -> Node:
    """评价指标行核查提示：指标定义完整、权重与评分标准、0 ≤ 得分 ≤ 权重、扣分原因、分析工作底稿。"""
    has = LEN(level1 & level2 & name & explain & standard & weight & kind & target & actual & score & reason) > 0
    w_ok, s_ok = ISNUMBER(weight), ISNUMBER(score)
    levels = _levels(ctx)
    return flags(
        (AND(has, eq(level1, "")), "请选择一级指标", "R501", "level1"),
        (AND(ne(level1, ""), NOT(any_of(level1, levels))), f"一级指标应为{'、'.join(levels)}之一", "T002", "level1"),
        (AND(has, eq(level2, "")), "请填写二级指标", "R502", "level2"),
        (AND(has, eq(name, "")), "请填写三级指标名称", "R503", "name"),
        (LEN(name) > 100, "三级指标名称超过100字", "T501", "name"),
        (guard(ne(name, ""), _count_eq(names, name) > 1), "三级指标名称重复：分析工作底稿按名称对应，名称须唯一", "G501",
         "name"),
        (AND(has, eq(kind, "")), "请填写指标性质（定量或定性）", "R504", "kind"),
        (AND(ne(kind, ""), NOT(any_of(kind, KINDS))), "指标性质应填“定量”或“定性”", "T502", "kind"),
        (AND(has, NOT(w_ok)), "请填写权重（分值），只填数字", "R505", "weight"),
        (guard(w_ok, weight <= 0), "权重（分值）应大于0", "G502", "weight"),
        (AND(w_ok, eq(standard, "")), "请填写评分标准", "R506", "standard"),
        (AND(eq(kind, "定量"), eq(target, "")), "定量指标请填写目标值", "R507", "target"),
        (AND(s_ok, eq(actual, "")), "已评分的指标请填写实际值", "R508", "actual"),
        (AND(ne(score, ""), NOT(s_ok)), "得分只填数字", "T001", "score"),
        (guard(s_ok, score < 0), "得分不能为负数", "G503", "score"),
        (guard(AND(s_ok, w_ok), score > weight), "得分超过权重（分值）", "G504", "score"),
        (guard(AND(s_ok, w_ok), AND(score < weight, eq(reason, ""))), "得分低于权重（分值），须填写扣分原因", "G505",
         "reason"),
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


@calc("eval_form_flags")
def eval_form_flags(ctx: Ctx, eval_type, weight_total, share, levels, unscored, missing, flags_range,
                    paper_flags) -> Node:
    """评价指标体系表级核查提示。"""
    p = ctx.profile
    floor = p["output_effect_min_share"]
    l1 = _levels(ctx)
    return flags(
        (AND(ne(eval_type, ""), NOT(any_of(eval_type, EVAL_TYPES))), "评价类型应填“部门评价”或“财政评价”", "T503",
         "eval_type"),
        (guard(ISNUMBER(weight_total), ne(weight_total, p["weight_total"])), f"权重合计应为{p['weight_total']:g}", "G507",
         "weight_total"),
        (guard(ISNUMBER(share), share < floor),
         f"产出、效益指标权重合计低于{floor * 100:g}%：原则上产出、效益指标权重不低于{floor * 100:g}%", "G508", "share"),
        *[(eq(_count_eq(levels, name), 0), f"缺少“{name}”指标：指标体系应全面反映{'、'.join(l1)}", "G509")
          for name in l1],
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
