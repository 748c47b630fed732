"""绩效指标库: the common indicators, the distributions of a planted history, search, the xlsx export, the CLI, and
C101 against the library for a rate without last year's project (hand-written expected values)."""

from __future__ import annotations

import pyarrow as pa
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from jixiao.cli.app import app
from jixiao.consolidate.dataset import INDICATOR_SCHEMA, PROJECT_SCHEMA, Dataset
from jixiao.history import History, check_history
from jixiao.library import COMMON, HISTORY, build, search, write_library
from jixiao.library.notes import scoring_note
from jixiao.spec.loader import load_profile

SE = "project_self_eval"


def project(unit, name, year, dept="区教育局"):
    row = dict.fromkeys(PROJECT_SCHEMA.names)
    row.update(form_id=SE, year=year, dept_code="101", dept_name=dept, unit_code=unit, unit_name=f"单位{unit}",
               project_key=f"{year}{unit}", project_code=f"{year}{unit}", project_name=name, budget_wan=100,
               executed_wan=90, total_score=95.0, grade="优", secret=False, status="通过", sheet="自评表",
               file=f"{year}/{unit}.xlsx", sha256="ab" * 32)
    return row


def indicator(p, name, target, actual, *, no=1, level2="质量指标", measure="%"):
    row = dict.fromkeys(INDICATOR_SCHEMA.names)
    row.update({k: p[k] for k in ("form_id", "year", "unit_code", "project_key", "unit_name", "project_name", "file",
                                  "sha256")})
    row.update(indicator_no=no, level1="产出指标", level2=level2, name=name, nature="≥", target_num=target,
               target=str(target), actual_num=actual, actual=None if actual is None else str(actual),
               measure_unit=measure, weight=10.0, score=10.0, sheet="自评表", target_cell=f"E{13 + no}",
               actual_cell=f"G{13 + no}")
    return row


def dataset(pairs) -> Dataset:
    ps = list({id(p): p for p, _ in pairs}.values())
    return Dataset(pa.Table.from_pylist(ps, PROJECT_SCHEMA), pa.Table.from_pylist([i for _, i in pairs], INDICATOR_SCHEMA))


def prior() -> Dataset:
    """2024: three 教育 units; 项目验收合格率 actual 98, 99, 100 (targets 95, 95, 96); 培训人次 100, 500, 900."""
    out = []
    for unit, (t, a, people) in {"101001": (95, 98, 100), "101002": (95, 99, 500), "101003": (96, 100, 900)}.items():
        p = project(unit, f"项目{unit}", 2024)
        out += [(p, indicator(p, "项目验收合格率", t, a)),
                (p, indicator(p, "培训教师人次", people // 2, people, no=2, level2="数量指标", measure="人次"))]
    return dataset(out)


def current() -> Dataset:
    """2025: 101001 again (target 93 < its own 98: last year), 101004 new (90 < the library's lowest 98), 101005 new
    (96: not 5% under 98), 101006 new with a quantity (50 人次: quantities are not compared), 102001 new in 卫生健康
    (no library of its own)."""
    rows = []
    for unit, name, target, level2, measure, dept in [
            ("101001", "项目验收合格率", 93, "质量指标", "%", "区教育局"),
            ("101004", "项目验收合格率", 90, "质量指标", "%", "区教育局"),
            ("101005", "项目验收合格率", 96, "质量指标", "%", "区教育局"),
            ("101006", "培训教师人次", 50, "数量指标", "人次", "区教育局"),
            ("102001", "项目验收合格率", 80, "质量指标", "%", "区卫生健康委")]:
        p = project(unit, f"项目{unit}" if unit != "101001" else "项目101001", 2025, dept)
        if unit == "101001":
            p["project_key"] = p["project_code"] = "2025101001"
        rows.append((p, indicator(p, name, target, None, level2=level2, measure=measure)))
    return dataset(rows)


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "历史.duckdb"
    with History(path) as h:
        h.append(prior())
    return path


def c101(profile=None):
    with History() as h:
        h.append(prior())
        cur = current()
        h.append(cur)
        return sorted((i.unit_code, i.finding.value, i.finding.expected, "指标库" in i.finding.detail)
                      for i in check_history(cur, h, profile or load_profile("national")) if i.finding.code == "C101")


def test_common_indicators_come_from_the_rules_and_the_form():
    lib = {(e.scope, e.name): e for e in build() if e.source == COMMON}
    assert len([k for k in lib if k[0] == "部门整体"]) == 11 and len([k for k in lib if k[0] == "项目"]) == 5
    staff = lib[("部门整体", "在职人员控制率")]
    assert (staff.level1, staff.level2, staff.nature, staff.unit) == ("投入", "预算配置", "≤", "%")
    assert staff.scoring.startswith("以100%为标准，≤100%得满分；每超1个百分点扣0.1分")
    sat = lib[("项目", "服务对象满意度")]
    assert (sat.level1, sat.level2, sat.standard) == ("满意度指标", "服务对象满意度指标", "行业标准")
    assert sat.scoring.startswith("完成值达到指标值得满分") and "120%" in sat.scoring
    assert "超出时按 指标值÷完成值×分值 计分" in scoring_note("≤", load_profile("beijing"))
    assert "达到指标值 2 倍为 0 分" in scoring_note("≤", load_profile("national"))


def test_history_gives_each_kind_its_distribution(db):
    past = {(e.industry, e.name): e for e in build(db) if e.source != COMMON}
    rate = past[("教育", "项目验收合格率")]
    assert (rate.targets.n, rate.targets.min, rate.targets.median, rate.targets.max) == (3, 95, 95, 96)
    assert (rate.actuals.n, rate.actuals.min, rate.actuals.median, rate.actuals.max) == (3, 98, 99, 100)
    assert (rate.standard, rate.level2, rate.unit, rate.units, rate.years) == (HISTORY, "质量指标", "%", 3, "2024")
    assert rate.reference == 99                                      # a rate: the median past actual
    people = past[("教育", "培训教师人次")]
    assert (people.actuals.min, people.actuals.median, people.actuals.max) == (100, 500, 900)
    assert people.reference is None                                  # a quantity follows the project's size


def test_search_by_keyword_category_industry_and_scope(db):
    lib = build(db)
    assert [e.name for e in search(lib, ["合格率"], industry="教育")] == ["项目验收合格率"]
    assert {e.name for e in search(lib, category="数量指标")} == {"实际完成率", "培训教师人次"}
    assert {e.name for e in search(lib, ["项目101002"])} == {"项目验收合格率", "培训教师人次"}   # by project name
    assert len(search(lib, scope="部门整体")) == 11 and search(lib, ["不存在的指标"]) == []


def test_export_is_print_ready_and_pastes_into_the_goal_table(db, tmp_path):
    path = write_library(build(db), tmp_path / "指标库.xlsx")
    wb = load_workbook(path)
    ws = wb["指标库"]
    assert [c.value for c in ws[2]][:8] == ["一级指标", "二级指标", "三级指标", "指标性质", "参考指标值", "度量单位",
                                          "指标值说明", "指标值设定依据及数据来源"]
    rows = {r[2]: r for r in ws.iter_rows(min_row=3, values_only=True)}
    assert rows["项目验收合格率"][:6] == ("产出指标", "质量指标", "项目验收合格率", "≥", 99, "%")
    assert rows["项目验收合格率"][7].startswith("历史标准：2024年 3 个单位同名指标实际完成值 3 个，最低 98、中位数 99、最高 100%")
    assert ws.page_setup.fitToWidth == 1 and ws.print_title_rows == "$2:$2" and "说明" in wb.sheetnames


def test_cli_searches_and_exports(db, tmp_path):
    r = CliRunner().invoke(app, ["indicators", "合格率", "--history", str(db), "-o", str(tmp_path / "x.xlsx")],
                           env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert "项目验收合格率" in r.output and "3 个：98—99—100" in r.output and (tmp_path / "x.xlsx").is_file()
    bad = CliRunner().invoke(app, ["indicators", "--scope", "单位"])
    assert bad.exit_code == 2 and "--scope 只能是" in bad.output


def test_c101_uses_last_year_of_the_project_else_the_library_for_rates():
    assert c101() == [("101001", 93.0, 98.0, False), ("101004", 90.0, 98.0, True)]


def test_c101_library_comparison_can_be_switched_off():
    prof = load_profile("national")
    off = {**prof, "history": {**prof["history"], "low_target_library": 0}}
    assert c101(off) == [("101001", 93.0, 98.0, False)]
    few = {**prof, "history": {**prof["history"], "low_target_library": 4}}   # only 3 past values
    assert c101(few) == [("101001", 93.0, 98.0, False)]
