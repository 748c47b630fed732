"""Every family C rule that `consolidate()` raises is planted here, and raised at the file (and cell) it was planted in.

tests/test_samples.py leaves family C out of its "every rule is triggered by a sample" check: C rules are raised by a
consolidation, not by `jixiao check`. Two consolidations over planted workbooks cover them all:

* units — unit workbooks checked first, then consolidated by department from the check's BatchReport:
  C004 逾期报送, C005 未报送, C006 已被替代, C011 重复报送, C007 多个年度, C008 非本次表单, C009 审核后被改动, C010 结构被改动;
* bureau — department workbooks written by write_workbook, tampered with, then consolidated by the bureau:
  C001 节点不平衡, C002 汇总表无法使用, C003 明细被改动.

The final test computes the C codes from the rule registry, so a new C rule fails it until a scenario plants it.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from consolidate_data import NOW, PROJECTS, fill_all, self_eval
from jixiao.consolidate import consolidate, write_workbook
from jixiao.consolidate.model import EXCLUDED, Consolidation
from jixiao.consolidate.sheets import summary_columns
from jixiao.demo.defects import insert_rows
from jixiao.batch import check_paths
from jixiao.rules.registry import RULES
from jixiao.spec.layout import load_form
from tests.support.synth import random_data
from jixiao.template.fill import fill_template

SE = "project_self_eval"
DEADLINE = datetime(2026, 3, 31, 23, 59, 59)
ON_TIME, LATE = datetime(2026, 3, 30, 12), datetime(2026, 4, 2, 8)
# C1xx (历史比对: C101–C103) are raised by jixiao.history against the history database, not by consolidate();
# they are planted in tests/consolidate/test_history*.py.
HISTORY_SERIES = "C1"


def consolidation_codes() -> set[str]:
    """The registered C rules that consolidate() raises (the C1xx history series excluded, see above)."""
    return {c for c in RULES if c.startswith("C") and not c.startswith(HISTORY_SERIES)}


def _stamp(path: Path, when: datetime) -> Path:
    os.utime(path, (when.timestamp(),) * 2)
    return path


def _units_scenario(root: Path, roster) -> Consolidation:
    """The inbox (folder 收件箱, origins "收件箱/…"):

    1-初报/101001-P01  a first version, resent corrected in 2-更正/101001-P01          → C006 on the first version
    3-再次发送/101001-P01  the corrected version sent again, byte for byte               → C011 (counted once)
    1-初报/101001-P02  received after the deadline                                   → C004
    1-初报/101001-目标表 a 项目支出绩效目标申报表, while 自评表 is consolidated         → C008
    1-初报/101002-P01  the sheet renamed (its unit cannot even be read)               → C010; 101002 → C005
    1-初报/101003-P01  two rows inserted in the indicator table                       → C010 (101003 P02 is merged)
    1-初报/102001-P01  a 2024 self-evaluation among 2025 ones                         → C007
    1-初报/102002-P01  replaced after the check                                       → C009; 102002 → C005
    (roster unit 101009 sends nothing)                                                → C005
    """
    box = root / "收件箱"
    first, fixed = box / "1-初报", box / "2-更正"
    fill_all(first, codes={"101001", "101002", "101003", "102002"})
    old = list(PROJECTS["101001"][0])
    old[2] = 111.11                                                     # the first version's budget, later corrected
    fill_template(self_eval("101001", tuple(old)), first / "101001-P01.xlsx")
    fill_template(self_eval("101001", PROJECTS["101001"][0]), fixed / "101001-P01.xlsx")
    goal = random_data(load_form("project_goal"), random.Random(1))
    goal["fields"].update(unit_code="101001", unit_name="区第一中学")
    fill_template(goal, first / "101001-目标表.xlsx")
    wb = load_workbook(first / "101002-P01.xlsx")
    wb.worksheets[0].title = "自评表 (2)"                                # as jixiao.demo.defects 'sheet_renamed'
    wb.save(first / "101002-P01.xlsx")
    wb = load_workbook(first / "101003-P01.xlsx")
    insert_rows(wb, load_form(SE), None).save(first / "101003-P01.xlsx")  # jixiao.demo.defects 'rows_inserted'
    fill_template(self_eval("102001", PROJECTS["102001"][0], year=2024), first / "102001-P01.xlsx")
    (box / "3-再次发送").mkdir()
    shutil.copy(fixed / "101001-P01.xlsx", box / "3-再次发送" / "101001-P01.xlsx")
    for p in box.rglob("*.xlsx"):
        _stamp(p, ON_TIME)
    _stamp(first / "101001-P02.xlsx", LATE)
    with tempfile.TemporaryDirectory() as work:
        batch = check_paths([box], Path(work), roster=roster, workers=1)
    fill_template(self_eval("102002", PROJECTS["101001"][1]), first / "102002-P01.xlsx")  # changed after the check
    return consolidate(batch, roster, form=SE, deadline=DEADLINE, now=NOW)


def _bureau_scenario(root: Path, clean_inbox: Path, roster) -> Consolidation:
    """Department workbooks of the clean inbox, then (folder 部门, origins "部门/…"):

    部门101.xlsx       单位汇总: the first unit's 全年预算数 raised by 100       → C001 at its row and at 合计's
    部门102.xlsx       项目明细: a project name edited after it was written     → C003 (still merged: a 提示)
    部门101-副本.xlsx   a copy of the clean 部门101 with 指标明细 deleted        → C002
    """
    box = root / "部门"
    box.mkdir()
    for code in ("101", "102"):
        c = consolidate([clean_inbox], roster, departments=[code], now=NOW, workers=1)
        write_workbook(c, box / f"部门{code}.xlsx")
    shutil.copy(box / "部门101.xlsx", box / "部门101-副本.xlsx")
    wb = load_workbook(box / "部门101.xlsx")
    ws = wb["单位汇总"]
    col = [cell.value for cell in ws[2]].index("全年预算数（万元）") + 1       # row 1 is the title
    ws.cell(row=4, column=col).value += 100
    wb.save(box / "部门101.xlsx")
    wb = load_workbook(box / "部门102.xlsx")
    wb["项目明细"]["H3"].value = "改过的项目名称"
    wb.save(box / "部门102.xlsx")
    wb = load_workbook(box / "部门101-副本.xlsx")
    del wb["指标明细"]
    wb.save(box / "部门101-副本.xlsx")
    return consolidate([box], roster, level="bureau", now=NOW, workers=1)


@pytest.fixture(scope="module")
def runs(clean_inbox, roster, tmp_path_factory) -> dict[str, Consolidation]:
    root = tmp_path_factory.mktemp("coverage")
    (root / "units").mkdir()
    (root / "bureau").mkdir()
    return {"units": _units_scenario(root / "units", roster),
            "bureau": _bureau_scenario(root / "bureau", clean_inbox, roster)}


def where(c: Consolidation, code: str) -> list[tuple[str, str, str, str]]:
    """(file, unit code, sheet, cell) of every issue with this code, sorted."""
    return sorted((i.finding.file, i.unit_code, i.finding.sheet, i.finding.cell) for i in c.issues
                  if i.finding.code == code)


def test_unit_workbooks(runs):
    c = runs["units"]
    assert where(c, "C006") == [("收件箱/1-初报/101001-P01.xlsx", "101001", "", "")]
    assert "2-更正/101001-P01.xlsx" in next(i.finding.message for i in c.issues if i.finding.code == "C006")
    assert where(c, "C011") == [("收件箱/3-再次发送/101001-P01.xlsx", "101001", "", "")]
    assert "2-更正/101001-P01.xlsx" in next(i.finding.message for i in c.issues if i.finding.code == "C011")
    assert where(c, "C004") == [("收件箱/1-初报/101001-P02.xlsx", "101001", "", "")]
    assert where(c, "C008") == [("收件箱/1-初报/101001-目标表.xlsx", "101001", "", "")]
    assert where(c, "C010") == [("收件箱/1-初报/101002-P01.xlsx", "", "", ""),      # renamed sheet: no unit read
                                ("收件箱/1-初报/101003-P01.xlsx", "101003", "", "")]
    assert where(c, "C009") == [("收件箱/1-初报/102002-P01.xlsx", "102002", "", "")]
    assert {i.category for i in c.issues if i.finding.code in ("C008", "C009", "C010")} == {EXCLUDED}
    years = [i.finding for i in c.issues if i.finding.code == "C007"]
    assert len(years) == 1 and "2024、2025" in years[0].message
    missing = {i.unit_code: i.finding.message for i in c.issues if i.finding.code == "C005"}
    assert set(missing) == {"101002", "101009", "102002"}
    assert "有 1 项报送问题" in missing["102002"]
    # what was merged: the corrected version, the late file, 101003's intact project and the 2024 file
    got = {(r.unit_code, r.get("project_code"), r.get("year"), r.source.origin) for r in c.projects}
    assert got == {("101001", "2025101001P01", 2025, "收件箱/2-更正/101001-P01.xlsx"),
                   ("101001", "2025101001P02", 2025, "收件箱/1-初报/101001-P02.xlsx"),
                   ("101003", "2025101003P02", 2025, "收件箱/1-初报/101003-P02.xlsx"),
                   ("102001", "2025102001P01", 2024, "收件箱/1-初报/102001-P01.xlsx")}


def test_department_workbooks(runs):
    c = runs["bureau"]
    budget = get_column_letter([h for _, h, *_ in summary_columns(c.form_id, c.metrics)].index("全年预算数（万元）") + 1)
    # the unit row (≠ Σ its projects) and 合计 (≠ Σ units), in the sheet the rule names
    assert where(c, "C001") == [("部门/部门101.xlsx", "", "单位汇总", f"{budget}3"),
                                ("部门/部门101.xlsx", "", "单位汇总", f"{budget}4")]
    assert where(c, "C003") == [("部门/部门102.xlsx", "", "", "")]
    assert where(c, "C002") == [("部门/部门101-副本.xlsx", "", "", "")]
    assert "指标明细" in next(i.finding.message for i in c.issues if i.finding.code == "C002")
    assert all("未纳入汇总" in f.message for f in c.unbalanced)
    assert {r.dept_code for r in c.projects} == {"102"}                # C003 is a 提示: 部门102 is still merged


def test_every_consolidation_rule_is_planted(runs):
    raised = {i.finding.code for c in runs.values() for i in c.issues}
    unplanted = sorted(consolidation_codes() - raised)
    assert not unplanted, f"没有任何汇总场景触发这些 C 规则，请在本文件中补充：{unplanted}"
    assert consolidation_codes() >= {f"C{n:03d}" for n in range(1, 12)}
