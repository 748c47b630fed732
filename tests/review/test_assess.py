"""部门预算绩效管理工作考核 on samples/跨表核对 (one file per unit, planted 强制 problems and a 中 grade; tests/ledger):
received times set by hand, a ledger updated by the corrected re-submission, a hand-made 公开比例 sheet, bonus points."""

from __future__ import annotations

import os
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from jixiao import api
from jixiao.cli.app import app
from jixiao.consolidate.public_workbook import COVERAGE, coverage_columns
from jixiao.intake.roster import load_roster
from jixiao.ledger import update, write_ledger
from jixiao.review.assess import assess

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CASES = SAMPLES / "跨表核对"
ROSTER_FILE = SAMPLES / "名册.xlsx"
ON_TIME, LATE = datetime(2026, 3, 20, 12).timestamp(), datetime(2026, 4, 5, 12).timestamp()
DEADLINE = datetime(2026, 3, 31, 23, 59, 59)


def _check(src: Path, out: Path) -> Path:
    api.check([src], out, goals=[CASES / "目标表"], goal_changes=CASES / "绩效目标调整.csv", formats=["json"], workers=2)
    return out


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("assess")
    inbox = tmp / "报送"
    shutil.copytree(CASES / "报送", inbox)
    for f in inbox.iterdir():                                  # 区第一中学 late, everybody else on time
        t = LATE if f.name.startswith("区第一中学") else ON_TIME
        os.utime(f, (t, t))
    first, fixed = _check(inbox, tmp / "审核结果"), _check(CASES / "更正", tmp / "更正审核结果")
    roster = load_roster(ROSTER_FILE)
    items = update([first], roster=roster, notice=date(2026, 3, 10), today=date(2026, 3, 20)).items
    items = update([fixed], items, roster=roster, today=date(2026, 4, 20)).items
    ledger = write_ledger(items, tmp / "整改台账.xlsx")
    wb = Workbook()
    ws = wb.active
    ws.title = COVERAGE
    heads = [h for _, h, *_ in coverage_columns()]
    ws.append(["公开比例"])
    ws.append(heads)
    for dept, ratio in (("区教育局", 0.4), ("区民政局", 0.6)):
        ws.append([{"主管部门": dept, "公开比例": ratio, "要求不低于": 0.5}.get(h) for h in heads])
    wb.save(tmp / "公开版内部清单.xlsx")
    (tmp / "附加分.csv").write_text("主管部门,附加分,事项\n区民政局,3,参与绩效试点\n区民政局,4,主动申报特色工作\n",
                                    encoding="utf-8")
    return tmp, first, ledger


def _run(inputs):
    tmp, first, ledger = inputs
    from jixiao.review.assess import load_bonus
    depts, when = assess([first], load_roster(ROSTER_FILE), ledger=ledger, publish=tmp / "公开版内部清单.xlsx",
                         bonus=load_bonus(tmp / "附加分.csv"), deadline=DEADLINE)
    return {d.name: d for d in depts}, when


def scores(d):
    return {k: p.score for k, p in d.parts.items()}


def test_each_item_as_computed_by_hand(inputs):
    depts, when = _run(inputs)
    edu, civil, health = depts["区教育局"], depts["区民政局"], depts["区卫生健康委"]
    # 教育: 一中 late, 二中 on time, 4 forms not sent (20×1/6); both files without 强制; the 中 grade still open;
    # 公开比例 40% of 50% (20×0.8)
    assert scores(edu) == {"timeliness": 3.33, "quality": 30.0, "rectification": 0.0, "disclosure": 16.0}
    assert (edu.total, edu.grade, edu.bonus) == (49.33, "差", 0)
    assert edu.parts["timeliness"].basis == "按期报送 1 / 应报 6（截止 2026-03-31，未报送计为未按期）"
    # 民政: 社会福利院 on time of 6 due; its file has L101 (强制), still open; 60% ≥ 50%; bonus 3 + 4 capped at 5
    assert scores(civil) == {"timeliness": 3.33, "quality": 0.0, "rectification": 0.0, "disclosure": 20.0}
    assert (civil.bonus, civil.total) == (5.0, 28.33) and civil.bonus_basis == "参与绩效试点 3；主动申报特色工作 4"
    # 卫生健康: 1 of 8 due (20×1/8); L103 (强制) resolved by the corrected re-submission; no 公开比例 row: 80 points
    # scaled to 100 (32.5 / 80)
    assert scores(health) == {"timeliness": 2.5, "quality": 0.0, "rectification": 30.0}
    assert health.total == 40.63 and health.parts["rectification"].basis == "已整改 1 / 整改事项 1，逾期 0 项"
    assert depts["区农业农村局"].parts["rectification"].basis == "无整改事项"
    assert sorted(d.rank for d in depts.values()) == list(range(1, len(depts) + 1))
    assert when == DEADLINE


def test_without_ledger_and_publish_those_items_are_left_out(inputs):
    _, first, _ = inputs
    depts, _ = assess([first], load_roster(ROSTER_FILE), deadline=DEADLINE)
    edu = {d.name: d for d in depts}["区教育局"]
    assert set(edu.parts) == {"timeliness", "quality"} and edu.total == 66.66      # (3.33 + 30) / 50 × 100


def test_cli_writes_the_assessment_workbook(inputs):
    tmp, first, ledger = inputs
    out = tmp / "部门考核.xlsx"
    r = CliRunner().invoke(app, ["assess", str(first), "-r", str(ROSTER_FILE), "--ledger", str(ledger),
                                 "--publish", str(tmp / "公开版内部清单.xlsx"), "--bonus", str(tmp / "附加分.csv"),
                                 "--deadline", "2026-03-31", "--bureau", "某某区财政局", "-o", str(out)],
                           env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["考核结果", "考核依据", "说明"]
    rows = {r[1]: r for r in wb["考核结果"].iter_rows(min_row=3, values_only=True)}
    assert rows["区教育局"][2:] == (3.33, 30, 0, 16, None, 49.33, "差")
    assert wb["考核结果"]["A1"].value.startswith("某某区财政局2025年度部门预算绩效管理工作考核结果")
