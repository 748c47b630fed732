"""自评情况汇总报告 from consolidations of the sample inbox: coverage, grades, low performers, execution rates and the
异常清单 equal the consolidation workbook (read here with openpyxl, not with jixiao's reader)."""

from __future__ import annotations

from collections import Counter

import pytest
from openpyxl import load_workbook

from jixiao.documents import write
from docs_helpers import all_text, clean, headings, marks, open_doc, paragraphs_after, table

SECTIONS = ["一、自评覆盖情况", "二、自评结果及等级分布", "三、低绩效项目", "四、预算执行情况", "五、审核发现的问题",
            "六、存在的主要问题及原因分析", "七、结果应用及下一步工作"]


def sheet(path, name) -> list[dict]:
    ws = load_workbook(path, data_only=True)[name]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if any(v is not None for v in r)]


@pytest.fixture(scope="module")
def dept(consolidations):
    p = consolidations["dept"]
    return {"summary": sheet(p, "单位汇总"), "projects": sheet(p, "项目明细"), "issues": sheet(p, "异常清单")}


@pytest.fixture(scope="module")
def doc(reports):
    return open_doc(reports["summary"])


def test_sections_and_title(doc):
    assert headings(doc) == SECTIONS
    assert doc.paragraphs[0].text == "区民政局2025年度项目支出绩效自评情况汇总报告"   # the one department, the one year


def test_coverage_equals_the_total_row(doc, dept):
    total = next(r for r in dept["summary"] if r["层级"] == "合计")
    units = [r for r in dept["summary"] if r["层级"] == "单位"]
    first = paragraphs_after(doc, "一、自评覆盖情况")[0]
    assert first.startswith(f"本次汇总纳入{len(units)}个单位的{total['项目数']}个项目，"
                            f"年初预算数合计{total['年初预算数（万元）']:,.2f}万元，全年预算数合计{total['全年预算数（万元）']:,.2f}万元，"
                            f"全年执行数合计{total['全年执行数（万元）']:,.2f}万元，预算执行率{total['执行率'] * 100:.2f}%。")
    missing = {r["单位名称"] for r in dept["issues"] if r["类别"] == "未报送"}
    assert (f"另有{len(missing)}个单位应报未报" in first) == bool(missing)
    rows = table(doc.tables[0])
    assert rows[0] == ["单位", "项目数", "全年预算数（万元）", "全年执行数（万元）", "执行率", "平均分"]
    assert rows[1:-1] == [[u["单位名称"], str(u["项目数"]), f"{u['全年预算数（万元）']:,.2f}",
                           f"{u['全年执行数（万元）']:,.2f}", f"{u['执行率'] * 100:.2f}%", f"{u['平均分']:.2f}"]
                          for u in units]
    assert rows[-1] == ["合计", str(total["项目数"]), f"{total['全年预算数（万元）']:,.2f}",
                        f"{total['全年执行数（万元）']:,.2f}", f"{total['执行率'] * 100:.2f}%", f"{total['平均分']:.2f}"]


def test_grade_distribution_table_and_chart(doc, dept):
    projects = dept["projects"]
    counts = Counter(p["等级"] for p in projects)
    rows = table(doc.tables[1])
    assert rows[0] == ["等级", "项目数", "占比", "全年预算数（万元）"]
    for row, grade in zip(rows[1:], "优良中差"):
        budget = sum(p["全年预算数（万元）"] for p in projects if p["等级"] == grade)
        assert row == [grade, str(counts[grade]), f"{counts[grade] / len(projects) * 100:.2f}%", f"{budget:,.2f}"]
    assert counts["中"] == 1
    assert len(doc.inline_shapes) == 2                      # 等级分布, 执行率


def test_low_performers_are_the_middle_and_poor_projects(doc, dept):
    low = [p for p in dept["projects"] if p["等级"] in ("中", "差")]
    assert paragraphs_after(doc, "三、低绩效项目")[0] == (
        f"自评等级为中、差的项目共{len(low)}个：" + "、".join(f"{p['单位名称']}“{p['项目名称']}”" for p in low) + "。")
    rows = table(doc.tables[2])
    assert rows[1:] == [[p["主管部门"], p["单位名称"], p["项目名称"], f"{p['总分']:.2f}", p["等级"],
                         f"{p['执行率'] * 100:.2f}%"] for p in low]


def test_execution_rates(doc, dept):
    units = [r for r in dept["summary"] if r["层级"] == "单位"]
    slow = sorted((p for p in dept["projects"] if p["执行率"] < 0.9), key=lambda p: p["执行率"])
    text = paragraphs_after(doc, "四、预算执行情况")[0]
    total = next(r for r in dept["summary"] if r["层级"] == "合计")
    assert text == (f"汇总预算执行率为{total['执行率'] * 100:.2f}%，各单位执行率在{min(u['执行率'] for u in units) * 100:.2f}%"
                    f"至{max(u['执行率'] for u in units) * 100:.2f}%之间，执行率低于90%的项目{len(slow)}个。")
    rows = table(doc.tables[3])
    assert [r[2] for r in rows[1:]] == [p["项目名称"] for p in slow]
    assert [r[4] for r in rows[1:]] == [f"{p['执行率'] * 100:.2f}%" for p in slow]


def test_issues_by_category(doc, dept):
    by = Counter(r["类别"] for r in dept["issues"])
    assert paragraphs_after(doc, "五、审核发现的问题")[0] == (
        f"汇总时列入“异常清单”的事项共{len(dept['issues'])}项：" + "、".join(f"{c}{n}项" for c, n in by.items()) + "。")
    rows = table(doc.tables[4])
    for row in rows[1:]:
        mine = [r for r in dept["issues"] if r["类别"] == row[0]]
        assert row[1:] == [str(sum(r["严重程度"] == s for r in mine)) for s in ("强制", "提示", "建议")] + [str(len(mine))]
    assert len(rows) - 1 == len(by)


def test_marks_and_no_leaks(doc):
    assert "【待撰写：下一步工作安排】" in marks(doc)
    assert "【待撰写：日期】" not in marks(doc)              # --date was given
    assert clean(all_text(doc)) == []


def test_several_departments_are_listed_by_department(consolidations, tmp_path):
    doc = open_doc(write("summary", consolidations["all"], tmp_path / "全部.docx"))
    assert doc.paragraphs[0].text == "【待撰写：汇总单位名称】2025年度项目支出绩效自评情况汇总报告"
    rows = table(doc.tables[0])
    assert rows[0][0] == "主管部门" and len(rows) == 2 + 8          # eight departments and the total
    assert "自评等级为中、差的项目共2个" in all_text(doc)
    named = open_doc(write("summary", consolidations["all"], tmp_path / "named.docx", org="某某区财政局"))
    assert named.paragraphs[0].text == "某某区财政局2025年度项目支出绩效自评情况汇总报告"
