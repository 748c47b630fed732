"""A bureau's inbox mixing template files and a unit's own 财预〔2020〕10号 附1 layout (no 单位编码 column): one check,
one consolidation, the non-template file identified by its unit name and marked 非模板 in every output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from consolidate_data import cli

# the corpus file of unit 101001's project P01 (the same unit, project and year as the consolidation tests' data)
OWN_LAYOUT = Path(__file__).resolve().parents[1] / "corpus" / "real" / "附1-区第一中学-学生资助补助资金-2025.xlsx"


@pytest.fixture(scope="module")
def mixed(clean_inbox, tmp_path_factory):
    root = tmp_path_factory.mktemp("mixed")
    inbox = root / "收件箱"
    shutil.copytree(clean_inbox, inbox)
    (inbox / "101001-P01.xlsx").unlink()
    shutil.copy(OWN_LAYOUT, inbox)
    roster = clean_inbox.parent / "名册.csv"
    r = cli("check", inbox, "-r", roster, "-o", root / "审核", "-j", "1")
    assert r.exit_code in (0, 1), r.output
    r = cli("consolidate", root / "审核", "-r", roster, "-o", root / "区教育局.xlsx", "-j", "1", "--no-history")
    assert r.exit_code == 0, r.output
    return root


SHOWN_KIND = "非模板（项目支出绩效自评表（财预〔2020〕10号 附1 样式））"


def rows(path, sheet):
    wb = load_workbook(path, read_only=True)
    data = list(wb[sheet].iter_rows(values_only=True))[1:]           # under the title row
    wb.close()
    return [dict(zip(data[0], r)) for r in data[1:]]


def test_the_check_identifies_the_unit_by_name_and_sends_nothing_back(mixed):
    files = json.loads((mixed / "审核" / "审核结果.json").read_text("utf-8"))["files"]
    own = next(f for f in files if f["file"].endswith(OWN_LAYOUT.name))
    codes = {x["code"] for x in own["findings"]}
    assert own["unit_code"] == "101001" and "非模板" in own["note"]
    assert "X007" in codes and not codes & {"X005", "R001"}, codes
    assert own["status"] != "退回"
    letters = [p.name for p in (mixed / "审核" / "退回意见").iterdir()]
    assert any(n.startswith("101001-区第一中学-附1") for n in letters), letters


def test_every_output_marks_the_non_template_project(mixed):
    detail = rows(mixed / "区教育局.xlsx", "项目明细")
    kinds = {r["项目名称"]: r["填报格式"] for r in detail}
    assert kinds["学生资助补助资金"] == SHOWN_KIND                     # the layout's title: what a clerk reads
    assert set(kinds.values()) == {"模板", SHOWN_KIND} and len(kinds) == 7
    data = pd.read_csv(mixed / "区教育局_数据" / "projects.csv", dtype=str)   # the dataset keeps the id
    assert dict(zip(data["project_name"], data["layout"]))["学生资助补助资金"] == "非模板（national_self_eval）"


def test_sources_point_at_the_units_own_cells(mixed):
    src = [r for r in rows(mixed / "区教育局.xlsx", "来源") if str(r["来源文件"]).endswith(OWN_LAYOUT.name)]
    where = {r["字段"]: (r["工作表"], r["单元格"]) for r in src}
    assert where["年度"] == ("项目支出绩效自评表", "A2")          # 「（2025年度）」 under the title
    assert where["项目名称"][0] == "项目支出绩效自评表" and where["项目名称"][1] != ""


def test_the_bureau_level_keeps_the_mark(mixed, clean_inbox):
    out = mixed / "全区.xlsx"
    r = cli("consolidate", mixed / "区教育局.xlsx", "-r", clean_inbox.parent / "名册.csv", "--level", "bureau",
            "-o", out, "--no-history", "--no-data")
    assert r.exit_code == 0, r.output
    kinds = {r["项目名称"]: r["填报格式"] for r in rows(out, "项目明细")}
    assert kinds["学生资助补助资金"] == SHOWN_KIND and kinds["教研活动经费"] == "模板"     # read back to the id
