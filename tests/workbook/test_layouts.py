"""Non-template workbooks read by their labels (jixiao/workbook/layouts.py): a 财预〔2020〕10号 附1 self-evaluation as
units lay it out, written cell by cell here (not from jixiao's template), and what must be read from which cell."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from jixiao.rules.engine import validate_file
from jixiao.workbook.reader import read


def _附1(path: Path, *, money="万元", subcolumns=False) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    rows = [
        ["项目支出绩效自评表"],
        ["（2025年度）"],
        ["项目名称", "学生资助补助资金"],
        ["主管部门", "区教育局", None, "实施单位", "区第一中学"],
        [f"项目资金（{money}）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, "年度资金总额：", 120, 120, 96, 10, 0.8, 8],
        [None, "其中：当年财政拨款", 100, 100, 90, None, None, None],
        [None, "上年结转资金", 20, 20, 6, None, None, None],
        [None, "其他资金", None, None, None, None, None, None],
        ["年度总体目标", "预期目标", None, None, "实际完成情况"],
        [None, "保障家庭经济困难学生顺利完成学业", None, None, "已完成"],
    ]
    if subcolumns:
        rows += [["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", None, None, "实际完成值", "分值", "得分",
                  "偏差原因分析及改进措施"],
                 [None, None, None, None, "指标性质", "指标值", "度量单位"]]
        data = [[None, "产出指标（50分）", "数量指标", "资助学生人数", "≥", 50, "人", 45, 30, 27, "部分学生转学"],
                [None, None, "质量指标", "资助资金发放准确率", "＝", 100, "%", "100%", 20, 20, "无"],
                [None, None, None, "指标2"],
                [None, "效益指标（30分）", "社会效益指标", "家庭经济困难学生入学保障", "定性", "有效保障", None,
                 "达成预期指标", 30, 28, None],
                [None, "满意度指标（10分）", "服务对象满意度指标", "学生满意度", "≥", 90, "%", "96%", 10, 10, "0"]]
    else:
        rows += [["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                  "偏差原因分析及改进措施"]]
        data = [[None, "产出指标（50分）", "数量指标", "资助学生人数", "≥50人", "45人", 30, 27, "部分学生转学"],
                [None, None, "质量指标", "资助资金发放准确率", "═100%", "100%", 20, 20, "无"],
                [None, None, None, "指标2"],
                [None, "效益指标（30分）", "社会效益指标", "家庭经济困难学生入学保障", "有效保障", "达成预期指标", 30, 28, None],
                [None, "满意度指标（10分）", "服务对象满意度指标", "学生满意度", "≧90%", "96%", 10, 10, "0"]]
    rows += data + [["总分", None, None, None, None, None, 100, 93 if not subcolumns else 93],
                    ["填表说明：1.本表金额单位为万元。"]]
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.mark.parametrize("subcolumns", [False, True])
def test_a_national_附1_self_evaluation_is_read_by_its_labels(tmp_path, subcolumns):
    fr = read(_附1(tmp_path / "附1.xlsx", subcolumns=subcolumns))
    assert fr.form.id == "project_self_eval" and fr.layout == "national_self_eval"
    f = fr.data["fields"]
    assert (f["year"], f["project_name"], f["department"], f["unit_name"]) == (2025, "学生资助补助资金", "区教育局", "区第一中学")
    assert fr.cells["fields.unit_name"] == "Sheet1!E4"
    assert fr.data["grids"]["funds"]["fiscal"] == {"budget_initial": 100, "budget": 100, "executed": 90}
    assert fr.cells["grids.funds.fiscal.executed"] == "Sheet1!E7"
    assert fr.cached["funds.total.budget"] == 120 and fr.cached["funds.total.score"] == 8
    rows = fr.data["tables"]["indicators"]
    assert [r["name"] for r in rows] == ["资助学生人数", "资助资金发放准确率", "家庭经济困难学生入学保障", "学生满意度"]
    first, second, qual, sat = rows
    assert (first["level1"], first["nature"], first["target"], first["unit"], first["actual"]) == ("产出指标", "≥", 50, "人", 45)
    assert (second["nature"], second["target"], second["actual"], second.get("reason")) == ("＝", 100, 100, None)
    assert qual["nature"] == "定性" and qual["manual"] == 28 and qual["tier"] == "达成年度指标"
    assert sat["actual"] == 96 and sat.get("reason") is None
    assert fr.cached["total_score"] == 93 and fr.cached["weight_total"] == 100


def test_money_in_yuan_becomes_wan(tmp_path):
    fr = read(_附1(tmp_path / "元.xlsx", money="元"))
    assert fr.data["grids"]["funds"]["fiscal"]["budget"] == pytest.approx(0.01)


def test_findings_point_at_the_units_own_cells(tmp_path):
    report = validate_file(_附1(tmp_path / "附1.xlsx"))
    assert report.form_id == "project_self_eval" and report.facts.get("layout") == "national_self_eval"
    assert "S001" not in {f.code for f in report.findings} and "S009" not in {f.code for f in report.findings}
    # 资助学生人数: 45/50×30 = 27 as typed; the 总分 typed 93 ≠ 27+20+28+10+8 = 93 → agrees
    scores = {f.cell: f for f in report.findings if f.code == "A006"}
    assert not scores, [(f.cell, f.message) for f in scores.values()]
    found = {(f.code, f.cell) for f in report.findings}
    assert ("G104", "I16") in found                  # 效益 row: 28 of 30 without a reason → its own reason cell
    assert not {c for c, _ in found} & {"T002", "G101"}   # 「产出指标（50分）」 is 产出指标
    assert ("R001", "") in found                      # the national form has no 单位编码: said, not guessed


def test_what_is_assumed_is_said_with_its_cell(tmp_path):
    path = _附1(tmp_path / "附1.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active["E13"] = 50                                   # 资助学生人数: a bare number, no ≥
    wb.active["F16"] = "有效保障了入学"                       # 定性: no tier words in the result
    wb.save(path)
    report = validate_file(path)
    notes = {f.cell: f.message for f in report.findings if f.code == "S011"}
    assert "按“≥”" in notes["E13"] and "推定为“达成年度指标”" in notes["H16"]


def test_a_mixed_inbox_gives_one_report_and_one_consolidation(tmp_path):
    """Template and non-template files together: one check, one consolidation, provenance to each file's own cells."""
    from jixiao.batch import check_paths
    from jixiao.consolidate import consolidate
    from tests.hostile.workbooks import variant
    inbox = tmp_path / "inbox"
    variant(inbox / "模板.xlsx", project_code="P1")
    _附1(inbox / "附1.xlsx")
    batch = check_paths([inbox], tmp_path / "work", workers=1)
    assert {fr.facts.get("layout") for fr in batch.files} == {None, "national_self_eval"}
    assert "非模板" in batch.note_of(next(fr for fr in batch.files if fr.facts.get("layout")))
    result = consolidate(batch, None, only_valid=False)
    records = {leaf.record.get("project_name"): leaf.record for leaf in result.tree.leaves()}
    own = records["学生资助补助资金"]
    assert (own.refs["unit_name"].sheet, own.refs["unit_name"].cell) == ("Sheet1", "E4")
    assert own.indicators[0].refs["actual"].cell == "F13"
    assert records["教师培训专项经费"].refs["unit_name"].sheet == "自评表"


def test_migration_onto_the_template_keeps_data_and_findings(tmp_path):
    """`jixiao template fill 项目支出绩效自评表 --from 旧表.xlsx`: the old layout moves onto the official template; the
    same rules then find the same problems (only the cells differ: the template's own)."""
    import subprocess
    import sys
    old = _附1(tmp_path / "旧表.xlsx")
    new = tmp_path / "自评表.xlsx"
    r = subprocess.run([sys.executable, "-m", "jixiao", "template", "fill", "项目支出绩效自评表", "--from", str(old),
                        "-o", str(new)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    before, after = read(old), read(new)
    assert after.layout is None and after.data["tables"] == before.data["tables"]
    assert after.data["fields"] == before.data["fields"]
    codes = lambda p: sorted(f.code for f in validate_file(p).findings if f.code != "S011")   # noqa: E731
    assert codes(old) == codes(new) == ["G104", "R001"]
