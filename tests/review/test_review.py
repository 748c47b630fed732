"""复核抽样 and 偏差报告 on a planted history (hand-written expected picks, deviations and grades)."""

from __future__ import annotations

import pyarrow as pa
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from jixiao.cli.app import app
from jixiao.consolidate.dataset import INDICATOR_SCHEMA, PROJECT_SCHEMA, Dataset
from jixiao.history import History
from jixiao.review import compare, draw, read_sheet, write_report, write_sheet
from jixiao.review.sample import pick_key
from jixiao.spec.loader import load_profile

SE = "project_self_eval"
# 2025: P01, P02 the largest budgets (the top 10% of 20); P03 优 → 中 (two grades); P04 良 → 中 (one: not picked);
# P05 typed 10 where the rule gives 5 (target 100, actual 50, weight 10): a gap of 5 ≥ 2.
BUDGETS = {1: 1000, 2: 900}
GRADES_2025 = {3: ("中", 68.0), 4: ("中", 65.0)}
GRADES_2024 = {4: ("良", 85.0)}


def project(n, year):
    grade, score = (GRADES_2025 if year == 2025 else GRADES_2024).get(n, ("优", 95.0))
    row = dict.fromkeys(PROJECT_SCHEMA.names)
    row.update(form_id=SE, year=year, dept_code="101", dept_name="区教育局", unit_code=f"1010{n:02d}",
               unit_name=f"单位{n:02d}", project_key=f"{year}P{n:02d}", project_code=f"{year}P{n:02d}",
               project_name=f"项目P{n:02d}", budget_wan=BUDGETS.get(n, 100 + n) if year == 2025 else 100,
               executed_wan=90, total_score=score, grade=grade, secret=False, status="通过", sheet="自评表",
               file=f"{year}/P{n:02d}.xlsx", sha256="ab" * 32)
    return row


def indicator(p, typed):
    row = dict.fromkeys(INDICATOR_SCHEMA.names)
    row.update({k: p[k] for k in ("form_id", "year", "unit_code", "project_key", "unit_name", "project_name", "file",
                                  "sha256")})
    row.update(indicator_no=1, level1="产出指标", level2="数量指标", name="服务人次", nature="≥", target_num=100,
               target="100", actual_num=50, actual="50", measure_unit="人次", weight=10.0, score=typed)
    return row


def year(y) -> Dataset:
    ps = [project(n, y) for n in range(1, 21)]
    inds = [indicator(p, 10.0 if (y == 2025 and i == 4) else 5.0) for i, p in enumerate(ps)]
    return Dataset(pa.Table.from_pylist(ps, PROJECT_SCHEMA), pa.Table.from_pylist(inds, INDICATOR_SCHEMA))


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("review") / "历史.duckdb"
    with History(path) as h:
        h.append(year(2024))
        h.append(year(2025))
    return path


def by_project(picks):
    return {p.project: p.reasons for p in picks}


def test_risk_picks_are_exactly_the_planted_ones(db):
    picks = by_project(draw(db))
    assert picks["项目P01"] == ["大额预算：全年预算数 1,000.00 万元，位于前 10%"]
    assert picks["项目P02"] == ["大额预算：全年预算数 900.00 万元，位于前 10%"]
    assert picks["项目P03"] == ["等级跳变：上年「优」，本年「中」"]
    assert picks["项目P05"] == ["得分差异：表内得分与按规则重算相差 5 分"]
    random = [k for k, v in picks.items() if v[0].startswith("随机抽取")]
    assert len(picks) == 6 and len(random) == 2                    # ceil(10% of the 16 others)
    assert "项目P04" not in picks or "项目P04" in random            # one grade down is no jump


def test_the_sample_is_reproducible_and_follows_the_seed(db):
    assert draw(db, seed=7) == draw(db, seed=7)
    assert draw(db) == draw(db, 2025, 2025)                         # default: the latest year, seeded by it
    randoms = {tuple(sorted(p.project for p in draw(db, seed=s) if p.reasons[0].startswith("随机"))) for s in range(6)}
    assert len(randoms) > 1
    assert draw(db)[0].key == pick_key(2025, draw(db)[0].unit_code, draw(db)[0].project_key)


def test_thresholds_come_from_the_profile(db):
    prof = load_profile("national")
    strict = {**prof, "review": {**prof["review"], "large_top": 0, "random_share": 0, "score_gap": 6}}
    assert sorted(by_project(draw(db, profile=strict))) == ["项目P03"]


def _fill(path, scores: dict[str, object]):
    wb = load_workbook(path)
    ws = wb["复核工作表"]
    heads = [c.value for c in ws[2]]
    col, proj = heads.index("复核得分") + 1, heads.index("项目") + 1
    for r in range(3, ws.max_row + 1):
        v = scores.get(ws.cell(r, proj).value)
        if v is not None:
            ws.cell(r, col).value = v
            ws.cell(r, heads.index("复核意见") + 1).value = "核减超额完成指标得分"
    wb.save(path)


def test_reviewer_workbook_round_trip_and_deviation_report(db, tmp_path):
    sheet = write_sheet(draw(db), tmp_path / "复核工作表.xlsx", 2025, "某某区财政局")
    ws = load_workbook(sheet)["复核工作表"]
    assert ws.page_setup.fitToWidth == 1 and ws.max_row == 2 + 6
    _fill(sheet, {"项目P01": 82, "项目P02": 93, "项目P03": "abc"})
    rep = compare(read_sheet(sheet), load_profile("national"))
    got = {d.row.project: (d.deviation, d.row.grade, d.review_grade, d.verdict) for d in rep.deviations}
    assert got == {"项目P01": (-13.0, "优", "良", "偏差较大、等级变化"), "项目P02": (-2.0, "优", "优", "一致")}
    pending = {r.project: r.problem for r in rep.pending}
    assert pending["项目P03"] == "复核得分「abc」不是 0—100 的数，未计入" and pending["项目P05"] == ""
    assert rep.by_reason() == [("大额预算", 2, 7.5, 1), ("得分差异", 0, None, 0), ("等级跳变", 0, None, 0),
                               ("随机抽取", 0, None, 0), ("合计", 2, 7.5, 1)]
    out = load_workbook(write_report(rep, tmp_path / "偏差.xlsx"))
    rows = {r[2]: r for r in out["偏差明细"].iter_rows(min_row=3, values_only=True)}
    assert rows["项目P01"][4:10] == (95, 82, -13, "优", "良", "偏差较大、等级变化")
    assert rows["项目P05"][9] == "未复核"
    assert [r[0] for r in out["偏差汇总"].iter_rows(min_row=3, values_only=True)][-1] == "合计"


def test_cli_sample_then_report(db, tmp_path):
    run = CliRunner()
    r = run.invoke(app, ["review", "sample", str(db), "-o", str(tmp_path / "rv.xlsx")], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert "2025年度抽取复核项目 6 个（随机种子 2025）" in r.output
    _fill(tmp_path / "rv.xlsx", {"项目P02": 93})
    r = run.invoke(app, ["review", "report", str(tmp_path / "rv.xlsx"), "-o", str(tmp_path / "d.xlsx")])
    assert r.exit_code == 0, r.output                                # 93 vs 95: within 5 points, same grade
    _fill(tmp_path / "rv.xlsx", {"项目P01": 70})
    r = run.invoke(app, ["review", "report", str(tmp_path / "rv.xlsx"), "-o", str(tmp_path / "d.xlsx")],
                   env={"COLUMNS": "200"})
    assert r.exit_code == 1 and "偏差较大、等级变化：单位01「项目P01」自评 95.00（优）→ 复核 70.00（中）" in r.output
