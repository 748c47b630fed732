"""`jixiao publish`: 涉密 excluded and never named, goals of projects ≥ threshold published, 公开比例 checked."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from consolidate_data import cli, NOW
from jixiao.consolidate import consolidate, write_workbook
from jixiao.consolidate.public import (DRAFT, MARKED, THRESHOLD, VOLUNTARY, CoverageError, PublishError,
                                       load_secret_list, plan_publication)
from jixiao.consolidate.public_workbook import (COVERAGE, GOALS, INFO, INTERNAL, PROJECTS, SECRET, SUGGEST,
                                                public_indicator_columns, write_internal, write_public)
from jixiao.spec.layout import load_form
from jixiao.spec.loader import load_profile
from tests.support.synth import random_data
from jixiao.template.fill import fill_template


def run(*args):
    return cli("publish", *args)


def cells(path) -> dict[str, list[list]]:
    with CalamineWorkbook.from_path(str(path)) as book:
        return {s: book.get_sheet_by_name(s).to_python() for s in book.sheet_names}


def table(path, name) -> list[dict]:
    """The rows under the header (row 2: row 1 is the sheet's title)."""
    rows = cells(path)[name]
    assert rows[0][0] and not any(rows[0][1:]), rows[0]                  # a title row
    return [dict(zip(rows[1], r)) for r in rows[2:]]


def info(path) -> dict:
    return {x["项目"]: x["内容"] for x in table(path, INFO)}


def all_text(path) -> str:
    return "\n".join(str(v) for rows in cells(path).values() for row in rows for v in row)


@pytest.fixture(scope="module")
def merged(clean_inbox, roster):
    return consolidate(clean_inbox, roster, now=NOW, workers=1)


@pytest.fixture(scope="module")
def book(merged, tmp_path_factory) -> Path:
    """Both departments: 区教育局 (five projects, all under 500 万元) and 区卫生健康委 (800.01 and 100.00 万元)."""
    return write_workbook(merged, tmp_path_factory.mktemp("pub") / "汇总.xlsx", roster_name="名册.csv")


def test_threshold_and_coverage_per_department(book):
    pub = plan_publication(book)
    assert (pub.threshold, pub.share) == (Decimal(500), Decimal("0.5"))          # national profile: publish.*
    assert [(r.get("project_name"), basis) for r, basis in pub.published] == [("基本公共卫生服务项目", THRESHOLD)]
    cov = {c.dept_name: c for c in pub.coverage}
    assert cov["区卫生健康委"].ok and cov["区卫生健康委"].total == Decimal("900.01")
    assert cov["区卫生健康委"].published == Decimal("800.01")
    assert not cov["区教育局"].ok and cov["区教育局"].published == 0 and not pub.ok
    # the fewest largest projects that bring 区教育局 to half of 678.60 万元: 300.33 + 210.46
    assert [r.get("project_name") for r in pub.suggestions()["区教育局"]] == ["中小学校舍维修改造项目",
                                                                               "校园安全防范设施建设项目"]


def test_cli_coverage_short_exits_1_then_include_passes(book, tmp_path):
    out, report = tmp_path / "公开版.xlsx", tmp_path / "内部清单.csv"
    r = run(book, "-o", out, "--report", report)
    assert r.exit_code == 1, r.output
    assert not out.exists()                                     # short of 公开比例: no public file at all
    assert "未生成公开版" in r.text and "--include" in r.text and "--draft" in r.text
    assert "公开比例不足" in r.text and "区教育局 0.00%（要求不低于 50.00%），未达到：还须公开至少 339.30 万元的项目" in r.text
    assert "区教育局 可补充公开：2025101002P01 中小学校舍维修改造项目、2025101001P02 校园安全防范设施建设项目" in r.text
    assert {x["类别"] for x in _csv(report)} >= {SUGGEST}
    report = tmp_path / "内部清单.xlsx"
    r = run(book, "-o", out, "--report", report, "--include", "2025101002P01", "--include", "2025101001P02")
    assert r.exit_code == 0, r.output
    assert "公开比例符合要求" in r.text
    rows = table(out, PROJECTS)
    assert [(x["项目名称"], x["公开依据"]) for x in rows] == [("校园安全防范设施建设项目", VOLUNTARY),
                                                          ("中小学校舍维修改造项目", VOLUNTARY),
                                                          ("基本公共卫生服务项目", THRESHOLD)]
    assert list(cells(out)) == [INFO, PROJECTS, GOALS]                 # the ratio is the bureau's, not the public's
    cov = {x["主管部门"]: x for x in table(report, COVERAGE)}
    assert cov["区教育局"]["结论"] == "符合" and cov["区教育局"]["公开比例"] == pytest.approx(510.79 / 678.60, abs=1e-4)
    assert cov["合计"]["公开项目数"] == 3


def test_public_file_holds_only_what_the_public_may_read(book, tmp_path):
    """No internal notes, settings, digests, file names, program name or shortfalls; a title row on every sheet."""
    pub = plan_publication(book, include=["2025101002P01", "2025101001P02"])
    out = write_public(pub, tmp_path / "公开版.xlsx")
    text = all_text(out)
    for internal in ("publish.", "SHA-256", pub.sha256, pub.sha256[:12], "jixiao", "汇总.xlsx", "未达到", "还须公开",
                     "--include", "请按", "重新生成", "草稿", "公开比例"):
        assert internal not in text, internal
    for sheet, rows in cells(out).items():
        assert rows[0][0] == f"2025年度项目支出绩效自评表（公开版）——{sheet}"
    assert info(out)["公开范围"] == "全年预算数达到 500 万元（含）的项目 1 个，另指定公开 2 个。"
    wb = load_workbook(out)
    assert wb.properties.creator in ("", None)


def test_short_of_the_share_only_a_marked_draft(book, tmp_path):
    pub = plan_publication(book)
    assert not pub.ok
    with pytest.raises(CoverageError, match="--draft"):
        write_public(pub, tmp_path / "公开版.xlsx")
    assert not (tmp_path / "公开版.xlsx").exists()
    out = write_public(pub, tmp_path / "草稿.xlsx", draft=True)
    wb = load_workbook(out)
    for ws in wb.worksheets:
        assert ws["A1"].value.startswith(DRAFT) and DRAFT in ws.oddHeader.center.text, ws.title
        assert ws.print_title_rows == "$2:$2"
    body = all_text(out).replace(DRAFT, "")
    assert "未达到" not in body and "公开比例" not in body and "还须公开" not in body      # the shortfall stays inside
    r = run(book, "-o", tmp_path / "c.xlsx", "--draft")
    assert r.exit_code == 1 and "已输出公开版草稿（未达到公开比例，不得公开）" in r.text
    assert load_workbook(tmp_path / "c.xlsx")[INFO]["A1"].value.startswith(DRAFT)


def _csv(path) -> list[dict]:
    import csv
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_secret_projects_are_counted_not_named(book, tmp_path):
    """A 项目编码 column in a CSV and a bare unit code in a .txt: both excluded, named only in the internal list."""
    (tmp_path / "涉密项目.csv").write_text("序号,项目编码,备注\n1,2025102001P01,涉密\n", encoding="utf-8")
    (tmp_path / "涉密单位.txt").write_text("# 涉密单位\n101003\n999999\n", encoding="utf-8")
    out, report = tmp_path / "公开版.xlsx", tmp_path / "内部清单.xlsx"
    r = run(book, "--secret", tmp_path / "涉密项目.csv", "--secret", tmp_path / "涉密单位.txt", "-o", out,
            "--report", report, "--include", "2025101002P01", "--include", "2025101001P02", "--draft")
    secret_names = ("基本公共卫生服务项目", "教师培训专项经费", "教研活动经费")
    assert all(name in r.text for name in secret_names)                       # the clerk's console list
    assert "999999 与汇总表中的项目、单位、主管部门均不匹配" in r.text
    text = all_text(out)
    assert not any(name in text for name in secret_names) and "区教师发展中心" not in text
    assert "涉密（敏感）项目 3 个不予公开，不列明细" in info(out)["涉密项目"]
    # 区卫生健康委 now has nothing ≥ 500 万元: 0 of 100.00 万元 (the 涉密 800.01 counts on neither side)
    cov = {x["主管部门"]: x for x in table(report, COVERAGE)}
    assert cov["区卫生健康委"]["项目资金（万元，不含涉密）"] == 100.0 and cov["区卫生健康委"]["结论"].startswith("未达到")
    assert r.exit_code == 1
    internal = table(report, INTERNAL)
    assert sorted(x["项目名称"] for x in internal if x["类别"] == SECRET) == sorted(secret_names)
    assert any("涉密单位.txt" in x["说明"] and "单位编码 101003" in x["说明"] for x in internal if x["类别"] == SECRET)


def test_secret_flag_of_the_record(merged, tmp_path):
    """A record flagged 涉密 (SECRET_FIELDS of a form, written as 涉密=是) is excluded without any list."""
    flagged = next(r for r in merged.projects if r.get("project_name") == "基本公共卫生服务项目")
    flagged.values["secret"] = True
    try:
        path = write_workbook(merged, tmp_path / "汇总.xlsx")
    finally:
        flagged.values["secret"] = False
    pub = plan_publication(path)
    assert [(r.get("project_name"), why) for r, why in pub.secret] == [("基本公共卫生服务项目", MARKED)]
    assert pub.published == []


def test_secret_list_formats(tmp_path):
    wb_path = tmp_path / "清单.xlsx"
    from openpyxl import Workbook
    wb = Workbook()
    wb.active.append(["涉密项目备案表"])
    wb.active.append(["单位编码", "项目编码", "主管部门编码"])
    wb.active.append([101001, "P-1", None])
    wb.active.append([None, None, "102"])
    wb.save(wb_path)
    s = load_secret_list(wb_path)
    assert (s.codes["unit"], s.codes["project"], s.codes["department"], s.codes["any"]) == (
        {"101001"}, {"P-1"}, {"102"}, set())
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    with pytest.raises(PublishError, match="格式不支持"):
        load_secret_list(tmp_path / "x.pdf")


def test_public_columns_and_deterministic_bytes(book, tmp_path):
    include = ["2025101002P01", "2025101001P02"]
    pub = plan_publication(book, include=include)
    a = write_public(pub, tmp_path / "a.xlsx")
    b = write_public(plan_publication(book, include=include), tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()
    i1, i2 = write_internal(pub, tmp_path / "i1.xlsx"), write_internal(pub, tmp_path / "i2.xlsx")
    assert i1.read_bytes() == i2.read_bytes()
    sheets = cells(a)
    assert list(sheets) == [INFO, PROJECTS, GOALS]
    heads = set(sheets[PROJECTS][1]) | set(sheets[GOALS][1])
    assert not heads & {"来源文件", "SHA-256", "审核状态", "涉密", "单位编码", "行号"}
    assert {"全年预算数（万元）", "总分", "等级", "实际完成值", "得分", "年度指标值"} <= heads
    text = all_text(a)
    assert "张伟" not in text and "王芳" not in text and "收件箱/" not in text      # names and file paths stay inside
    assert len(sheets[GOALS]) - 2 == 4 * len(pub.published)


def test_goal_form_publishes_targets_only():
    assert [h for _, h, *_ in public_indicator_columns("project_goal")][3:] == [
        "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"]


def test_goal_consolidation(tmp_path):
    data = random_data(load_form("project_goal"), random.Random(1))
    data["fields"].update(unit_code="101001", unit_name="区第一中学", project_code="G01", project_name="目标项目")
    fill_template(data, tmp_path / "in" / "目标表.xlsx")
    c = consolidate(tmp_path / "in", None, only_valid=False, now=NOW, workers=1)
    path = write_workbook(c, tmp_path / "目标汇总.xlsx")
    profile = {**load_profile("national"), "publish": {"threshold": 0, "coverage_min": 0.5}}
    pub = plan_publication(path, profile=profile)
    out = write_public(pub, tmp_path / "公开版.xlsx")
    goals = table(out, GOALS)
    assert goals and {x["项目名称"] for x in goals} == {"目标项目"} and "实际完成值" not in goals[0]
    assert pub.ok


def test_profile_option(book, tmp_path):
    prof = tmp_path / "district.yaml"
    prof.write_text(yaml.safe_dump({"id": "district", "extends": "national", "name": "某区",
                                    "publish": {"threshold": 200, "coverage_min": 0.7}}, allow_unicode=True),
                    encoding="utf-8")
    r = run(book, "-p", prof, "-o", tmp_path / "公开版.xlsx")
    names = [x["项目名称"] for x in table(tmp_path / "公开版.xlsx", PROJECTS)]
    assert names == ["校园安全防范设施建设项目", "中小学校舍维修改造项目", "基本公共卫生服务项目"]
    assert r.exit_code == 0 and "要求不低于 70.00%" in r.text


def test_text_from_units_is_never_a_formula(merged, tmp_path):
    target = next(r for r in merged.projects if r.get("project_name") == "基本公共卫生服务项目")
    target.values["project_name"] = '=HYPERLINK("http://example.com","点此")'
    try:
        path = write_workbook(merged, tmp_path / "汇总.xlsx")
    finally:
        target.values["project_name"] = "基本公共卫生服务项目"
    out = write_public(plan_publication(path), tmp_path / "公开版.xlsx", draft=True)
    ws = load_workbook(out)[PROJECTS]
    cell = next(c for row in ws.iter_rows(min_row=3) for c in row if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"


def test_unusable_inputs_exit_2(book, clean_inbox, tmp_path):
    r = run(next(clean_inbox.glob("*.xlsx")), "-o", tmp_path / "x.xlsx")
    assert r.exit_code == 2 and "不是 jixiao 生成的汇总表" in r.text
    broken = tmp_path / "改过的汇总.xlsx"
    wb = load_workbook(book)
    wb["单位汇总"]["G3"] = 999                                           # 合计's 项目数 (row 1 is the title)
    wb.save(broken)
    r = run(broken, "-o", tmp_path / "x.xlsx")
    assert r.exit_code == 2 and "节点检查不平衡" in r.text and not (tmp_path / "x.xlsx").exists()
