"""The whole-cycle sample: self-evaluations graded 优/良/中/差 for 结果应用 (with a local profile setting the rates), and
the other forms of the year — 部门整体目标/自评, 运行监控 with red/yellow/green lights, 事前评估, 目标审核 — and a
整改台账 for next year's goal prefill: python -m jixiao.demo.cycle [--out samples/全周期]."""
from __future__ import annotations

import argparse
import csv
import shutil
from datetime import date
from pathlib import Path

from ..ledger.book import write_ledger
from ..ledger.items import DOING, DONE, GRADE, Item
from ..template.fill import fill_template

FOLDER = Path("samples/全周期")
INBOX, ROSTER, PROFILE, LEDGER = "收件箱", "名册.csv", "本地口径示例.yaml", "整改台账.xlsx"
YEAR = 2025
# (code, name, department, department code, forms owed)
SELF, MON = "项目支出绩效自评表", "项目支出绩效运行监控表"
UNITS = [("101001", "区第一中学", "区教育局", "101", f"{SELF}、{MON}"),
         ("101002", "区实验小学", "区教育局", "101", f"{SELF}、{MON}、绩效目标审核表"),
         ("101000", "区教育局", "区教育局", "101", "部门（单位）整体支出绩效目标申报表、事前绩效评估表"),
         ("102001", "区疾病预防控制中心", "区卫生健康委", "102", f"{SELF}、{MON}"),
         ("102000", "区卫生健康委", "区卫生健康委", "102",
          "部门（单位）整体支出绩效目标申报表、部门整体支出绩效自评表、绩效目标审核表")]
# 结果应用 cases: (unit, project code, name, 全年预算数, 数量指标实际值 of 1000, 知晓率 of 90) → 总分, 等级
#   all met: 100 优 · 数量 500: 15 of 30, 85 良 · 数量 0: 70 中 · 数量 0 and 知晓率 45: 55 差
SELF_CASES = [("101001", "P01", "学生资助补助资金", 200.0, 1000, 92),
              ("101001", "P02", "校园安全防范设施建设项目", 150.5, 500, 92),
              ("101002", "P01", "中小学校舍维修改造项目", 123.45, 0, 92),
              ("102001", "P01", "基本公共卫生服务项目", 40.05, 0, 45)]
REASON = "受招投标进度影响，部分任务延至次年完成，下一步将倒排工期、加强调度。"
LOCAL_PROFILE = """id: local_example
extends: national
name: 本地口径示例
basis: 示例：某区财政局本地办法（比例为本地设置，非全国规定）
description: 在全国通用口径上设定结果应用的预算调整比例：中档调减10%，差档调减30%或取消。
results_budget:
  basis: 本地设置示例：某区财政局预算绩效结果应用办法规定，自评等级为中的项目下年预算调减10%，为差的调减30%直至取消；优、良不调减。全国文件未规定比例（财预〔2020〕10号只要求调减预算直至取消）。
  grades:
    中: {action: 调减, rate: -0.1, local: true}
    差: {action: 调减直至取消, rate: -0.3, local: true}
"""


def unit(code: str) -> tuple:
    return next(u for u in UNITS if u[0] == code)


def self_eval(code: str, pcode: str, name: str, budget: float, quantity: int, awareness: int) -> dict:
    """A valid 自评表 whose 总分 is set by two actual values (see SELF_CASES); 执行率 100%."""
    _, uname, dept, dcode, _ = unit(code)
    rows = [{"level1": "产出指标", "level2": "数量指标", "name": "服务人次", "nature": "≥", "target": 1000, "unit": "人次",
             "actual": quantity, "weight": 30},
            {"level1": "产出指标", "level2": "质量指标", "name": "验收合格率", "nature": "≥", "target": 95, "unit": "%",
             "actual": 98, "weight": 20},
            {"level1": "效益指标", "level2": "社会效益指标", "name": "政策知晓率", "nature": "≥", "target": 90, "unit": "%",
             "actual": awareness, "weight": 30},
            {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "服务对象满意度", "nature": "≥", "target": 90,
             "unit": "%", "actual": 93, "weight": 10}]
    for r in rows:
        if r["actual"] < r["target"]:
            r["reason"] = REASON
    fields = {"year": YEAR, "project_name": name, "project_code": f"{YEAR}{code}{pcode}", "department": dept,
              "department_code": dcode, "unit_name": uname, "unit_code": code, "project_leader": "张伟",
              "sign_project": "张伟", "sign_finance": "王芳", "fill_date": "2026-02-20"}
    if quantity < 1000:                  # 中/差: 整改措施 with its person and deadline (结果应用)
        fields.update(rectify_measures="加强项目调度，按月通报进度。", rectify_person="张伟", rectify_deadline="2026-05-31")
    return {"form": "project_self_eval", "fields": fields, "tables": {"indicators": rows}, "grids": {
        "funds": {"fiscal": {"budget_initial": budget, "budget": budget, "executed": budget}},
        "goal": {"overall": {"expected": f"按计划完成{name}年度任务。", "actual": "已完成年度任务。"}}}}


# 运行监控 cases (1—6月, 时间进度 50%, 容差10%): (unit, project, name, budget, executed, likelihood of the 2nd row) → light
MONITOR_CASES = [("101001", "P01", "学生资助补助资金", 200, 120, "确定能"),          # 60% ≥ 50%, on track: 绿
                 ("101002", "P01", "中小学校舍维修改造项目", 100, 45, "确定能"),     # 45%: lags < 10 points: 黄
                 ("102001", "P01", "基本公共卫生服务项目", 80, 48, "完全不可能")]    # funds 绿, one indicator 红: 红


def monitor(code: str, pcode: str, name: str, budget: float, executed: float, likelihood: str) -> dict:
    _, uname, dept, dcode, _ = unit(code)
    lagging = executed / budget < 0.5
    rows = [{"level1": "产出指标", "level2": "数量指标", "name": "服务人次", "nature": "≥", "target": 1000, "unit": "人次",
             "actual": 520, "forecast": 1000, "likelihood": "确定能"},
            {"level1": "效益指标", "level2": "社会效益指标", "name": "政策知晓率", "nature": "≥", "target": 90, "unit": "%",
             "actual": 80, "forecast": 90 if likelihood == "确定能" else 60, "likelihood": likelihood}]
    if likelihood != "确定能":
        rows[1].update(reason="经费保障", note="配套资金未到位。", measures="协调配套资金，下半年加大宣传。")
    funds = {"budget_initial": budget, "budget": budget, "executed": executed, "forecast": budget}
    total = {"reason": "制度保障"} if lagging else {}         # 偏差原因 of the 年度资金总额 and 财政拨款 rows
    funds.update(total)
    return {"form": "project_monitor", "fields": {
        "year": YEAR + 1, "month": 6, "project_name": name, "project_code": f"{YEAR}{code}{pcode}", "department": dept,
        "department_code": dcode, "unit_name": uname, "unit_code": code, "project_leader": "张伟",
        "contact": "张伟 13800001234", "fill_date": "2026-07-10", "sign_unit": "李娜"},
        "grids": {"funds": {"fiscal": funds, "total": total}, "goal": {"overall": {"expected": f"按计划完成{name}年度任务。",
                                                                    "progress": "已完成过半。"}}},
        "tables": {"indicators": rows}}


def dept_goal(code: str, total: float, fiscal: float, other: float | None = None) -> dict:
    _, uname, dept, dcode, _ = unit(code)
    return {"form": "dept_goal", "fields": {"year": YEAR + 1, "unit_name": uname, "unit_code": code, "department": dept,
                                            "department_code": dcode, "annual_goal": "全面履行部门职责，完成年度重点任务。"},
            "tables": {"tasks": [{"name": "履职保障", "content": "日常运转", "total": total, "fiscal": fiscal,
                                  "other": round(total - fiscal, 2) if other is None else other}],
                       "indicators": [
                           {"level1": "产出指标", "level2": "数量指标", "name": "办理事项数", "nature": "≥", "target": 1200,
                            "unit": "件"},
                           {"level1": "效益指标", "level2": "社会效益指标", "name": "营商环境", "nature": "定性",
                            "target": "持续改善"},
                           {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "办事群众满意度", "nature": "≥",
                            "target": 90, "unit": "%"}]}}


def dept_self_eval(code: str) -> dict:
    """共性指标 26.8 of 30 and 个性指标 66.5 of 70 (tests/scoring/test_department.py works them out): 93.3, 优."""
    _, uname, dept, dcode, _ = unit(code)
    pairs = dict(staff=(105, 100, 1), three_change=(102.5, 100, 3), exec=(180, 200, 5), adjust=(0, 200, 2),
                 carry=(15, 100, 2), carry_change=(80, 100, 2), public_ctrl=(55, 60, 2), three_ctrl=(10.3, 10, 2),
                 procurement=(38, 40, 2), assets=(90, 100, 2), key_work=(19, 20, 7))
    personal = [
        {"level1": "产出指标", "level2": "数量指标", "name": "办理审批事项", "nature": "≥", "target": 1200, "unit": "件",
         "actual": 1300, "weight": 20},
        {"level1": "产出指标", "level2": "质量指标", "name": "抽检合格率", "nature": "≥", "target": 100, "unit": "%",
         "actual": 90, "weight": 20, "reason": "个别批次不合格，已督促整改"},
        {"level1": "产出指标", "level2": "时效指标", "name": "平均办结时限", "nature": "≤", "target": 20, "unit": "天",
         "actual": 18, "weight": 10},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "营商环境", "nature": "定性", "target": "持续改善",
         "actual": "明显改善", "tier": "达成年度指标", "weight": 10, "manual": 9, "reason": "个别领域仍有投诉"},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "办事群众满意度", "nature": "≥", "target": 90,
         "unit": "%", "actual": 85.5, "weight": 10, "reason": "窗口高峰期等候时间较长"}]
    return {"form": "dept_self_eval",
            "fields": {"year": YEAR, "unit_name": uname, "unit_code": code, "department": dept,
                       "department_code": dcode},
            "grids": {"goal": {"overall": {"expected": "全面履行职责", "actual": "基本完成"}},
                      "common": {k: {"a": a, "b": b, "weight": w} for k, (a, b, w) in pairs.items()}},
            "tables": {"indicators": personal}}


EX_ANTE_ITEMS = [("necessity_policy", 7), ("necessity_demand", 7), ("necessity_duty", 6), ("economy_budget", 10),
                 ("economy_cost", 10), ("goal_clarity", 7), ("goal_measurable", 7), ("goal_match", 6),
                 ("plan_complete", 7), ("plan_org", 7), ("plan_risk", 6), ("funding_source", 10),
                 ("funding_capacity", 10)]


def ex_ante(name: str, dept: str, amount: float, share: float, rating: str) -> dict:
    """Every item scored at `share` of its points: 1.0 → 100 予以支持; 0.6 → 60 调整完善后予以支持."""
    items = {k: {"score": round(w * share, 2), "rating": rating, "opinion": "依据充分"} for k, w in EX_ANTE_ITEMS}
    return {"form": "ex_ante", "fields": {"project_name": name, "project_kind": "新增项目", "department": dept,
                                          "amount": amount, "assessor": "区财政局评估组/王芳",
                                          "assess_date": "2026-07-15"}, "grids": {"items": items}}


def goal_review(name: str, unit_name: str, score: float) -> dict:
    items = {k: {"score": score, "opinion": "指标值偏低，请结合历史完成情况调整"}
             for k in ("completeness", "relevance", "appropriateness", "feasibility")}
    return {"form": "goal_review", "fields": {"project_name": name, "unit_name": unit_name,
                                              "reviewer_unit": "区财政局", "reviewer": "王芳", "amount": 1200,
                                              "review_date": "2026-09-01"}, "grids": {"items": items}}


def files() -> dict[str, dict]:
    """File name → form data of the whole-cycle inbox."""
    out = {f"自评-{c}-{p}.xlsx": self_eval(c, p, n, b, q, a) for c, p, n, b, q, a in SELF_CASES}
    out.update({f"监控-{c}-{p}.xlsx": monitor(*case) for case in MONITOR_CASES for c, p in [case[:2]]})
    out["部门整体目标-101000.xlsx"] = dept_goal("101000", 1500.5, 1200)
    out["部门整体目标-102000（有误）.xlsx"] = dept_goal("102000", 100, 60, other=30)    # 60 + 30 ≠ 100: 强制 A201
    out["部门整体自评-102000.xlsx"] = dept_self_eval("102000")
    out["事前评估-老旧小区改造.xlsx"] = ex_ante("2027年老旧小区改造补助资金", "区教育局", 800, 1.0, "优")
    out["事前评估-智慧校园.xlsx"] = ex_ante("2027年智慧校园建设项目", "区教育局", 300, 0.6, "中")
    out["目标审核-城乡低保.xlsx"] = goal_review("2027年城乡低保资金", "区卫生健康委", 25)
    out["目标审核-校舍维修.xlsx"] = goal_review("2027年中小学校舍维修改造项目", "区实验小学", 20)
    return out


def ledger_items() -> list[Item]:
    """The 整改台账 of the 差 project: one item done, one in progress (next year's goal prefill reports both)."""
    code, pcode, name = SELF_CASES[3][:3]
    _, uname, dept, _, _ = unit(code)
    subject = f"{code}|project_self_eval|{YEAR}|{YEAR}{code}{pcode}"
    base = dict(dept=dept, unit_code=code, unit_name=uname, project=name, form="项目支出绩效自评表",
                found=date(2026, 3, 1), deadline=date(2026, 5, 31), person="张伟", subject=subject,
                file=f"{INBOX}/自评-{code}-{pcode}.xlsx")
    return [Item("ZG0000000001", source=GRADE, problem="自评等级为“差”（总分 55）", code="", status=DOING,
                 evidence="已制定整改方案", **base),
            Item("ZG0000000002", source="审核问题", problem="政策知晓率未达目标，未说明宣传措施", code="G105", status=DONE,
                 evidence="已补充宣传计划", **base)]


def build(out: Path = FOLDER) -> list[Path]:
    if (out / INBOX).exists():
        shutil.rmtree(out / INBOX)
    (out / INBOX).mkdir(parents=True)
    written = [fill_template(data, out / INBOX / name, "national") for name, data in files().items()]
    with open(out / ROSTER, "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(["单位编码", "单位名称", "主管部门", "主管部门编码", "应报表单"])
        w.writerows(UNITS)
    (out / PROFILE).write_text(LOCAL_PROFILE, encoding="utf-8")
    write_ledger(ledger_items(), out / LEDGER, bureau="区财政局", today=date(2026, 4, 1))
    return written + [out / ROSTER, out / PROFILE, out / LEDGER]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=FOLDER)
    args = ap.parse_args(argv)
    for p in build(args.out):
        print(p)


if __name__ == "__main__":
    main()
