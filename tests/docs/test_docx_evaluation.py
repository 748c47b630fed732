"""绩效评价报告 and the 260号 letters from the sample evaluation workbook: the outline of 附件6 / 财预〔2020〕10号 附3,
the indicator tables and scores equal the workbook (jixiao.read, jixiao.score), the bureau's options appear where
given and are marked for the author where not."""

from __future__ import annotations

import pytest

import jixiao
from jixiao.documents import write
from docs_helpers import EVALUATION, LETTER_OPTIONS, all_text, clean, headings, marks, open_doc, paragraphs_after, table

SECTIONS = ["一、基本情况", "（一）项目概况", "（二）项目绩效目标", "二、绩效评价工作开展情况", "（一）评价目的、对象和范围",
            "（二）评价原则、评价指标体系、评价方法和评价标准", "（三）评价工作过程", "三、综合评价情况及评价结论",
            "四、绩效评价指标分析", "（一）决策", "（二）过程", "（三）产出", "（四）效益",
            "五、主要经验及做法、存在的问题及原因分析", "（一）主要经验及做法", "（二）存在的问题及原因分析", "六、有关建议",
            "七、其他需要说明的问题", "附件1", "附件2"]
LEVELS = {"决策": "decision", "过程": "process", "产出": "output", "效益": "effect"}


@pytest.fixture(scope="module")
def source():
    return jixiao.read(EVALUATION).data, jixiao.score(EVALUATION)


@pytest.fixture(scope="module")
def doc(reports):
    return open_doc(reports["evaluation"])


def test_outline(doc, source):
    assert headings(doc) == SECTIONS
    assert doc.paragraphs[0].text == f"{source[0]['fields']['object_name']}绩效评价报告"


def test_cover_table(doc, source):
    f = source[0]["fields"]
    assert table(doc.tables[0]) == [["评价对象", f["object_name"]], ["主管部门", f["department"]],
                                    ["评价类型", f["eval_type"]], ["评价机构", f["evaluator"]],
                                    ["评价年度", str(f["year"])], ["报告日期", "2026年6月20日"]]


def test_conclusion_and_level_one_table(doc, source):
    data, result = source
    v = result.values
    assert v["total_score"] == 92.2 and v["grade"] == "优"            # hand-checked in jixiao/demo/evaluation.py
    assert paragraphs_after(doc, "三、综合评价情况及评价结论")[0] == (
        f"经综合评价，{data['fields']['object_name']}绩效评价总分{v['total_score']:.2f}分，评价等级为“{v['grade']}”。")
    rows = table(doc.tables[1])
    assert rows[0] == ["一级指标", "权重（分值）", "得分", "得分率", "三级指标数"]
    for row, (label, key) in zip(rows[1:], LEVELS.items()):
        assert row == [label, f"{v[f'summary.{key}.weight']:g}", f"{v[f'summary.{key}.score']:.2f}",
                       f"{v[f'summary.{key}.rate'] * 100:.2f}%", f"{v[f'summary.{key}.count']:g}"]
    assert rows[-1] == ["合计", f"{v['weight_total']:g}", f"{v['total_score']:.2f}", "", f"等级：{v['grade']}"]
    assert "结果应用建议为“优先保障”" in all_text(doc)
    assert len(doc.inline_shapes) == 1


def test_each_level_one_section_lists_its_indicators_and_deductions(doc, source):
    data, result = source
    rows = data["tables"]["indicators"]
    tables = doc.tables[2:6]
    for (label, key), t in zip(LEVELS.items(), tables):
        mine = [(i, r) for i, r in enumerate(rows) if r["level1"] == label]
        got = table(t)[1:]
        assert [g[1] for g in got] == [r["name"] for _, r in mine]
        assert [g[2] for g in got] == [f"{r['weight']:g}" for _, r in mine]
        assert [g[5] for g in got] == [f"{r['score']:.2f}" for _, r in mine]
        text = paragraphs_after(doc, f"（{'一二三四'[list(LEVELS).index(label)]}）{label}")
        v = result.values
        assert text[0] == (f"{label}类指标共{len(mine)}项，权重{v[f'summary.{key}.weight']:g}分，"
                           f"得分{v[f'summary.{key}.score']:.2f}分，得分率{v[f'summary.{key}.rate'] * 100:.2f}%。")
        deducted = [r for _, r in mine if r["score"] < r["weight"]]
        assert text[1:] == [f"「{r['name']}」（权重{r['weight']:g}分）扣{r['weight'] - r['score']:.2f}分：{r['reason']}"
                            for r in deducted]


def test_attachments_hold_the_whole_system_and_the_papers(doc, source):
    data, result = source
    system, papers = table(doc.tables[6]), table(doc.tables[7])
    assert [r[2] for r in system[1:-1]] == [r["name"] for r in data["tables"]["indicators"]]
    assert [r[3] for r in system[1:-1]] == [r["explain"] for r in data["tables"]["indicators"]]
    assert system[-1][10] == f"{result.values['total_score']:.2f}"
    assert [r[9] for r in system[1:-1]] == [r.get("tier", "") for r in data["tables"]["indicators"]]
    assert [r[0] for r in papers[1:]] == [p["code"] for p in data["tables"]["papers"]]
    assert [r[1] for r in papers[1:]] == [p["name"] for p in data["tables"]["papers"]]
    assert papers[1][6] == "2026年5月11日"


def test_process_sentence_from_the_papers(doc, source):
    papers = source[0]["tables"]["papers"]
    text = paragraphs_after(doc, "（三）评价工作过程")[0]
    assert text.startswith(f"评价工作组共形成分析工作底稿{len(papers)}份，核查方法包括资料核查、数据分析、现场勘查、问卷调查、访谈，"
                           "核查时间为2026年5月11日至2026年5月21日，参与核查3人。")


def test_what_the_workbook_cannot_say_is_marked(doc):
    got = marks(doc)
    for what in ("项目总体目标和阶段性目标", "评价目的", "主要经验及做法", "有关建议"):
        assert f"【待撰写：{what}】" in got, what
    assert clean(all_text(doc)) == []


@pytest.mark.parametrize("kind,expect", [
    ("notice", ["区民政局：", "某某区财政局决定对2025年度城乡低保资金开展财政重点绩效评价",
                "计划于2026年4月1日至2026年6月30日", "联系人及电话：李娜 025-12345678", "某某区财政局", "2026年6月20日"]),
    ("comments", ["区民政局：", "已形成绩效评价报告初稿（评价得分92.20分，评价等级为“优”）",
                  "于2026年7月10日前以书面形式正式回复", "绩效评价报告意见反馈表"]),
    ("submission", ["某某区财政局关于呈报绩效评价情况的报告", "区委、区政府：",
                    "经综合评价，2025年度城乡低保资金绩效评价总分92.20分，评价等级为“优”。",
                    "各类指标得分率分别为：决策90.00%、过程91.00%、产出95.71%、效益90.00%。", "特此报告。"]),
])
def test_letters_carry_the_workbook_and_the_options(reports, kind, expect):
    text = all_text(open_doc(reports[kind]))
    for e in expect:
        assert e in text, e
    assert clean(text) == []


@pytest.mark.parametrize("kind,what", [("notice", ["财政部门名称", "开始日期", "结束日期", "联系人及电话", "日期"]),
                                       ("comments", ["财政部门名称", "回复期限", "日期"]),
                                       ("submission", ["财政部门名称", "呈报机关（如 市委、市政府）", "日期"])])
def test_letters_without_options_mark_them(tmp_path, kind, what):
    doc = open_doc(write(kind, EVALUATION, tmp_path / f"{kind}.docx"))
    got = marks(doc)
    for w in what:
        assert f"【待撰写：{w}】" in got, w
    assert LETTER_OPTIONS["bureau"] not in all_text(doc)
    assert clean(all_text(doc)) == []


def test_the_sample_is_its_generator_s_data_and_its_hand_checked_totals():
    from jixiao.demo.evaluation import data
    want, got = data(), jixiao.read(EVALUATION).data
    assert got["fields"] == want["fields"]
    assert got["tables"] == want["tables"]
    result = jixiao.score(EVALUATION)
    hand = {"decision": 5 + 5 + 4 + 4, "process": 5 + 4.62 + 4 + 4.58, "output": 10 + 9.5 + 10 + 4, "effect": 9 + 3.5 + 10}
    for key, total in hand.items():
        assert result.values[f"summary.{key}.score"] == pytest.approx(total)
    assert result.values["output_effect_share"] == 0.6 and result.values["form_flags"] == ""
    assert jixiao.validate(EVALUATION).findings == []
