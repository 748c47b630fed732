"""What goes to a unit is grouped by cause (report/causes.py): one structural mistake is one item with its fix, and no
internal name, formula or bureau folder reaches the unit; the bureau's own outputs keep every finding."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from jixiao.batch import check_paths, write_check_folder
from jixiao.intake.roster import load_roster
from jixiao.report import render_letter
from jixiao.report.causes import CAUSES, cause_summary, row_ranges, unit_items
from jixiao.report.model import sent_name, unit_origin
from jixiao.rules.finding import FileReport, Finding

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
MAILS = {       # the sample defects (samples/README.md) that show each cause, and mail-level findings
    "rows_inserted": "068 【绩效自评】区实验小学2025年度项目支出绩效自评表（学生资助补助资金）.eml",
    "sheet_renamed": "064 【绩效自评】区养老服务指导中心2025年度项目支出绩效自评表（城乡低保资金）.eml",
    "formula_input": "112 【绩效自评】区建设工程质量安全监督站2025年度项目支出绩效自评表（保障性住房建设项目）.msg",
    "no_attachment": "042 【绩效自评】区殡葬管理所2025年度项目支出绩效自评表（社区居家养老服务补贴）.msg",
    "too_deep": "002 【绩效自评】区交通运输综合行政执法大队2025年度项目支出绩效自评表（公交运营补贴）.eml",
    "mbox": "收件箱导出.mbox",                     # 邮件#6: formula_typed (总分 typed over as 99)
}
NUMBERED = re.compile(r"^\d+\.【", re.M)
# what never reaches a unit: defined names, cell ids, formulas, form/profile ids, the bureau's folders
INTERNAL = re.compile(r"JX_\w+|定义名称|=[A-Z]+\(|=\d+[+*/-]|\b[a-z]+(?:_[a-z]+)+\b|(?<![@.\w])[a-z]+\.[a-z_]+\.[a-z_]+|inbox/|samples/"
                      r"|收件箱导出\.mbox|邮件#\d")


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    inbox = tmp_path_factory.mktemp("inbox")
    for name in MAILS.values():
        shutil.copy(SAMPLES / "inbox" / name, inbox / name)
    work, out = tmp_path_factory.mktemp("work"), tmp_path_factory.mktemp("out") / "审核结果"
    batch = check_paths([inbox], work, roster=load_roster(SAMPLES / "名册.xlsx"), workers=2)
    write_check_folder(batch, out, work_dirs=[work], bureau="某某区财政局")
    return batch, out


def _report(batch, key: str, contains: str = "") -> FileReport:
    mail = MAILS[key].split(" ")[0] if key != "mbox" else "收件箱导出.mbox"
    return next(fr for fr in batch.files if mail in fr.facts.get("origin", "") and contains in fr.facts.get("origin", ""))


def _feedback_rows(out: Path, fr: FileReport, batch) -> list[tuple]:
    from jixiao.batch.folder import stems
    ws = load_workbook(out / "反馈表" / f"{stems(batch)[id(fr)]}.xlsx")["需修改事项"]
    return [r for r in ws.iter_rows(min_row=9, values_only=True) if r[0] is not None]


def test_rows_inserted_is_one_item_with_its_fix(checked):
    batch, out = checked
    fr = _report(batch, "rows_inserted")
    codes = [f.code for f in fr.findings]
    assert len(codes) == 35 and set(codes) == {"S006", "S007", "S008"}     # the facts, as the bureau keeps them
    letter = render_letter(fr, batch.unit_of(fr))
    assert len(NUMBERED.findall(letter)) == 1, letter
    assert "「自评表」的绩效指标表中插入或删除了行" in letter and "第44—47行" in letter
    assert "请在下发的模板中重新填写" in letter and "按上述意见修改后重新报送" in letter
    assert "须修改的问题1项" in letter and "建议" not in letter.split("具体意见")[0]
    assert not INTERNAL.search(letter), INTERNAL.search(letter)
    rows = _feedback_rows(out, fr, batch)
    assert len(rows) == 1 and rows[0][1] == "强制" and rows[0][3] == "第44—47行" and rows[0][9] == "S006、S007、S008"
    assert rows[0][4] == "表格结构被改动"
    # the bureau keeps every finding: 问题明细 and the JSON
    detail = load_workbook(out / "审核汇总.xlsx", read_only=True)["问题明细"]
    mine = [r for r in detail.iter_rows(values_only=True) if r and r[2] == fr.file]
    assert len(mine) == 35 and any("JX_weight_total" in str(r) for r in mine)
    row = next(r for r in json.loads((out / "审核结果.json").read_text("utf-8"))["files"] if r["file"] == fr.file)
    assert len(row["findings"]) == 35


def test_a_renamed_sheet_explains_the_missing_unit_code(checked):
    batch, _ = checked
    fr = _report(batch, "sheet_renamed")
    assert {f.code for f in fr.findings} == {"S005", "X005"}
    (item,) = unit_items(fr)
    assert item.cause == "sheet" and item.codes == ["S005", "X005"]
    assert "工作表「自评表」被改名或删除" in item.text and "读不到单位编码" in item.text and "改回「自评表」" in item.text


def test_a_formula_typed_over_is_one_item_with_value_and_rule(checked):
    batch, _ = checked
    fr = next(fr for fr in batch.files if "邮件#6 " in fr.facts.get("origin", ""))
    assert {f.code for f in fr.findings} == {"S009", "A005"}
    (item,) = unit_items(fr)
    assert item.cause == "overwritten" and item.cell == "C45" and item.value == 99 and item.expected == 94.22
    assert "「自评表」C45（总分）应由表格自动计算，现被改写为数值 99（按规则应为 94.22）" in item.text
    assert "在原文件中逐项修改" in render_letter(fr)           # copying the formula back fixes the file sent


def test_a_formula_in_an_input_cell_is_not_quoted_back(checked):
    batch, _ = checked
    fr = _report(batch, "formula_input")
    letter = render_letter(fr)
    assert letter.startswith("审核通过通知") and "G14（绩效指标/第1行/实际完成值）中录入的是公式" in letter
    assert not INTERNAL.search(letter) and "=4+5" not in letter


def test_letters_and_feedback_name_files_as_the_unit_sent_them(checked):
    batch, out = checked
    texts = [p.read_text("utf-8-sig") for p in (out / "退回意见").iterdir()]
    assert texts and not any(INTERNAL.search(t) for t in texts), [INTERNAL.search(t) for t in texts if INTERNAL.search(t)]
    for p in (out / "反馈表").iterdir():
        ws = load_workbook(p)["需修改事项"]
        shown = " ".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None)
        assert not INTERNAL.search(shown), (p.name, INTERNAL.search(shown))
    fr = _report(batch, "rows_inserted")
    assert sent_name(fr) == "附件1：学生资助补助资金绩效自评表.xlsx"            # no 「附件 」 step label, no folders
    assert "（文件：附件1：学生资助补助资金绩效自评表.xlsx）" in render_letter(fr)
    empty = _report(batch, "no_attachment")
    assert f"【提示】邮件 {MAILS['no_attachment']}：邮件没有附件" in render_letter(empty)       # the mail, not its folder
    names = sorted(p.name for p in (out / "反馈表").iterdir())
    assert "101003-区实验小学-附件1：学生资助补助资金绩效自评表.xlsx" in names


def test_consolidation_gives_the_cause_not_the_defined_names(checked):
    batch, _ = checked
    why = cause_summary(_report(batch, "rows_inserted"), {"S005", "S006", "S007"})
    assert why.startswith("「自评表」的绩效指标表中插入或删除了行") and "JX_" not in why and "请在下发" not in why


# ---- the rules of grouping, without a check ----------------------------------------------------------------------
def FR(*findings, form="project_self_eval") -> FileReport:
    return FileReport("x.xlsx", list(findings), form, "101001", "某单位", facts={"origin": "收件箱/x.xlsx"})


def test_one_header_edited_in_place_is_not_called_inserted_rows():
    fr = FR(Finding("S006", sheet="自评表", cell="G13", detail="表头应为「实际完成值」，实为「完成值」"))
    (item,) = unit_items(fr)
    assert item.cause == "header_text" and "G13 应为「实际完成值」" in item.text and "插入" not in item.text


def test_rows_inserted_above_the_table_and_moved_names_alone():
    rows = [Finding("S006", sheet="自评表", cell=f"{c}{r}") for r in (13, 14) for c in "ABC"]
    (item,) = unit_items(FR(*rows))
    assert "「自评表」第12行以下插入" in item.text and "第13—14行" in item.text
    (item,) = unit_items(FR(Finding("S007", detail="定义名称 JX_grade 应指向 自评表!F45，实际指向 自评表!F47")))
    assert item.cause == "layout" and "表格中插入或删除了行列" in item.text and "JX_" not in item.text


def test_findings_no_cause_explains_stay_one_by_one():
    g = Finding("G104", sheet="自评表", cell="M15", label="产出指标/数量指标/培训人次")
    s9 = [Finding("S009", sheet="自评表", cell=c, label="得分", value=5) for c in ("L14", "L15", "L16", "L17")]
    a6 = Finding("A006", sheet="自评表", cell="L14", label="得分", value=5, expected=4)
    items = unit_items(FR(g, *s9, a6))
    assert [i.cause for i in items] == ["overwritten", ""] and items[1].findings == [g]
    over = items[0]
    assert over.cell == "L14、L15、L16 等 4 处" and len(over.findings) == 5 and over.value is None


def test_causes_are_declared_once_and_name_real_rules():
    from jixiao.rules.registry import RULES
    assert len({c.key for c in CAUSES}) == len(CAUSES)
    assert all(code in RULES for c in CAUSES for code in (*c.codes, *c.absorbs, *c.role_codes))


def test_row_ranges_and_unit_origin():
    assert row_ranges([20, 12, 13, 14, 16]) == "第12—14行、第16行、第20行"
    assert unit_origin("inbox/012 报送.eml › 附件 打包.zip › 教育局/自评表.xlsx", "自评表报送") == \
        "邮件“自评表报送”的附件 打包.zip › 自评表.xlsx"
    assert unit_origin("/srv/财政局/收件箱/自评表.xlsx") == "自评表.xlsx"
    assert unit_origin("收件箱导出.mbox › 邮件#3") == "邮件"


# ---- ids → the names a clerk knows ---------------------------------------------------------------------------------
def test_the_bureau_workbook_shows_names_not_ids(checked):
    from jixiao.spec.loader import form_ids, profile_ids
    _, out = checked
    ids = re.compile(r"(?<![\w@.])(" + "|".join(sorted({*form_ids(), *profile_ids()}, key=len, reverse=True)) + r")(?!\w)")
    wb = load_workbook(out / "审核汇总.xlsx", read_only=True)
    seen = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, str) and ids.search(v) and ws.title != "问题明细":    # 问题明细 keeps the facts
                    seen.setdefault(ws.title, v)
    assert not seen, seen
    info = {r[0]: r[1] for r in wb["说明"].iter_rows(min_row=3, values_only=True)}
    assert info["政策口径"] == "全国通用"
    doc = json.loads((out / "审核结果.json").read_text("utf-8"))
    assert doc["profile_id"] == "national" and {r["form_id"] for r in doc["files"]} >= {"project_self_eval"}


def test_a_non_template_file_is_noted_by_its_layouts_title():
    from jixiao.report.model import layout_id, layout_title
    fr = FileReport("x.xlsx", [], "project_self_eval", facts={"origin": "x.xlsx", "layout": "national_self_eval"})
    from jixiao.report.model import BatchReport
    assert BatchReport([fr]).note_of(fr) == "非模板（按版式“项目支出绩效自评表（财预〔2020〕10号 附1 样式）”读取）"
    assert layout_id(layout_title("sichuan_2023")) == "sichuan_2023" and layout_id("sichuan_2023") == "sichuan_2023"


def test_the_consolidations_exclusion_list_gives_the_cause(checked):
    from jixiao.consolidate import consolidate
    _, out = checked
    c = consolidate([out], load_roster(SAMPLES / "名册.xlsx"), form="项目支出绩效自评表")
    (layout,) = [i.finding for i in c.issues if i.finding.code == "C010" and "区实验小学" in i.finding.file]
    assert "原因：「自评表」的绩效指标表中插入或删除了行" in layout.message and "JX_" not in layout.message
