"""结果应用: each graded project's suggested next-year budget adjustment, from the profile's `results_budget`."""

from __future__ import annotations

from decimal import Decimal

from .model import Consolidation
from .rounding import round_half_up, to_decimal
from .sheets import AMOUNT_FMT, SCORE_FMT

SHEET = "结果应用"
NO_RATE = "比例由本地设定"
NO_GRADE = "未定级，不提出调整建议"
COLUMNS = [("row_id", "行号", 6, None), ("dept_name", "主管部门", 13, None), ("unit_name", "单位名称", 16, None),
           ("project_code", "项目编码", 15, None), ("project_name", "项目名称", 22, None),
           ("budget", "本年全年预算数（万元）", 12, AMOUNT_FMT), ("total_score", "总分", 8, SCORE_FMT),
           ("grade", "等级", 6, None), ("action", "结果应用", 12, None), ("rate", "调整比例", 9, "0.00%"),
           ("adjustment", "建议调整金额（万元）", 12, AMOUNT_FMT), ("next_budget", "建议下年预算（万元）", 12, AMOUNT_FMT),
           ("note", "说明", 24, None)]


def rules_of(profile: dict) -> dict[str, dict]:
    """grade → {action, rate, local}; {} for a profile without `results_budget`."""
    return dict((profile.get("results_budget") or {}).get("grades") or {})


def suggestion(budget, grade, rules: dict[str, dict]) -> dict:
    """One project's suggestion: the action, the rate, and adjustment = ROUND(budget × rate, 2) (Excel's ROUND, half
    away from zero; 万元), next_budget = budget (rounded the same way) + adjustment; blanks where not computable."""
    rule = rules.get(str(grade or ""))
    if rule is None:
        return {"action": "", "rate": None, "adjustment": None, "next_budget": None, "note": NO_GRADE}
    rate, amount = rule.get("rate"), to_decimal(budget)
    out = {"action": rule["action"], "rate": rate, "adjustment": None, "next_budget": None, "note": ""}
    if rate is None:
        out["note"] = NO_RATE
    elif amount is None:
        out["note"] = "无全年预算数，未计算金额"
    else:
        adjustment = round_half_up(amount * to_decimal(rate), 2)
        out.update(adjustment=adjustment, next_budget=round_half_up(amount, 2) + adjustment,
                   note="比例为本地设置" if rule.get("local") else "")
    return out


def rows(c: Consolidation) -> list[dict]:
    """One row per project in 项目明细 order (same row ids); nothing for a form without grades. The budget is the one
    项目明细 shows (舍位平衡 to 0.01 万元), so a bureau consolidating department workbooks suggests the same amounts."""
    if not c.metrics.scored:
        return []
    rules = rules_of(c.profile)
    out = []
    for unit in (u for d in c.tree.children for u in d.children):
        for leaf in unit.children:
            r = leaf.record
            out.append({"row_id": leaf.row_id, "dept_name": r.dept_name, "unit_name": unit.name,
                        "project_code": None if r.get("project_code") is None else str(r.get("project_code")),
                        "project_name": r.get("project_name"), "budget": leaf.shown.get("budget"),
                        "total_score": r.get("total_score"), "grade": r.get("grade"),
                        **suggestion(leaf.shown.get("budget"), r.get("grade"), rules)})
    return out


def totals(table: list[dict]) -> dict:
    """The 合计 row: Σ of the (rounded) adjustments and next-year budgets shown above it."""
    def total(key):
        present = [to_decimal(x[key]) for x in table if x.get(key) is not None]
        return sum(present, Decimal(0)) if present else None
    return {"row_id": "", "project_name": "合计", "budget": total("budget"), "adjustment": total("adjustment"),
            "next_budget": total("next_budget")}


def basis_text(profile: dict) -> str:
    basis = (profile.get("results_budget") or {}).get("basis") or "政策口径未设定结果应用的预算调整比例。"
    return (f"政策口径：{profile.get('name', '')}。{basis}建议调整金额 = 本年全年预算数 × 调整比例，四舍五入到0.01万元"
            "（与 Excel 的 ROUND 相同，负数为调减）；建议下年预算 = 本年全年预算数 + 建议调整金额。")


def write_results_use(c: Consolidation, wb, title: str) -> None:
    """The 结果应用 sheet (scored forms only), with the profile's basis under the table."""
    table = rows(c)
    if not table:
        return
    from .workbook import Table
    t = Table(wb, SHEET, COLUMNS, title)
    for row in table:
        t.add(row)
    t.add(totals(table), total=True)
    t.add({"row_id": "依据", "note": basis_text(c.profile)})
    t.finish()


def summary_line(c: Consolidation) -> str:
    """One line for the terminal: how many projects get an adjustment and its total, or why no amount is given."""
    table = rows(c)
    if not table:
        return ""
    changed = [r for r in table if r["adjustment"]]
    unrated = sum(1 for r in table if r["note"] == NO_RATE)
    text = (f"调整建议 {len(changed)} 个项目，合计 {totals(changed)['adjustment']:+,.2f} 万元" if changed
            else "没有调整金额")
    if unrated:
        text += f"；{unrated} 个项目的等级未设调整比例（由本地在政策口径中设定），只列处理意见"
    return f"结果应用：{text}（见“结果应用”表）"
