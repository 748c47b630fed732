"""项目支出绩效运行监控表（双监控）: time progress, 预警 lights, indicator status, flags — in Python and LibreOffice."""

import copy

import pytest

from jixiao.scoring.engine import Evaluation
from jixiao.spec.data import to_inputs
from jixiao.spec.layout import load_form
from jixiao.spec.loader import load_profile
from jixiao.template.builder import build_workbook, formula_of
from jixiao.template.fill import fill_workbook
from jixiao.template.prefill import prefill
from jixiao.scoring.engine import profile_key
from jixiao.workbook.recalc import error_cells, recalculate, recalculated_values

FORM = load_form("project_monitor")
NATIONAL = load_profile("national")
SCHEDULE = [0.05, 0.1, 0.2, 0.3, 0.4, 0.45, 0.55, 0.6, 0.7, 0.8, 0.9, 1.0]


def custom_profile(schedule=SCHEDULE, tolerance=0.05) -> dict:
    p = copy.deepcopy(NATIONAL)
    p["id"], p["name"] = "custom_monitor", "测试口径"
    p["monitor"] = {"progress": schedule, "lag_tolerance": tolerance}
    return p


def row(name="培训人次", nature="≥", target=100, unit="人次", actual=60, forecast=100, likelihood="确定能",
        level1="产出指标", level2="数量指标", **extra) -> dict:
    r = dict(level1=level1, level2=level2, name=name, nature=nature, target=target, unit=unit, actual=actual,
             forecast=forecast, likelihood=likelihood, **extra)
    return {k: v for k, v in r.items() if v is not None}


def form_data(month=7, fiscal=None, other=None, rows=None, **fields) -> dict:
    """A complete, clean monitor form unless the arguments say otherwise."""
    fiscal = {"budget_initial": 100, "budget": 100, "executed": 60, "forecast": 100} if fiscal is None else fiscal
    grids = {"funds": {"fiscal": fiscal}, "goal": {"overall": {"expected": "完成培训任务", "progress": "已完成六成"}}}
    if other is not None:
        grids["funds"]["other"] = other
    base = {"year": 2026, "month": month, "project_name": "2026年职业技能提升行动培训补贴", "department": "某某区人社局",
            "unit_name": "某某区职业技能鉴定中心", "unit_code": "101001"}
    rows = [row(), row("受益群众满意度", level1="满意度指标", level2="服务对象满意度指标", target=90, unit="%",
                       actual=92, forecast=92)] if rows is None else rows
    return {"form": "project_monitor", "fields": {**base, **fields}, "grids": grids, "tables": {"indicators": rows}}


def evaluate(data: dict, profile: dict = NATIONAL) -> Evaluation:
    return Evaluation(FORM, profile, to_inputs(FORM, data))


def v(data: dict, cell: str, profile: dict = NATIONAL):
    return evaluate(data, profile).value(cell)


def funds(budget, executed, forecast=None) -> dict:
    return {"budget": budget, "executed": executed, "forecast": budget if forecast is None else forecast}


# ---- time progress and 预警 ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("month,progress,period", [(6, 0.5, "1—6月"), (7, 0.5833, "1—7月"), (1, 0.0833, "1月"),
                                                   (12, 1.0, "1—12月")])
def test_time_progress_is_month_over_twelve(month, progress, period):
    e = evaluate(form_data(month=month))
    assert e.value("funds.total.progress") == progress
    assert e.value("funds.fiscal.progress") == progress
    assert e.value("period") == period


@pytest.mark.parametrize("month", [None, 0, 13, 6.5, "7月", -5])
def test_invalid_month_gives_blank_progress_and_a_form_flag(month):
    e = evaluate(form_data(month=month))
    assert e.value("funds.total.progress") == "" and e.value("funds.total.light") == "" and e.value("period") == ""
    assert "请填写监控月份（1—12的整数）" in e.value("form_flags")


@pytest.mark.parametrize("month,executed,rate,light", [
    (6, 50, 0.5, "绿"),          # exactly on progress 50%
    (6, 60, 0.6, "绿"),
    (6, 49.99, 0.4999, "黄"),
    (6, 40, 0.4, "黄"),          # exactly progress − 10 points
    (6, 39.99, 0.3999, "红"),
    (7, 58.33, 0.5833, "绿"),    # progress 7/12 shown as 58.33%: on progress
    (7, 58.32, 0.5832, "黄"),
    (7, 48.33, 0.4833, "黄"),    # 58.33% − 10 points
    (7, 48.32, 0.4832, "红"),
    (7, 0, 0.0, "红"),
])
def test_light_boundaries(month, executed, rate, light):
    e = evaluate(form_data(month=month, fiscal=funds(100, executed)))
    assert e.value("funds.fiscal.rate") == rate
    assert e.value("funds.fiscal.light") == light
    assert e.value("funds.total.light") == light     # total = fiscal when 其他资金 is blank


@pytest.mark.parametrize("month,executed,light", [
    (6, 45, "绿"), (6, 40, "黄"), (6, 44.99, "黄"), (6, 39.99, "红"),    # schedule gives 45% for June, tolerance 5
    (7, 55, "绿"), (7, 50, "黄"), (7, 49.99, "红"), (12, 95, "黄"), (12, 94.99, "红"),
])
def test_custom_progress_schedule_and_tolerance(month, executed, light):
    p = custom_profile()
    e = evaluate(form_data(month=month, fiscal=funds(100, executed)), p)
    assert e.value("funds.fiscal.progress") == SCHEDULE[month - 1]
    assert e.value("funds.fiscal.light") == light
    assert "超过5个百分点" in e.value("funds.fiscal.flags") or light != "红"


def test_custom_schedule_is_written_into_the_template():
    pkey = profile_key(custom_profile())
    text = formula_of(FORM, FORM.cells["funds.total.progress"], pkey)
    assert "0.45" in text and "/12" not in text
    assert "/12" in formula_of(FORM, FORM.cells["funds.total.progress"], profile_key(NATIONAL))


def test_schedule_must_have_twelve_months():
    with pytest.raises(ValueError):
        v(form_data(), "funds.total.progress", custom_profile(schedule=[0.5] * 11))


@pytest.mark.parametrize("fiscal", [funds(0, 0), funds(0, 12.5), {"executed": 10}, {"budget": 100}])
def test_zero_or_missing_budget_gives_blank_rate_and_light(fiscal):
    e = evaluate(form_data(fiscal=fiscal))
    for cell in ("funds.fiscal.rate", "funds.fiscal.light", "funds.total.rate", "funds.total.light"):
        assert e.value(cell) == "", cell
    assert not any(isinstance(x, Exception) or str(x).startswith("#") for x in e.computed().values())


def test_totals_forecast_rate_and_other_funds():
    e = evaluate(form_data(month=6, fiscal=funds(300, 180, 290), other=funds(100, 20, 100)))
    assert e.value("funds.total.budget") == 400 and e.value("funds.total.executed") == 200
    assert e.value("funds.total.rate") == 0.5 and e.value("funds.total.light") == "绿"
    assert e.value("funds.other.rate") == 0.2 and e.value("funds.other.light") == "红"
    assert e.value("funds.total.forecast_rate") == 0.975
    assert e.value("funds.fiscal.forecast_rate") == 0.9667


# ---- funds flags --------------------------------------------------------------------------------------------------

def test_lagging_funds_need_a_reason():
    yellow = form_data(month=6, fiscal=funds(100, 45))
    assert "执行率低于时间进度，须选择偏差原因" in v(yellow, "funds.fiscal.flags")
    red = form_data(month=6, fiscal=funds(100, 30))
    assert "执行率低于时间进度超过10个百分点，须选择偏差原因" in v(red, "funds.fiscal.flags")
    assert "项目资金有2行存在核查提示" in v(red, "form_flags")        # the total row lags as well
    explained = form_data(month=6, fiscal={**funds(100, 30), "reason": "经费保障"})
    assert v(explained, "funds.fiscal.flags") == ""
    other = form_data(month=6, fiscal={**funds(100, 30), "reason": "其他"})
    assert "偏差原因为“其他”的，须在“资金执行偏差说明及纠偏措施”中说明" in v(other, "funds.fiscal.flags")
    other["fields"]["funds_note"] = "招标延期，已督促加快进度"
    assert v(other, "funds.fiscal.flags") == ""


def test_funds_figures_that_contradict_each_other():
    assert v(form_data(fiscal=funds(100, 120, 120)), "funds.fiscal.flags") == \
        "1—N月执行数超过全年预算数，请核实；全年预计执行数超过全年预算数，请核实"
    assert v(form_data(fiscal=funds(100, 70, 60)), "funds.fiscal.flags") == "全年预计执行数小于1—N月执行数，请核实"
    assert v(form_data(fiscal={"budget": 100}), "funds.fiscal.flags") == "请填写1—N月执行数；请填写全年预计执行数"
    assert v(form_data(other={"budget_initial": 0, "budget": 0}), "funds.other.flags") == ""   # no 其他资金


# ---- indicator status ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("nature,target,forecast,likelihood,status", [
    ("≥", 100, 100, "确定能", "绿"), ("≥", 100, 99.9, "确定能", "黄"), ("≥", 100, 100, None, "绿"),
    ("＞", 5, 5, "确定能", "绿"),          # ＞ as the self-evaluation scores it: reaching the value earns full marks
    ("≤", 10, 10, "确定能", "绿"), ("≤", 10, 10.5, "确定能", "黄"), ("＜", 10, 9, None, "绿"),
    ("＝", 0, 0, "确定能", "绿"), ("＝", 0, 1, None, "黄"), ("＝", 100, 100, None, "绿"), ("＝", 100, 98, None, "黄"),
    ("≥", 100, 120, "有可能", "黄"), ("≥", 100, 120, "完全不可能", "红"), ("≥", 100, 50, "完全不可能", "红"),
    ("≥", 100, None, None, ""), ("≥", 100, "大约100", "确定能", ""),
    ("定性", "明显改善", "基本改善", "确定能", "绿"), ("定性", "明显改善", "基本改善", "有可能", "黄"),
    ("定性", "明显改善", "未改善", "完全不可能", "红"), ("定性", "明显改善", "基本改善", None, ""),
    ("定量（其他）", "较上年提高", "略有提高", "确定能", "绿"),
])
def test_indicator_status(nature, target, forecast, likelihood, status):
    data = form_data(rows=[row(nature=nature, target=target, forecast=forecast, likelihood=likelihood)])
    assert v(data, "indicators[0].status") == status


def _flags(**kw) -> list[str]:
    text = v(form_data(rows=[row(**kw)]), "indicators[0].flags")
    return [f for f in text.split("；") if f]


def test_clean_rows_and_clean_form_have_no_flags():
    e = evaluate(form_data())
    assert e.value("indicators[0].flags") == "" and e.value("indicators[1].flags") == ""
    assert e.value("funds.fiscal.flags") == "" and e.value("funds.total.flags") == ""
    assert e.value("form_flags") == ""
    assert (e.value("indicator_count"), e.value("deviation_count"), e.value("red_count"),
            e.value("unexplained_count")) == (2, 0, 0, 0)


def test_deviation_needs_a_reason_and_other_needs_an_explanation():
    msg = "存在偏差（监控状态为黄或红），须选择偏差原因"
    assert msg in _flags(forecast=90, likelihood="有可能", measures="加快培训进度")
    assert msg in _flags(forecast=120, likelihood="有可能", measures="加快培训进度")   # likelihood alone is a deviation
    assert msg in _flags(nature="定性", target="明显改善", actual="有所改善", forecast="基本改善", unit=None,
                         likelihood="完全不可能", measures="调整实施方案")
    assert msg not in _flags(forecast=90, likelihood="有可能", measures="加快", reason="人员保障")
    assert "偏差原因为“其他”的，须填写偏差原因说明" in _flags(forecast=90, likelihood="有可能", measures="加快", reason="其他")
    assert _flags(forecast=90, likelihood="有可能", measures="加快", reason="其他", note="报名人数不足") == []


def test_likelihood_needs_measures_and_must_agree_with_the_forecast():
    assert "完成目标可能性为“有可能”，须填写纠偏措施" in _flags(forecast=90, likelihood="有可能", reason="经费保障")
    assert "完成目标可能性为“完全不可能”，须填写纠偏措施（情况严重的应调整、暂缓或停止执行）" in \
        _flags(forecast=50, likelihood="完全不可能", reason="经费保障")
    assert _flags(forecast=50, likelihood="完全不可能", reason="经费保障", measures="申请调减指标值") == []
    assert "全年预计完成情况未达到年度指标值，完成目标可能性不应为“确定能”" in _flags(forecast=90, reason="经费保障")
    assert "请选择完成目标可能性" in _flags(likelihood=None)


def test_missing_and_non_numeric_figures():
    assert _flags(actual=None) == ["请填写1—N月执行情况"]
    assert _flags(actual="六成") == ["定量指标的1—N月执行情况应为数字：只填半角数字，不带符号和单位"]
    assert "请填写全年预计完成情况" in _flags(forecast=None)
    assert "定量指标的全年预计完成情况应为数字：只填半角数字，不带符号和单位" in _flags(forecast="约100")


def test_indicator_definition_checks_are_reused():
    assert "二级指标不属于所选一级指标" in _flags(level2="社会效益指标")
    assert "年度指标值含占位符，请填写实际值" in _flags(nature="定量（其他）", target="**人")
    assert "请填写度量单位" in _flags(unit=None)


def test_form_counts_and_flags():
    rows = [row(),                                                                     # 绿
            row(forecast=90, likelihood="有可能", measures="加快进度"),                  # 黄, no reason
            row(forecast=50, likelihood="完全不可能", measures="调减", reason="经费保障"),  # 红, reason
            row(nature="定性", target="明显改善", actual="有改善", forecast="明显改善", unit=None, likelihood="完全不可能")]
    e = evaluate(form_data(rows=rows))
    assert [e.value(f"indicators[{i}].status") for i in range(4)] == ["绿", "黄", "红", "红"]
    assert (e.value("indicator_count"), e.value("deviation_count"), e.value("red_count"),
            e.value("unexplained_count")) == (4, 3, 2, 2)
    assert e.value("form_flags") == "有2项指标存在核查提示"
    blank = evaluate({"form": "project_monitor"})
    assert blank.value("form_flags") == ("请填写监控月份（1—12的整数）；请填写全年预算数（调整后）；请填写年度总体目标的全年预期目标；"
                                         "请填写年度总体目标的1—N月执行情况；请填写绩效指标（可从已批复的绩效目标表复制）")
    assert blank.value("indicator_count") == 0 and blank.value("unexplained_count") == 0


def test_prefill_from_the_approved_goal_table():
    goal = {"form": "project_goal", "fields": {"year": 2026, "project_name": "某项目", "unit_code": "101"},
            "grids": {"funds": {"annual": {"fiscal": 80, "other": 20}}, "goal": {"overall": {"annual": "年度目标"}}},
            "tables": {"indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "培训人次", "target": "≥50人次"}]}}
    data = prefill(FORM, goal)
    e = evaluate(data)
    assert e.value("funds.total.budget_initial") == 100
    assert data["tables"]["indicators"][0] == {"level1": "产出指标", "level2": "数量指标", "name": "培训人次",
                                               "nature": "≥", "target": 50, "unit": "人次"}
    assert e.value("goal.overall.expected") == "年度目标"


def test_template_has_month_validation_and_drop_downs():
    wb = build_workbook(FORM, NATIONAL)
    ws = wb[FORM.sheets[0].name]
    month = FORM.cells["month"]
    whole = [dv for dv in ws.data_validations.dataValidation if dv.type == "whole" and month.coord in str(dv.sqref)]
    assert whole and whole[0].formula1 == "1" and whole[0].formula2 == "12"
    lists = " ".join(dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list")
    assert "完全不可能" in lists and "硬件条件保障" in lists
    assert ws.protection.sheet and not ws[month.coord].protection.locked
    assert sum(FORM.sheets[0].widths) <= 200


# ---- LibreOffice ------------------------------------------------------------------------------------------------

CASES = {
    "m6_boundaries": (form_data(month=6, fiscal=funds(100, 50), other=funds(100, 40)), NATIONAL),
    "m7_boundaries": (form_data(month=7, fiscal=funds(100, 58.33), other=funds(100, 48.32, 60)), NATIONAL),
    "m7_yellow": (form_data(month=7, fiscal={**funds(100, 48.33), "reason": "其他"}), NATIONAL),
    "schedule": (form_data(month=6, fiscal=funds(100, 40), other=funds(50, 17.49)), custom_profile()),
    "zero_budget": (form_data(month=1, fiscal=funds(0, 0), other={"budget": 0, "executed": 12.5}), NATIONAL),
    "bad_month": (form_data(month=13, fiscal=funds(100, 120, 90)), NATIONAL),
    "blank": ({"form": "project_monitor"}, NATIONAL),
    "sums": (form_data(month=9, fiscal=funds(1582.92, 1000.01, 1582.92), other=funds(2922.02, 2000.33, 2900)), NATIONAL),
    "rows": (form_data(month=12, rows=[
        row(), row(forecast=90, likelihood="有可能"), row(nature="≤", target=10, forecast=10.5, reason="其他"),
        row(nature="＝", target=0, forecast=0, actual=0), row(nature="＞", target=5, forecast=5),
        row(forecast=50, likelihood="完全不可能", reason="经费保障"), row(actual="六成", forecast="约100"),
        row(nature="定性", target="明显改善", actual="有改善", forecast="明显改善", unit=None),
        row(nature="定性", target="明显改善", actual="有改善", forecast="改善", unit=None, likelihood="有可能"),
        row(level2="社会效益指标", target="**人", nature="定量（其他）"), row(likelihood=None, unit=None),
        {}, row(name="指标" * 60)]), NATIONAL),
}


def _same(expected, got) -> bool:
    if expected in ("", None):
        return got in ("", None)
    if isinstance(expected, bool) or isinstance(got, bool):
        return expected == got
    if isinstance(expected, (int, float)) and isinstance(got, (int, float)):
        return float(got) == float(format(expected, ".15g"))     # LibreOffice stores 15 significant digits
    return expected == got


@pytest.mark.libreoffice
def test_libreoffice_agrees_with_python_on_every_computed_cell(tmp_path):
    paths = []
    for name, (data, profile) in CASES.items():
        path = tmp_path / f"{name}.xlsx"
        fill_workbook(FORM, profile, data).save(path)
        paths.append(path)
    outs = recalculate(paths, tmp_path / "out")
    checked = 0
    for (name, (data, profile)), out in zip(CASES.items(), outs):
        values = recalculated_values(out)
        assert error_cells(values) == [], name
        sheet = values[FORM.sheets[0].name]
        for cid, expected in evaluate(data, profile).computed().items():
            got = sheet.get(FORM.cells[cid].coord)
            assert _same(expected, got), (name, cid, expected, got)
            checked += 1
    assert checked == len(CASES) * sum(c.is_calc for c in FORM.cells.values())
    m6 = recalculated_values(outs[0])[FORM.sheets[0].name]
    assert m6[FORM.cells["funds.fiscal.light"].coord] == "绿" and m6[FORM.cells["funds.other.light"].coord] == "黄"
