"""Planted problems in filled templates of the department, monitor, assessment and evaluation forms come back from the
validator with their rule codes, at the cells the checks name (sheet + coordinate)."""

from __future__ import annotations

import sys

from jixiao.rules.engine import validate_file
from jixiao.rules.registry import RULES
from jixiao.spec.layout import load_form
from jixiao.template.fill import fill_template


def validate(tmp_path, fid: str, data: dict):
    path = fill_template({"form": fid, **data}, tmp_path / f"{fid}.xlsx")
    return validate_file(path)


def found(report) -> set[tuple[str, str, str]]:
    return {(f.code, f.sheet, f.cell) for f in report.findings}


def where(fid: str, *codes_cells: tuple[str, str]) -> set[tuple[str, str, str]]:
    """(code, sheet name, coordinate) of each (code, cell id), from the form's layout."""
    cells = load_form(fid).cells
    return {(code, cells[cid].sheet, cells[cid].coord) for code, cid in codes_cells}


def assert_planted(report, fid: str, *codes_cells: tuple[str, str]):
    expected = where(fid, *codes_cells)
    missing = expected - found(report)
    assert not missing, f"missing {sorted(missing)}; found {sorted(found(report))}"


# ---- 部门（单位）整体支出绩效目标申报表 --------------------------------------------------------------------------

def test_dept_goal(tmp_path):
    data = {
        "fields": {"year": 2026, "unit_name": "某某区市场监督管理局", "unit_code": "101001"},   # 年度总体目标 left blank
        "tables": {
            "tasks": [
                {"name": "履职保障", "content": "日常运转", "total": 100, "fiscal": 60, "other": 30},    # 60 + 30 ≠ 100
                {"content": "专项整治", "total": 20, "fiscal": 20, "other": 0},                           # no name
                {"name": "宣传", "content": "政策宣传", "total": "50万元", "fiscal": 50, "other": 0},      # text amount
                {"name": "培训", "content": "业务培训", "total": 10},                                      # no parts
                {"name": "执法", "content": "执法办案", "fiscal": 15, "other": 5},                        # no 总额
            ],
            "indicators": [   # no 产出/效益 indicator; the 度量单位 is missing (a project rule, R106)
                {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "办事群众满意度", "nature": "≥", "target": 90},
            ],
        },
    }
    r = validate(tmp_path, "dept_goal", data)
    assert_planted(r, "dept_goal",
                   ("A201", "tasks[0].total"), ("R201", "tasks[1].name"), ("T001", "tasks[2].total"),
                   ("R203", "tasks[3].fiscal"), ("R202", "tasks[4].total"), ("A202", "sums.all.total"), ("R001", "annual_goal"),
                   ("G111", "count_output"), ("G112", "count_effect"), ("R106", "indicators[0].unit"))
    assert r.status == "强制"
    a201 = next(f for f in r.findings if f.code == "A201")
    assert a201.sheet == "整体目标申报表" and a201.detail == "总额应等于财政拨款与其他资金之和"
    assert a201.rule.title == "任务总额不等于财政拨款与其他资金之和"


def test_dept_goal_without_tasks(tmp_path):
    """No 年度主要任务 at all: the 金额合计 stays blank and the form asks for the tasks (R204), nothing on a task row."""
    data = {
        "fields": {"year": 2026, "unit_name": "某某区市场监督管理局", "unit_code": "101001",
                   "annual_goal": "全面履行市场监管职责"},
        "tables": {"indicators": [
            {"level1": "产出指标", "level2": "数量指标", "name": "抽检批次", "nature": "≥", "target": 500, "unit": "批次"},
            {"level1": "效益指标", "level2": "社会效益指标", "name": "食品安全状况", "nature": "定性", "target": "持续向好"},
        ]},
    }
    r = validate(tmp_path, "dept_goal", data)
    assert_planted(r, "dept_goal", ("R204", "sums.all.total"))
    assert not {f.code for f in r.findings} & {"R201", "R202", "R203", "A201", "A202", "R001", "G111", "G112"}


# ---- 部门整体支出绩效自评表 ------------------------------------------------------------------------------------

def test_dept_self_eval(tmp_path):
    data = {
        "fields": {"year": 2025, "unit_name": "某某区市场监督管理局", "unit_code": "101001"},
        "grids": {
            "goal": {"overall": {"expected": "全面履行职责", "actual": "基本完成"}},
            "common": {
                "staff": {"weight": 1, "a": 50},                              # 编制数 missing
                "three_change": {"weight": 3, "a": 10, "b": 0},               # denominator 0
                "exec": {"a": 90, "b": 100},                                  # data without a 分值
                "adjust": {"weight": "两分", "a": 1, "b": 100},               # 分值 as text
            },
        },
        # no 个性指标: 分值合计 4 ≠ 100, 产出效益类分值 0 < 60
    }
    r = validate(tmp_path, "dept_self_eval", data)
    assert_planted(r, "dept_self_eval",
                   ("R205", "common.staff.b"), ("G201", "common.three_change.b"), ("R206", "common.exec.weight"),
                   ("T001", "common.adjust.weight"), ("R208", "personal_weight"), ("G202", "weight_total"),
                   ("G203", "output_effect"), ("G109", "unscored"))
    g203 = next(f for f in r.findings if f.code == "G203")
    assert g203.severity == "提示"


def test_dept_self_eval_without_weights(tmp_path):
    """Nothing scored and no 分值 anywhere: the 分值合计 is blank (R207), not a wrong total (G202)."""
    data = {
        "fields": {"year": 2025, "unit_name": "某某区市场监督管理局", "unit_code": "101001"},
        "grids": {"goal": {"overall": {"expected": "全面履行职责", "actual": "基本完成"}}},
    }
    r = validate(tmp_path, "dept_self_eval", data)
    assert_planted(r, "dept_self_eval", ("R207", "weight_total"), ("R208", "personal_weight"))
    assert not {f.code for f in r.findings} & {"G202", "G203"}


# ---- 项目支出绩效运行监控表 ------------------------------------------------------------------------------------

def test_project_monitor(tmp_path):
    data = {
        "fields": {"year": 2026, "month": 7, "project_name": "基层干部培训", "department": "某某区委组织部",
                   "unit_name": "某某区干部教育中心", "unit_code": "201001"},
        "grids": {
            "funds": {
                "fiscal": {"budget": 100, "executed": 20},                               # red light, no reason, no forecast
                "other": {"budget": 10, "executed": 12, "forecast": 11, "reason": "其他"},  # 12 > 10, 11 > 10, 11 < 12
            },
            "goal": {"overall": {"progress": "已完成培训2期"}},                           # 全年预期目标 blank
        },
        "tables": {"indicators": [
            {"level1": "产出指标", "level2": "数量指标", "name": "培训人次", "nature": "≥", "target": 100, "unit": "人次",
             "actual": 40, "forecast": 80, "likelihood": "确定能"},                       # 80 < 100 yet 确定能; yellow, no reason
            {"level1": "效益指标", "level2": "社会效益指标", "name": "干部履职能力", "nature": "定性", "target": "明显提高",
             "actual": "有所提高", "likelihood": "有可能"},                               # no forecast, no 纠偏措施
            {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "学员满意度", "nature": "≥", "target": 90,
             "unit": "%", "actual": "八十", "forecast": 92, "likelihood": "可能吧"},      # text actual, likelihood off-list
        ]},
    }
    r = validate(tmp_path, "project_monitor", data)
    assert_planted(r, "project_monitor",
                   ("R302", "funds.fiscal.forecast"), ("G301", "funds.fiscal.reason"),
                   ("A301", "funds.other.executed"), ("A302", "funds.other.forecast"), ("A303", "funds.other.forecast"),
                   ("R303", "funds_note"),
                   ("R309", "goal.overall.expected"),
                   ("G302", "indicators[0].likelihood"), ("G303", "indicators[0].reason"),
                   ("R305", "indicators[1].forecast"), ("G304", "indicators[1].measures"),
                   ("T301", "indicators[2].actual"), ("T002", "indicators[2].likelihood"))
    assert {f.severity for f in r.findings if f.code in ("A301", "A302", "A303")} == {"提示"}


# ---- 事前绩效评估表 --------------------------------------------------------------------------------------------

def test_ex_ante(tmp_path):
    data = {
        "fields": {"project_name": "智慧社区建设", "department": "某某区民政局", "amount": 800},
        "grids": {"items": {
            "necessity_policy": {"rating": "优", "score": 5},     # 分值7：优 needs ≥ 6.3
            "necessity_demand": {"rating": "良", "score": 8},     # over the 分值 7
            "necessity_duty": {"score": 5},                        # no rating
            "economy_budget": {"rating": "中"},                    # no score
        }},                                                        # the rest unscored: no conclusion for 800万元
    }
    r = validate(tmp_path, "ex_ante", data)
    assert_planted(r, "ex_ante",
                   ("G403", "items.necessity_policy.score"), ("G401", "items.necessity_demand.score"),
                   ("R402", "items.necessity_duty.rating"), ("R401", "items.economy_budget.score"),
                   ("G407", "unscored"), ("G404", "conclusion"))


def test_ex_ante_rejected_project(tmp_path):
    scores = {k: {"rating": "差", "score": 1} for k in (
        "necessity_policy", "necessity_demand", "necessity_duty", "economy_budget", "economy_cost", "goal_clarity",
        "goal_measurable", "goal_match", "plan_complete", "plan_org", "plan_risk", "funding_source",
        "funding_capacity")}
    data = {"fields": {"project_name": "智慧社区建设", "department": "某某区民政局", "amount": 800},
            "grids": {"items": scores}}
    r = validate(tmp_path, "ex_ante", data)
    assert_planted(r, "ex_ante", ("G405", "conclusion"))
    assert not {f.code for f in r.findings} & {"G404", "G407", "G403"}


def test_ex_ante_conditional_support(tmp_path):
    """Every point rated 中 inside its band: 70分, 调整完善后予以支持, which the national profile does not let into the
    budget for 800万元 (G406)."""
    weights = {"necessity_policy": 7, "necessity_demand": 7, "necessity_duty": 6, "economy_budget": 10,
               "economy_cost": 10, "goal_clarity": 7, "goal_measurable": 7, "goal_match": 6, "plan_complete": 7,
               "plan_org": 7, "plan_risk": 6, "funding_source": 10, "funding_capacity": 10}
    middle = {7: 5, 6: 4, 10: 7}                             # 中：60%（含）—80% of the 分值
    scores = {k: {"rating": "中", "score": middle[w]} for k, w in weights.items()}
    assert sum(v["score"] for v in scores.values()) == 70
    data = {"fields": {"project_name": "智慧社区建设", "department": "某某区民政局", "amount": 800},
            "grids": {"items": scores}}
    r = validate(tmp_path, "ex_ante", data)
    assert_planted(r, "ex_ante", ("G406", "conclusion"))
    assert not {f.code for f in r.findings} & {"G403", "G404", "G405", "G407"}
    g406 = next(f for f in r.findings if f.code == "G406")
    assert g406.value == "调整完善后予以支持"


# ---- 绩效目标审核表 --------------------------------------------------------------------------------------------

def test_goal_review(tmp_path):
    data = {
        "fields": {"project_name": "智慧社区建设", "unit_name": "某某区民政局", "reviewer_unit": "某某区财政局"},
        "grids": {"items": {
            "completeness": {"score": 20},                                  # deducted without an opinion
            "relevance": {"score": 30, "opinion": "指标细化不足"},          # over the 分值 25
            "appropriateness": {"score": -1, "opinion": "资金规模偏大"},     # negative
        }},                                                                 # 可行性 unscored
    }
    r = validate(tmp_path, "goal_review", data)
    assert_planted(r, "goal_review",
                   ("G408", "items.completeness.opinion"), ("G401", "items.relevance.score"),
                   ("G402", "items.appropriateness.score"), ("G409", "result"))


def test_goal_review_poor_result(tmp_path):
    """All four points scored, with opinions, to 40分: the 审核结果 is 差 (G410) and nothing else is wrong."""
    items = {k: {"score": 10, "opinion": "目标与指标不够清晰，须修改"}
             for k in ("completeness", "relevance", "appropriateness", "feasibility")}
    data = {"fields": {"project_name": "智慧社区建设", "unit_name": "某某区民政局", "reviewer_unit": "某某区财政局"},
            "grids": {"items": items}}
    r = validate(tmp_path, "goal_review", data)
    assert_planted(r, "goal_review", ("G410", "result"))
    assert not {f.code for f in r.findings} & {"G401", "G402", "G408", "G409"}


# ---- 绩效评价指标体系及分析工作底稿（含结果应用） ----------------------------------------------------------------

def _indicator(level1, level2, name, weight, kind, score=None, target=None, actual=None, reason=None, tier=None):
    row = {"level1": level1, "level2": level2, "name": name, "explain": f"{name}的含义", "standard": "按完成比例计分",
           "weight": weight, "kind": kind, "score": score, "target": target, "actual": actual, "reason": reason,
           "tier": tier}
    return {k: v for k, v in row.items() if v is not None}


def test_evaluation(tmp_path):
    data = {
        "fields": {"object_name": "智慧社区建设项目", "eval_type": "专项评价", "year": 2025, "evaluator": "某某区财政局",
                   "department": "某某区民政局", "rectify_measures": "完善项目管理制度", "rectify_deadline": "2026-08-31"},
        "tables": {
            "indicators": [
                _indicator("决策", "项目立项", "立项依据充分性", 10, "定性", score=8, actual="较充分"),   # no 扣分原因
                _indicator("产出", "产出数量", "实际完成率", 30, "定量", score=35, actual=100),           # no target, > 权重, no paper
                _indicator("产出", "产出质量", "质量达标率", 0, "定性的"),                                # 权重 0, bad 性质
                _indicator("过程", "资金管理", "立项依据充分性", 20, "定性"),                             # duplicate name
            ],                                                                                         # no 效益 indicator
            "papers": [
                {"code": "D1", "name": "立项依据充分性", "content": "立项批复文件", "finding": "依据较充分",
                 "checker": "张三", "date": "2026-05-10"},                                          # no 核查方法
                {"code": "D2", "name": "资金到位率", "content": "拨款凭证", "method": "资料核查", "finding": "按期到位",
                 "checker": "李四", "date": "2026-05-11"},                                          # not in the system
            ],
        },
    }
    r = validate(tmp_path, "evaluation", data)
    assert_planted(r, "evaluation",
                   ("T503", "eval_type"),
                   ("G505", "indicators[0].reason"), ("G501", "indicators[0].name"), ("G501", "indicators[3].name"),
                   ("R507", "indicators[1].target"), ("G504", "indicators[1].score"), ("G506", "indicators[1].evidence"),
                   ("G502", "indicators[2].weight"), ("T502", "indicators[2].kind"),
                   ("G507", "weight_total"), ("G508", "output_effect_share"), ("G109", "unscored"),
                   ("G509", "form_flags"),
                   ("R510", "papers[0].method"), ("X501", "papers[1].name"),
                   ("G510", "results_grade"), ("R512", "rectify_person"))
    sheets = {f.sheet for f in r.findings}
    assert {"指标体系", "分析工作底稿", "结果应用"} <= sheets
    g509 = [f.detail for f in r.findings if f.code == "G509"]
    assert g509 == ["缺少“效益”指标：指标体系应全面反映决策、过程、产出、效益"]


def test_results_sheet_requires_rectification_for_a_poor_grade(tmp_path):
    """A complete evaluation graded 差 (50分) with no 整改措施: the only finding is R511 on the 结果应用 sheet."""
    indicators = [_indicator("决策", "项目立项", "立项依据充分性", 20, "定性", score=10, actual="一般", reason="依据不足",
                             tier="未达成年度指标且效果较差"),
                  _indicator("过程", "资金管理", "资金到位率", 20, "定量", score=10, target=100, actual=50, reason="到位慢"),
                  _indicator("产出", "产出数量", "实际完成率", 30, "定量", score=15, target=100, actual=50, reason="进度慢"),
                  _indicator("效益", "项目效益", "满意度", 30, "定量", score=15, target=90, actual=45, reason="宣传不足")]
    papers = [{"code": f"D{i}", "name": row["name"], "content": "资料", "method": "资料核查", "finding": "见评分",
               "checker": "张三", "date": "2026-05-10"} for i, row in enumerate(indicators)]
    data = {"fields": {"object_name": "智慧社区建设项目", "eval_type": "财政评价", "year": 2025, "evaluator": "某某区财政局",
                       "department": "某某区民政局"},
            "tables": {"indicators": indicators, "papers": papers}}
    r = validate(tmp_path, "evaluation", data)
    assert_planted(r, "evaluation", ("R511", "rectify_measures"))
    assert [(f.code, f.sheet, f.detail) for f in r.findings] == [("R511", "结果应用", "评价等级为“差”，须填写整改措施")]


def test_evaluation_rule24_and_department(tmp_path):
    """宁财绩〔2020〕260号第二十四条 on typed scores (定量 by ratio and deviation, 定性 by tier) and a 部门整体
    evaluation using a project 一级指标; hand-computed in tests/scoring/test_evaluation_rule24.py."""
    indicators = [
        _indicator("投入", "预算配置", "绩效目标合理性", 10, "定性", score=7, actual="较合理", reason="部分未量化",
                   tier="达成年度指标"),                                             # 7 < 8: outside its tier
        _indicator("过程", "预算执行", "预算完成率", 10, "定量", score=9, target=100, actual=92.4,
                   reason="年末未支付"),                                             # ratio 9.24, typed 9
        _indicator("产出", "职责履行", "重点工作办结率", 10, "定量", score=10, target=80, actual=100),  # 125 %: no reason
        _indicator("决策", "项目立项", "立项依据充分性", 10, "定性", score=10),         # 决策 in 部门整体; no 完成档次
    ]
    papers = [{"code": f"D{i}", "name": row["name"], "content": "资料", "method": "资料核查", "finding": "见评分",
               "checker": "张三", "date": "2026-05-10"} for i, row in enumerate(indicators)]
    data = {"fields": {"object_name": "某某区民政局", "object_type": "部门整体", "eval_type": "重点评价", "year": 2025,
                       "evaluator": "某某区财政局", "department": "某某区民政局"},
            "tables": {"indicators": indicators, "papers": papers}}
    r = validate(tmp_path, "evaluation", data)
    assert_planted(r, "evaluation", ("G102", "indicators[0].score"), ("G511", "indicators[1].score"),
                   ("G105", "indicators[2].reason"), ("G512", "indicators[3].level1"), ("R110", "indicators[3].tier"))
    assert "T503" not in {f.code for f in r.findings}


def test_evaluation_incomplete_rows(tmp_path):
    """Indicator rows each missing one part of their definition or scored wrongly, a work paper without its indicator,
    and 整改措施 without a 完成时限."""
    long_name = "社区居家养老服务设施覆盖率" * 8                                    # 104 字
    no_standard = _indicator("效益", "社会效益", "居民获得感", 10, "定性")
    del no_standard["standard"]
    indicators = [
        _indicator("", "项目立项", "立项程序规范性", 10, "定性"),                                   # no 一级指标
        _indicator("决策", "", "绩效目标合理性", 10, "定性"),                                       # no 二级指标
        _indicator("过程", "资金管理", "", 10, "定性"),                                             # no 三级指标
        _indicator("过程", "组织实施", "管理制度健全性", 10, ""),                                   # no 性质
        _indicator("产出", "产出数量", "设施建成数", None, "定量", target=20),                      # no 权重
        no_standard,                                                                              # no 评分标准
        _indicator("产出", "产出质量", "验收合格率", 20, "定量", score=18, target=100, reason="一处返工"),  # no 实际值
        _indicator("产出", "产出时效", "完成及时率", 10, "定量", score=-2, target=100, actual=60,
                   reason="工期延误"),                                                            # negative score
        _indicator("效益", "可持续影响", long_name, 10, "定性"),                                     # name > 100 字
    ]
    data = {
        "fields": {"object_name": "智慧社区建设项目", "eval_type": "部门评价", "year": 2025, "evaluator": "某某区民政局",
                   "department": "某某区民政局", "rectify_measures": "完善项目验收制度", "rectify_person": "王五"},
        "tables": {
            "indicators": indicators,
            "papers": [{"code": "D1", "content": "验收报告", "method": "资料核查", "finding": "一处返工",
                        "checker": "张三", "date": "2026-05-10"}],                                  # no 对应三级指标
        },
    }
    r = validate(tmp_path, "evaluation", data)
    assert_planted(r, "evaluation",
                   ("R501", "indicators[0].level1"), ("R502", "indicators[1].level2"), ("R503", "indicators[2].name"),
                   ("R504", "indicators[3].kind"), ("R505", "indicators[4].weight"),
                   ("R506", "indicators[5].standard"), ("R508", "indicators[6].actual"),
                   ("G503", "indicators[7].score"), ("T501", "indicators[8].name"),
                   ("R509", "papers[0].name"), ("R513", "rectify_deadline"))
    assert not {f.code for f in r.findings} & {"T503", "R512"}
    codes = [f.code for f in r.findings]
    once = ("R501", "R502", "R503", "R504", "R505", "R506", "R508", "G503", "T501", "R509", "R513")
    assert {c: codes.count(c) for c in once} == dict.fromkeys(once, 1)    # only on the row planted, not on the others


# ---- every rule of these forms is planted above ----------------------------------------------------------------

def test_every_rule_of_these_forms_is_planted_in_a_workbook(tmp_path, monkeypatch):
    """The codes of the forms the sample inbox does not carry (2xx, 4xx, 5xx; tests/test_samples.py leaves exactly
    these to this module) all come back from the workbooks planted by the tests above."""
    found: set[str] = set()
    plain = validate

    def recording(tmp, fid, data):
        report = plain(tmp, fid, data)
        found.update(f.code for f in report.findings)
        return report

    module = sys.modules[__name__]
    monkeypatch.setattr(module, "validate", recording)
    planting = [f for name, f in sorted(vars(module).items()) if name.startswith("test_") and f is not
                test_every_rule_of_these_forms_is_planted_in_a_workbook]
    for i, test in enumerate(planting):
        (tmp_path / str(i)).mkdir()
        test(tmp_path / str(i))
    wanted = {c for c in RULES if c[0] != "C" and c[1] in "245"}
    assert sorted(wanted - found) == [], f"未在任何工作簿中触发：{sorted(wanted - found)}"
