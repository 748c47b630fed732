"""Every sentence built from data, with the data missing: the clause is left out or the author is asked
(【待撰写：…】); never "None", never an empty 「」, never a number the workbook does not hold."""

from __future__ import annotations

import re

import pytest

from jixiao.documents import KINDS, self_eval, summary, write
from jixiao.documents import evaluation as ev
from jixiao.documents.text import PENDING, blank, clause, date_text, joined, pending, sentence, text
from jixiao.spec.loader import load_profile
from jixiao.template.fill import fill_template
from docs_helpers import all_text, clean, marks, open_doc

NONE = lambda key: None          # noqa: E731  a workbook where nothing is filled
NATIONAL = load_profile("national")


def test_clauses_need_all_their_values():
    assert clause("全年预算数{}万元", None) is None and clause("{}和{}", "a", "") is None
    assert joined(None, "", None) is None and sentence(None) is None
    assert sentence(clause("a{}", 1), None, clause("b{}", None)) == "a1。"
    assert blank(float("nan")) and blank("  ") and not blank(0)
    assert date_text(None) is None and date_text("2026-05-28") == "2026年5月28日" and date_text("五月底") == "五月底"


def test_text_of_nothing_asks_the_author_or_stays_empty():
    assert text(None) == "" and text("   ") == ""
    assert f"【{PENDING}：项目名称】" in text(None, "项目名称")
    assert "highlight" in str(pending("x"))
    assert str(text("a<b&c")) == "a&lt;b&amp;c"               # unit text cannot inject document XML


@pytest.mark.parametrize("build", [
    lambda: self_eval.funds_sentence(NONE), lambda: self_eval.score_sentence(NONE),
    lambda: self_eval.results_text(NONE, NATIONAL), lambda: self_eval.measures_text(NONE),
    lambda: self_eval.target_text({}), lambda: self_eval.target_text({"nature": "≥", "unit": "个"}),
    lambda: ev.conclusion_sentence(NONE), lambda: ev.group_sentence({}), lambda: ev.process_sentence([]),
    lambda: ev.results_text(NONE), lambda: summary.coverage_sentence({}, 0),
    lambda: summary.grade_sentence({}, ("优", "良", "中", "差")),
], ids=["funds", "score", "results", "measures", "target", "target-symbol-only", "conclusion", "group", "process",
        "eval-results", "coverage", "grades"])
def test_sentence_without_data_is_none(build):
    assert build() is None


def test_partial_data_keeps_only_what_is_there():
    got = {"funds.total.budget": 100, "funds.total.rate": 0.5, "total_score": None, "grade": "良"}.get
    assert self_eval.funds_sentence(got) == "全年预算数100.00万元，预算执行率50.00%。"
    assert self_eval.score_sentence(got) == "自评等级为“良”。"
    assert ev.conclusion_sentence({"grade": "良"}.get) == "经综合评价，绩效评价评价等级为“良”。"
    assert ev.group_sentence({"label": "产出", "count": 2}) == "产出类指标共2项。"
    assert ev.process_sentence([{"method": "访谈"}, {"checker": "张三"}]) == \
        "评价工作组共形成分析工作底稿2份，核查方法包括访谈，参与核查1人。"
    assert summary.coverage_sentence({"projects": 3}, 2) == "本次汇总纳入2个单位的3个项目。"
    assert summary.issue_sentence([]) == "汇总时未列出异常事项。"


def test_rows_without_reasons_ask_for_them():
    row = {"name": "培训人次", "weight": 10, "score": 8, "nature": "≥", "target": 50, "unit": "人次", "actual": 40}
    got = str(self_eval.deviation(row))
    assert got.startswith("「培训人次」，年度指标值≥50人次，实际完成值40人次，得分8.00分（分值10分）。")
    assert "【待撰写：偏差原因分析及改进措施】" in got
    assert self_eval.deviation({**row, "score": 10}) is None                     # on target, nothing explained
    assert "「（未填三级指标名称）」" in str(self_eval.deviation({"weight": 10, "score": 5}))
    assert "【待撰写：扣分原因】" in str(ev.deduction({"name": "x", "weight": 5, "score": 4}))
    assert ev.deduction({"name": "x", "weight": 5}) is None                      # not scored is not a deduction


@pytest.fixture(scope="module")
def blank_reports(tmp_path_factory):
    """Every report from the empty templates (nothing filled): what the data cannot say is asked for."""
    d = tmp_path_factory.mktemp("blank")
    self_book = fill_template({"form": "project_self_eval", "fields": {}}, d / "自评表.xlsx")
    eval_book = fill_template({"form": "evaluation", "fields": {}}, d / "评价底稿.xlsx")
    out = {"self_eval": write("self_eval", self_book, d / "self_eval.docx")}
    out.update({k: write(k, eval_book, d / f"{k}.docx") for k in KINDS[2:]})
    return out


# the only numbers an empty workbook's reports may show: static text (附件 1/2, 图1, the 资料清单 items, the citation
# 宁财绩〔2020〕260号) and the profile's 预算执行率 分值 (10), which the template itself shows before anything is filled
ALLOWED = {"self_eval": {"1", "10"}, "evaluation": {"1", "2", "2020", "260"}, "notice": {"1", "2", "3", "4", "5", "6"},
           "comments": {"1", "2"}, "submission": set()}


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "summary"])
def test_blank_workbooks_give_marks_not_numbers(blank_reports, kind):
    doc = open_doc(blank_reports[kind])
    text = all_text(doc)
    assert clean(text) == []
    assert set(re.findall(r"\d+(?:\.\d+)?", text)) <= ALLOWED[kind]
    assert len(marks(doc)) >= 5
    assert len(doc.inline_shapes) == 0                      # no chart of nothing


def test_blank_self_eval_asks_for_each_header_field(blank_reports):
    got = marks(open_doc(blank_reports["self_eval"]))
    for what in ("项目名称", "年度", "主管部门", "实施单位", "项目资金安排和使用情况", "年度总体目标",
                 "自评总分和等级（自评表尚未算出）", "偏离绩效目标的原因（自评表尚未评分）"):
        assert f"【待撰写：{what}】" in got, what
