"""The 绩效评价报告 and its letters follow the 评价对象类型 (项目、政策、部门整体; 宁财绩〔2020〕260号 第十四条、第二十九条)
and the 评价类型 (自评价、再评价): the 部门整体 sample (samples/evaluation_dept_example.xlsx, hand-checked in
jixiao/demo/evaluation.py) and a 政策 自评价 filled here; sentences built from data, with the data missing."""

from __future__ import annotations

import pytest

import jixiao
from jixiao.documents import Letter, write
from jixiao.documents import evaluation as ev
from jixiao.template.fill import fill_template
from docs_helpers import SAMPLES, all_text, clean, headings, marks, open_doc, paragraphs_after, table

DEPT = SAMPLES / "evaluation_dept_example.xlsx"
LETTER = Letter(bureau="某某区财政局", date="2026-06-20", to="区委、区政府")
NONE = lambda key: None          # noqa: E731


@pytest.fixture(scope="module")
def dept(tmp_path_factory):
    out = tmp_path_factory.mktemp("dept")
    kinds = ("evaluation", "notice", "submission")
    return {k: open_doc(write(k, DEPT, out / f"{k}.docx", letter=LETTER)) for k in kinds}


@pytest.fixture(scope="module")
def policy(tmp_path_factory):
    out = tmp_path_factory.mktemp("policy")
    rows = [{"level1": l1, "level2": "二级", "name": f"{l1}指标", "explain": "含义", "standard": "标准", "weight": w,
             "kind": "定量", "target": 100, "actual": 100, "score": w} for l1, w in
            (("决策", 20), ("过程", 20), ("产出", 35), ("效益", 25))]
    book = fill_template({"form": "evaluation", "fields": {
        "object_name": "创业担保贷款贴息政策", "object_type": "政策", "eval_type": "自评价", "year": 2025,
        "evaluator": "区人社局", "department": "区人社局", "funds": 560}, "tables": {"indicators": rows}},
        out / "政策.xlsx")
    return open_doc(write("evaluation", book, out / "policy.docx"))


def test_the_department_sample_is_its_generator_s_data_and_its_hand_checked_totals():
    from jixiao.demo.evaluation import DEPT_FILE, data
    want, got = data(DEPT_FILE), jixiao.read(DEPT).data
    assert got["fields"] == want["fields"] and got["tables"] == want["tables"]
    v = jixiao.score(DEPT).values
    hand = {"input": 3.5 + 3 + 3 + 4, "process": 4.73 + 3.66 + 1.44 + 2 + 2 + 1.94 + 2 + 1.8 + 2 + 1.9,
            "output": 8.8 + 6.72 + 7.6 + 8.1, "outcome": 8.4 + 12.22}
    for key, total in hand.items():
        assert v[f"summary.{key}.score"] == pytest.approx(total)
    assert (v["total_score"], v["grade"], v["results_use"]) == (88.81, "良", "保持")
    assert v["output_effect_share"] == 0.6 and v["form_flags"] == "" and v["summary.decision.count"] == 0
    assert [v[f"indicators[{i}].rule"] for i in (4, 5, 9, 13, 19)] == [4.73, 3.66, 1.94, 1.9, 12.22]
    assert jixiao.validate(DEPT).findings == []


def test_department_report_outline_and_wording(dept):
    doc = dept["evaluation"]
    assert doc.paragraphs[0].text == "区民政局部门整体绩效评价报告"
    h = headings(doc)
    assert h[1:3] == ["（一）部门（单位）概况", "（二）部门（单位）整体绩效目标"]
    four = h.index("四、绩效评价指标分析")
    assert h[four + 1:four + 5] == ["（一）投入", "（二）过程", "（三）产出", "（四）效果"]
    assert paragraphs_after(doc, "（一）部门（单位）概况")[0] == "区民政局预算支出8,652.30万元。"
    scope = paragraphs_after(doc, "（一）评价目的、对象和范围")
    assert scope[0].startswith("本次评价为重点评价，评价对象为区民政局，评价范围为2025年度部门（单位）预算收支、资产和业务活动情况。")
    assert scope[1].startswith("部门整体绩效评价涵盖其预算收支") and scope[1].endswith("（宁财绩〔2020〕260号第十四条）。")
    assert "权重分别为投入15分、过程25分、产出35分、效果25分，权重合计100分，产出、效果指标权重合计占60.00%。" in \
        paragraphs_after(doc, "（二）评价原则、评价指标体系、评价方法和评价标准")[0]
    assert paragraphs_after(doc, "三、综合评价情况及评价结论")[0] == "经综合评价，区民政局绩效评价总分88.81分，评价等级为“良”。"
    rows = table(doc.tables[1])
    assert [r[0] for r in rows[1:-1]] == ["投入", "过程", "产出", "效果"]
    assert paragraphs_after(doc, "（四）效果")[0] == "效果类指标共2项，权重25分，得分20.62分，得分率82.48%。"
    got = marks(doc)
    for what in ("部门（单位）职能职责、机构设置和人员编制情况，年度主要任务，预算收支和资产情况",
                 "部门（单位）年度总体绩效目标和主要任务目标",
                 "所属单位评价情况；管理专项资金的，专项资金绩效情况（另撰分报告，参照项目和政策的报告格式）"):
        assert f"【待撰写：{what}】" in got, what
    assert paragraphs_after(doc, "六、有关建议")[0].startswith("1. 细化部门整体绩效目标")
    assert clean(all_text(doc)) == []


def test_department_letters(dept):
    notice, submission = all_text(dept["notice"]), all_text(dept["submission"])
    assert "评价对象为区民政局（评价年度：2025；预算支出：8,652.30万元）。部门整体绩效评价涵盖其预算收支" in notice
    assert "客观、公正地反映区民政局绩效目标实现情况" in notice
    assert "预算支出8,652.30万元" in submission and "各类指标得分率分别为：投入90.00%、过程93.88%、产出89.20%、效果82.48%。" in submission
    assert "【待撰写：部门（单位）履职取得的主要产出和效果】" in submission
    assert clean(notice) == [] and clean(submission) == []


def test_policy_self_evaluation_wording(policy):
    assert policy.paragraphs[0].text == "创业担保贷款贴息政策绩效自评价报告"
    assert headings(policy)[1:3] == ["（一）政策概况", "（二）政策绩效目标"]
    assert paragraphs_after(policy, "（一）政策概况")[0] == "创业担保贷款贴息政策的主管部门为区人社局，政策资金560.00万元。"
    scope = paragraphs_after(policy, "（一）评价目的、对象和范围")
    assert scope[0].startswith("本次评价为自评价，评价对象为创业担保贷款贴息政策，评价范围为2025年度政策资金的安排、使用和政策实施情况。")
    assert scope[1].startswith("财政政策绩效评价重点关注财政政策制定、实施、政策效果等")
    got = marks(policy)
    assert "【待撰写：政策设立背景和依据、主要内容及实施情况，政策资金投入和使用情况】" in got
    assert "【待撰写：政策总体目标和阶段性目标】" in got
    assert clean(all_text(policy)) == []


# ---- the sentences and names, with the data missing ------------------------------------------------------------------

def test_words_default_to_the_project_wording():
    assert ev.words(NONE) is ev.WORDS["项目"] and ev.words({"object_type": "其他"}.get) is ev.WORDS["项目"]
    assert ev.words({"object_type": "部门整体"}.get).funds == "预算支出"


@pytest.mark.parametrize("fields,name", [
    ({}, "绩效评价报告"),
    ({"object_name": "区民政局", "object_type": "部门整体"}, "区民政局部门整体绩效评价报告"),
    ({"object_name": "区民政局部门整体支出", "object_type": "部门整体"}, "区民政局部门整体支出绩效评价报告"),
    ({"object_name": "低保资金", "eval_type": "再评价"}, "低保资金绩效再评价报告"),
    ({"object_name": "低保资金", "eval_type": "财政评价"}, "低保资金绩效评价报告"),
])
def test_report_name(fields, name):
    assert ev.report_name(fields.get) == name


@pytest.mark.parametrize("fields,want", [
    ({}, None),
    ({"object_name": "区民政局", "department": "区民政局", "object_type": "部门整体"}, None),      # no funds: nothing
    ({"object_name": "区民政局", "department": "区民政局", "object_type": "部门整体", "funds": 100},
     "区民政局预算支出100.00万元。"),
    ({"object_name": "低保资金", "funds": 12.5}, "项目资金12.50万元。"),                        # no 主管部门
    ({"object_name": "贴息政策", "department": "区人社局", "object_type": "政策"}, "贴息政策的主管部门为区人社局。"),
])
def test_overview_sentence_keeps_only_what_is_there(fields, want):
    assert ev.overview_sentence(fields.get) == want


def test_blank_department_workbook_asks_for_everything(tmp_path):
    book = fill_template({"form": "evaluation", "fields": {"object_type": "部门整体"}}, tmp_path / "空.xlsx")
    doc = open_doc(write("evaluation", book, tmp_path / "空.docx"))
    assert doc.paragraphs[0].text == "【待撰写：评价对象】部门整体绩效评价报告"
    got = marks(doc)
    for what in ("部门（单位）概况", "评价对象和范围", "评价指标体系", "综合评价结论（指标体系尚未评分完毕）"):
        assert f"【待撰写：{what}】" in got, what
    assert clean(all_text(doc)) == []
