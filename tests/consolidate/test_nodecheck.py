"""节点检查 and the bureau round trip: department workbooks we wrote are read back and merged."""

from __future__ import annotations

import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from consolidate_data import NOW
from jixiao.consolidate import check_tree, consolidate, is_consolidation, write_workbook
from jixiao.consolidate.records import ProjectRecord, Source
from jixiao.consolidate.summary import Metrics, Node, build_tree
from jixiao.rules.registry import RULES

D = Decimal
M = Metrics(("budget",), False, False, ())
HEADERS = {"projects": "项目数", "budget": "全年预算数（万元）"}


def _node(kind, budget, children=(), code="", row_id="", row_no=0, projects=None):
    n = Node(kind, code, code, children=list(children), row_id=row_id, row_no=row_no)
    n.shown = {"budget": D(budget), "projects": projects if projects is not None else
               (1 if kind == "project" else sum(c.shown["projects"] for c in children))}
    return n


def test_rule_c001_is_registered():
    r = RULES["C001"]
    assert (r.severity, r.title, r.basis) == ("强制", "节点不平衡", "久其报表节点检查：上级数等于下级数之和")


def test_a_balanced_tree_passes_and_an_edited_parent_fails():
    def tree(unit_budget):
        u1 = _node("unit", unit_budget, [_node("project", "1.10", row_id="P1"), _node("project", "2.20", row_id="P2")],
                   "U001", "U1", 3)
        u2 = _node("unit", "4.00", [_node("project", "4.00", row_id="P3")], "U002", "U2", 4)
        dept = _node("department", "7.30", [u1, u2], "101", "D1", 2)
        return _node("total", "7.30", [dept], row_id="T1", row_no=1)

    cols = ["row_id", "projects", "budget"]
    assert check_tree(tree("3.30"), M, HEADERS, columns=cols) == []
    found = check_tree(tree("3.40"), M, HEADERS, file="部门汇总.xlsx", sheet="单位汇总", columns=cols)
    assert len(found) == 2                                   # the unit (≠ its projects) and the department (≠ units)
    unit = next(f for f in found if f.cell == "C3")
    assert (unit.value, unit.expected, unit.difference) == (3.4, 3.3, pytest.approx(0.1))
    assert unit.label == "U001/全年预算数（万元）" and "P1、P2" in unit.message and unit.severity == "强制"
    dept = next(f for f in found if f.cell == "C2")
    assert (dept.value, dept.expected) == (7.3, 7.4)


def test_our_tree_balances_messy_amounts():
    src = Source("x.xlsx", "0" * 64)
    amounts = ["0.3333", "0.3333", "0.3334", "10.005", "20.005", "0.125", "0.125"]
    records = []
    for i, a in enumerate(amounts):
        r = ProjectRecord("project_self_eval", {"unit_code": f"U{i // 3}", "project_code": f"P{i}", "budget": D(a)},
                          {}, src, dept_code=f"D{i // 5}", dept_name=f"部门{i // 5}")
        records.append(r)
    root = build_tree(records, M)
    assert root.shown["budget"] == D("31.26")                      # exact 31.2600
    assert check_tree(root, M, HEADERS) == []
    naive = sum(D(a).quantize(D("0.01"), ROUND_HALF_UP) for a in amounts)
    assert naive == D("31.27")                                        # rounding each project alone would not add up
    shown = [leaf.shown["budget"] for leaf in root.leaves()]
    assert sum(shown) == D("31.26") and all(abs(x - D(a)) < D("0.01") for x, a in zip(shown, amounts))


@pytest.fixture(scope="module")
def departments(clean_inbox, roster, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("depts")
    for code in ("101", "102"):
        c = consolidate([clean_inbox], roster, departments=[code], now=NOW, workers=1)
        assert not c.unbalanced
        write_workbook(c, out / f"部门{code}.xlsx")
    return out


def _summary(path) -> list[dict]:
    with CalamineWorkbook.from_path(str(path)) as book:
        rows = book.get_sheet_by_name("单位汇总").to_python()[1:]          # under the title row
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_department_workbooks_fed_back_give_the_same_totals(departments, clean_inbox, roster):
    assert all(is_consolidation(p) for p in departments.iterdir())
    bureau = consolidate([departments], roster, level="bureau", now=NOW, workers=1)
    assert not bureau.unbalanced and bureau.stats["consolidation_inputs"] == 2
    assert not [i for i in bureau.issues if i.finding.code not in ("C005",)]
    heads = [h for h in _summary(departments / "部门101.xlsx")[0] if h.endswith("（万元）")] + ["项目数"]
    keys = {"项目数": "projects", "执行率": "exec_rate", "年初预算数（万元）": "budget_initial",
            "全年预算数（万元）": "budget", "全年执行数（万元）": "executed"}
    by_dept = {n.dept_code: n for n in bureau.rows if n.kind == "department"}
    by_unit = {n.code: n for n in bureau.rows if n.kind == "unit"}
    for code in ("101", "102"):
        rows = _summary(departments / f"部门{code}.xlsx")
        total = next(r for r in rows if r["层级"] == "合计")
        for h in heads:
            assert float(by_dept[code].shown[keys[h]]) == pytest.approx(total[h], abs=1e-9), (code, h)
            for r in (r for r in rows if r["层级"] == "单位"):
                assert float(by_unit[r["单位编码"]].shown[keys[h]]) == pytest.approx(r[h], abs=1e-9)
    direct = consolidate([clean_inbox], roster, level="bureau", now=NOW, workers=1)
    assert direct.tree.shown["projects"] == bureau.tree.shown["projects"]
    assert abs(direct.tree.shown["budget"] - bureau.tree.shown["budget"]) <= D("0.01")  # each 合计 rounds once
    # provenance of bureau rows points into the department workbooks, and keeps the unit's own file
    r = bureau.projects[0]
    assert r.source.kind == "consolidation" and r.source.origin.endswith("部门101.xlsx")
    assert r.refs["budget"].sheet == "项目明细" and r.origin.endswith("101001-P01.xlsx") and len(r.origin_sha256) == 64
    assert len(r.indicators) == 4 and r.indicators[0].refs["name"].sheet == "指标明细"


def test_edited_department_totals_fail_the_node_check(departments, roster, tmp_path):
    box = tmp_path / "部门"
    shutil.copytree(departments, box)
    wb = load_workbook(box / "部门101.xlsx")
    ws = wb["单位汇总"]
    heads = [c.value for c in ws[2]]                                    # row 1 is the title
    col = heads.index("全年预算数（万元）") + 1
    ws.cell(row=4, column=col).value = ws.cell(row=4, column=col).value + 100          # U1's 全年预算数
    wb.save(box / "部门101.xlsx")
    bureau = consolidate([box], roster, level="bureau", now=NOW, workers=1)
    found = bureau.unbalanced
    assert {f.cell for f in found} == {"I3", "I4"}                      # 合计 ≠ Σ units, U1 ≠ Σ its projects
    assert all(f.file.endswith("部门101.xlsx") and "未纳入汇总" in f.message for f in found)
    assert {r.dept_code for r in bureau.projects} == {"102"}             # the unbalanced workbook is left out
    assert {i.unit_code for i in bureau.issues if i.finding.code == "C005"} >= {"101001", "101002", "101003"}
    kept = consolidate([box], roster, level="bureau", only_valid=False, now=NOW, workers=1)
    assert {r.dept_code for r in kept.projects} == {"101", "102"} and kept.unbalanced


def test_edited_details_and_broken_headers(departments, roster, tmp_path):
    box = tmp_path / "部门"
    shutil.copytree(departments, box)
    wb = load_workbook(box / "部门102.xlsx")
    wb["项目明细"]["H3"].value = "改过的项目名称"                          # the first project (title, header above)
    wb.save(box / "部门102.xlsx")
    wb = load_workbook(box / "部门101.xlsx")
    wb["项目明细"]["H2"].value = "项目"
    wb.save(box / "部门101.xlsx")
    bureau = consolidate([box], roster, level="bureau", now=NOW, workers=1)
    codes = {(i.finding.code, Path(i.finding.file).name) for i in bureau.issues}
    assert ("C003", "部门102.xlsx") in codes and ("C002", "部门101.xlsx") in codes
    assert {r.dept_code for r in bureau.projects} == {"102"}             # C003 is a 提示: still merged
    assert "项目名称" in next(i.finding.message for i in bureau.issues if i.finding.code == "C002")
