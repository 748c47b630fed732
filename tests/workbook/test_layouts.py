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
    # 指标性质/指标值/度量单位 under 年度指标值 is the Yunnan copy of 附1 (rules.md §1.9): its own layout, same reading
    assert fr.form.id == "project_self_eval" and fr.layout == ("yunnan_subcolumns" if subcolumns else "national_self_eval")
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
    # the national form has no 单位编码: said (a layout note, or R001 before that change), not guessed
    assert any(f.code in ("R001", "S011") and not f.cell and "单位编码" in f"{f.label}{f.detail}" for f in report.findings)


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
    # R001: the template's 单位编码 is required and blank; the old layout has no such cell (a layout note there)
    codes = lambda p: sorted(f.code for f in validate_file(p).findings if f.code not in ("S011", "R001"))  # noqa: E731
    assert codes(old) == codes(new) == ["G104"]


# --- regional layouts, read as data ------------------------------------------------------------------------------

import textwrap  # noqa: E402

import yaml  # noqa: E402

from jixiao.scoring.values import ParseProblem, parse_target  # noqa: E402
from jixiao.spec.data import to_inputs  # noqa: E402
from jixiao.spec.loader import SpecError  # noqa: E402
from jixiao.workbook.layout_specs import load_layouts, merge  # noqa: E402
from jixiao.workbook.layout_values import definition, parse_value, result  # noqa: E402
from jixiao.workbook.layouts import LAYOUTS_DIR, detect, layouts, read_layout  # noqa: E402
from jixiao.workbook.reader import open_workbook  # noqa: E402

REAL = Path(__file__).resolve().parents[1] / "corpus" / "real"
SIDECARS = sorted(REAL.glob("*.expect.yaml"))


def _layout_read(path: Path, candidates=None):
    """The layout read of a workbook (what reader._non_template turns into a FormRead), with its notes' codes."""
    wb = open_workbook(path)
    found = detect({s: {**wb.formulas.get(s, {}), **wb.values.get(s, {})} for s in wb.sheets}, candidates)
    assert found is not None
    return read_layout(*found)


def _notes(lr) -> dict[str, tuple[str, str]]:
    return {cell: (note.code, detail) for note in lr.problems for detail, _, cell in [note]}


def _found(path: Path) -> set[tuple[str, str]]:
    return {(f.code, f.cell) for f in validate_file(path).findings}


def _四川(path: Path, *, special=(0, 0, 0), unit_funds=(50, 50, 49), other=(0, 0, 0), row19=("≥", 95)) -> Path:
    """四川 部门预算项目支出绩效自评表: five funding rows, 指标性质/指标值/度量单位/完成值/权重 columns, 合计 and 评价结论."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目支出绩效自评表"
    total = [a + b + c + d for a, b, c, d in zip((450, 430, 421.4), special, unit_funds, other)]
    rows = [
        [None, None, None, None, None, None, None, None, "报表编号：510000_0013zp"],
        ["部门预算项目支出绩效自评表"],
        ["（2025年度）"],
        ["填报单位：区人民医院", None, None, None, None, None, "单位：万元"],
        ["项目名称", "医疗设备购置项目"],
        ["主管部门", "区卫生健康局", None, None, None, "实施单位", None, "区人民医院"],
        ["预算执行情况（10分）", None, None, "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因"],
        [None, "总额", None, *total, 0.98, 10, 9.8],
        [None, "其中：财政资金", None, 450, 430, 421.4, 0.98, "—", "—", "年中调减20万元。"],
        [None, "财政专户管理资金", None, *special, None, "—", "—"],
        [None, "单位资金", None, *unit_funds, None, "—", "—"],
        [None, "其他资金", None, *other, None, "—", "—"],
        ["年度总体目标完成情况", "购置医疗设备25台（套）。"],
        ["绩效指标（90分）", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分",
         "未完成原因分析"],
        [None, "产出指标", "数量指标", "购置医疗设备台（套）数", "≥", 25, "台（套）", 26, 30, 30],
        [None, None, "经济成本指标", "成本控制数", "≤", 480, "万元", 470.4, 20, 20],
        [None, "效益指标", "社会效益指标", "设备使用率", *row19, "%", 98.2, 30, 30],
        [None, "满意度指标", "服务对象满意度指标", "患者满意度", "≥", 90, "%", 92, 10, 10],
        ["合计", None, None, None, None, None, None, None, 100, 99.8],
        ["评价结论", None, "项目完成情况良好。"],
    ]
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_sichuan_rows_the_template_lacks_are_kept_with_their_cells_and_added_into_other_funds(tmp_path):
    path = _四川(tmp_path / "四川.xlsx", special=(5, 5, 4), unit_funds=(50, 50, 49), other=(1, 1, 1))
    lr = _layout_read(path)
    assert lr.layout["id"] == "sichuan_2023"
    assert lr.extra["funds"]["special"] == {"budget_initial": 5, "budget": 5, "executed": 4}
    assert lr.extra["funds"]["unit_funds"] == {"budget_initial": 50, "budget": 50, "executed": 49}
    assert lr.cells["grids.funds.special.executed"] == "项目支出绩效自评表!F10"
    assert lr.cells["grids.funds.unit_funds.budget_initial"] == "项目支出绩效自评表!D11"
    funds = lr.data["grids"]["funds"]
    assert funds["other"] == {"budget_initial": 56, "budget": 56, "executed": 54}     # 1 + 5 + 50 …
    assert lr.cells["grids.funds.other.budget"] == "项目支出绩效自评表!E12"             # the 其他资金 row's own cell
    assert funds["fiscal"] == {"budget_initial": 450, "budget": 430, "executed": 421.4}
    assert lr.extra["funds"]["fiscal"] == {"reason": "年中调减20万元。"}               # the form has no cell for it
    notes = _notes(lr)
    assert "并入“其他资金”" in notes["B10"][1] and "并入“其他资金”" in notes["B11"][1]
    assert set(to_inputs(lr.form, lr.data)) >= {"funds.other.budget"}                  # the data stays template data
    found = _found(path)
    assert not {c for code, c in found if code == "A002"}, found                      # 总额 = 财政 + 其他 (merged)


def test_an_extra_row_with_no_other_funds_row_keeps_the_first_merged_rows_cell(tmp_path):
    path = _四川(tmp_path / "四川.xlsx", special=(0, 0, 0), unit_funds=(50, 50, 49))
    wb = openpyxl.load_workbook(path)
    wb.active.delete_rows(12)                                                          # no 其他资金 row at all
    wb.save(path)
    lr = _layout_read(path)
    assert lr.data["grids"]["funds"]["other"] == {"budget_initial": 50, "budget": 50, "executed": 49}
    assert lr.cells["grids.funds.other.executed"] == "项目支出绩效自评表!F10"            # 财政专户管理资金, the first
    assert "B10" not in _notes(lr) and "B11" in _notes(lr)                             # zeros merge silently


def test_sichuan_economic_cost_reads_as_cost_and_is_said(tmp_path):
    path = _四川(tmp_path / "四川.xlsx")
    lr = _layout_read(path)
    assert lr.data["tables"]["indicators"][1]["level2"] == "成本指标"
    assert "按“成本指标”审核" in _notes(lr)["C16"][1]
    assert not {f for f in _found(path) if f[0] in ("G101", "T002")}


def test_the_sichuan_corpus_file_keeps_its_five_funding_rows():
    lr = _layout_read(REAL / "四川式-区人民医院-医疗设备购置-2025.xlsx")
    assert lr.extra["funds"]["unit_funds"] == {"budget_initial": 50, "budget": 50, "executed": 49, "rate": 0.98}
    assert lr.extra["funds"]["special"] == {"budget_initial": 0, "budget": 0, "executed": 0}
    assert lr.data["grids"]["funds"]["other"] == {"budget_initial": 50, "budget": 50, "executed": 49}
    assert lr.cells["grids.funds.other.budget_initial"].endswith("!D12")
    found = _found(REAL / "四川式-区人民医院-医疗设备购置-2025.xlsx")
    assert not {f for f in found if f[0] == "A002" or f == ("G101", "C18")}, found


def test_a_sichuan_file_moves_onto_the_template(tmp_path):
    """The extra rows are not template data: `template fill --from` still works and keeps the merged amounts."""
    from jixiao.template.fill import fill_template
    old = _四川(tmp_path / "四川.xlsx", special=(5, 5, 4))
    new = fill_template(read(old).data, tmp_path / "自评表.xlsx")
    assert read(new).data["grids"]["funds"]["other"] == {"budget_initial": 55, "budget": 55, "executed": 53}


def test_a_range_without_nature_is_reported_not_guessed(tmp_path):
    path = _四川(tmp_path / "四川.xlsx", row19=(None, "97-99"))
    lr = _layout_read(path)
    row = lr.data["tables"]["indicators"][2]
    assert row.get("nature") is None and row["target"] == "97-99"      # kept as typed: not 定性, not a number
    assert lr.cells["tables.indicators[2].nature"].endswith("!E17")
    code, detail = _notes(lr)["F17"]
    assert code == "S011" and "97-99" in detail and "不计分" in detail
    found = _found(path)
    assert {("R104", "E17"), ("G109", "J17")} <= found                  # as the template: no 指标性质, unscored


def test_the_corpus_range_row_reads_as_no_nature():
    lr = _layout_read(REAL / "四川式-区食品药品检验所-食品安全抽检-2024.xlsx")
    row = lr.data["tables"]["indicators"][4]
    assert (row.get("nature"), row["target"], row["unit"]) == (None, "97-99", "%")
    assert _notes(lr)["F19"][0] == "S011"
    assert {("R104", "E19"), ("G109", "J19")} <= _found(REAL / "四川式-区食品药品检验所-食品安全抽检-2024.xlsx")


@pytest.mark.parametrize("text, want", [
    ("≤10/10万", ("<=", 10, "/10万")), ("6.5/10万", (None, 6.5, "/10万")), ("≥1.5/千人", (">=", 1.5, "/千人")), ("1/2", None),
    ("≥50个", (">=", 50, "个")), ("97-99", None)])
def test_a_unit_that_starts_with_a_slash_and_a_number(text, want):
    t = parse_value(text)
    assert (None if isinstance(t, ParseProblem) else (t.op, t.value, t.unit)) == want


def test_values_parse_target_is_unchanged_for_its_other_callers():
    assert isinstance(parse_target("≤10/10万"), ParseProblem)


def test_the_corpus_rate_per_100000_row():
    lr = _layout_read(REAL / "附1-区疾病预防控制中心-免疫规划-2025.xlsx")
    row = next(r for r in lr.data["tables"]["indicators"] if r["name"] == "疫苗可预防传染病报告发病率")
    assert (row["nature"], row["target"], row["unit"], row["actual"]) == ("≤", 10, "/10万", 6.5)


@pytest.mark.parametrize("target, want", [
    ("≥**人次", ("≥", "≥**人次", "人次")), ("**元/人·月", (None, "**元/人·月", "元/人·月")), ("≥**%", ("≥", "≥**%", "%"))])
def test_a_placeholder_keeps_its_text_its_symbol_if_any_and_its_unit(target, want):
    d = definition(None, target, None)
    assert (d.nature, d.target, d.unit, d.said) == (*want, None)         # no 「≥」 assumed for 「**元/人·月」


def test_goal_table_placeholders_are_named_at_their_cells():
    path = REAL / "目标表-区社会救助服务中心-困难群众救助补助-2024.xlsx"
    rows = _layout_read(path).data["tables"]["indicators"]
    assert (rows[4].get("nature"), rows[4]["unit"]) == (None, "元/人·月")
    assert (rows[6]["nature"], rows[6]["unit"]) == ("≥", "%")
    assert {("T104", "E18"), ("R104", "E18"), ("T104", "E20")} <= _found(path)
    assert ("R104", "E20") not in _found(path)


def test_a_placeholder_in_the_midterm_block_is_a_t104_at_its_own_cell():
    lr = _layout_read(REAL / "目标表-区疾病预防控制中心-免疫规划-2025.xlsx")
    code, detail = _notes(lr)["E18"]
    assert code == "T104" and "中期指标" in detail and "≥**人次" in detail
    assert lr.data["tables"]["indicators"][4]["target"] == "≥**人次"     # the 年度 block (G18), named by the rules


def test_a_result_that_is_not_a_value_is_reported_and_the_row_unscored():
    path = REAL / "云南式-区社会救助服务中心-困难群众救助补助-2025.xlsx"
    lr = _layout_read(path)
    assert _notes(lr)["G19"][0] == "S011" and "详见附件" in _notes(lr)["G19"][1]
    assert lr.cells["computed.unscored"].endswith("!I19")               # 尚有指标未评分 → that row's 得分
    assert {("T105", "G19"), ("G109", "I19")} <= _found(path)
    assert result("详见附件", False)[1] and result("达成年度指标", True) == ("达成年度指标", "")


def test_an_execution_rate_typed_as_text_reads_as_a_rate():
    path = REAL / "附1-区文化馆-公共文化服务体系建设-2024.xlsx"
    lr = _layout_read(path)
    assert lr.cached["funds.total.rate"] == pytest.approx(0.9) and lr.cached["funds.fiscal.rate"] == pytest.approx(0.9)
    assert not {f for f in _found(path) if f[0] == "A003"}


def test_a_grade_on_its_own_row_below_the_total_is_read():
    path = REAL / "附1-区环境卫生管理所-城区环卫保洁服务-2025.xlsx"
    lr = _layout_read(path)
    assert lr.cached["grade"] == "良" and lr.cells["computed.grade"].endswith("!G21")
    assert ("A004", "G21") in _found(path)


def test_table_level_findings_point_at_the_tables_header():
    assert ("G113", "A7") in _found(REAL / "目标表-区环境卫生管理所-城区环卫保洁服务-2025.xlsx")


def test_an_empty_input_cell_is_still_the_cell_a_finding_names():
    assert ("G110", "J8") in {(f.code, f.cell) for f in validate_file(
        REAL / "四川式-区第一中学-校舍维修改造-2024.xlsx", profile="sichuan").findings}


@pytest.mark.parametrize("sidecar", SIDECARS, ids=[p.name.split(".")[0] for p in SIDECARS])
def test_each_corpus_file_is_read_by_its_own_layout(sidecar):
    want = yaml.safe_load(sidecar.read_text("utf-8"))["layout"]
    assert read(REAL / sidecar.name.replace(".expect.yaml", ".xlsx")).layout == want


def test_every_layout_of_the_families_is_shipped_and_extends_the_national_one():
    by = {lay["id"]: lay for lay in layouts()}
    assert set(by) == {"national_self_eval", "national_goal", "sichuan_2023", "hubei_exec20", "yunnan_subcolumns",
                       "weight_conclusion", "goal_groups", "national_monitor"}
    assert by["national_monitor"]["form"] == "project_monitor" and by["national_monitor"]["depth"] == 0
    assert by["sichuan_2023"]["extends"] == "weight_conclusion" and by["sichuan_2023"]["depth"] == 2
    assert all(by[i]["extends"] == "national_self_eval" for i in ("hubei_exec20", "yunnan_subcolumns", "goal_groups"))
    # regional specifics live in their own file, not in the national one
    assert "进度指标" not in str(by["national_self_eval"]) and "财政专户管理资金" not in str(by["national_self_eval"])
    assert by["goal_groups"]["aliases"]["level2"] == {"进度指标": "时效指标"}
    assert by["hubei_exec20"]["unit_sets"] == ["funds.total.weight"] and "unit_sets" not in by["national_self_eval"]


# --- extends, merging and the checks on a bureau's own layout ----------------------------------------------------

def _write(folder: Path, name: str, text: str) -> None:
    (folder / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")


def _bureau(folder: Path, extra: str = "", name: str = "guangxi_demo", parent: str = "national_self_eval") -> Path:
    folder.mkdir(exist_ok=True)
    _write(folder, "national_self_eval", (LAYOUTS_DIR / "national_self_eval.yaml").read_text("utf-8"))
    _write(folder, name, textwrap.dedent(f"""\
        id: {name}
        extends: {parent}
        title: 某省自评表
        detect:
          - [某省绩效自评]
        funds:
          rows:
            fiscal: [一般公共预算拨款]
        """) + extra)
    return folder


def test_merge_deep_merges_mappings_concatenates_lists_and_replaces_the_rest():
    base = {"a": {"x": [1, 2], "y": "old"}, "b": [[1], [2]], "c": 1}
    assert merge(base, {"a": {"x": [2, 3], "z": 0}, "b": [[3]], "c": 2}) == {
        "a": {"x": [1, 2, 3], "y": "old", "z": 0}, "b": [[1], [2], [3]], "c": 2}
    assert base == {"a": {"x": [1, 2], "y": "old"}, "b": [[1], [2]], "c": 1}          # not changed


def test_a_bureau_layout_extends_the_national_one(tmp_path):
    by = {lay["id"]: lay for lay in load_layouts(_bureau(tmp_path / "版式"))}
    lay = by["guangxi_demo"]
    assert lay["depth"] == 1 and lay["form"] == "project_self_eval" and lay["title"] == "某省自评表"
    assert lay["funds"]["rows"]["fiscal"] == [*by["national_self_eval"]["funds"]["rows"]["fiscal"], "一般公共预算拨款"]
    assert lay["funds"]["rows"]["total"] == by["national_self_eval"]["funds"]["rows"]["total"]        # inherited
    assert lay["detect"] == [*by["national_self_eval"]["detect"], ["某省绩效自评"]]


def test_the_most_specific_matching_layout_wins(tmp_path):
    candidates = load_layouts(_bureau(tmp_path / "版式"))
    path = _附1(tmp_path / "附1.xlsx")
    assert _layout_read(path, candidates).layout["id"] == "national_self_eval"
    wb = openpyxl.load_workbook(path)
    wb.active["B7"] = "一般公共预算拨款"
    wb.save(path)
    assert "fiscal" not in _layout_read(path, candidates).data["grids"]["funds"]        # not a national label
    wb.active["A1"] = "某省绩效自评表"                                                  # now the bureau's form
    wb.save(path)
    lr = _layout_read(path, candidates)
    assert lr.layout["id"] == "guangxi_demo" and lr.data["grids"]["funds"]["fiscal"]["budget"] == 100


@pytest.mark.parametrize("case, extra, message", [
    ("unknown key", "colour: red\n", "不认识的键：colour"),
    ("unknown section key", "indicators:\n  colums: {}\n", "indicators 有不认识的键：colums"),
    ("unknown field", "fields:\n  nickname: [昵称]\n", "fields 有不认识的键：nickname"),
    ("row without into", "funds:\n  rows:\n    special: [财政专户管理资金]\n", "into"),
    ("into a row that is not the template's", "funds:\n  rows:\n    special: {labels: [专户], into: nowhere}\n", "into"),
    ("detect not a list of labels", "detect:\n  - 某省\n", "detect 第 5 条"),    # (a repeated key: the last wins)
])
def test_a_wrong_key_is_a_clear_chinese_spec_error(tmp_path, case, extra, message):
    with pytest.raises(SpecError, match=message) as e:
        load_layouts(_bureau(tmp_path / "版式", extra))
    assert "guangxi_demo.yaml" in str(e.value)


def test_an_extends_cycle_is_named(tmp_path):
    folder = _bureau(tmp_path / "版式", name="a_demo", parent="b_demo")
    _write(folder, "b_demo", "id: b_demo\nextends: a_demo\n")
    with pytest.raises(SpecError, match="循环：a_demo → b_demo → a_demo"):
        load_layouts(folder)


@pytest.mark.parametrize("text, message", [
    ("id: other\ntitle: x\n", "id 应与文件名相同"),
    ("id: guangxi_demo\nextends: nowhere\n", "不存在的版式“nowhere”"),
    ("id: guangxi_demo\ntitle: 只有标题\n", "缺少：form、detect、fields、indicators"),
])
def test_an_id_a_parent_or_required_keys_that_are_wrong(tmp_path, text, message):
    folder = tmp_path / "版式"
    folder.mkdir()
    _write(folder, "guangxi_demo", text)
    with pytest.raises(SpecError, match=message):
        load_layouts(folder)


# --- the 136号 monitoring table (national_monitor) -----------------------------------------------------------------

from jixiao.workbook.layouts import norm  # noqa: E402

_REASONS = ["经费保障", "制度保障", "人员保障", "硬件条件保障", "其他"]
_LIKELY = ["确定能", "有可能", "完全不可能"]


def _监控(path: Path, *, period="1-7月", rows=None, goal_progress="已完成接种7150人次。") -> Path:
    """A 项目支出绩效目标执行监控表 as rules.md §6.1 lays it out: 年初预算数 only, 偏差原因分析 and 完成目标可能性 ticked in
    sub-columns under a two-row header, 备注. Indicator rows: (name, target, actual, forecast, reasons, likelihood, note)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "监控表"
    rows = rows or [
        ("接种人次", "≥12000人次", "7150人次", 12300, [], "确定能", None),
        ("疫苗储运成本", "≤30万元", 16.2, 31.5, [], "确定能", None),
        ("接种率", "≥95%", "96%", 0.96, [], None, None),
        ("信息化覆盖率", "≥90%", "82%", "88%", ["人员保障", "硬件条件保障"], "有可能", "终端未到位"),
    ]
    head = [
        ["项目支出绩效目标执行监控表"],
        ["（2025年度）"],
        ["项目名称", None, "免疫规划经费"],
        ["主管部门及代码", None, "区卫生健康局 405", None, None, None, None, None, "实施单位", None, "区疾病预防控制中心"],
        ["项目资金（万元）", None, None, None, "年初预算数", None, f"{period}执行数", None, f"{period}执行率", None, "全年预计执行数"],
        [None, None, "年度资金总额", None, 85, None, 38.25, None, 0.45, None, 85],
        [None, None, "其中：财政拨款", None, 85, None, 38.25, None, 0.45, None, 85],
        [None, None, "其他资金"],
        ["年度总体目标", None, "全年预期目标", None, None, None, None, None, None, f"{period}执行情况"],
        [None, None, "接种12000人次以上。", None, None, None, None, None, None, goal_progress],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", f"{period}执行情况", "全年预计完成情况", "偏差原因分析",
         None, None, None, None, "完成目标可能性", None, None, "备注"],
        [None, None, None, None, None, None, None, *_REASONS, *_LIKELY],
    ]
    for row in head:
        ws.append(row)
    for name, target, actual, forecast, reasons, likely, note in rows:
        ticks = ["√" if x in reasons or x == likely else None for x in _REASONS + _LIKELY]
        ws.append([None, "产出指标", "数量指标", name, target, actual, forecast, *ticks, note])
    ws.append([None, None, None, "指标2"])
    ws.append(["填表说明：偏差原因分析、完成目标可能性请在对应栏内打“√”，完成目标可能性为“有可能”的在备注中说明。"])
    wb.save(path)
    return path


def test_a_period_in_a_header_is_compared_as_the_template_spells_it():
    assert norm("1-6月执行数") == norm("1—7月执行数") == norm("1～8 月执行数") == norm("1—N月执行数") == "1—N月执行数"
    assert norm("11-12月执行数") == "11-12月执行数" and norm("1-12月") == "1—N月"


def test_a_136_monitoring_table_is_read_onto_the_monitor_form(tmp_path):
    fr = read(_监控(tmp_path / "监控.xlsx"))
    assert fr.form.id == "project_monitor" and fr.layout == "national_monitor"
    f = fr.data["fields"]
    assert (f["year"], f["month"], f["project_name"], f["unit_name"]) == (2025, 7, "免疫规划经费", "区疾病预防控制中心")
    assert fr.cells["fields.month"] == "监控表!G5"                       # the first header naming the period
    # only 年初预算数: the 执行率's budget is read from it, and said once at its header
    fiscal = fr.data["grids"]["funds"]["fiscal"]
    assert fiscal == {"budget_initial": 85, "budget": 85, "executed": 38.25, "forecast": 85}
    assert fr.cells["grids.funds.fiscal.budget"] == fr.cells["grids.funds.fiscal.budget_initial"] == "监控表!E7"
    assert any("全年预算数（调整后）" in p.detail and p.cell == "E5" for p in fr.problems)
    g = fr.data["grids"]["goal"]["overall"]
    assert (g["expected"], g["progress"]) == ("接种12000人次以上。", "已完成接种7150人次。")
    rows = fr.data["tables"]["indicators"]
    assert [r["name"] for r in rows] == ["接种人次", "疫苗储运成本", "接种率", "信息化覆盖率"]        # 指标2 skipped
    assert (rows[0]["target"], rows[0]["unit"], rows[0]["actual"], rows[0]["forecast"]) == (12000, "人次", 7150, 12300)
    assert rows[0]["likelihood"] == "确定能" and "reason" not in rows[0]
    assert rows[2]["forecast"] == 0.96 and "likelihood" not in rows[2]    # 96% as typed; no tick: nothing chosen
    # two reasons ticked: the template takes one main reason, the first; the other is said at its cell
    assert (rows[3]["reason"], rows[3]["likelihood"], rows[3]["note"]) == ("人员保障", "有可能", "终端未到位")
    assert any("勾选了2项" in p.detail and p.cell == "J16" for p in fr.problems)
    # a choice's cell: the ticked sub-column, or the group's first when none is ticked (where 「须选择」 points)
    assert fr.cells["tables.indicators[0].likelihood"] == "监控表!M13"
    assert fr.cells["tables.indicators[0].reason"] == "监控表!H13"
    assert fr.cells["tables.indicators[2].likelihood"] == "监控表!M15"


def test_monitoring_findings_point_at_the_units_own_cells(tmp_path):
    report = validate_file(_监控(tmp_path / "监控.xlsx"))
    found = {(f.code, f.cell) for f in report.findings if f.code != "S011"}
    # 储运成本 expected at 31.5 against ≤30: 确定能 contradicts it (G302 at the tick), no reason ticked (G303)
    assert found == {("G302", "M14"), ("G303", "H14"), ("R306", "M15")}
    notes = [f.detail for f in report.findings if f.code == "S011" and not f.cell]
    # 45.00% against 58.33%: the template asks for a funds 偏差原因 and the 有可能 row for 纠偏措施; this layout has
    # neither column: said as layout notes, with the rule's words, not sent back as omissions
    assert any("G301" in d and "偏差原因" in d for d in notes) and any("G304" in d and "纠偏措施" in d for d in notes)


def test_a_blank_goal_progress_is_named_at_the_cell_below_its_label(tmp_path):
    path = _监控(tmp_path / "监控.xlsx", goal_progress=None)
    assert ("R310", "J10") in _found(path)


def test_ticks_must_be_ticks(tmp_path):
    path = _监控(tmp_path / "监控.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active["M13"] = "能"                                # not a tick: said, not read as 确定能
    wb.active["N13"] = "×"                                 # a cross marks nothing and says nothing
    wb.save(path)
    fr = read(path)
    assert "likelihood" not in fr.data["tables"]["indicators"][0]
    assert [p.cell for p in fr.problems if "不是勾选符号" in p.detail] == ["M13"]
    assert ("R306", "M13") in _found(path)


def _运行监控(path: Path, likely="基本能完成") -> Path:
    """A local single-column copy: 调整后预算数, a 偏差原因 per funding row, 偏差原因/完成目标可能性 typed as words."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "运行监控表"
    for row in [
        ["项目支出绩效运行监控表"], ["（2024年度）"],
        ["项目名称", "农村公路养护资金", None, "实施单位", "区农村公路养护中心"],
        ["主管部门", "区交通运输局"],
        ["项目资金（万元）", None, "年初预算数", "调整后预算数", "1-6月执行数", "1-6月执行率", "全年预计执行数", "偏差原因"],
        [None, "年度资金总额", 540, 500, 190, 0.3519, 500, None],
        [None, "其中：财政拨款", 540, 500, 190, 0.38, 500, None],
        ["年度总体目标", "全年预期目标", None, None, None, None, "1-6月执行情况"],
        [None, "养护320公里。", None, None, None, None, "养护165公里。"],
        ["一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "度量单位", "1-6月执行情况", "全年预计完成情况",
         "偏差原因", "偏差原因说明", "完成目标可能性", "纠偏措施", "备注"],
        ["产出指标", "数量指标", "养护里程", "≥", 320, "公里", 165, 320, None, None, "确定能", None, "含县道"],
        [None, None, "通畅率", "≥", 98, "%", 97, 97.5, "其他", None, likely, None, None],
        [None, None, "长效机制乡镇数", "≥", 12, "个", 7, 10, "制度保障", "养护站未组建", "有可能", None, None],
    ]:
        ws.append(row)
    wb.save(path)
    return path


def test_a_single_column_copy_reads_its_words_and_its_own_budget(tmp_path):
    path = _运行监控(tmp_path / "运行监控.xlsx")
    fr = read(path)
    assert fr.layout == "national_monitor" and fr.data["fields"]["month"] == 6
    # the first data row's typed 「确定能」 is a value, not a sub-column header: nothing is skipped
    assert [r["name"] for r in fr.data["tables"]["indicators"]] == ["养护里程", "通畅率", "长效机制乡镇数"]
    assert fr.data["grids"]["funds"]["fiscal"]["budget"] == 500           # its own 调整后预算数, no fallback
    assert not any("全年预算数（调整后）" in p.detail for p in fr.problems)
    assert "note" not in fr.data["tables"]["indicators"][0]               # the extra 备注 is not 偏差原因说明
    report = validate_file(path)
    found = sorted((f.code, f.cell) for f in report.findings if f.code != "S011")
    # 38.00% (财政拨款) against 50%: red without a reason (G301); 「其他」 without its 说明 (R303); the free text
    # 「基本能完成」 is not one of the three levels (one T002, though two checks see it); 有可能 without 纠偏措施 (G304);
    # the typed total 年初预算数 540 is right; its 执行率 35.19% is not 190/500 = 38.00% (A003)
    assert found == [("A003", "F6"), ("G301", "H6"), ("G301", "H7"), ("G304", "L13"), ("R303", "J12"),
                     ("T002", "K12")]


def test_the_corpus_goal_text_is_never_read_from_the_indicator_header():
    fr = read(REAL / "目标表-区环境卫生管理所-城区环卫保洁服务-2025.xlsx")
    assert fr.cells["grids.goal.overall.annual"] == "绩效目标!B6"
    assert fr.data["grids"]["goal"]["overall"]["annual"].startswith("城区道路清扫保洁面积")


def test_a_result_that_is_not_a_number_is_said_with_its_own_column_name():
    assert result("详见附件", False) == ("详见附件", "实际完成值“详见附件”不是一个数值，按原文保留，该指标不计分")
    assert result("详见附件", False, "全年预计完成情况", scored=False) == ("详见附件", "全年预计完成情况“详见附件”不是一个数值，按原文保留")
    assert result("12台", False, "全年预计完成情况", scored=False) == (12, "")


@pytest.mark.parametrize("extra, message", [
    ("indicators:\n  choices:\n    likelihood: [确定能, 不可能]\n", "不可能 不是模板“完成目标可能性”的下拉选项"),
    ("indicators:\n  choices:\n    colour: [红]\n", "choices 有不认识的键：colour"),
    ("funds:\n  fallback: {budget: nowhere}\n", "funds.fallback 的 budget: nowhere"),
    ("month: '(\\d+)月'\n", "month 只用于有“监控月份”的表单"),
])
def test_a_wrong_monitoring_key_is_a_clear_chinese_spec_error(tmp_path, extra, message):
    folder = tmp_path / "版式"
    folder.mkdir()
    _write(folder, "national_self_eval", (LAYOUTS_DIR / "national_self_eval.yaml").read_text("utf-8"))
    _write(folder, "national_monitor", (LAYOUTS_DIR / "national_monitor.yaml").read_text("utf-8"))
    target = "national_self_eval" if extra.startswith("month") else "national_monitor"
    _write(folder, "shanxi_demo", f"id: shanxi_demo\nextends: {target}\ntitle: 某省监控表\ndetect:\n  - [某省]\n" + extra)
    with pytest.raises(SpecError, match=message):
        load_layouts(folder)
