"""整改台账: built from the check of samples/跨表核对/, edited by a clerk, updated by a later check (a corrected
re-submission resolves its item, deadlines pass), written print-ready and read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from jixiao import api
from jixiao.cli.app import app
from jixiao.intake.roster import load_roster
from jixiao.ledger import read_ledger, update, write_ledger
from jixiao.ledger.items import DOING, DONE, OPEN, OVERDUE

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CASES = SAMPLES / "跨表核对"
ROSTER = load_roster(SAMPLES / "名册.xlsx")
NOTICE = date(2026, 3, 10)
# Written by hand: the 强制 findings of the planted cases (tests/crossform) and the self-evaluation graded 中.
PLANTED = {("区民政局", "区社会福利院", "审核问题", "L101", date(2026, 4, 9), "蔡明"),
           ("区文化和旅游局", "区文化馆", "审核问题", "L102", date(2026, 4, 9), "冯刚"),
           ("区卫生健康委", "区疾病预防控制中心", "审核问题", "L103", date(2026, 4, 9), "许琴"),
           ("区教育局", "区第二中学", "自评等级", "", date(2026, 6, 30), "张伟")}


def _check(paths, out):
    api.check(paths, out, goals=[CASES / "目标表"], goal_changes=CASES / "绩效目标调整.csv", formats=["json"], workers=2)
    return out


@pytest.fixture(scope="module")
def checks(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("checks")
    return _check([CASES / "报送"], tmp / "第一次"), _check([CASES / "更正"], tmp / "更正")


def by_code(items):
    return {(i.code or i.source): i for i in items}


def test_first_ledger_lists_exactly_the_planted_items(checks):
    items = update([checks[0]], roster=ROSTER, notice=NOTICE, today=date(2026, 3, 20)).items
    assert {(i.dept, i.unit_name, i.source, i.code, i.deadline, i.person) for i in items} == PLANTED
    assert all(i.status == OPEN and i.found == NOTICE for i in items)
    grade = by_code(items)["自评等级"]
    assert grade.problem.startswith("自评等级为“中”（总分 ") and "整改措施：对未达标指标逐项制定整改措施" in grade.problem
    assert "「自评表」E14" in by_code(items)["L103"].problem


def test_keys_are_stable_across_runs(checks):
    a = update([checks[0]], notice=NOTICE).items
    b = update([checks[0]], roster=ROSTER, notice=date(2026, 3, 12)).items
    assert sorted(i.key for i in a) == sorted(i.key for i in b)


def _edit(path: Path, changes: dict[str, dict[str, str]]) -> None:
    """What a clerk does in Excel: type into the 状态 and 整改说明及佐证 cells of some rows."""
    wb = load_workbook(path)
    ws = wb["整改台账"]
    head = {c.value: c.column for c in ws[2]}
    for row in ws.iter_rows(min_row=3):
        code = row[head["规则"] - 1].value or row[head["问题来源"] - 1].value
        for header, value in changes.get(code, {}).items():
            ws.cell(row=row[0].row, column=head[header], value=value)
    wb.save(path)


def test_update_resolves_a_corrected_resubmission_and_flags_overdue(checks, tmp_path):
    path = tmp_path / "整改台账.xlsx"
    first = update([checks[0]], roster=ROSTER, notice=NOTICE, today=date(2026, 3, 20))
    write_ledger(first.items, path, "某某区财政局", date(2026, 3, 20))
    _edit(path, {"L101": {"状态": DOING, "整改说明及佐证": "已补列该指标，见3月25日报送"},
                 "L102": {"状态": DONE, "整改说明及佐证": "经核实为录入错误，已删除"}})
    later = update([checks[1]], read_ledger(path), roster=ROSTER, today=date(2026, 4, 20))
    items = by_code(later.items)
    assert items["L103"].status == DONE and "2026-04-20 复核：重新报送的文件已无此问题" in items["L103"].evidence
    assert items["L101"].status == OVERDUE and items["L101"].evidence == "已补列该指标，见3月25日报送"
    assert items["L102"].status == DONE                       # the clerk's word: that file was not checked again
    assert items["自评等级"].status == OPEN                    # its own deadline, 2026-06-30, has not passed
    assert (later.added, later.resolved, later.overdue) == (0, 1, 1)


def test_an_item_marked_done_but_still_found_is_reopened(checks, tmp_path):
    first = update([checks[0]], notice=NOTICE).items
    by_code(first)["L102"].status = DONE
    again = by_code(update([checks[0]], first, today=date(2026, 3, 25)).items)
    assert again["L102"].status == DOING and "复核：重新报送的文件仍有此问题" in again["L102"].evidence


def test_workbook_round_trip_print_setup_and_text_safety(checks, tmp_path):
    items = update([checks[0]], roster=ROSTER, notice=NOTICE, today=date(2026, 5, 1)).items
    by_code(items)["L101"].evidence = "=HYPERLINK(\"http://x\")"      # text a clerk pasted stays text
    path = write_ledger(items, tmp_path / "台账.xlsx", "某某区财政局", date(2026, 5, 1))
    back = read_ledger(path)
    assert [(i.key, i.status, i.deadline, i.evidence, i.subject) for i in back] == \
        [(i.key, i.status, i.deadline, i.evidence, i.subject) for i in items]
    wb = load_workbook(path)
    ws = wb["整改台账"]
    assert ws.page_setup.fitToWidth == 1 and ws.print_title_rows == "$2:$2" and ws.print_area
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert [dv.formula1 for dv in ws.data_validations.dataValidation] == ['"未整改,整改中,已整改,逾期"']
    assert wb.sheetnames == ["整改台账", "按单位统计", "说明"]


def test_cli_build_and_update(checks, tmp_path):
    out = tmp_path / "台账.xlsx"
    run = CliRunner().invoke
    r = run(app, ["ledger", "build", str(checks[0]), "-r", str(SAMPLES / "名册.xlsx"), "--date", "2026-03-10",
                  "--today", "2026-03-20", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "整改事项 4 项：未整改 4" in r.output
    r = run(app, ["ledger", "update", str(out), str(checks[1]), "--today", "2026-04-20"])
    assert r.exit_code == 0, r.output
    assert "复核已整改 1 项" in r.output and "逾期未整改 2 项" in r.output
    r = run(app, ["ledger", "build", str(tmp_path), "-o", str(out)])
    assert r.exit_code == 2 and "的输出目录（须含 审核结果.json" in r.output.replace("\n", "")
    r = run(app, ["ledger", "build", str(checks[0]), "--date", "3月10日"])
    assert r.exit_code == 2 and "年-月-日" in r.output
