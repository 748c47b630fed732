"""Batch reconciliation, the bureau summary (xlsx/JSON/CSV), per-unit feedback workbooks and return letters."""

from __future__ import annotations

import hashlib
import json
import re
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from jixiao.intake.roster import DEFAULT_FORMS, Roster, Unit, load_roster, resolve_form
from jixiao.batch import reconcile
from jixiao.report import render_letter, write_csv, write_feedback, write_json, write_letter, write_summary
from jixiao.report.summary import TABLES
from jixiao.rules.finding import FileReport, Finding
from jixiao.rules.registry import RULES, Rule

INJECT = '=HYPERLINK("http://x","点击")'
NOW = datetime(2026, 3, 6, 9, 0, 0)
SE = "project_self_eval"


@pytest.fixture(scope="module", autouse=True)
def test_rules():
    """Test-only rules, removed again so the real catalogue is untouched."""
    made = [Rule("G901", "强制", "得分超过分值", "测试", "得分{value}超过分值{expected}"),
            Rule("G902", "提示", "得分低于分值未说明原因", "测试", "得分低于分值，须填写偏差原因分析及改进措施"),
            Rule("G903", "建议", "建议补充", "测试", "{detail}"),
            Rule("B901", "强制", "无法识别表单", "测试", "无法识别该文件对应的表单，请使用统一下发的模板")]
    loaded = RULES._load()                    # the catalogue is data; tests add to the loaded copy and take it back
    loaded.update({r.code: r for r in made})
    yield made
    for r in made:
        loaded.pop(r.code, None)


def F(code, sheet="自评表", cell="L14", label="产出指标/数量指标/培训人次", **kw) -> Finding:
    return Finding(code, sheet=sheet, cell=cell, label=label, **kw)


def FR(name, findings=(), form=SE, code=None, unit=None, date=None, sender="", **kw) -> FileReport:
    facts = {"origin": f"inbox.mbox#{name}", "sender": sender, "date": date, "subject": f"报送 {name}",
             "sha256": hashlib.sha256(name.encode()).hexdigest()}
    return FileReport(f"{name}.xlsx", list(findings), form, code, unit, facts=facts, **kw)


ROSTER = [("101001", "城东区第一小学", "城东区教育局"), ("101002", "城东区第二小学", "城东区教育局"),
          ("101003", "城东区实验中学", "城东区教育局"), ("101004", "城东区教师进修学校", "城东区教育局"),
          ("102001", "城东区人民医院", "城东区卫生健康委员会"), ("102002", "城东区疾病预防控制中心", "城东区卫生健康委员会"),
          ("102003", "城东区妇幼保健院", "城东区卫生健康委员会"), ("103001", "城东区环境卫生管理所", "城东区城市管理局"),
          ("103002", "城东区市政设施养护中心", "城东区城市管理局"), ("103003", "城东区城市管理局（本级）", "城东区城市管理局")]


def roster_rows() -> list[list[str]]:
    forms = {"101004": "项目支出绩效自评表、项目支出绩效目标申报表", "103003": ""}     # 103003: the default forms
    return [[c, n, d, f"u{c}@cd.gov.cn", forms.get(c, "项目支出绩效自评表")] for c, n, d in ROSTER]


def make_roster(tmp_path=None, kind="memory") -> Roster:
    """The roster as the bureau keeps it: a CSV in UTF-8 with BOM or GBK, or a workbook."""
    header = ["单位编码", "单位名称", "主管部门", "联系邮箱", "应报表单"]
    if kind == "memory":
        return Roster([Unit(c, n, d, "", [e], [resolve_form(f) for f in fs.split("、")] if fs else list(DEFAULT_FORMS),
                            bool(fs)) for c, n, d, e, fs in roster_rows()])
    if kind == "xlsx":
        wb = Workbook()
        wb.active.append(["城东区2025年度项目支出绩效自评报送名册"])
        for row in [header] + roster_rows():
            wb.active.append(row)
        wb.save(tmp_path / "名册.xlsx")
        return load_roster(tmp_path / "名册.xlsx")
    text = "\n".join(",".join(r) for r in [header] + roster_rows()) + "\n"
    (tmp_path / "名册.csv").write_bytes(text.encode(kind))
    return load_roster(tmp_path / "名册.csv")


@pytest.fixture(params=["utf-8-sig", "gbk", "xlsx"])
def scenario(request, tmp_path):
    files = {
        "u1_old": FR("u1_old", [F("G901", value=12, expected=10)], code="101001", date="2026-03-01T09:00:00+08:00"),
        "u1_new": FR("u1_new", [F("G902")], code="101001", date="2026-03-03T10:00:00+08:00"),
        "u2": FR("u2", [], code="101002", date="2026-03-02T08:00:00+08:00", total_score=92.5, grade="优"),
        "u3": FR("u3", [F("G903", detail="建议补充佐证材料")], unit="城东区 实验中学\u3000", date="2026-03-02"),
        "u4": FR("u4", [], form="project_goal", code="101004", date="2026-03-02"),
        "u5": FR("u5", [F("B901", sheet="", cell="", label="")], form=None, code="102001"),
        "u6": FR("u6", [F("G902", cell="L15", value="+1+1"), F("G901", cell="L16", value="#N/A", expected=10),
                        F("G903", cell="C3", value="-5", detail="@SUM(1)\x07")], sender="疾控 <u102002@cd.gov.cn>",
                 date="Tue, 03 Mar 2026 09:30:00 +0800"),
        "u7_a": FR("u7_a", [F("G901", value=1, expected=0)], code="102003"),
        "u7_b": FR("u7_b", [], code="102003"),
        "stranger": FR("stranger", [F("G903", detail="建议核对")], code="999001", unit=INJECT,
                       date="2026-03-04T12:00:00+08:00", sender="who@qq.com"),
    }
    roster = make_roster(tmp_path, request.param)
    assert roster == make_roster()
    batch = reconcile(list(files.values()), roster, expected_forms=["项目支出绩效自评表"], now=NOW)
    return files, batch


def rows_of(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_reconcile(scenario):
    files, b = scenario
    assert [(u.code, f) for u, f in b.missing] == [("102001", SE), ("103001", SE), ("103002", SE), ("103003", SE),
                                                    ("101004", SE)]
    assert b.superseded == [(files["u1_old"], files["u1_new"]), (files["u7_a"], files["u7_b"])]
    assert b.note_of(files["u1_old"]) == "已被 inbox.mbox#u1_new 替代"
    assert [(fr.file, why) for fr, why in b.wrong_form] == [("u4.xlsx", "非该单位应报表单：项目支出绩效目标申报表"),
                                                           ("u5.xlsx", "无法识别表单")]
    assert b.unit_of(files["u6"]).code == "102002" and b.unit_of(files["u3"]).code == "101003"
    assert b.unit_of(files["stranger"]) is None and b.note_of(files["stranger"]) == "名册中未找到该单位"
    assert b.status_of(files["u1_old"]) == "已被替代" and b.status_of(files["u1_new"]) == "提示"
    t = b.totals
    assert (t["files"], t["current_files"], t["superseded"], t["missing"], t["units_missing"]) == (10, 8, 2, 5, 5)
    assert t["units_due"] == 10 and t["units_complete"] == 5 and t["unmatched_files"] == 1


def test_summary_workbook(scenario, tmp_path):
    files, b = scenario
    path = write_summary(b, tmp_path / "out" / "汇总.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["汇总", "未报送", "问题明细", "按规则统计", "文件清单", "说明"]
    for name, (cols, _) in TABLES.items():
        assert wb[name]["A1"].value == f"预算绩效材料审核汇总（2026-03-06）——{name}"       # title row, then headers
        assert [c.value for c in wb[name][2]] == [head for _, head, _ in cols]
        assert wb[name].freeze_panes == "A3" and wb[name].print_title_rows == "$2:$2"
    assert [c.value for c in wb["汇总"][2]][:14] == ["单位编码", "单位名称", "主管部门", "报送状态", "报送文件数", "强制数",
                                                   "提示数", "建议数", "总分", "等级", "最近报送时间", "发件人", "未报表单",
                                                   "文件"]
    summary = {r[0]: r for r in rows_of(wb["汇总"])[2:]}
    status = {code: r[3] for code, r in summary.items()}
    assert status == {"102001": "未报送", "102002": "强制", "102003": "通过", "103001": "未报送", "103002": "未报送",
                      "103003": "未报送", "101001": "提示", "101002": "通过", "101003": "建议", "101004": "未报送",
                      "999001": "建议"}
    assert list(summary)[-1] == "999001" and summary["999001"][2] == "（名册外）"
    assert summary["101001"][4:8] == [2, 0, 1, 0]                  # 2 files sent; counts from the current one
    assert summary["101002"][8:10] == [92.5, "优"]
    assert summary["101001"][10] == datetime(2026, 3, 3, 10, 0)
    assert summary["101004"][12] == "项目支出绩效自评表"
    missing = rows_of(wb["未报送"])[2:]
    assert [r[0] for r in missing] == ["102001", "103001", "103002", "103003", "101004"]
    assert missing[0][3:] == ["项目支出绩效自评表", "u102001@cd.gov.cn"]         # the form's title, never its id
    detail = wb["问题明细"]
    assert detail.max_row - 2 == sum(len(fr.findings) for fr in files.values())
    assert detail.auto_filter.ref == f"A2:P{detail.max_row}"
    assert detail.print_area == f"'问题明细'!$A$1:$O${detail.max_row}"            # 来源 (P) is not printed
    listing = rows_of(wb["文件清单"])[2:]
    assert len(listing) == len(b.files) == 10
    assert sorted(r[1] for r in listing) == sorted(fr.file for fr in b.files)
    assert {r[1]: r[2] for r in listing}["u1_old.xlsx"] == "已被替代"
    rules = rows_of(wb["按规则统计"])[2:]
    assert rules == [["B901", "无法识别表单", "强制", 1, 1], ["G901", "得分超过分值", "强制", 1, 1],
                     ["G902", "得分低于分值未说明原因", "提示", 2, 2], ["G903", "建议补充", "建议", 3, 3]]
    info = dict(rows_of(wb["说明"])[2:])
    assert info["生成时间"] == "2026-03-06 09:00:00" and info["政策口径"] == "全国通用"


def test_unit_text_stays_literal_text(scenario, tmp_path):
    files, b = scenario
    wb = load_workbook(write_summary(b, tmp_path / "s.xlsx"))
    seen = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if c.value in (INJECT, "+1+1", "#N/A", "-5", "@SUM(1)"):
                    seen[c.value] = c.data_type
    assert seen == {INJECT: "s", "+1+1": "s", "#N/A": "s", "-5": "s", "@SUM(1)": "s"}

    fb = load_workbook(write_feedback(files["stranger"], tmp_path / "f.xlsx"))["需修改事项"]
    assert (fb["C2"].value, fb["C2"].data_type) == (INJECT + "（999001）", "s")
    fb = load_workbook(write_feedback(files["u6"], tmp_path / "g.xlsx"))["需修改事项"]
    values = {c.value: c.data_type for row in fb.iter_rows() for c in row if c.value is not None}
    assert values["+1+1"] == values["#N/A"] == values["-5"] == "s"

    text = write_csv(b, tmp_path / "汇总.csv", "汇总").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(\"\"http://x\"\",\"\"点击\"\")" in text and ",=HYPERLINK" not in text
    text = write_csv(b, tmp_path / "明细.csv", "问题明细").read_text(encoding="utf-8-sig")
    assert ",'+1+1," in text and ",'-5," in text and ",'@SUM(1)," in text


def test_json(scenario, tmp_path):
    files, b = scenario
    a, c = write_json(b, tmp_path / "a.json"), write_json(b, tmp_path / "c.json")
    assert a.read_bytes() == c.read_bytes()                        # deterministic
    doc = json.loads(a.read_text(encoding="utf-8"))
    assert json.dumps(INJECT, ensure_ascii=False) in a.read_text(encoding="utf-8")   # not \u-escaped
    assert len(doc["files"]) == 10 and doc["totals"]["missing"] == 5
    assert sum(len(f["findings"]) for f in doc["files"]) == sum(len(fr.findings) for fr in files.values())
    assert [m["code"] for m in doc["missing"]] == ["102001", "103001", "103002", "103003", "101004"]
    assert doc["superseded"][0] == {"older": "inbox.mbox#u1_old", "newer": "inbox.mbox#u1_new"}
    first = next(f for f in doc["files"] if f["file"] == "u6.xlsx")["findings"][0]
    assert first["severity"] == "强制" and first["message"] == "「自评表」L16（产出指标/数量指标/培训人次）：得分#N/A超过分值10"
    assert doc["generated_at"] == "2026-03-06T09:00:00"


def test_feedback_workbook(scenario, tmp_path):
    files, b = scenario
    ws = load_workbook(write_feedback(files["u6"], tmp_path / "fb.xlsx", b.unit_of(files["u6"]),
                                      deadline_days=7))["需修改事项"]
    assert [ws.cell(r, 1).value for r in range(2, 7)] == ["报送单位", "报送文件", "收到时间", "审核结果", "处理要求"]
    assert ws["C2"].value == "城东区疾病预防控制中心（102002）"
    assert ws["C4"].value == "2026-03-03 09:30"
    assert ws["C5"].value == "强制（强制1项、提示1项、建议1项）"
    assert "于7日内重新报送" in ws["C6"].value and "偏差原因分析及改进措施" in ws["C6"].value
    table = rows_of(ws)[7:]
    assert table[0] == ["序号", "严重程度", "工作表", "单元格", "项目", "问题说明", "填报值",
                        "应为", "差额", "规则编号"]
    assert [(r[0], r[1], r[3], r[9]) for r in table[1:]] == [(1, "强制", "L16", "G901"), (2, "提示", "L15", "G902"),
                                                            (3, "建议", "C3", "G903")]
    assert ws.freeze_panes == "A9" and ws.auto_filter.ref == "A8:J11"
    ok = load_workbook(write_feedback(files["u2"], tmp_path / "ok.xlsx"))["需修改事项"]
    assert ok["C6"].value == "审核通过，无需修改。" and ok["A9"].value == "未发现问题。"


def _look(path) -> tuple:
    """A feedback workbook's content: every cell's value and style, merges, row heights, print area, filter, panes."""
    ws = load_workbook(path)["需修改事项"]
    return ([(c.coordinate, c.value, *map(repr, (c.font, c.fill, c.border, c.alignment))) for row in ws.iter_rows()
             for c in row],
            sorted(map(str, ws.merged_cells.ranges)), {r: d.height for r, d in ws.row_dimensions.items()},
            ws.print_area, ws.auto_filter.ref, ws.freeze_panes)


def _in_new_thread(fn):
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(fn).result()


def test_feedback_copies_alike(scenario, tmp_path):
    """Feedback workbooks are filled into one prepared workbook per thread: a copy written after others (other row
    counts, a fill not used before, a passed file's merged row) has exactly the content of a thread's first copy."""
    files, b = scenario
    u6 = files["u6"]

    def later():
        write_feedback(files["u1_old"], tmp_path / "a.xlsx")       # 强制 only
        write_feedback(files["u2"], tmp_path / "b.xlsx")           # nothing to change: 「未发现问题。」 merged
        return _look(write_feedback(u6, tmp_path / "later.xlsx", b.unit_of(u6)))

    first = _in_new_thread(lambda: _look(write_feedback(u6, tmp_path / "first.xlsx", b.unit_of(u6))))
    assert _in_new_thread(later) == first
    assert first[0][-9][3] != first[0][-19][3]                  # 提示 and 强制 filled differently


LETTER = """退回意见

城东区第一小学：

　　你单位于2026年3月5日报送的《项目支出绩效自评表》（文件：inbox.mbox#letter）已收到。经审核，发现须修改的问题1项、须修改或说明的问题1项、建议1项，现予退回。具体意见如下：

一、「自评表」
1.【强制】「自评表」L20（效益指标/社会效益指标/群众满意度）：得分12超过分值10。
2.【提示】「自评表」L14（产出指标/数量指标/培训人次）：得分低于分值，须填写偏差原因分析及改进措施。
二、「基本信息」
3.【建议】「基本信息」C5（联系电话）：建议填写手机号码以便联系。

　　请于收到本意见之日起5日内，在原文件中逐项修改后重新报送。提示类问题如确属实际情况，请在“偏差原因分析及改进措施”或备注中书面说明。
　　逐项明细另见随附的《需修改事项》。
　　如有疑问，请与XX区财政局联系。

XX区财政局
2026年3月6日
"""


def test_letter_exact(tmp_path):
    fr = FR("letter", [F("G902"), F("G903", sheet="基本信息", cell="C5", label="联系电话", detail="建议填写手机号码以便联系"),
                       F("G901", cell="L20", label="效益指标/社会效益指标/群众满意度", value=12, expected=10)],
            code="101001", date="2026-03-05T16:20:00+08:00")
    unit = make_roster().by_code("101001")
    assert render_letter(fr, unit, today=date(2026, 3, 6)) == LETTER
    path = write_letter(fr, tmp_path / "退回意见.txt", unit, today=date(2026, 3, 6))
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.decode("utf-8-sig") == LETTER.replace("\n", "\r\n")


def test_letter_approval_and_long_lists():
    ok = render_letter(FR("ok", [], code="101002"), today=date(2026, 3, 6))
    assert ok.startswith("审核通过通知\n") and "未发现问题，审核通过" in ok and "重新报送" not in ok
    advice = render_letter(FR("adv", [F("G903", detail="建议补充")]), contact="绩效科 张三 025-12345678")
    assert advice.startswith("审核通过通知") and "1.【建议】" in advice and "请联系绩效科 张三 025-12345678。" in advice
    many = [F("G902", sheet=f"表{i % 2}", cell=f"L{i + 10}", label=f"指标{i}" * 8) for i in range(60)]
    many += [F("G901", cell=f"M{i + 10}", value=i, expected=0) for i in range(5)]
    text = render_letter(FR("many", many, unit="某单位"), feedback_name="某单位-需修改事项.xlsx")
    numbered = [l for l in text.splitlines() if re.match(r"\d+\.【", l)]
    assert len(numbered) == 50 and numbered[-1].startswith("50.")
    listed = [i for i in range(60) if f"（{f'指标{i}' * 8}）：得分低于分值，须填写偏差原因分析及改进措施。" in text]
    assert len(listed) == 45                                                # listed items are never cut short
    assert "另有15项问题，按规则汇总如下（逐项明细见随附的《某单位-需修改事项.xlsx》）：" in text
    assert "· G902 得分低于分值未说明原因（提示）：15项" in text


def test_summary_memory_budget(tmp_path):
    """1,000 reports × 50 findings stream through write-only mode within a generous memory budget."""
    codes = ["G901", "G902", "G903"]
    units = [Unit(f"{i:06d}", f"单位{i}", f"部门{i % 30}", "", [f"u{i}@x.cn"], [SE], True) for i in range(1000)]
    files = [FR(f"u{i}", [F(codes[j % 3], cell=f"L{j + 10}", value=j, expected=100, difference=j - 100,
                           detail="建议补充佐证材料") for j in range(50)],
                code=f"{i:06d}", date=f"2026-03-01T10:{i % 60:02d}:00+08:00", total_score=85.5, grade="良")
             for i in range(1000)]
    start = time.perf_counter()
    tracemalloc.start()
    try:
        batch = reconcile(files, Roster(units), now=NOW)
        path = write_summary(batch, tmp_path / "big.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    print(f"\nwrite_summary 1,000 files × 50 findings: tracemalloc peak {peak / 2**20:.1f} MiB, "
          f"{time.perf_counter() - start:.0f} s (traced), {path.stat().st_size / 2**20:.1f} MiB on disk")
    assert peak < 400 * 2**20
