"""自评情况汇总报告 from a consolidation workbook (`jixiao consolidate` output), read back by consolidation's own reader:
coverage, grade distribution, low performers, execution rates and the 异常清单 by category."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..consolidate.readback import read_consolidation, sheet_records
from ..consolidate.records import AMOUNT_CELLS, RESULT_CELLS, Source
from ..consolidate.sheets import ISSUE_COLUMNS, ISSUES, LEVEL_NAMES, SUMMARY, summary_columns
from ..consolidate.summary import UNGRADED, Metrics
from ..errors import JixiaoError
from ..rules.registry import SEVERITIES
from ..scoring.calcs.evaluation import RECTIFY_GRADES
from ..spec.loader import load_profile, profile_ids
from ..workbook.reader import read_sheets
from . import charts
from .render import Chart
from .text import amount, blank, clause, date_text, listing, pending, percent, plain, score, sentence, text

FORM = "project_self_eval"
LOW_RATE = 0.9                 # 执行率低于 90% 的项目单独列出（四川等地要求说明原因的界线）


def _read(path):
    rb = read_consolidation(path, Source(Path(path).name, ""))
    if not rb.usable:
        raise JixiaoError(rb.findings[0].message if rb.findings else f"「{Path(path).name}」不是可读取的汇总表。")
    if rb.form_id != FORM:
        raise JixiaoError(f"「{Path(path).name}」不是项目支出绩效自评表的汇总表：自评情况汇总报告须由自评表的汇总表生成"
                          "（jixiao consolidate … --form 项目支出绩效自评表）。")
    grades = tuple(g for g in rb.meta.get("grades", "").split(",") if g)
    results = RESULT_CELLS[FORM]
    m = Metrics(tuple(AMOUNT_CELLS[FORM]), "exec_rate" in results, "total_score" in results, grades)
    _, sheets = read_sheets(path, (SUMMARY, ISSUES))
    summary = [d for _, d in sheet_records(sheets.get(SUMMARY, []), summary_columns(FORM, m), SUMMARY)]
    issues = [d for _, d in sheet_records(sheets.get(ISSUES, []), ISSUE_COLUMNS, ISSUES)] if ISSUES in sheets else []
    return rb, m, summary, issues


def _one(values) -> str | None:
    """The single distinct value, else None (two departments, two years: the title cannot name one)."""
    found = {str(v).strip() for v in values if not blank(v)}
    return found.pop() if len(found) == 1 else None


def coverage_sentence(total: dict, units: int) -> str | None:
    return sentence(clause("本次汇总纳入{}个单位的{}个项目", units or None, plain(total.get("projects"))),
                    clause("年初预算数合计{}万元", amount(total.get("budget_initial"))),
                    clause("全年预算数合计{}万元", amount(total.get("budget"))),
                    clause("全年执行数合计{}万元", amount(total.get("executed"))),
                    clause("预算执行率{}", percent(total.get("exec_rate"))))


def grade_sentence(total: dict, grades: tuple[str, ...]) -> str | None:
    counts = listing([f"{g}{plain(total.get(f'grade:{g}'))}个" for g in grades
                      if total.get(f"grade:{g}") is not None], "、")
    ungraded = total.get(f"grade:{UNGRADED}")
    return sentence(clause("自评等级为{}", counts),
                    clause("{}{}个", UNGRADED, plain(ungraded)) if ungraded else None,
                    clause("平均分{}分", score(total.get("avg_score"))),
                    clause("按预算加权平均分{}分", score(total.get("weighted_score"))))


def issue_sentence(issues: list[dict]) -> str:
    if not issues:
        return "汇总时未列出异常事项。"
    by = Counter(str(i.get("category") or "其他") for i in issues)
    return f"汇总时列入“异常清单”的事项共{len(issues)}项：" + "、".join(f"{c}{n}项" for c, n in by.items()) + "。"


def _issue_rows(issues: list[dict]) -> list[dict]:
    rows: dict[str, Counter] = {}
    for i in issues:
        rows.setdefault(str(i.get("category") or "其他"), Counter())[str(i.get("severity") or "")] += 1
    return [{"category": c, "counts": [str(n[s]) for s in SEVERITIES], "total": str(sum(n.values()))}
            for c, n in rows.items()]


def results_rule(profile: dict) -> str:
    uses = "，".join(f"{g}—{u}" for g, u in profile["results_use"].items())
    return (f"按照结果应用规则（{profile['name']}）：{uses}；自评等级为{'、'.join(RECTIFY_GRADES)}的项目，须制定整改措施，"
            f"在收到评价结果后{profile['rectify_days']}天内完成整改并报送整改情况。")


def _project(r) -> dict:
    v = r.values
    return {"dept": text(plain(r.dept_name or v.get("department"))), "unit": text(plain(v.get("unit_name"))),
            "project": text(plain(v.get("project_name"))), "score": score(v.get("total_score")) or "",
            "grade": text(v.get("grade")), "rate": percent(v.get("exec_rate")) or "",
            "budget": amount(v.get("budget")) or ""}


def context(path, org: str | None = None, date: str | None = None) -> dict:
    rb, m, summary, issues = _read(path)
    total = next((d for d in summary if d.get("level") == "合计"), {})
    units = [d for d in summary if d.get("level") == "单位"]
    depts = [d for d in summary if d.get("level") == "部门小计"]
    shown = depts if len(depts) > 1 else units
    by_dept = len(depts) > 1
    projects = rb.projects
    pid = rb.meta.get("profile_id")
    profile = load_profile(pid if pid in profile_ids() else "national")
    org = org or _one(r.dept_name or r.get("department") for r in projects)
    counted = Counter(r.get("grade") if r.get("grade") in m.grades else UNGRADED for r in projects)
    budgets = Counter()
    for r in projects:
        budgets[r.get("grade") if r.get("grade") in m.grades else UNGRADED] += float(r.get("budget") or 0)
    grades = [g for g in m.grades] + ([UNGRADED] if counted[UNGRADED] else [])
    n = len(projects)
    low = sorted((r for r in projects if r.get("grade") in RECTIFY_GRADES),
                 key=lambda r: (r.get("total_score") is None, r.get("total_score") or 0))
    slow = sorted((r for r in projects if isinstance(r.get("exec_rate"), (int, float)) and r.get("exec_rate") < LOW_RATE),
                  key=lambda r: r.get("exec_rate"))
    rates = [(str(d.get("dept_name") if by_dept else d.get("unit_name")), d.get("exec_rate")) for d in shown
             if isinstance(d.get("exec_rate"), (int, float))]
    missing = {i.get("unit_name") or i.get("unit_code") for i in issues if i.get("category") == "未报送"}
    low_names = listing([f"{plain(r.get('unit_name'))}“{plain(r.get('project_name'))}”" for r in low])
    return {
        "org": text(org, "汇总单位名称"), "year": text(_one(r.get("year") for r in projects), "年度"),
        "date": text(date_text(date), "日期"), "level": LEVEL_NAMES.get(rb.meta.get("level"), "汇总"),
        "coverage": text(coverage_sentence(total, len(units)), "汇总覆盖情况（汇总表没有合计行）"),
        "missing": text(sentence(clause("另有{}个单位应报未报（见汇总表“异常清单”）", len(missing) or None))),
        "by": "主管部门" if by_dept else "单位",
        "rows": [{"name": text(plain(d.get("dept_name") if by_dept else d.get("unit_name"))),
                  "projects": plain(d.get("projects")) or "", "budget": amount(d.get("budget")) or "",
                  "executed": amount(d.get("executed")) or "", "rate": percent(d.get("exec_rate")) or "",
                  "avg": score(d.get("avg_score")) or ""} for d in shown],
        "total": {"projects": plain(total.get("projects")) or "", "budget": amount(total.get("budget")) or "",
                  "executed": amount(total.get("executed")) or "", "rate": percent(total.get("exec_rate")) or "",
                  "avg": score(total.get("avg_score")) or ""},
        "grade_sentence": text(grade_sentence(total, m.grades), "等级分布"),
        "grades": [{"grade": g, "count": str(counted[g]), "share": percent(counted[g] / n) if n else "",
                    "budget": amount(budgets[g])} for g in grades],
        "grade_chart": Chart(charts.bars(grades, [counted[g] for g in grades], "自评等级分布（项目数）"))
        if n else pending("图表：汇总表没有项目"),
        "low_sentence": text(sentence(clause("自评等级为{}的项目共{}个：{}", "、".join(RECTIFY_GRADES), len(low), low_names))
                             if low else f"本次汇总没有自评等级为{'、'.join(RECTIFY_GRADES)}的项目。"),
        "low": [_project(r) for r in low],
        "rate_sentence": text(sentence(
            clause("汇总预算执行率为{}", percent(total.get("exec_rate"))),
            clause("各{}执行率在{}至{}之间", "主管部门" if by_dept else "单位", percent(min(v for _, v in rates)),
                   percent(max(v for _, v in rates))) if rates else None,
            clause("执行率低于{}的项目{}个", percent(LOW_RATE, 0), len(slow)))),
        "rate_chart": Chart(charts.bars([k for k, _ in rates], [v for _, v in rates], "预算执行率", percent=True))
        if rates else pending("图表：汇总表没有执行率"),
        "slow": [_project(r) for r in slow], "low_rate": percent(LOW_RATE, 0),
        "issue_sentence": text(issue_sentence(issues)), "issues": _issue_rows(issues),
        "results_rule": text(results_rule(profile)),
    }
