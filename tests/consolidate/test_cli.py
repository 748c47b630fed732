"""`jixiao consolidate`: output, summary and exit codes (0 ok, 1 nodes unbalanced, 2 usage)."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import load_workbook

from consolidate_data import PROJECTS, cli, self_eval, write_roster
from jixiao.cli.consolidate import parse_deadline
from jixiao.cli.common import UserError
from jixiao.template.fill import fill_template


def run(*args):
    return cli("consolidate", *args)


def test_department_then_bureau(clean_inbox, tmp_path):
    roster = clean_inbox.parent / "名册.csv"
    out = tmp_path / "教育局汇总.xlsx"
    r = run(clean_inbox, "--roster", roster, "--department", "区教育局", "-o", out, "-j", "1")
    assert r.exit_code == 0, r.output
    assert "纳入汇总：项目 5 个" in r.output and "未报送：1 项" in r.output and "节点检查通过" in r.output
    assert load_workbook(out, read_only=True).sheetnames[:6] == ["单位汇总", "图表", "项目明细", "指标明细", "异常清单",
                                                                 "来源"]
    r = run(tmp_path / "教育局汇总.xlsx", "--roster", roster, "--level", "bureau", "-o", tmp_path / "全区.xlsx")
    assert r.exit_code == 0, r.output
    assert "输入含部门汇总表 1 个" in r.output


def test_unbalanced_department_workbook_exits_1(clean_inbox, tmp_path):
    roster = clean_inbox.parent / "名册.csv"
    dept = tmp_path / "部门" / "汇总.xlsx"
    assert run(clean_inbox, "--roster", roster, "--all", "-o", dept, "-j", "1").exit_code == 0
    wb = load_workbook(dept)
    wb["单位汇总"]["G3"] = 999                                  # 合计's 项目数 (row 1 is the title)
    wb.save(dept)
    r = run(dept.parent, "--roster", roster, "--level", "bureau", "-o", tmp_path / "全区.xlsx")
    assert r.exit_code == 1, r.output
    assert "节点检查不平衡" in r.output


@pytest.mark.parametrize("extra,message", [
    (["--all", "--unit", "101001"], "--all"),
    (["--deadline", "3月31日"], "--deadline"),
    (["--level", "province"], "department"),
    (["--unit", "999999"], "999999"),
])
def test_usage_errors_exit_2(clean_inbox, tmp_path, extra, message):
    r = run(clean_inbox, "--roster", clean_inbox.parent / "名册.csv", "-o", tmp_path / "x.xlsx", *extra)
    assert r.exit_code == 2 and message in r.output, r.output


def test_bad_roster_exits_2(clean_inbox, tmp_path):
    bad = tmp_path / "名册.csv"
    bad.write_text("甲,乙\n1,2\n", encoding="utf-8")
    r = run(clean_inbox, "--roster", bad, "-o", tmp_path / "x.xlsx")
    assert r.exit_code == 2 and "名册" in r.output


def test_deadline_parsing():
    assert parse_deadline("2026-03-31") == datetime(2026, 3, 31, 23, 59, 59)      # the whole day counts
    assert parse_deadline("2026-03-31T17:30") == datetime(2026, 3, 31, 17, 30)
    assert parse_deadline(None) is None
    with pytest.raises(UserError):
        parse_deadline("明天")


def test_a_unit_placed_by_name_stays_placed_at_the_bureau(tmp_path):
    """A unit file whose 单位编码 has two digits swapped (名称 right) is placed by name in the department workbook;
    the bureau reading that workbook back places it the same way instead of leaving it out as X001."""
    inbox = tmp_path / "收件箱"
    data = self_eval("101002", PROJECTS["101002"][0])
    data["fields"]["unit_code"] = "100102"                                   # 101002 with two digits swapped
    fill_template(data, inbox / "实验小学.xlsx")
    roster = write_roster(tmp_path / "名册.csv")
    dept = tmp_path / "部门" / "教育局汇总.xlsx"
    assert run(inbox, "-r", roster, "--department", "区教育局", "-o", dept, "-j", "1", "--no-history").exit_code == 0
    r = run(dept.parent, "-r", roster, "--level", "bureau", "-o", tmp_path / "全区.xlsx", "--no-history")
    assert r.exit_code == 0, r.output
    assert "纳入汇总：项目 1 个" in r.text and "未纳入汇总" not in r.text
