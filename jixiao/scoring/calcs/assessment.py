"""Rules of the assessment forms: 事前绩效评估表 (中发〔2018〕34号) and 绩效目标审核表 (财预〔2015〕88号)."""

from __future__ import annotations

from ..expr import AND, COUNT, IF, ISNUMBER, LEN, NOT, OR, ROUND, SUM, Lit, Node, any_of, eq, flags, ne
from . import Ctx, calc, guard
from .project import grade_of

# 绩效目标审核结果 → 预算安排（财预〔2015〕88号）
REVIEW_CONSEQUENCES = {
    "优": "进入下一步预算安排",
    "良": "与预算部门（单位）协商后直接完善绩效目标，再进入下一步预算安排",
    "中": "由预算部门（单位）修改完善绩效目标后，按程序重新报审",
    "差": "不得进入下一步预算安排",
}


# ---- shared helpers -------------------------------------------------------------------------------------------

def _count_nonblank(cells: list[Node]) -> Node:
    """How many of the cells hold text (flag cells of grid rows, which are not one range)."""
    total: Node = (LEN(cells[0]) > 0) * 1
    for c in cells[1:]:
        total = total + (LEN(c) > 0) * 1
    return total


def score_checks(score: Node, weight: Node, what: str) -> list[tuple]:
    """A scored item: the score is a number between 0 and the item's 分值 (the same rules on both forms)."""
    both = AND(ISNUMBER(score), ISNUMBER(weight))
    return [
        (AND(ne(score, ""), NOT(ISNUMBER(score))), f"{what}应为数字", "T001", "score"),
        (guard(both, score > weight), f"{what}超过分值", "G401", "score"),
        (guard(ISNUMBER(score), score < 0), f"{what}不能为负数", "G402", "score"),
    ]


@calc("assessment_subtotal")
def assessment_subtotal(ctx: Ctx, values: list[Node]) -> Node:
    """小计 / 总分：各项得分之和（按计分位数四舍五入）；均未评分时为空。"""
    return IF(eq(COUNT(*values), 0), "", ROUND(SUM(*values), ctx.profile["score_decimals"]))


def scores_valid(scores: list[Node], weights: list[Node]) -> Node:
    """Every entered score lies within 0 and its 分值 (blank ones are counted as unscored elsewhere)."""
    return AND(*[AND(s >= 0, s <= w) for s, w in zip(scores, weights)])


@calc("assessment_unscored")
def assessment_unscored(ctx: Ctx, weights: list[Node], scores: list[Node]) -> Node:
    """尚未评分（或得分不是数字）的评分项个数。"""
    return COUNT(*weights) - COUNT(*scores)


# ---- 事前绩效评估表 --------------------------------------------------------------------------------------------

def _bands(bands) -> list[tuple[str, float, float | None]]:
    """(rating, lower share incl., upper share excl. or None for the top band), highest first."""
    ordered = sorted(((str(r), float(lo)) for r, lo in bands), key=lambda b: -b[1])
    return [(r, lo, ordered[i - 1][1] if i else None) for i, (r, lo) in enumerate(ordered)]


def _pct(x: float) -> str:
    return f"{x * 100:g}%"


def _band_text(bands) -> str:
    parts = []
    for r, lo, hi in _bands(bands):
        if hi is None:
            parts.append(f"{r}为分值的{_pct(lo)}（含）以上")
        elif lo <= 0:
            parts.append(f"{r}为{_pct(hi)}以下")
        else:
            parts.append(f"{r}为{_pct(lo)}（含）—{_pct(hi)}")
    return "、".join(parts)


def rating_violation(rating: Node, score: Node, weight: Node, bands) -> Node:
    """The score lies outside the band of its rating (bounds rounded to 2 decimals; 分值 cap checked apart)."""
    checks = []
    for r, lo, hi in _bands(bands):
        out = score < ROUND(weight * lo, 2)
        if hi is not None:
            out = OR(out, score >= ROUND(weight * hi, 2))
        checks.append(AND(eq(rating, r), out))
    return guard(AND(ISNUMBER(score), ISNUMBER(weight)), OR(*checks))


@calc("ex_ante_row_flags", static=("bands",))
def ex_ante_row_flags(ctx: Ctx, rating: Node, score: Node, weight: Node, bands) -> Node:
    """事前评估评分项核查提示：得分为数字且不超过分值，评级与得分相符。"""
    names = [r for r, _, _ in _bands(bands)]
    return flags(
        (AND(ne(rating, ""), eq(score, "")), "请填写得分", "R401", "score"),
        (AND(ne(score, ""), eq(rating, "")), "请选择评级", "R402", "rating"),
        (AND(ne(rating, ""), NOT(any_of(rating, names))), "评级应从下拉列表中选择", "T002", "rating"),
        *score_checks(score, weight, "得分"),
        (rating_violation(rating, score, weight, bands), f"得分与评级不符：{_band_text(bands)}", "G403", "score"),
    )


@calc("ex_ante_conclusion")
def ex_ante_conclusion(ctx: Ctx, total: Node, unscored: Node, scores: list[Node], weights: list[Node]) -> Node:
    """评估结论：全部评估要点评分（且不超过分值）后，按得分线给出予以支持 / 调整完善后予以支持 / 不予支持。"""
    p = ctx.profile["ex_ante"]
    support, adjust, reject = ctx.enums["ex_ante_conclusions"]
    return IF(AND(ISNUMBER(total), eq(unscored, 0), scores_valid(scores, weights)),
              IF(total >= p["support_min"], support, IF(total >= p["adjust_min"], adjust, reject)), "")


@calc("ex_ante_form_flags")
def ex_ante_form_flags(ctx: Ctx, amount: Node, conclusion: Node, unscored: Node, row_flags: list[Node]) -> Node:
    """事前评估表级提示：申请资金达到限额须评估且结论允许纳入预算；未评分项；评分项核查提示。"""
    p = ctx.profile["ex_ante"]
    support, adjust, reject = ctx.enums["ex_ante_conclusions"]
    adjust_ok = bool(p.get("adjust_allows_budget", False))
    thr = f"申请资金达到{p['threshold']:g}万元"
    allowed = f"{support}或{adjust}" if adjust_ok else support
    over = guard(ISNUMBER(amount), amount >= p["threshold"])
    checks = [
        (eq(amount, ""), "请填写申请资金", "R001", "amount"),
        (AND(ne(amount, ""), NOT(ISNUMBER(amount))), "申请资金应为数字（万元）", "T001", "amount"),
        (AND(over, eq(conclusion, "")), f"{thr}，须开展事前绩效评估，评估结论为{allowed}方可纳入预算", "G404",
         "conclusion"),
        (AND(over, eq(conclusion, reject)), f"{thr}，评估结论为{reject}，不得纳入预算", "G405", "conclusion"),
    ]
    if not adjust_ok:
        checks.append((AND(over, eq(conclusion, adjust)),
                       f"{thr}，评估结论为{adjust}：须调整完善后重新评估，结论为{support}方可纳入预算", "G406",
                       "conclusion"))
    n = _count_nonblank(row_flags)
    checks += [
        (unscored > 0, "尚有" & unscored & "项评估要点未评分", "G407", "unscored"),
        (n > 0, "有" & n & "项评估要点存在核查提示"),
    ]
    return flags(*checks)


# ---- 绩效目标审核表 --------------------------------------------------------------------------------------------

@calc("review_row_flags")
def review_row_flags(ctx: Ctx, score: Node, weight: Node, opinion: Node) -> Node:
    """审核内容核查提示：得分为数字且不超过分值；扣分须写审核意见。"""
    deducted = guard(AND(ISNUMBER(score), ISNUMBER(weight)), AND(score < weight, eq(opinion, "")))
    return flags(*score_checks(score, weight, "审核得分"),
                 (deducted, "扣分须填写审核意见，说明存在的问题及修改要求", "G408", "opinion"))


@calc("review_result")
def review_result(ctx: Ctx, total: Node, scores: list[Node], weights: list[Node]) -> Node:
    """审核结果：各项审核内容均评分（且不超过分值）后，按等级线（优90/良80/中60）给出。"""
    complete = AND(ISNUMBER(total), eq(COUNT(*scores), len(scores)), scores_valid(scores, weights))
    return IF(complete, grade_of(ctx, total), "")


@calc("review_consequence")
def review_consequence(ctx: Ctx, result: Node) -> Node:
    """审核结果的处理：优进入预算安排，良协商完善，中修改后重新报审，差不得进入预算安排。"""
    expr: Node = Lit("")
    for grade, text in reversed(list(REVIEW_CONSEQUENCES.items())):
        expr = IF(eq(result, grade), text, expr)
    return expr


@calc("review_form_flags")
def review_form_flags(ctx: Ctx, result: Node, scores: list[Node], row_flags: list[Node]) -> Node:
    """审核表表级提示：未评分项、审核内容核查提示、审核结果为差。"""
    bad = ctx.enums["review_results"][-1]
    missing = len(scores) - COUNT(*scores)
    n = _count_nonblank(row_flags)
    return flags(
        (missing > 0, "尚有" & missing & "项审核内容未评分", "G409", "result"),
        (n > 0, "有" & n & "项审核内容存在核查提示"),
        (eq(result, bad), f"审核结果为{bad}，{REVIEW_CONSEQUENCES[bad]}", "G410", "result"),
    )
