"""Re-runs: the same inputs give the same bytes; a resubmission changes only its unit, and 变更 says exactly what."""

from __future__ import annotations

import copy
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from consolidate_data import cli, NOW, PROJECTS, self_eval
from jixiao.consolidate import consolidate, write_workbook
from jixiao.consolidate.changes import (BALANCE_NOTE, CHANGED, CHANGES, REMOVED, SOURCE_ONLY, UNIT_ADDED,
                                        UNIT_REMOVED, ADDED, ChangeError, compare, compare_with, read_snapshot,
                                        snapshot_of)
from jixiao.template.fill import fill_template


def run(*args):
    return cli("consolidate", *args)


def sheet(path, name) -> list[list]:
    """The sheet's header row and rows under it (row 1, the sheet's title, left out)."""
    with CalamineWorkbook.from_path(str(path)) as book:
        return book.get_sheet_by_name(name).to_python()[1:] if name in book.sheet_names else []


def sheet_parts(path) -> dict[str, str]:
    """Sheet name → its part in the zip (xl/worksheets/sheetN.xml), from workbook.xml and its relationships."""
    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    targets = {m[0]: m[1] for m in re.findall(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels)}
    targets |= {m[1]: m[0] for m in re.findall(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)}
    out = {}
    for name, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', book):
        out[name] = "xl/" + targets[rid].lstrip("/").removeprefix("xl/")
    return out


def members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture
def inbox(clean_inbox, tmp_path) -> Path:
    """A private copy of the clean inbox, free to receive a resubmission."""
    return Path(shutil.copytree(clean_inbox, tmp_path / "收件箱"))


@pytest.fixture
def roster_csv(clean_inbox) -> Path:
    return clean_inbox.parent / "名册.csv"


def test_same_inputs_same_bytes_and_no_spurious_change(clean_inbox, roster, tmp_path):
    """Two consolidations of the same inputs at the same time are the same file, and read back with no change."""
    paths = []
    for n in (1, 2):
        c = consolidate(clean_inbox, roster, "department", now=NOW, workers=1)
        paths.append(write_workbook(c, tmp_path / f"{n}.xlsx", roster_name="名册.csv"))
    assert paths[0].read_bytes() == paths[1].read_bytes()
    report = compare_with(paths[0], c)
    assert not report and report.changes == [] and "无变更" in report.summary()


def test_cli_rerun_keeps_data_sheets_byte_identical(clean_inbox, roster_csv, tmp_path):
    """Run twice into the same file (the second run compares with the first): only times may differ."""
    out, first = tmp_path / "汇总.xlsx", tmp_path / "第一次.xlsx"
    assert run(clean_inbox, "-r", roster_csv, "-o", out, "-j", "1").exit_code == 0
    shutil.copy(out, first)
    r = run(clean_inbox, "-r", roster_csv, "-o", out, "-j", "1")
    assert r.exit_code == 0, r.output
    assert "变更：与上次汇总「汇总.xlsx」相比：无变更" in r.text
    parts = sheet_parts(out)
    assert parts == sheet_parts(first) and CHANGES not in parts
    a, b = members(first), members(out)
    differing = {n for n in a.keys() | b.keys() if a.get(n) != b.get(n)}
    assert differing <= {"docProps/core.xml", parts["说明"], parts["_jixiao_consolidation"]}
    for name in ("单位汇总", "图表", "项目明细", "指标明细", "异常清单", "来源"):
        assert a[parts[name]] == b[parts[name]], name


def _resubmit(inbox: Path) -> Path:
    """101003's second project sent again, corrected: executed 12.0001 → 11.0001 万元, 服务人次 500 → 450."""
    project = list(PROJECTS["101003"][1])
    project[3], project[6] = 11.0001, 450
    return fill_template(self_eval("101003", tuple(project)), inbox / "101003-P02（更正）.xlsx")


def _rows_by(rows, key_cols):
    head, body = rows[0], rows[1:]
    idx = [head.index(k) for k in key_cols]
    return {tuple(r[i] for i in idx): r for r in body}


def test_resubmission_changes_only_that_unit(inbox, roster_csv, tmp_path):
    out, before = tmp_path / "汇总.xlsx", tmp_path / "上次.xlsx"
    assert run(inbox, "-r", roster_csv, "-o", out, "-j", "1").exit_code == 0
    shutil.copy(out, before)
    fixed = _resubmit(inbox)
    r = run(inbox, "-r", roster_csv, "-o", out, "-j", "1")
    assert r.exit_code == 0, r.output
    assert "数据变更 1 个（5 处）" in r.text and "涉及单位：101003 区教师发展中心" in r.text
    assert "全年执行数（万元）：12 → 11（收件箱/101003-P02（更正）.xlsx）" in r.text

    def differing(name, keys):
        old, new = _rows_by(sheet(before, name), keys), _rows_by(sheet(out, name), keys)
        assert old.keys() == new.keys(), name
        return {k for k in old if old[k] != new[k]}

    assert differing("项目明细", ["单位编码", "项目编码"]) == {("101003", "2025101003P02")}
    assert {k[0] for k in differing("指标明细", ["单位编码", "项目编码", "指标序号"])} == {"101003"}
    # 单位汇总: the unit and the rows above it (部门小计, 合计) — no other unit
    assert differing("单位汇总", ["层级", "主管部门", "单位编码"]) == {
        ("单位", "区教育局", "101003"), ("部门小计", "区教育局", ""), ("合计", "", "")}

    changes = sheet(out, CHANGES)
    head = changes[0]
    got = {tuple(row[head.index(c)] for c in ("变更类型", "单位编码", "项目编码", "字段", "原值", "新值"))
           for row in changes[1:]}
    old_rate, new_rate = round(12.0001 / 12.3456, 4), round(11.0001 / 12.3456, 4)
    assert {g[:4] for g in got} == {
        (CHANGED, "101003", "2025101003P02", f) for f in ("全年执行数（万元）", "执行率", "总分", "指标1：实际完成值", "指标1：得分")}
    values = {g[3]: (g[4], g[5]) for g in got}
    assert values["全年执行数（万元）"] == (12.0, 11.0)
    assert values["执行率"] == pytest.approx((old_rate, new_rate))
    assert values["指标1：实际完成值"] == (500.0, 450.0) and values["指标1：得分"] == (15.0, 13.5)
    assert {(row[head.index("引起变更的文件")], row[head.index("说明")]) for row in changes[1:]} == {
        (f"收件箱/{fixed.name}", "原来源：收件箱/101003-P02.xlsx")}
    info = dict((r[0], r[1]) for r in sheet(out, "说明"))
    assert info[CHANGES].startswith("与上次汇总「汇总.xlsx」相比：数据变更 1 个（5 处）")


def test_units_and_projects_added_and_removed(clean_inbox, roster, tmp_path):
    part = consolidate(clean_inbox, roster, units=["101001", "101003"], now=NOW, workers=1)
    whole = consolidate(clean_inbox, roster, now=NOW, workers=1)
    old = write_workbook(part, tmp_path / "部分.xlsx")
    grown = compare_with(old, whole)
    kinds = [(c.kind, c.project["unit_code"]) for c in grown.changes]
    added_units = {"101002", "102001", "102002"}
    assert {u for k, u in kinds if k == UNIT_ADDED} == added_units
    assert sorted(u for k, u in kinds if k == ADDED) == sorted(
        u for u in added_units for _ in PROJECTS[u])
    assert not {k for k, _ in kinds} - {UNIT_ADDED, ADDED}
    assert grown.counts()[UNIT_ADDED] == 3 and "新增单位 3 个、新增项目 3 个" in grown.summary()
    shrunk = compare(snapshot_of(whole), read_snapshot(old), "全部.xlsx")
    assert {c.project["unit_code"] for c in shrunk.changes if c.kind == UNIT_REMOVED} == added_units
    removed = [c for c in shrunk.changes if c.kind == REMOVED]
    assert len(removed) == 3 and all("异常清单" in c.note and not c.file for c in removed)


def test_unchanged_file_explains_rounding_and_source_swaps(clean_inbox, roster):
    """Values that move while the source file stays are put down to 舍位平衡 (amounts by ≤ 0.01) or other causes."""
    c = consolidate(clean_inbox, roster, now=NOW, workers=1)
    old = snapshot_of(c)
    new = copy.deepcopy(old)
    key = next(iter(new.projects))
    row = new.projects[key].row
    row["budget"] = Decimal(row["budget"]) + Decimal("0.01")             # a cent moved by 舍位平衡
    report = compare(old, new)
    assert [(x.kind, x.field, x.note) for x in report.changes] == [(CHANGED, "全年预算数（万元）", BALANCE_NOTE)]
    row["budget"] = old.projects[key].row["budget"]
    row["origin_sha256"], row["origin"] = "0" * 64, "重新发送.xlsx"
    swap = compare(old, new)
    assert [(x.kind, x.old, x.new) for x in swap.changes] == [(SOURCE_ONLY, old.projects[key].row["origin"],
                                                                 "重新发送.xlsx")]


def test_previous_must_be_a_consolidation(clean_inbox, roster_csv, tmp_path):
    other = tmp_path / "别的.xlsx"
    shutil.copy(next(clean_inbox.glob("*.xlsx")), other)
    with pytest.raises(ChangeError):
        read_snapshot(other)
    r = run(clean_inbox, "-r", roster_csv, "-o", tmp_path / "x.xlsx", "--previous", other)
    assert r.exit_code == 2 and "不是 jixiao 生成的汇总表" in r.text
    # an output path holding something else is simply overwritten, without a comparison
    r = run(clean_inbox, "-r", roster_csv, "-o", other, "-j", "1")
    assert r.exit_code == 0 and "变更" not in r.output


def test_a_cent_moved_by_rounding_is_reported_as_such(inbox, roster_csv, tmp_path):
    """舍位平衡 works top-down (合计 → 部门 → 单位 → 项目), so a resubmission can move one cent of another department's
    shown amount; 变更 lists it, put down to 舍位平衡 with the other unit's unchanged file."""
    fill_template(self_eval("102001", ("P01", "基本公共卫生服务项目", 800.0049, 700.0081, None, None, 1000)),
                  inbox / "102001-P01.xlsx")
    out = tmp_path / "汇总.xlsx"
    assert run(inbox, "-r", roster_csv, "-o", out, "-j", "1").exit_code == 0
    project = list(PROJECTS["101003"][1])
    project[3] = 12.6728
    fill_template(self_eval("101003", tuple(project)), inbox / "101003-P02（更正）.xlsx")
    r = run(inbox, "-r", roster_csv, "-o", out, "-j", "1")
    assert r.exit_code == 0, r.output
    changes = sheet(out, CHANGES)
    head = changes[0]
    rows = [dict(zip(head, row)) for row in changes[1:]]
    elsewhere = [x for x in rows if x["单位编码"] != "101003"]
    assert [(x["单位编码"], x["字段"], x["原值"], x["新值"], x["引起变更的文件"], x["说明"]) for x in elsewhere] == [
        ("102002", "全年执行数（万元）", 90.6, 90.61, "收件箱/102002-P01.xlsx", BALANCE_NOTE)]
    assert {x["引起变更的文件"] for x in rows if x["单位编码"] == "101003"} == {"收件箱/101003-P02（更正）.xlsx"}
