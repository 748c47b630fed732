"""事前绩效评估表 and 绩效目标审核表: scores, bands, conclusions and flags — in Python and recalculated by LibreOffice."""

import copy

import openpyxl
import pytest

from jixiao.scoring.engine import Evaluation
from jixiao.spec.data import to_inputs
from jixiao.spec.layout import load_form
from jixiao.spec.loader import load_profile
from jixiao.template.builder import build_template
from jixiao.template.fill import fill_workbook
from jixiao.workbook.recalc import error_cells, recalculate, recalculated_values

NATIONAL = load_profile("national")
EX_ANTE = load_form("ex_ante")
REVIEW = load_form("goal_review")

# 事前评估 items in sheet order, with their fixed 分值 (20 per dimension)
ITEMS = [("necessity_policy", 7), ("necessity_demand", 7), ("necessity_duty", 6), ("economy_budget", 10),
         ("economy_cost", 10), ("goal_clarity", 7), ("goal_measurable", 7), ("goal_match", 6), ("plan_complete", 7),
         ("plan_org", 7), ("plan_risk", 6), ("funding_source", 10), ("funding_capacity", 10)]
DIMS = {"necessity": 20, "economy": 20, "goal": 20, "plan": 20, "funding": 20}
BANDS_MSG = "得分与评级不符：优为分值的90%（含）以上、良为80%（含）—90%、中为60%（含）—80%、差为60%以下"
REVIEW_ROWS = ["completeness", "relevance", "appropriateness", "feasibility"]

# Hand-computed score vectors (分值 7,7,6,10,10,7,7,6,7,7,6,10,10):
AT_80 = [5.6, 5.6, 4.8, 8, 8, 5.6, 5.6, 4.8, 5.6, 5.6, 4.8, 8, 8]           # every item at 80% (良): total 80
AT_60 = [4.2, 4.2, 3.6, 6, 6, 4.2, 4.2, 3.6, 4.2, 4.2, 3.6, 6, 6]           # every item at 60% (中): total 60
FULL = [w for _, w in ITEMS]                                                # 100


def rating_of(score: float, weight: float) -> str:
    """The band a score falls in (band bounds are 分值 × share rounded to 2 decimals, as on the form)."""
    for rating, share in (("优", 0.9), ("良", 0.8), ("中", 0.6)):
        if score >= round(weight * share, 2):
            return rating
    return "差"


def ex_ante(scores=FULL, ratings=None, amount=800, **fields) -> dict:
    """An 事前评估 form: scores in item order (None = not scored), ratings consistent with the bands unless given."""
    items = {}
    for i, ((key, w), s) in enumerate(zip(ITEMS, scores)):
        r = ratings[i] if ratings is not None else (rating_of(s, w) if isinstance(s, (int, float)) else None)
        cell = {k: v for k, v in (("score", s), ("rating", r)) if v is not None}
        if cell:
            items[key] = {**cell, "opinion": "依据充分"}
    base = {"project_name": "2027年老旧小区改造补助资金", "project_kind": "新增项目", "department": "某某区住建局",
            "amount": amount, "assessor": "某某评估公司/张伟", "assess_date": "2026-07-15"}
    base = {k: v for k, v in {**base, **fields}.items() if v is not None}
    return {"form": "ex_ante", "fields": base, "grids": {"items": items}}


def review(scores, opinions=True, **fields) -> dict:
    items = {}
    for key, s in zip(REVIEW_ROWS, scores):
        cell = {"score": s} if s is not None else {}
        if opinions:
            cell["opinion"] = "指标值偏低，请结合历史完成情况调整"
        items[key] = cell
    base = {"project_name": "2027年城乡低保资金", "unit_name": "某某区民政局", "reviewer_unit": "某某区财政局",
            "reviewer": "王芳", "amount": 1200, "review_date": "2026-09-01", **fields}
    return {"form": "goal_review", "fields": base, "grids": {"items": items}}


def ev(form, data, profile=NATIONAL) -> Evaluation:
    return Evaluation(form, profile, to_inputs(form, data))


def with_ex_ante(**over) -> dict:
    p = copy.deepcopy(NATIONAL)
    p["id"], p["name"] = "custom_ex_ante", "测试口径"
    p["ex_ante"] = {**p["ex_ante"], **over}
    return p


ADJUST_OK = with_ex_ante(adjust_allows_budget=True)
STRICT = with_ex_ante(threshold=1000, support_min=85, adjust_min=65)


def minus(vector, delta=0.01):
    """The vector with its last item lowered by delta (rounded like a typed value)."""
    return vector[:-1] + [round(vector[-1] - delta, 2)]


# ---- 事前绩效评估表 --------------------------------------------------------------------------------------------

def test_points_are_fixed_twenty_per_dimension_total_100():
    e = ev(EX_ANTE, ex_ante())
    for key, w in ITEMS:
        assert e.value(f"items.{key}.weight") == w
        assert EX_ANTE.cells[f"items.{key}.weight"].props["calc"] == "const"
    for dim, w in DIMS.items():
        assert e.value(f"dims.{dim}.weight") == w
    assert e.value("dims.total.weight") == 100


@pytest.mark.parametrize("scores,total,conclusion,last_dim", [
    (FULL, 100, "予以支持", 20),
    (AT_80, 80, "予以支持", 16),                       # support line 80 (含)
    (minus(AT_80), 79.99, "调整完善后予以支持", 15.99),
    (AT_60, 60, "调整完善后予以支持", 12),              # adjust line 60 (含)
    (minus(AT_60), 59.99, "不予支持", 11.99),
    ([0] * 13, 0, "不予支持", 0),                       # scored 0 is a score, not a blank
])
def test_total_and_conclusion_at_the_thresholds(scores, total, conclusion, last_dim):
    e = ev(EX_ANTE, ex_ante(scores))
    assert e.value("dims.total.score") == total
    assert e.value("conclusion") == conclusion
    assert e.value("dims.funding.score") == last_dim
    assert e.value("unscored") == 0
    assert all(e.value(f"items.{k}.flags") == "" for k, _ in ITEMS)


def test_dimension_subtotals_by_hand():
    scores = [7, 6, 5, 9, 8.5, 6.5, 6, 4, 5, 7, 3, 10, 6]
    e = ev(EX_ANTE, ex_ante(scores))
    assert [e.value(f"dims.{d}.score") for d in DIMS] == [18, 17.5, 16.5, 15, 16]
    assert e.value("dims.total.score") == 83
    assert e.value("conclusion") == "予以支持"


def test_blank_form_gives_blanks_not_zeros():
    e = ev(EX_ANTE, ex_ante([None] * 13, amount=None))
    assert all(e.value(f"dims.{d}.score") == "" for d in DIMS)
    assert e.value("dims.total.score") == "" and e.value("conclusion") == ""
    assert e.value("unscored") == 13
    assert e.value("form_flags") == "请填写申请资金；尚有13项评估要点未评分"


def test_conclusion_waits_until_every_item_is_scored():
    scores = FULL[:-1] + [None]
    e = ev(EX_ANTE, ex_ante(scores, amount=100))
    assert e.value("dims.total.score") == 90 and e.value("unscored") == 1
    assert e.value("conclusion") == ""
    assert e.value("form_flags") == "尚有1项评估要点未评分"


def test_score_above_points_is_flagged_and_withholds_the_conclusion():
    scores = [8] + FULL[1:]
    e = ev(EX_ANTE, ex_ante(scores, ratings=["优"] * 13, amount=100))
    assert e.value("items.necessity_policy.flags") == "得分超过分值"
    assert e.value("dims.total.score") == 101 and e.value("conclusion") == ""
    assert e.value("form_flags") == "有1项评估要点存在核查提示"


@pytest.mark.parametrize("weight_key,rating,score,consistent", [
    ("necessity_policy", "优", 7, True), ("necessity_policy", "优", 6.3, True), ("necessity_policy", "优", 6.29, False),
    ("necessity_policy", "良", 6.29, True), ("necessity_policy", "良", 6.3, False), ("necessity_policy", "良", 5.6, True),
    ("necessity_policy", "良", 5.59, False), ("necessity_policy", "中", 5.59, True), ("necessity_policy", "中", 4.2, True),
    ("necessity_policy", "中", 4.19, False), ("necessity_policy", "差", 4.19, True), ("necessity_policy", "差", 0, True),
    ("necessity_policy", "差", 4.2, False), ("necessity_policy", "中", 5.6, False),
    ("necessity_duty", "优", 5.4, True), ("necessity_duty", "优", 5.39, False), ("necessity_duty", "良", 4.8, True),
    ("necessity_duty", "中", 4.8, False), ("necessity_duty", "差", 3.59, True), ("necessity_duty", "中", 3.6, True),
    ("economy_budget", "良", 8, True), ("economy_budget", "良", 9, False), ("economy_budget", "优", 9, True),
    ("economy_budget", "差", 5.99, True), ("economy_budget", "差", 6, False),
])
def test_rating_band_consistency(weight_key, rating, score, consistent):
    i = [k for k, _ in ITEMS].index(weight_key)
    scores, ratings = list(FULL), ["优"] * 13
    scores[i], ratings[i] = score, rating
    flag = ev(EX_ANTE, ex_ante(scores, ratings)).value(f"items.{weight_key}.flags")
    assert flag == ("" if consistent else BANDS_MSG)


def test_row_flags_for_missing_rating_score_and_text():
    scores, ratings = list(FULL), ["优"] * 13
    scores[0], ratings[1] = None, None
    scores[2], ratings[2] = "六分", "优"
    e = ev(EX_ANTE, ex_ante(scores, ratings))
    assert e.value("items.necessity_policy.flags") == "请填写得分"
    assert e.value("items.necessity_demand.flags") == "请选择评级"
    assert e.value("items.necessity_duty.flags") == "得分应为数字"
    assert e.value("unscored") == 2 and e.value("conclusion") == ""


THRESHOLD_MISSING = "申请资金达到500万元，须开展事前绩效评估，评估结论为予以支持方可纳入预算"
THRESHOLD_REJECT = "申请资金达到500万元，评估结论为不予支持，不得纳入预算"
THRESHOLD_ADJUST = "申请资金达到500万元，评估结论为调整完善后予以支持：须调整完善后重新评估，结论为予以支持方可纳入预算"


@pytest.mark.parametrize("amount,scores,expected", [
    (500, [None] * 13, THRESHOLD_MISSING),              # exactly 500万元: the assessment is required
    (499.99, [None] * 13, None),
    (500, FULL[:-1] + [None], THRESHOLD_MISSING),       # incomplete assessment
    (500, AT_80, None),                                  # 予以支持
    (500, minus(AT_80), THRESHOLD_ADJUST),
    (500, minus(AT_60), THRESHOLD_REJECT),
    (499.99, minus(AT_60), None),
    (12000, AT_60, THRESHOLD_ADJUST),
])
def test_500_wan_trigger(amount, scores, expected):
    flags = ev(EX_ANTE, ex_ante(scores, amount=amount)).value("form_flags")
    parts = [f for f in flags.split("；") if f.startswith("申请资金达到")]
    assert parts == ([expected] if expected else [])


def test_adjusted_conclusion_may_allow_budgeting_by_profile():
    e = ev(EX_ANTE, ex_ante(minus(AT_80), amount=500), ADJUST_OK)
    assert e.value("conclusion") == "调整完善后予以支持" and e.value("form_flags") == ""
    e = ev(EX_ANTE, ex_ante([None] * 13, amount=500), ADJUST_OK)
    assert "评估结论为予以支持或调整完善后予以支持方可纳入预算" in e.value("form_flags")
    e = ev(EX_ANTE, ex_ante(minus(AT_60), amount=500), ADJUST_OK)
    assert e.value("form_flags") == THRESHOLD_REJECT


@pytest.mark.parametrize("scores,conclusion", [(AT_80, "调整完善后予以支持"), (FULL, "予以支持"),
                                               (AT_60, "不予支持")])
def test_profile_thresholds(scores, conclusion):
    e = ev(EX_ANTE, ex_ante(scores, amount=999.99), STRICT)
    assert e.value("conclusion") == conclusion          # lines 85 / 65 instead of 80 / 60
    assert "申请资金达到" not in e.value("form_flags")
    assert "申请资金达到1000万元" in ev(EX_ANTE, ex_ante([None] * 13, amount=1000), STRICT).value("form_flags")


def test_text_amount_is_flagged_not_triggered():
    flags = ev(EX_ANTE, ex_ante(AT_60, amount="600万元")).value("form_flags")
    assert flags == "申请资金应为数字（万元）"


# ---- 绩效目标审核表 ------------------------------------------------------------------------------------------

CONSEQUENCE = {
    "优": "进入下一步预算安排",
    "良": "与预算部门（单位）协商后直接完善绩效目标，再进入下一步预算安排",
    "中": "由预算部门（单位）修改完善绩效目标后，按程序重新报审",
    "差": "不得进入下一步预算安排",
}


@pytest.mark.parametrize("scores,total,result", [
    ([25, 25, 25, 25], 100, "优"),
    ([22.5, 22.5, 22.5, 22.5], 90, "优"),
    ([22.5, 22.5, 22.5, 22.49], 89.99, "良"),
    ([20, 20, 20, 20], 80, "良"),
    ([20, 20, 20, 19.99], 79.99, "中"),
    ([15, 15, 15, 15], 60, "中"),
    ([15, 15, 15, 14.99], 59.99, "差"),
    ([0, 0, 0, 0], 0, "差"),
])
def test_review_total_result_and_consequence(scores, total, result):
    e = ev(REVIEW, review(scores))
    assert e.value("total_score") == total
    assert e.value("result") == result
    assert e.value("consequence") == CONSEQUENCE[result]
    assert all(e.value(f"items.{k}.weight") == 25 for k in REVIEW_ROWS)
    assert all(e.value(f"items.{k}.flags") == "" for k in REVIEW_ROWS)
    assert e.value("form_flags") == ("审核结果为差，不得进入下一步预算安排" if result == "差" else "")


def test_review_deduction_needs_an_opinion():
    e = ev(REVIEW, review([25, 20, 25, 24.5], opinions=False))
    assert e.value("items.completeness.flags") == "" and e.value("items.appropriateness.flags") == ""
    msg = "扣分须填写审核意见，说明存在的问题及修改要求"
    assert e.value("items.relevance.flags") == msg and e.value("items.feasibility.flags") == msg
    assert e.value("result") == "优"          # 94.5: missing opinions are flagged but do not change the result
    assert e.value("form_flags") == "有2项审核内容存在核查提示"


def test_review_score_above_points_withholds_the_result():
    e = ev(REVIEW, review([26, 25, 25, 25]))
    assert e.value("items.completeness.flags") == "审核得分超过分值"
    assert e.value("total_score") == 101 and e.value("result") == "" and e.value("consequence") == ""
    assert e.value("form_flags") == "有1项审核内容存在核查提示"


def test_review_incomplete_and_blank():
    e = ev(REVIEW, review([25, 25, None, None], opinions=False))
    assert e.value("total_score") == 50 and e.value("result") == ""
    assert e.value("form_flags") == "尚有2项审核内容未评分"
    e = ev(REVIEW, review([None] * 4, opinions=False))
    assert e.value("total_score") == "" and e.value("result") == "" and e.value("consequence") == ""
    assert e.value("form_flags") == "尚有4项审核内容未评分"


def test_review_result_follows_the_profile_grade_bands():
    p = copy.deepcopy(NATIONAL)
    p["grades"] = [{"grade": "优", "min": 95}, {"grade": "良", "min": 85}, {"grade": "中", "min": 70},
                   {"grade": "差", "min": 0}]
    assert ev(REVIEW, review([22.5] * 4), p).value("result") == "良"
    assert ev(REVIEW, review([17.5] * 4), p).value("result") == "中"


# ---- templates --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("form", [EX_ANTE, REVIEW], ids=lambda f: f.id)
def test_template_fixed_cells_locked_inputs_validated(form, tmp_path):
    wb = openpyxl.load_workbook(build_template(form.id, out_dir=tmp_path))
    ws = wb[form.sheets[0].name]
    for cid, cell in form.cells.items():
        c = ws[cell.coord]
        if cid.endswith((".weight", ".point", ".standard")) and cid.startswith("items."):
            assert c.protection.locked and c.value not in (None, "") and not str(c.value).startswith("=")
        if cid.endswith(".score") and cid.startswith("items."):
            assert not c.protection.locked
            dvs = [dv for dv in ws.data_validations.dataValidation if cell.coord in dv.sqref]
            assert dvs and dvs[0].type == "decimal" and "不要带单位" in dvs[0].error
    assert ws.page_setup.orientation == "landscape"


# ---- LibreOffice --------------------------------------------------------------------------------------------------

CASES = [
    ("full", EX_ANTE, ex_ante(FULL, amount=500), NATIONAL),
    ("at80", EX_ANTE, ex_ante(AT_80, amount=500), NATIONAL),
    ("below80", EX_ANTE, ex_ante(minus(AT_80), amount=500), NATIONAL),
    ("at60", EX_ANTE, ex_ante(AT_60, amount=499.99), NATIONAL),
    ("below60", EX_ANTE, ex_ante(minus(AT_60), amount=500), NATIONAL),
    ("blank", EX_ANTE, ex_ante([None] * 13, amount=500), NATIONAL),
    ("mismatch", EX_ANTE, ex_ante([6.29, 6.3, 4.79, 9, 5.99] + FULL[5:],
                                  ["优", "良", "中", "良", "差"] + ["优"] * 8, amount=499.99), NATIONAL),
    ("over", EX_ANTE, ex_ante([8, "六分"] + FULL[2:], ratings=["优"] * 13, amount="600万元"), NATIONAL),
    ("adjust_ok", EX_ANTE, ex_ante(minus(AT_80), amount=500), ADJUST_OK),
    ("strict", EX_ANTE, ex_ante(AT_80, amount=1000), STRICT),
    ("r90", REVIEW, review([22.5] * 4), NATIONAL),
    ("r8999", REVIEW, review([22.5, 22.5, 22.5, 22.49]), NATIONAL),
    ("r80", REVIEW, review([20] * 4), NATIONAL),
    ("r7999", REVIEW, review([20, 20, 20, 19.99]), NATIONAL),
    ("r60", REVIEW, review([15] * 4), NATIONAL),
    ("r5999", REVIEW, review([15, 15, 15, 14.99]), NATIONAL),
    ("r_noopinion", REVIEW, review([25, 20, 26, None], opinions=False), NATIONAL),
]
EXPECTED = {   # hand-computed values LibreOffice must show
    "full": {"dims.total.score": 100, "conclusion": "予以支持", "form_flags": None},
    "at80": {"dims.total.score": 80, "conclusion": "予以支持", "form_flags": None},
    "below80": {"dims.total.score": 79.99, "conclusion": "调整完善后予以支持", "form_flags": THRESHOLD_ADJUST},
    "at60": {"dims.total.score": 60, "conclusion": "调整完善后予以支持", "form_flags": None},
    "below60": {"dims.total.score": 59.99, "conclusion": "不予支持", "form_flags": THRESHOLD_REJECT},
    "blank": {"dims.total.score": None, "conclusion": None, "unscored": 13,
              "form_flags": THRESHOLD_MISSING + "；尚有13项评估要点未评分"},
    "mismatch": {"items.necessity_policy.flags": BANDS_MSG, "items.necessity_demand.flags": BANDS_MSG,
                 "items.necessity_duty.flags": None, "items.economy_budget.flags": BANDS_MSG,
                 "items.economy_cost.flags": None, "form_flags": "有3项评估要点存在核查提示"},
    "over": {"items.necessity_policy.flags": "得分超过分值", "items.necessity_demand.flags": "得分应为数字",
             "conclusion": None, "form_flags": "申请资金应为数字（万元）；尚有1项评估要点未评分；有2项评估要点存在核查提示"},
    "adjust_ok": {"conclusion": "调整完善后予以支持", "form_flags": None},
    "strict": {"conclusion": "调整完善后予以支持",
               "form_flags": "申请资金达到1000万元，评估结论为调整完善后予以支持：须调整完善后重新评估，结论为予以支持方可纳入预算"},
    "r90": {"total_score": 90, "result": "优", "consequence": CONSEQUENCE["优"]},
    "r8999": {"total_score": 89.99, "result": "良", "consequence": CONSEQUENCE["良"]},
    "r80": {"total_score": 80, "result": "良"},
    "r7999": {"total_score": 79.99, "result": "中", "consequence": CONSEQUENCE["中"]},
    "r60": {"total_score": 60, "result": "中"},
    "r5999": {"total_score": 59.99, "result": "差", "consequence": CONSEQUENCE["差"],
              "form_flags": "审核结果为差，不得进入下一步预算安排"},
    "r_noopinion": {"total_score": 71, "result": None, "items.relevance.flags": "扣分须填写审核意见，说明存在的问题及修改要求",
                    "items.appropriateness.flags": "审核得分超过分值",
                    "form_flags": "尚有1项审核内容未评分；有2项审核内容存在核查提示"},
}


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    src, out = tmp_path_factory.mktemp("assess_in"), tmp_path_factory.mktemp("assess_out")
    paths = []
    for name, form, data, profile in CASES:
        path = src / f"{form.id}-{name}.xlsx"
        fill_workbook(form, profile, data).save(path)
        paths.append(path)
    return {name: recalculated_values(p) for (name, *_), p in zip(CASES, recalculate(paths, out))}


@pytest.mark.libreoffice
@pytest.mark.parametrize("name,form,data,profile", CASES, ids=[c[0] for c in CASES])
def test_libreoffice_equals_engine(recalculated, name, form, data, profile):
    values = recalculated[name]
    assert error_cells(values) == []
    computed = ev(form, data, profile).computed()
    sheet = values[form.sheets[0].name]
    for cid, py in computed.items():
        cell = form.cells[cid]
        lo = sheet.get(cell.coord)
        py = None if py == "" else py
        if isinstance(py, (int, float)) and not isinstance(py, bool):
            assert isinstance(lo, (int, float)) and float(lo) == float(py), (cid, lo, py)
        else:
            assert lo == py, (cid, lo, py)
    for cid, want in EXPECTED[name].items():
        assert sheet.get(form.cells[cid].coord) == want, (cid, sheet.get(form.cells[cid].coord), want)
