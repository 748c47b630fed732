"""宁财绩〔2020〕260号 第二十四条 on the evaluation form's typed scores, the 部门整体 framework (财预〔2013〕53号 一级指标
投入/过程/产出/效果) and the 260号 评价类型: hand-computed cases, in the Python engine and, recalculated, in LibreOffice."""

from __future__ import annotations

import pytest

from jixiao.scoring.engine import Evaluation
from jixiao.spec.data import to_inputs
from jixiao.spec.layout import load_form
from jixiao.spec.loader import load_profile
from jixiao.template.fill import fill_workbook
from jixiao.workbook.recalc import error_cells, recalculate, recalculated_values

PROFILE = load_profile("national")
FORM = load_form("evaluation")

RATIO = "定量指标得分应为“规则得分”：完成目标值的记全部分值，未完成的按实际值/目标值×权重计分"
FLOOR = "完成值高于目标值较多，按偏离度调减后得分不低于 权重×1.2×目标值/实际值"
OVER = "实际值达到目标值的120%以上，须在扣分原因中分析原因（目标值设定明显偏低的按偏离度调减分值）"
BAND = "定性指标得分不在所选完成档次的分值区间内（达成80%（含）—100%，部分达成60%（含）—80%，未达成60%以下）"
NO_TIER = "定性指标请选择完成档次"
DONE, PART, FAIL = "达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差"


def row(kind, weight, score, target=None, actual=None, tier=None, reason="见底稿", level1="产出", name="指标"):
    r = {"level1": level1, "level2": "二级", "name": name, "explain": "含义", "standard": "标准", "weight": weight,
         "kind": kind, "target": target, "actual": actual if actual is not None else "已完成", "tier": tier,
         "score": score, "reason": reason}
    return {k: v for k, v in r.items() if v is not None}


def book(rows, object_type=None, eval_type="财政评价"):
    papers = [{"code": f"D{i}", "name": r["name"], "content": "资料", "method": "资料核查", "finding": "属实",
               "checker": "张伟", "date": "2026-05-10"} for i, r in enumerate(rows) if r.get("name")]
    fields = {"object_name": "评价对象", "object_type": object_type, "eval_type": eval_type, "year": 2025,
              "evaluator": "评价组", "department": "某某局"}
    return {"form": "evaluation", "fields": {k: v for k, v in fields.items() if v is not None},
            "tables": {"indicators": list(rows), "papers": papers}}


def one(r):
    """A single row; expectations are on indicators[0]."""
    return book([r])


def framework(object_type, weights: dict[str, float]):
    return book([row("定量", w, w, 100, 100, level1=l1, name=f"{l1}指标") for l1, w in weights.items()], object_type)


CASES = {
    # 定量: 92.4 / 100 × 5 = 4.62; typed 4.6 is within the 0.05 tolerance, 4.5 is not
    "ratio_exact": (one(row("定量", 5, 4.62, 100, 92.4)), {"indicators[0].rule": 4.62, "indicators[0].flags": ""}),
    "ratio_rounded": (one(row("定量", 5, 4.6, 100, 92.4)), {"indicators[0].flags": ""}),
    "ratio_off": (one(row("定量", 5, 4.5, 100, 92.4)), {"indicators[0].rule": 4.62, "indicators[0].flags": RATIO}),
    # reached: full marks only
    "reached_but_deducted": (one(row("定量", 10, 9, 100, 100)), {"indicators[0].rule": 10, "indicators[0].flags": RATIO}),
    "not_reached_ratio": (one(row("定量", 8, 6.72, 100, 84)), {"indicators[0].rule": 6.72, "indicators[0].flags": ""}),
    # over-completed (150 ≥ 100 × 1.2): full marks or down to 10 × 1.2 × 100 / 150 = 8.00, the reason analysed
    "over_full": (one(row("定量", 10, 10, 100, 150)), {"indicators[0].rule": 10, "indicators[0].flags": ""}),
    "over_no_reason": (one(row("定量", 10, 10, 100, 150, reason=None)), {"indicators[0].flags": OVER}),
    "over_adjusted": (one(row("定量", 10, 8, 100, 150)), {"indicators[0].flags": ""}),
    "over_below_floor": (one(row("定量", 10, 7.9, 100, 150)), {"indicators[0].flags": FLOOR}),
    "over_at_120": (one(row("定量", 10, 10, 100, 120, reason=None)), {"indicators[0].flags": OVER}),
    "under_120": (one(row("定量", 10, 10, 100, 119.9, reason=None)), {"indicators[0].flags": ""}),
    # 定量（其他）: its own 评分标准 (预算调整率 7.8% against ≤5%: 2 − 2.8 × 0.2 = 1.44), no ratio, no 规则得分
    "other_standard": (one(row("定量（其他）", 2, 1.44, 5, 7.8)), {"indicators[0].rule": "", "indicators[0].flags": ""}),
    # 定性 bands of 10: 达成 [8, 10], 部分达成 [6, 8), 未达成 [0, 6)
    "done_8": (one(row("定性", 10, 8, tier=DONE)), {"indicators[0].rule": "", "indicators[0].flags": ""}),
    "done_7.99": (one(row("定性", 10, 7.99, tier=DONE)), {"indicators[0].flags": BAND}),
    "part_8": (one(row("定性", 10, 8, tier=PART)), {"indicators[0].flags": BAND}),
    "part_6": (one(row("定性", 10, 6, tier=PART)), {"indicators[0].flags": ""}),
    "fail_6": (one(row("定性", 10, 6, tier=FAIL)), {"indicators[0].flags": BAND}),
    "fail_5.99": (one(row("定性", 10, 5.99, tier=FAIL)), {"indicators[0].flags": ""}),
    "no_tier": (one(row("定性", 10, 8)), {"indicators[0].flags": NO_TIER}),
    # missing data: nothing to compare, no 规则得分 and no ratio flag
    "target_text": (one(row("定量", 5, 3, "≥95%", 96)), {"indicators[0].rule": "", "indicators[0].flags": ""}),
    "no_actual": (one(row("定量", 5, 5, 100)), {"indicators[0].rule": ""}),
    "not_scored": (one(row("定量", 5, None, 100, 50, reason=None)),
                   {"indicators[0].rule": 2.5, "indicators[0].flags": "", "unscored": 1}),
    # 部门整体 (财预〔2013〕53号): 投入 15、过程 25、产出 35、效果 25 → 产出 + 效果 = 60 %
    "department": (framework("部门整体", {"投入": 15, "过程": 25, "产出": 35, "效果": 25}), {
        "summary.input.weight": 15, "summary.outcome.score": 25, "summary.decision.count": 0,
        "output_effect_share": 0.6, "total_score": 100, "grade": "优", "form_flags": ""}),
    "department_share": (framework("部门整体", {"投入": 16, "过程": 25, "产出": 35, "效果": 24}), {
        "output_effect_share": 0.59,
        "form_flags": "产出、效果指标权重合计低于60%：原则上产出、效果指标权重不低于60%"}),
    "department_with_project_levels": (framework("部门整体", {"决策": 15, "过程": 25, "产出": 35, "效益": 25}), {
        "indicators[0].flags": "部门整体评价的一级指标为投入、过程、产出、效果",
        "form_flags": "缺少“投入”指标：指标体系应全面反映投入、过程、产出、效果；缺少“效果”指标：指标体系应全面反映投入、"
                      "过程、产出、效果；有2项指标存在核查提示"}),
    "policy": (framework("政策", {"决策": 20, "过程": 20, "产出": 35, "效益": 25}), {"form_flags": ""}),
    "project_with_department_level": (framework(None, {"投入": 20, "过程": 20, "产出": 35, "效益": 25}), {
        "indicators[0].flags": "项目、政策评价的一级指标为决策、过程、产出、效益",
        "form_flags": "缺少“决策”指标：指标体系应全面反映决策、过程、产出、效益；有1项指标存在核查提示"}),
}
BALANCED = {"决策": 20, "过程": 20, "产出": 35, "效益": 25}
for t in ("部门评价", "财政评价", "重点评价", "自评价", "再评价"):          # 财预〔2020〕10号；260号 第四条、第三十一条
    CASES[f"type_{t}"] = (book(framework(None, BALANCED)["tables"]["indicators"], eval_type=t), {"form_flags": ""})
CASES["type_单位自评"] = (book([row("定量", 100, 100, 100, 100)], eval_type="单位自评"), {
    "form_flags": "评价类型应为部门评价、财政评价、重点评价、自评价、再评价之一；"
                  + "；".join(f"缺少“{x}”指标：指标体系应全面反映决策、过程、产出、效益" for x in ("决策", "过程", "效益"))})


def run(d):
    return Evaluation(FORM, PROFILE, to_inputs(FORM, d))


def _same(py, lo) -> bool:
    if py in (None, ""):
        return lo in (None, "")
    if isinstance(py, (int, float)) and not isinstance(py, bool):
        return isinstance(lo, (int, float)) and float(py) == float(lo)
    return py == lo


@pytest.mark.parametrize("name", list(CASES))
def test_hand_computed_case(name):
    d, expected = CASES[name]
    ev = run(d)
    for cid, want in expected.items():
        got = ev.value(cid)
        assert _same(want, got), (cid, got)


def test_a_profile_without_deviation_adjustment_wants_full_marks():
    """over_completion_adjust: none — an over-completed row keeps its full weight (8 of 10 is flagged, 10 is not)."""
    prof = {**PROFILE, "quantitative": {**PROFILE["quantitative"], "over_completion_adjust": "none"}}
    got = [Evaluation(FORM, prof, to_inputs(FORM, one(row("定量", 10, s, 100, 150)))).value("indicators[0].flags")
           for s in (8, 10)]
    assert got == ["完成值高于目标值较多，按政策口径记全部分值", ""]


def test_rule_score_formula_is_the_short_ratio():
    """The reused self-evaluation rule folds to the formula a person reads: no dead 反向/百分数 branches."""
    import openpyxl
    from pathlib import Path
    path = Path(__file__).resolve().parents[2] / "xlsx_templates" / FORM.spec["file"]
    cell = FORM.cells["indicators[0].rule"]
    text = openpyxl.load_workbook(path)[cell.sheet][cell.coord].value
    assert text.startswith("=IF(") and "百分比" not in text and "(1-" not in text and len(text) < 200


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rule24_lo")
    paths = []
    for n, (d, _) in CASES.items():
        p = tmp / f"{n}.xlsx"
        fill_workbook(FORM, PROFILE, d).save(p)
        paths.append(p)
    return dict(zip(CASES, (recalculated_values(o) for o in recalculate(paths, tmp / "out"))))


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", list(CASES))
def test_libreoffice_matches_engine(recalculated, name):
    values = recalculated[name]
    assert error_cells(values) == []
    d, expected = CASES[name]
    computed = run(d).computed()
    diffs = [(cid, py, values.get(FORM.cells[cid].sheet, {}).get(FORM.cells[cid].coord)) for cid, py in computed.items()
             if not _same(py, values.get(FORM.cells[cid].sheet, {}).get(FORM.cells[cid].coord))]
    assert diffs == []
    for cid, want in expected.items():
        cell = FORM.cells[cid]
        assert _same(want, values.get(cell.sheet, {}).get(cell.coord)), cid
