"""The two department-wide forms: 部门（单位）整体支出绩效目标申报表 and 部门整体支出绩效自评表.

Expected values are worked out by hand from the rules (财预〔2013〕53号 formulas; the scoring standards set in the spec:
在职人员控制率 以100%为标准每超1个百分点扣0.1分, “三公经费”变动率 ≤0 满分每超1个百分点扣0.3分, …), evaluated by the
Python engine and, in the LibreOffice tests, by the recalculated templates.
"""

from __future__ import annotations

import re

import pytest

from jixiao.scoring.engine import Evaluation
from jixiao.spec.data import to_inputs
from jixiao.spec.layout import load_form
from jixiao.spec.loader import load_profile
from jixiao.template.fill import fill_workbook
from jixiao.workbook import recalc

COMMON = ["staff", "three_change", "exec", "adjust", "carry", "carry_change", "public_ctrl", "three_ctrl",
          "procurement", "assets", "key_work"]
DEFAULT_WEIGHTS = {"staff": 1, "three_change": 3, "exec": 5, "adjust": 2, "carry": 2, "carry_change": 2,
                   "public_ctrl": 2, "three_ctrl": 2, "procurement": 2, "assets": 2, "key_work": 7}


def computed(fid: str, data: dict, profile: str = "national") -> dict:
    form = load_form(fid)
    return Evaluation(form, load_profile(profile), to_inputs(form, {"form": fid, **data})).computed()


def msgs(v) -> list[str]:
    return [] if v in (None, "") else v.split("；")


# ---- 部门（单位）整体支出绩效目标申报表 ------------------------------------------------------------------------------

def task(name="履职保障", total=None, fiscal=None, other=None, content="日常运转"):
    row = {"name": name, "content": content, "total": total, "fiscal": fiscal, "other": other}
    return {k: v for k, v in row.items() if v is not None}


INDICATORS_GOAL = [
    {"level1": "产出指标", "level2": "数量指标", "name": "办理行政审批事项数", "nature": "≥", "target": 1200, "unit": "件"},
    {"level1": "效益指标", "level2": "社会效益指标", "name": "营商环境", "nature": "定性", "target": "持续改善"},
    {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "办事群众满意度", "nature": "≥", "target": 90, "unit": "%"},
]


def goal_data(tasks, indicators=INDICATORS_GOAL, goal="全面履行部门职责，完成年度重点任务。"):
    data = {"fields": {"year": 2026, "unit_name": "某某区市场监督管理局", "unit_code": "101001"},
            "tables": {"tasks": tasks, "indicators": indicators}}
    if goal:
        data["fields"]["annual_goal"] = goal
    return data


def test_balanced_tasks_and_complete_indicators_leave_no_flags():
    v = computed("dept_goal", goal_data([task(total=100, fiscal=60, other=40),
                                         task("专项整治", total=35.5, fiscal=35.5, other=0)]))
    assert v["tasks[0].flags"] == "" and v["tasks[1].flags"] == ""
    assert (v["sums.all.total"], v["sums.all.fiscal"], v["sums.all.other"]) == (135.5, 95.5, 40)
    assert v["sums.all.check"] == ""
    assert (v["count_output"], v["count_effect"], v["count_satisfaction"]) == (1, 1, 1)
    assert v["form_flags"] == ""


@pytest.mark.parametrize("total, fiscal, other, flagged", [
    (100, 60, 39.99, True),          # 0.01 万元 short
    (100.004, 60, 40, False),        # within the 0.005 万元 tolerance
    (100.005, 60, 40, False),        # the tolerance itself is allowed
    (100.006, 60, 40, True),
    (100, 100, None, False),         # no other funds: a blank counts as 0
])
def test_task_total_must_equal_fiscal_plus_other(total, fiscal, other, flagged):
    v = computed("dept_goal", goal_data([task(total=total, fiscal=fiscal, other=other)]))
    assert ("总额应等于财政拨款与其他资金之和" in msgs(v["tasks[0].flags"])) is flagged
    assert ("有1项年度主要任务存在核查提示" in msgs(v["form_flags"])) is flagged


def test_task_row_missing_pieces_are_named():
    v = computed("dept_goal", goal_data([task(name="", total=None, fiscal=10, other=0),
                                         task("只填总额", total=50),
                                         task("金额写了单位", total="50万元", fiscal=50, other=0)]))
    assert msgs(v["tasks[0].flags"]) == ["请填写任务名称", "请填写预算金额总额（= 财政拨款 + 其他资金）"]
    assert msgs(v["tasks[1].flags"]) == ["请填写财政拨款和其他资金（没有的填0）"]
    assert msgs(v["tasks[2].flags"]) == ["总额应为数字（万元）"]
    assert v["sums.all.total"] == 50 and v["sums.all.fiscal"] == 60       # text is not summed
    assert v["sums.all.check"] == "总额合计应等于财政拨款合计与其他资金合计之和"
    assert "有3项年度主要任务存在核查提示" in msgs(v["form_flags"])


def test_empty_goal_form_says_what_is_missing():
    v = computed("dept_goal", {"fields": {}, "tables": {}})
    assert v["sums.all.total"] == "" and v["tasks[0].flags"] == ""
    assert msgs(v["form_flags"]) == ["请填写年度主要任务及其预算金额", "请填写年度总体目标", "缺少产出指标", "缺少效益指标"]


def test_goal_indicators_use_the_project_definition_checks():
    bad = [{"level1": "产出指标", "level2": "社会效益指标", "name": "培训人次", "nature": "≥", "target": "**人"},
           {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "满意度", "nature": "定量（其他）",
            "target": "较上年提高"}]
    v = computed("dept_goal", goal_data([task(total=1, fiscal=1, other=0)], bad))
    assert msgs(v["indicators[0].flags"]) == ["二级指标不属于所选一级指标",
                                              "定量指标的年度指标值应为数字：只填半角数字，符号选在“指标性质”，单位填在“度量单位”",
                                              "年度指标值含占位符，请填写实际值", "请填写度量单位"]
    assert msgs(v["indicators[1].flags"]) == ["“定量（其他）”须填写指标值说明"]
    assert msgs(v["form_flags"]) == ["缺少效益指标", "有2项绩效指标存在核查提示"]


# ---- 部门整体支出绩效自评表：共性指标 ------------------------------------------------------------------------------

def common(**rows) -> dict:
    """Grid data: each row given as (A, B) with the default weight, or (A, B, weight)."""
    out = {}
    for key, vals in rows.items():
        a, b, *w = vals
        row = {"a": a, "b": b, "weight": w[0] if w else DEFAULT_WEIGHTS[key]}
        out[key] = {k: v for k, v in row.items() if v is not None}
    return {"grids": {"common": out}}


@pytest.mark.parametrize("staff, posts, value, score", [
    (98, 100, 0.98, 1),          # within 编制: 满分
    (100, 100, 1, 1),
    (105, 100, 1.05, 0.5),       # 超5个百分点 × 0.1分
    (101, 80, 1.2625, 0),        # 超26.25个百分点: 扣完为止
    (103, 200, 0.515, 1),
])
def test_staff_control_rate_deducts_a_tenth_per_point_over_100(staff, posts, value, score):
    v = computed("dept_self_eval", common(staff=(staff, posts)))
    assert v["common.staff.value"] == value
    assert v["common.staff.score"] == score
    assert v["common.staff.flags"] == ""


@pytest.mark.parametrize("this_year, last_year, value, score", [
    (90, 100, -0.1, 3),          # 下降: 满分
    (100, 100, 0, 3),
    (102.5, 100, 0.025, 2.25),   # 超2.5个百分点 × 0.3分 = 0.75分
    (110, 100, 0.1, 0),          # 超10个百分点 × 0.3分 = 3分: 扣完
    (0, 12.5, -1, 3),
])
def test_three_public_expenses_change_rate_deducts_0_3_per_point_above_zero(this_year, last_year, value, score):
    v = computed("dept_self_eval", common(three_change=(this_year, last_year)))
    assert v["common.three_change.value"] == value
    assert v["common.three_change.score"] == score


@pytest.mark.parametrize("row, a, b, weight, value, score", [
    ("exec", 180, 200, 5, 0.9, 4.5),             # 执行率 × 分值
    ("exec", 210, 200, 5, 1.05, 5),              # 超过100%按100%计
    ("key_work", 19, 20, 7, 0.95, 6.65),         # 办结率 × 分值
    ("procurement", 0, 40, 2, 0, 0),             # 采购未执行: 0分（不是空）
    ("carry", 15, 100, 2, 0.15, 1.5),            # 结转结余率以10%为标准, 超5个百分点 × 0.1分
    ("carry", 8, 100, 2, 0.08, 2),
    ("carry_change", 120, 100, 2, 0.2, 0),       # 超20个百分点 × 0.1分 = 2分: 扣完
    ("three_ctrl", 10.3, 10, 2, 1.03, 1.7),      # “三公经费”控制率以100%为标准, 超3个百分点 × 0.1分
    ("adjust", 12, 200, 2, 0.06, 1.4),           # 预算调整率以0为标准, 6个百分点 × 0.1分
])
def test_other_common_indicators_follow_their_standards(row, a, b, weight, value, score):
    v = computed("dept_self_eval", common(**{row: (a, b, weight)}))
    assert v[f"common.{row}.value"] == value
    assert v[f"common.{row}.score"] == score


def test_zero_denominator_gives_blank_value_and_score_and_a_flag_never_div0():
    v = computed("dept_self_eval", common(three_change=(5, 0), exec=(0, 0), staff=(3, None)))
    assert v["common.three_change.value"] == "" and v["common.three_change.score"] == ""
    assert msgs(v["common.three_change.flags"]) == [
        "上年度“三公经费”总额为0，指标值无法计算（确不适用的请清空分值并说明理由）"]
    assert v["common.exec.value"] == "" and "预算数为0，指标值无法计算（确不适用的请清空分值并说明理由）" in \
        msgs(v["common.exec.flags"])
    assert v["common.staff.value"] == "" and msgs(v["common.staff.flags"]) == ["请填写编制数"]
    assert v["unscored"] == 3 and v["grade"] == ""
    assert "共性指标有3项存在核查提示" in msgs(v["form_flags"]) and "尚有3项指标未评分" in msgs(v["form_flags"])
    assert not [k for k, x in v.items() if isinstance(x, str) and x.startswith("#")]


def test_base_figures_without_weight_and_text_figures_are_flagged():
    v = computed("dept_self_eval", common(adjust=(3, 100, None), public_ctrl=("约50", 60)))
    assert msgs(v["common.adjust.flags"]) == ["请填写分值（不适用的指标不填基础数据）"]
    assert v["common.adjust.value"] == 0.03 and v["common.adjust.score"] == ""     # no weight: not scored, not 0
    assert msgs(v["common.public_ctrl.flags"]) == ["实际支出公用经费总额应为数字"]
    assert v["common.public_ctrl.value"] == ""


def test_blank_common_row_is_neither_scored_nor_flagged():
    v = computed("dept_self_eval", {})
    for key in COMMON:
        assert v[f"common.{key}.value"] == v[f"common.{key}.score"] == v[f"common.{key}.flags"] == ""
    assert v["common_weight"] == "" and v["total_score"] == "" and v["grade"] == ""
    assert msgs(v["form_flags"]) == ["请填写各指标分值", "请填写个性指标（部门履职的产出、效益、满意度指标）及其分值"]


# ---- 部门整体支出绩效自评表：个性指标、合计、等级 ----------------------------------------------------------------

def personal_rows():
    return [
        # 20 × 100% = 20
        {"level1": "产出指标", "level2": "数量指标", "name": "办理审批事项", "nature": "≥", "target": 1200, "unit": "件",
         "actual": 1300, "weight": 20},
        # 20 × 0.9 = 18 (偏差原因已填)
        {"level1": "产出指标", "level2": "质量指标", "name": "抽检合格率", "nature": "≥", "target": 100, "unit": "%",
         "actual": 90, "weight": 20, "reason": "个别批次不合格，已督促整改"},
        # 反向: 18 ≤ 20 满分 10
        {"level1": "产出指标", "level2": "时效指标", "name": "平均办结时限", "nature": "≤", "target": 20, "unit": "天",
         "actual": 18, "weight": 10},
        # 定性 达成档 9/10
        {"level1": "效益指标", "level2": "社会效益指标", "name": "营商环境", "nature": "定性", "target": "持续改善",
         "actual": "明显改善", "tier": "达成年度指标", "weight": 10, "manual": 9, "reason": "个别领域仍有投诉"},
        # 10 × 0.95 = 9.5
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "办事群众满意度", "nature": "≥", "target": 90,
         "unit": "%", "actual": 85.5, "weight": 10, "reason": "窗口高峰期等候时间较长"},
    ]


def full_data():
    data = common(staff=(105, 100), three_change=(102.5, 100), exec=(180, 200), adjust=(0, 200), carry=(15, 100),
                  carry_change=(80, 100), public_ctrl=(55, 60), three_ctrl=(10.3, 10), procurement=(38, 40),
                  assets=(90, 100), key_work=(19, 20))
    data["tables"] = {"indicators": personal_rows()}
    data["fields"] = {"year": 2025, "unit_name": "某某区市场监督管理局", "unit_code": "101001"}
    return data


# common scores: 0.5 + 2.25 + 4.5 + 2 + 1.5 + 2 + 2 + 1.7 + 1.9 + 1.8 + 6.65 = 26.8 (of 30)
# personal scores: 20 + 18 + 10 + 9 + 9.5 = 66.5 (of 70)                        total 93.3 → 优
EXPECTED_FULL = {
    "common.procurement.score": 1.9, "common.assets.score": 1.8, "common.public_ctrl.value": 0.9167,
    "common.public_ctrl.score": 2, "common.adjust.score": 2, "common.carry_change.value": -0.2,
    "common_weight": 30, "common_score": 26.8, "personal_weight": 70, "personal_score": 66.5,
    "weight_total": 100, "total_score": 93.3, "unscored": 0, "grade": "优", "output_effect": 67, "form_flags": "",
}


def test_full_self_evaluation_totals_and_grade():
    v = computed("dept_self_eval", full_data())
    for key, expected in EXPECTED_FULL.items():
        assert v[key] == expected, key
    assert [v[f"indicators[{i}].score"] for i in range(5)] == [20, 18, 10, 9, 9.5]
    assert all(v[f"common.{k}.flags"] == "" for k in COMMON)


def test_weights_not_adding_to_100_and_too_little_output_effect_block_the_grade():
    data = full_data()
    data["tables"]["indicators"][0]["weight"] = 5           # 产出 20 → 5: 分值合计 85
    v = computed("dept_self_eval", data)
    assert v["weight_total"] == 85 and v["grade"] == ""
    assert msgs(v["form_flags"]) == ["分值合计应为100", "产出、效益类指标分值合计原则上不低于60分"]


def test_unscored_personal_rows_are_counted_and_grade_waits():
    data = full_data()
    del data["tables"]["indicators"][1]["actual"]
    v = computed("dept_self_eval", data)
    assert v["indicators[1].score"] == "" and v["unscored"] == 1 and v["grade"] == ""
    assert msgs(v["form_flags"]) == ["个性指标有1项存在核查提示", "尚有1项指标未评分"]


@pytest.mark.parametrize("total_change, grade", [((105, 100), "优"), ((200, 100), "良")])
def test_grade_follows_the_profile_bands(total_change, grade):
    data = full_data()
    data["grids"]["common"]["three_change"] = {"a": total_change[0], "b": total_change[1], "weight": 3}
    data["tables"]["indicators"][0]["actual"] = 1080           # 20 × 0.9 = 18
    data["tables"]["indicators"][0]["reason"] = "受机构改革影响"
    v = computed("dept_self_eval", data)
    # 三公 +5pp → 3 − 1.5 = 1.5; +100pp → 0.  total = 93.3 − 2.25 − 2 + {1.5 | 0}
    assert v["total_score"] == {"优": 90.55, "良": 89.05}[grade]
    assert v["grade"] == grade


# ---- the spec: standards written once, suggested weights ----------------------------------------------------------

def test_standard_text_and_score_share_one_set_of_numbers():
    form = load_form("dept_self_eval")
    for key in COMMON:
        std = form.cells[f"common.{key}.standard"].props["args"]
        score = form.cells[f"common.{key}.score"].props["args"]
        assert {k: score[k] for k in std} == std, key
    v = computed("dept_self_eval", {})
    assert "以100%为标准" in v["common.staff.standard"] and "扣0.1分" in v["common.staff.standard"]
    assert "以0为标准" in v["common.three_change.standard"] and "扣0.3分" in v["common.three_change.standard"]
    assert "以10%为标准" in v["common.carry.standard"]
    assert v["common.exec.standard"].startswith("得分=指标值×分值，超过100%按100%计")


def test_changing_the_spec_numbers_changes_the_score(monkeypatch):
    """A bureau edits limit/per_point in the spec: the same rule gives the new deduction."""
    from jixiao.scoring.calcs import CALCS, Ctx
    from jixiao.scoring.engine import context
    from jixiao.scoring.expr import Arg, evaluate

    build = CALCS["dept_common_score"].build
    ctx: Ctx = context(load_profile("national"))
    node = build(ctx, rule="deduct", limit=1, per_point=0.5, value=Arg("value"), weight=Arg("weight"))
    assert evaluate(node, {"value": 1.05, "weight": 5}) == 2.5          # 5pp × 0.5 (a 0.5/pp local standard)
    with pytest.raises(ValueError):
        build(ctx, rule="median", value=Arg("value"), weight=Arg("weight"))


def test_suggested_common_weights_total_30():
    form = load_form("dept_self_eval")
    suggested = {k: float(re.match(r"建议([\d.]+)分", form.cells[f"common.{k}.weight"].props["help"]).group(1))
                 for k in COMMON}
    assert suggested == DEFAULT_WEIGHTS and sum(suggested.values()) == 30


# ---- LibreOffice: the templates compute the same values ----------------------------------------------------------

def _recalculated(fid: str, datasets: list[dict], tmp_path):
    form, profile = load_form(fid), load_profile("national")
    paths = []
    for i, data in enumerate(datasets):
        path = tmp_path / f"{fid}-{i}.xlsx"
        fill_workbook(form, profile, {"form": fid, **data}).save(path)
        paths.append(path)
    outs = recalc.recalculate(paths, tmp_path / "out")
    return form, [recalc.recalculated_values(o) for o in outs]


def _assert_same(form, values: dict, expected: dict):
    assert recalc.error_cells(values) == []
    for cid, cell in form.cells.items():
        if cell.is_calc:
            lo = values.get(cell.sheet, {}).get(cell.coord)
            py = expected[cid]
            assert (lo in (None, "") and py in (None, "")) or lo == py, (cid, lo, py)


@pytest.mark.libreoffice
def test_libreoffice_goal_template_matches_engine(tmp_path):
    datasets = [
        goal_data([task(total=100, fiscal=60, other=40), task("专项整治", total=100.006, fiscal=60, other=40),
                   task(name="", fiscal=10, other=0), task("只填总额", total=50), task("文字金额", total="50万元")]),
        {"fields": {}, "tables": {}},
    ]
    form, results = _recalculated("dept_goal", datasets, tmp_path)
    for data, values in zip(datasets, results):
        _assert_same(form, values, computed("dept_goal", data))
    sheet = results[0][form.sheets[0].name]
    assert sheet[form.cells["tasks[1].flags"].coord] == "总额应等于财政拨款与其他资金之和"
    assert sheet[form.cells["sums.all.total"].coord] == 250.006


@pytest.mark.libreoffice
def test_libreoffice_self_eval_template_matches_engine(tmp_path):
    zero = common(three_change=(5, 0), exec=(0, 0), staff=(3, None), public_ctrl=("约50", 60))
    partial = full_data()
    del partial["tables"]["indicators"][1]["actual"]
    datasets = [full_data(), zero, partial, {}]
    form, results = _recalculated("dept_self_eval", datasets, tmp_path)
    for data, values in zip(datasets, results):
        _assert_same(form, values, computed("dept_self_eval", data))
    sheet = results[0][form.sheets[0].name]
    assert sheet[form.cells["common.staff.score"].coord] == 0.5
    assert sheet[form.cells["common.three_change.score"].coord] == 2.25
    assert sheet[form.cells["total_score"].coord] == 93.3
    assert sheet[form.cells["grade"].coord] == "优"
    zero_sheet = results[1][form.sheets[0].name]
    assert form.cells["common.three_change.value"].coord not in zero_sheet      # blank, not #DIV/0!


def test_self_evaluation_prefills_from_the_approved_goal():
    from jixiao.template.prefill import prefill

    source = {"form": "dept_goal", **goal_data([task(total=100, fiscal=60, other=40)])}
    data = prefill(load_form("dept_self_eval"), source)
    assert data["fields"]["unit_name"] == "某某区市场监督管理局"
    assert data["grids"]["goal"]["overall"]["expected"] == "全面履行部门职责，完成年度重点任务。"
    assert [r["name"] for r in data["tables"]["indicators"]] == ["办理行政审批事项数", "营商环境", "办事群众满意度"]
    v = computed("dept_self_eval", data)                    # targets without actuals: not scored yet, not 0
    assert v["indicators[0].score"] == "" and msgs(v["indicators[0].flags"]) == ["请填写分值"]
