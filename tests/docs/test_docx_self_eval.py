"""项目支出绩效自评报告 from the sample self-evaluation: sections, the funds and indicator tables and every number equal
the workbook as jixiao.read and jixiao.score give it; the chart is a picture; gaps are marked, never filled."""

from __future__ import annotations

import pytest

import jixiao
from docs_helpers import (ROOT, SELF_EVAL, all_text, clean, headings, highlighted, marks, open_doc, paragraphs_after,
                          table)

SECTIONS = ["一、基本情况", "（一）项目概况", "（二）资金投入和使用情况", "（三）绩效目标", "二、绩效目标及完成情况",
            "三、偏离绩效目标的原因", "四、存在的问题", "五、改进措施", "六、结果应用", "七、其他需要说明的问题"]


@pytest.fixture(scope="module")
def doc(reports):
    return open_doc(reports["self_eval"])


@pytest.fixture(scope="module")
def source():
    fr = jixiao.read(SELF_EVAL)
    return fr.data, jixiao.score(SELF_EVAL)


def test_sections_in_order(doc):
    assert headings(doc) == SECTIONS


def test_title_names_the_project_and_year(doc, source):
    data, _ = source
    f = data["fields"]
    assert doc.paragraphs[0].text == f"{f['project_name']}项目支出绩效自评报告"
    assert doc.paragraphs[1].text == f"（{f['year']}年度）"


def test_overview_table_is_the_header_fields(doc, source):
    f = source[0]["fields"]
    assert table(doc.tables[0]) == [["项目名称", f["project_name"]], ["项目编码", f["project_code"]],
                                    ["主管部门", f["department"]], ["实施单位", f["unit_name"]],
                                    ["项目负责人", f["project_leader"]], ["联系人及电话", f["contact"]]]


def test_funds_table_and_sentence(doc, source):
    data, result = source
    fiscal = data["grids"]["funds"]["fiscal"]
    rate = result.values["funds.total.rate"]
    rows = table(doc.tables[1])
    assert rows[0] == ["资金来源", "年初预算数（万元）", "全年预算数（万元）", "全年执行数（万元）", "执行率"]
    expect = [f"{fiscal['budget_initial']:,.2f}", f"{fiscal['budget']:,.2f}", f"{fiscal['executed']:,.2f}",
              f"{rate * 100:.2f}%"]
    assert rows[1] == ["年度资金总额", *expect]           # only 当年财政拨款 is filled: the total equals it
    assert rows[2] == ["其中：当年财政拨款", *expect]
    assert len(rows) == 3                                # 上年结转资金、其他资金 are blank: no empty rows
    text = paragraphs_after(doc, "（二）资金投入和使用情况")[0]
    assert text == (f"项目年初预算数{fiscal['budget_initial']:.2f}万元，全年预算数{fiscal['budget']:.2f}万元，"
                    f"全年执行数{fiscal['executed']:.2f}万元，预算执行率{rate * 100:.2f}%，"
                    f"执行率得分{result.values['funds.total.score']:.2f}分（分值{result.values['funds.total.weight']}分）。")


def test_indicator_table_equals_the_workbook(doc, source):
    data, result = source
    rows = table(doc.tables[2])
    assert rows[0] == ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分", "偏差原因"]
    indicators = data["tables"]["indicators"]
    body = rows[1:1 + len(indicators)]
    assert len(body) == len(indicators)
    for i, (got, r) in enumerate(zip(body, indicators)):
        assert got[:3] == [r["level1"], r["level2"], r["name"]]
        if r["nature"] == "定性":
            assert got[3:5] == [r["target"], r["actual"]]
        else:
            assert got[3] == f"{r['nature']}{r['target']:g}{r['unit']}"
            assert got[4] == f"{r['actual']:g}{r['unit']}"
        assert got[5] == f"{r['weight']:g}"
        assert got[6] == f"{result.values[f'indicators[{i}].score']:.2f}"
        assert got[7] == (r.get("reason") or "")
    exec_row, total_row = rows[-2], rows[-1]
    assert exec_row[0] == "预算执行率" and exec_row[2] == f"{result.values['funds.total.rate'] * 100:.2f}%"
    assert exec_row[5:7] == [f"{result.values['funds.total.weight']:g}", f"{result.values['funds.total.score']:.2f}"]
    assert total_row[0] == "合计" and total_row[5] == f"{result.values['weight_total']:g}"
    assert total_row[6] == f"{result.values['total_score']:.2f}" == "97.03"
    assert total_row[7] == f"等级：{result.values['grade']}"


def test_score_sentence_and_chart(doc, source):
    _, result = source
    text = paragraphs_after(doc, "二、绩效目标及完成情况")
    assert text[0] == f"项目自评总分{result.values['total_score']:.2f}分，自评等级为“{result.values['grade']}”。"
    assert len(doc.inline_shapes) == 1                   # 各一级指标分值与得分
    assert "图1  各一级指标分值与得分" in text


def test_deviations_are_the_deducted_rows_with_their_reasons(doc, source):
    data, result = source
    rows = data["tables"]["indicators"]
    low = [(i, r) for i, r in enumerate(rows) if result.values[f"indicators[{i}].score"] < r["weight"]]
    assert [r["name"] for _, r in low] == ["培训教师人次", "维修改造校舍面积"]
    got = paragraphs_after(doc, "三、偏离绩效目标的原因")
    assert len(got) == len(low)
    for text, (i, r) in zip(got, low):
        assert text.startswith(f"「{r['name']}」，年度指标值{r['nature']}{r['target']}{r['unit']}")
        assert f"得分{result.values[f'indicators[{i}].score']:.2f}分（分值{r['weight']}分）" in text
        assert text.endswith("原因及改进措施：" + r["reason"])


def test_results_use_is_the_profile_s_for_the_grade(doc, source):
    _, result = source
    assert result.profile["results_use"][result.values["grade"]] == "优先保障"
    assert paragraphs_after(doc, "六、结果应用") == ["根据自评结果，项目等级为“优”，结果应用建议为“优先保障”。"]


def test_what_the_workbook_does_not_say_is_marked_for_the_author(doc):
    got = marks(doc)
    assert "【待撰写：项目立项背景、主要内容及实施情况】" in got
    assert "【待撰写：改进措施】" in got                   # the sample's 结果应用 sheet has no 整改措施 (grade 优)
    assert "【待撰写：其他需要说明的问题（没有的可删除本节）】" in got
    assert set(got) <= set(highlighted(doc))              # every mark is highlighted
    assert paragraphs_after(doc, "五、改进措施") == ["【待撰写：改进措施】"]


def test_no_placeholder_leaks(doc):
    assert clean(all_text(doc)) == []


@pytest.mark.parametrize("name", ["四川式-区第一中学-校舍维修改造-2024.xlsx", "云南式-区教育体育局-学前教育发展专项-2024.xlsx",
                                  "权重式-区商务局-促进消费专项资金-2024.xlsx"])
def test_a_province_s_own_layout_gives_the_same_report(name, tmp_path):
    from jixiao.documents import write
    path = ROOT / "tests" / "corpus" / "real" / name
    fr = jixiao.read(path)
    assert fr.layout                                                 # read by a layout, not a jixiao template
    doc = open_doc(write("self_eval", path, tmp_path / "r.docx"))
    assert headings(doc) == SECTIONS
    rows = [r for r in fr.data["tables"]["indicators"] if r]
    assert [r[2] for r in table(doc.tables[2])[1:1 + len(rows)]] == [r.get("name", "") for r in rows]
    assert doc.tables[0].cell(0, 1).text == fr.data["fields"]["project_name"]
    assert clean(all_text(doc)) == []
