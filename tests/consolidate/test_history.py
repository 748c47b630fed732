"""The history database (idempotent appends, unique keys) and the checks C101–C103 on hand-made datasets."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from jixiao.consolidate.dataset import INDICATOR_SCHEMA, PROJECT_SCHEMA, Dataset
from jixiao.history import History, HistoryError, check_history
from jixiao.spec.loader import load_profile

SE, GOAL = "project_self_eval", "project_goal"


def project(unit, name, year=2025, *, code=None, executed=100, budget=110, grade="优", score=95.0, form=SE):
    row = dict.fromkeys(PROJECT_SCHEMA.names)
    row.update(form_id=form, year=year, dept_code="101", dept_name="区教育局", unit_code=unit, unit_name=f"单位{unit}",
               project_key=code or f"{year}{unit}{name}", project_code=code, project_name=name, budget_wan=budget,
               executed_wan=executed, total_score=score, grade=grade, secret=False, status="通过", sheet="自评表",
               budget_cell="F6", executed_cell="H6", grade_cell="F45", total_score_cell="C45",
               file=f"{year}/{unit}-{name}.xlsx", sha256="ab" * 32)
    return row


def indicator(p, name, target=None, actual=None, *, no=1, level2="数量指标", nature="≥", measure="人次"):
    row = dict.fromkeys(INDICATOR_SCHEMA.names)
    row.update({k: p[k] for k in ("form_id", "year", "unit_code", "project_key", "unit_name", "project_name", "file",
                                  "sha256")})
    row.update(indicator_no=no, level1="产出指标", level2=level2, name=name, nature=nature, target_num=target,
               target=None if target is None else str(target), actual_num=actual,
               actual=None if actual is None else str(actual), measure_unit=measure, sheet="自评表",
               target_cell=f"E{13 + no}", actual_cell=f"G{13 + no}")
    return row


def dataset(projects, indicators) -> Dataset:
    import pyarrow as pa
    return Dataset(pa.Table.from_pylist(projects, PROJECT_SCHEMA), pa.Table.from_pylist(indicators, INDICATOR_SCHEMA))


def run(prior: Dataset, current: Dataset, profile=None):
    with History() as h:
        h.append(prior)
        h.append(current)
        return check_history(current, h, profile)


def codes(issues, code):
    return sorted((i.unit_code, i.finding.label.rsplit("/", 1)[-1], i.finding.value, i.finding.expected)
                  for i in issues if i.finding.code == code)


# ---- the database ---------------------------------------------------------------------------------------------------

def two_projects(year=2025, n_indicators=3):
    ps = [project("101001", "学生资助补助资金", year), project("101002", "教师培训专项经费", year)]
    return dataset(ps, [indicator(p, f"指标{k}", 10, 12, no=k) for p in ps for k in range(1, n_indicators + 1)])


def test_append_twice_replaces_instead_of_doubling():
    with History() as h:
        first = h.append(two_projects())
        again = h.append(two_projects())
        assert (first.projects, first.indicators, first.replaced) == (2, 6, 0)
        assert (again.projects, again.indicators, again.replaced) == (2, 6, 2)
        assert len(h.projects()) == 2 and len(h.indicators()) == 6


def test_a_replaced_project_keeps_none_of_its_old_indicators():
    with History() as h:
        h.append(two_projects(n_indicators=3))
        h.append(two_projects(n_indicators=1))
        assert [r["indicator_no"] for r in h.indicators()] == [1, 1]


def test_other_years_and_projects_are_kept():
    with History() as h:
        h.append(two_projects(2024))
        h.append(dataset([project("101001", "学生资助补助资金")], []))
        assert h.years() == [2024, 2025] and len(h.projects(year=2024)) == 2 and len(h.projects(year=2025)) == 1


def test_keys_are_unique():
    with History() as h:
        h.append(two_projects())
        with pytest.raises(duckdb.ConstraintException):
            h.con.execute("INSERT INTO projects BY NAME SELECT * FROM projects LIMIT 1")
        p = project("101003", "校园安全", 2025)
        with pytest.raises(HistoryError):
            h.append(dataset([p, dict(p)], []))                   # one key twice in the same dataset
        assert len(h.projects()) == 2                              # rolled back


def test_rows_without_a_year_are_not_stored():
    p = project("101001", "学生资助补助资金", None)
    with History() as h:
        done = h.append(dataset([p], [indicator(p, "服务人次", 10, 12)]))
        assert (done.projects, done.indicators, done.skipped) == (0, 0, 1)


def test_a_database_file_is_reopened_and_fed_from_a_dataset_folder(tmp_path):
    two_projects(2024).write(tmp_path / "2024_数据")
    with History(tmp_path / "历史.duckdb") as h:
        h.append(tmp_path / "2024_数据")
    with History(tmp_path / "历史.duckdb") as h:
        assert h.years(SE) == [2024] and len(h.indicators(2024, SE)) == 6
        assert h.projects()[0]["budget_wan"] == two_projects(2024).projects.to_pylist()[0]["budget_wan"]


def test_an_older_database_gains_new_columns(tmp_path):
    with History(tmp_path / "h.duckdb") as h:
        h.con.execute("ALTER TABLE projects DROP COLUMN forecast_wan")
    with History(tmp_path / "h.duckdb") as h:
        h.append(two_projects())
        assert "forecast_wan" in h.projects()[0]


def test_a_file_that_is_not_a_database_is_a_chinese_error(tmp_path):
    (tmp_path / "x.duckdb").write_text("not a database")
    with pytest.raises(HistoryError, match="无法打开历史库"):
        History(tmp_path / "x.duckdb")


# ---- C101 历史标准 ----------------------------------------------------------------------------------------------------

def test_target_under_last_years_actual_of_the_same_project():
    old = project("101001", "2024年学生资助补助资金", 2024, code="2024101001P01")
    new = project("101001", "学生资助补助资金", 2025, code="2025101001P01")
    prior = dataset([old], [indicator(old, "受助人数", 900, 1300, no=1), indicator(old, "受助人次", 900, 1300, no=2),
                            indicator(old, "满意度", 90, 98, no=3, measure="%"),
                            indicator(old, "总成本", 100, 95, no=4, nature="≤", measure="万元"),
                            indicator(old, "培训人次", 100, 300, no=5, measure="人")])
    current = dataset([new], [indicator(new, "受助人数", 1000, no=1), indicator(new, "受助人次", 1300, no=2),
                              indicator(new, "满意度", 95, no=3, measure="%"),
                              indicator(new, "总成本", 90, no=4, nature="≤", measure="万元"),
                              indicator(new, "培训人次", 100, no=5, measure="人次")])
    issues = run(prior, current)
    # 受助人次 equals last year (not below); 满意度 98 is within 5% of 95; ≤ is not compared; 人 ≠ 人次
    assert codes(issues, "C101") == [("101001", "受助人数", 1000.0, 1300.0)]
    f = issues[0].finding
    assert (f.file, f.sheet, f.cell, f.difference) == ("2025/101001-学生资助补助资金.xlsx", "自评表", "E14", -300.0)
    assert "2024/101001-2024年学生资助补助资金.xlsx「自评表」G14" in f.message and "2024年" in f.message
    assert issues[0].category == "历史比对" and issues[0].unit_name == "单位101001"


def test_goal_targets_are_compared_with_last_years_self_evaluation():
    old, new = project("101001", "学生资助补助资金", 2025), project("101001", "学生资助补助资金", 2026, form=GOAL)
    issues = run(dataset([old], [indicator(old, "受助人数", 900, 1300)]),
                 dataset([new], [indicator(new, "受助人数", 1000)]))
    assert codes(issues, "C101") == [("101001", "受助人数", 1000.0, 1300.0)]


def test_other_units_and_other_projects_are_not_compared_by_default():
    old = [project("101002", "学生资助补助资金", 2024), project("101001", "校园安全防范", 2024)]
    new = project("101001", "学生资助补助资金", 2025)
    prior = dataset(old, [indicator(p, "受助人数", 900, 1300) for p in old])
    current = dataset([new], [indicator(new, "受助人数", 1000)])
    assert run(prior, current) == []
    by_unit = load_profile("national")
    by_unit["history"]["low_target_by_unit"] = True            # the unit's only 受助人数 last year, in another project
    assert codes(run(prior, current, by_unit), "C101") == [("101001", "受助人数", 1000.0, 1300.0)]
    twice = dataset(old + [project("101001", "学生餐补助", 2024)],
                    [indicator(p, "受助人数", 900, 1300) for p in old + [project("101001", "学生餐补助", 2024)]])
    assert run(twice, current, by_unit) == []                  # two candidates last year: ambiguous, not compared


# ---- C102 单位成本 ----------------------------------------------------------------------------------------------------

def kind(costs, name="学生资助补助资金", indicator_name="受助人数", year=2025, form=SE):
    """One project per unit; executed 万元 so that each unit's cost per 人 is the given 元."""
    ps = [project(f"10100{i}", name, year, executed=Decimal(c) / 100, form=form, budget=Decimal(c) / 100)
          for i, c in enumerate(costs, 1)]
    return ps, [indicator(p, indicator_name, 100, 100) for p in ps]


def test_unit_cost_far_from_the_median_of_its_kind():
    ps, inds = kind([100, 105, 95, 110, 300])
    issues = run(dataset([], []), dataset(ps, inds))
    assert codes(issues, "C102") == [("101005", "受助人数", 300.0, 105.0)]
    f = issues[0].finding
    assert (f.cell, f.sheet) == ("G14", "自评表") and "为中位数的 2.86 倍" in f.message and "「自评表」H6" in f.message
    assert "同类 5 个单位" in f.message and "单位101001 100.00" in f.message
    ps, inds = kind([100, 105, 95, 110, 30])
    assert codes(run(dataset([], []), dataset(ps, inds)), "C102") == [("101005", "受助人数", 30.0, 100.0)]


def test_a_large_kind_lists_its_cheapest_and_dearest_few():
    ps, inds = kind([100 + i for i in range(9)] + [400])
    (issue,) = run(dataset([], []), dataset(ps, inds))
    assert "同类 10 个单位" in issue.finding.message
    assert "单位101003 102.00、……（另 4 个）、单位101008 107.00" in issue.finding.message


def test_too_few_units_are_not_compared():
    ps, inds = kind([100, 105, 300])                            # two other units: fewer than cost_min_peers
    assert run(dataset([], []), dataset(ps, inds)) == []


def test_peers_are_the_same_project_unless_the_profile_says_indicator():
    a, ai = kind([100, 105], name="学生资助补助资金")
    b, bi = kind([95, 300], name="学生餐补助")
    for p, i in zip(b, bi):
        p["unit_code"] = i["unit_code"] = p["unit_code"].replace("10100", "10200")
    current = dataset(a + b, ai + bi)
    assert run(dataset([], []), current) == []
    wide = load_profile("national")
    wide["history"]["cost_peers"] = "indicator"
    assert codes(run(dataset([], []), current, wide), "C102") == [("102002", "受助人数", 300.0, 102.5)]


def test_goal_forms_use_budget_over_target_and_empty_quantities_are_skipped():
    ps, inds = kind([100, 105, 95, 110, 300], form=GOAL)
    for i in inds:
        i["actual_num"] = None
    inds[0]["target_num"] = 0                                   # no cost per output without a quantity
    assert codes(run(dataset([], []), dataset(ps, inds)), "C102") == [("101005", "受助人数", 300.0, 107.5)]


def test_only_this_consolidations_projects_are_reported():
    ps, inds = kind([100, 105, 95, 110, 300])
    with History() as h:
        h.append(dataset(ps, inds))
        mine = dataset(ps[:2], inds[:2])
        assert check_history(mine, h) == []                    # the outlier is another consolidation's


# ---- C103 等级 -------------------------------------------------------------------------------------------------------

def test_grade_drops_of_two_grades_or_more():
    pairs = {"101001": ("优", "中"), "101002": ("优", "良"), "101003": ("良", "差"), "101004": ("差", "优"),
             "101005": ("优", None)}
    old = [project(u, "学生资助补助资金", 2024, grade=a) for u, (a, _) in pairs.items()]
    new = [project(u, "学生资助补助资金", 2025, grade=b, score=70.0) for u, (_, b) in pairs.items()]
    issues = run(dataset(old, []), dataset(new, []))
    assert codes(issues, "C103") == [("101001", "等级", "中", "优"), ("101003", "等级", "差", "良")]
    f = issues[0].finding
    assert f.cell == "F45" and "总分由 95 降为 70" in f.message and "2024/101001-学生资助补助资金.xlsx「自评表」F45" in f.message


# ---- `jixiao consolidate` --------------------------------------------------------------------------------------------

def _cli(*args):
    import typer
    from typer.testing import CliRunner

    from jixiao.cli.consolidate import consolidate_cmd
    app = typer.Typer()
    app.command("consolidate")(consolidate_cmd)
    app.command("noop")(lambda: None)                 # two commands keep typer from collapsing the app
    return CliRunner().invoke(app, ["consolidate", *map(str, args)])


def test_cli_writes_the_dataset_and_history_beside_the_output(clean_inbox, tmp_path):
    from openpyxl import load_workbook
    roster, out = clean_inbox.parent / "名册.csv", tmp_path / "汇总.xlsx"
    r = _cli(clean_inbox, "--roster", roster, "-o", out, "-j", "1")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "汇总_数据" / "projects.parquet").is_file() and (tmp_path / "jixiao历史.duckdb").is_file()
    assert "数据集" in r.output and "写入项目 7 个" in r.output and "历史比对：未发现" in r.output
    with History(tmp_path / "jixiao历史.duckdb") as h:          # last year: one unit served 5000 people
        last = Dataset.read(tmp_path / "汇总_数据")
        first = {**last.projects.to_pylist()[0], "year": 2024}
        rows = [{**x, "year": 2024, "actual_num": x["target_num"]} for x in last.indicators.to_pylist()
                if x["project_key"] == first["project_key"]]
        rows[0]["actual_num"] = 5000.0
        h.append(dataset([first], rows))
    r = _cli(clean_inbox, "--roster", roster, "-o", out, "-j", "1")
    assert r.exit_code == 0, r.output
    assert "替换已有项目 7 个" in r.output and "C101" in r.output and "指标值低于上年实际完成值 1 项" in r.output
    wb = load_workbook(out, read_only=True)
    issues = [row for row in wb["异常清单"].iter_rows(values_only=True) if row[1] == "历史比对"]
    wb.close()
    assert len(issues) == 1 and issues[0][3] == "C101" and issues[0][10] == "E14" and "5000" in issues[0][11]


def test_cli_options_move_or_switch_off_the_dataset_and_history(clean_inbox, tmp_path):
    roster = clean_inbox.parent / "名册.csv"
    r = _cli(clean_inbox, "--roster", roster, "-o", tmp_path / "a.xlsx", "-j", "1", "--no-data", "--no-history")
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx"]
    r = _cli(clean_inbox, "--roster", roster, "-o", tmp_path / "b.xlsx", "-j", "1", "--data-dir", tmp_path / "数据",
             "--history", tmp_path / "库" / "h.duckdb")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "数据" / "indicators.csv").is_file() and (tmp_path / "库" / "h.duckdb").is_file()
    (tmp_path / "坏.duckdb").write_text("x")
    r = _cli(clean_inbox, "--roster", roster, "-o", tmp_path / "c.xlsx", "-j", "1", "--history", tmp_path / "坏.duckdb")
    assert r.exit_code == 2 and "无法打开历史库" in r.output
