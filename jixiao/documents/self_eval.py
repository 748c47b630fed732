"""项目支出绩效自评报告 from a self-evaluation workbook (template or a province's own layout)."""

from __future__ import annotations

from ..scoring.calcs.evaluation import RECTIFY_GRADES
from . import charts
from .render import Chart
from .source import FormValues, load
from .text import amount, blank, clause, date_text, joined, listing, pending, percent, plain, score, sentence, text

FORM = "project_self_eval"
FUND_ROWS = ("total", "fiscal", "carryover", "other")
LEVEL1 = ("产出指标", "效益指标", "满意度指标")
QUALITATIVE = ("定性", "定量（其他）")


def target_text(row: dict, key: str = "target") -> str | None:
    """指标值 as people write it: ≥526人次; a qualitative or free-text value as it is."""
    v = plain(row.get(key))
    if v is None:
        return None
    nature = row.get("nature")
    if nature in QUALITATIVE or not isinstance(row.get(key), (int, float)):
        return v
    prefix = nature if key == "target" and nature else ""
    return f"{prefix}{v}{row.get('unit') or ''}"


def _funds(fv: FormValues) -> list[dict]:
    grid = fv.fr.form.grids["funds"]
    labels = {r["key"]: r["label"] for r in grid["rows"]}
    out = []
    for key in FUND_ROWS:
        cells = {c: fv.get(f"funds.{key}.{c}") for c in ("budget_initial", "budget", "executed", "rate")}
        if key != "total" and all(v is None for v in cells.values()):
            continue
        out.append({"label": labels[key], "budget_initial": amount(cells["budget_initial"]) or "",
                    "budget": amount(cells["budget"]) or "", "executed": amount(cells["executed"]) or "",
                    "rate": percent(cells["rate"]) or ""})
    return out


def funds_sentence(get) -> str | None:
    """项目年初预算数…万元，全年预算数…万元，全年执行数…万元，预算执行率…，得分…分（分值…分）。"""
    return sentence(clause("项目年初预算数{}万元", amount(get("funds.total.budget_initial"))),
                    clause("全年预算数{}万元", amount(get("funds.total.budget"))),
                    clause("全年执行数{}万元", amount(get("funds.total.executed"))),
                    clause("预算执行率{}", percent(get("funds.total.rate"))),
                    clause("执行率得分{}分（分值{}分）", score(get("funds.total.score")), plain(get("funds.total.weight"))))


def score_sentence(get) -> str | None:
    """项目自评总分…分，等级为“…”。 (what is there of it)"""
    return sentence(clause("项目自评总分{}分", score(get("total_score"))),
                    clause("自评等级为“{}”", get("grade")),
                    clause("另有{}项指标尚未评分", plain(get("unscored")) if (get("unscored") or 0) > 0 else None))


def _indicator(row: dict) -> dict:
    return {"level1": text(row.get("level1")), "level2": text(row.get("level2")), "name": text(row.get("name")),
            "target": text(target_text(row)), "actual": text(target_text(row, "actual")),
            "weight": plain(row.get("weight")) or "", "score": score(row.get("score")) or "",
            "reason": text(row.get("reason"))}


def deducted(row: dict) -> bool:
    s, w = row.get("score"), row.get("weight")
    return isinstance(s, (int, float)) and isinstance(w, (int, float)) and s < w


def deviation(row: dict):
    """A deduction or an explained over-completion as one paragraph (its reason, or a mark asking for it); None
    when the indicator is on target and nothing is explained."""
    if not deducted(row) and blank(row.get("reason")):
        return None
    head = joined(clause("「{}」", plain(row.get("name"))) or "「（未填三级指标名称）」",
                  clause("年度指标值{}", target_text(row)), clause("实际完成值{}", target_text(row, "actual")),
                  clause("得分{}分（分值{}分）", score(row.get("score")), plain(row.get("weight"))))
    return text(head + "。原因及改进措施：") + text(row.get("reason"), "偏差原因分析及改进措施")


def _deviations(fv: FormValues, rows: list[dict]) -> list:
    out = [d for d in map(deviation, rows) if d]
    rate, reason = fv.get("funds.total.rate"), fv.get("funds.total.reason")
    below = fv.profile["exec_rate"].get("reason_below")
    if reason or (below and isinstance(rate, (int, float)) and rate < below):
        head = clause("预算执行率{}", percent(rate)) or "预算执行率未算出"
        out.append(text(head + "。原因：") + text(reason, "执行率偏低的原因"))
    if out:
        return out
    if rows and all(isinstance(r.get("score"), (int, float)) for r in rows):
        return [text("各项绩效指标均达到年度指标值，未发生偏离绩效目标的情况。")]
    return [pending("偏离绩效目标的原因（自评表尚未评分）")]


def _chart(fv: FormValues, rows: list[dict]) -> Chart | None:
    """分值 and 得分 of each 一级指标 and of 预算执行率 that has a score (a missing score is not drawn as 0)."""
    number = lambda v: isinstance(v, (int, float))          # noqa: E731
    labels, weights, scores = [], [], []
    for l1 in LEVEL1:
        group = [r for r in rows if r.get("level1") == l1 and number(r.get("weight")) and number(r.get("score"))]
        if group:
            labels.append(l1.removesuffix("指标"))
            weights.append(sum(r["weight"] for r in group))
            scores.append(round(sum(r["score"] for r in group), 2))
    w, s = fv.get("funds.total.weight"), fv.get("funds.total.score")
    if number(w) and number(s):
        labels.append("预算执行率")
        weights.append(w)
        scores.append(s)
    if not labels:
        return None
    return Chart(charts.paired_bars(labels, weights, scores, ("分值", "得分"), "各一级指标分值与得分"))


def results_text(get, profile: dict) -> str | None:
    """结果应用: the grade's use under the profile, and the 整改 duty for 中/差."""
    grade, use = get("results_grade") or get("grade"), get("results_use")
    if blank(grade):
        return None
    first = sentence(clause("根据自评结果，项目等级为“{}”", grade), clause("结果应用建议为“{}”", use))
    if grade not in RECTIFY_GRADES:
        return first
    return first + (f"等级为“{grade}”的，须制定整改措施，明确责任人和完成时限，在收到评价结果后"
                    f"{plain(get('rectify_days')) or profile['rectify_days']}天内完成整改并报送整改情况。")


def measures_text(get) -> str | None:
    """整改措施 from the 结果应用 sheet, with its person and deadline when given."""
    m = get("rectify_measures")
    if blank(m):
        return None
    return str(m).strip() + (sentence(clause("整改责任人：{}", plain(get("rectify_person"))),
                                      clause("整改完成时限：{}", date_text(get("rectify_deadline")))) or "")


def context(path, profile=None) -> dict:
    fv = load(path, FORM, profile)
    get, rows = fv.get, fv.rows("indicators")
    low = [r for r in rows if deducted(r)]
    names = listing([f"「{plain(r.get('name')) or '未填名称'}」" for r in low])
    found = sentence(clause("自评中有{}项指标得分低于分值：{}", len(low) or None, names))
    return {
        "year": text(plain(get("year")), "年度"), "project_name": text(get("project_name"), "项目名称"),
        "project_code": text(get("project_code"), "项目编码"), "department": text(get("department"), "主管部门"),
        "unit_name": text(get("unit_name"), "实施单位"), "project_leader": text(get("project_leader"), "项目负责人"),
        "contact": text(get("contact"), "联系人及电话"),
        "funds": _funds(fv), "funds_sentence": text(funds_sentence(get), "项目资金安排和使用情况"),
        "goal_expected": text(get("goal.overall.expected"), "年度总体目标"),
        "goal_actual": text(get("goal.overall.actual"), "年度总体目标实际完成情况"),
        "indicators": [_indicator(r) for r in rows],
        "exec_weight": plain(get("funds.total.weight")) or "", "exec_score": score(get("funds.total.score")) or "",
        "exec_rate": percent(get("funds.total.rate")) or "",
        "weight_total": plain(get("weight_total")) or "", "total_score": score(get("total_score")) or "",
        "grade": text(get("grade"), "等级（自评表尚未得出等级）"),
        "score_sentence": text(score_sentence(get), "自评总分和等级（自评表尚未算出）"),
        "chart": _chart(fv, rows) or pending("图表：自评表没有可绘制的分值和得分"),
        "deviations": _deviations(fv, rows),
        "problems_found": text(found), "measures": text(measures_text(get), "改进措施"),
        "results": text(results_text(get, fv.profile), "结果应用（自评表尚未得出等级）"),
        "notes": text(get("notes"), "其他需要说明的问题（没有的可删除本节）"),
        "fill_date": text(date_text(get("fill_date")), "日期"),
        "profile_name": fv.profile["name"],
    }
