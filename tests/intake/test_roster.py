"""The unit roster: CSV (UTF-8 with BOM, GBK) and xlsx, header synonyms, matching, and the errors a clerk sees."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from jixiao.intake.roster import DEFAULT_FORMS, Roster, RosterError, Unit, load_roster

HEADER = ["单位编码", "单位名称", "主管部门", "主管部门编码", "联系邮箱", "应报表单"]
ROWS = [
    ["101001", "城东区第一小学", "城东区教育局", "101", "yixiao@cd.edu.cn", "项目支出绩效自评表"],
    ["101002", "城东区第二小学", "城东区教育局", "101", "erxiao@cd.edu.cn;Office@cd.edu.cn", "project_self_eval"],
    ["101003", "城东区实验中学", "城东区教育局", "101", "shiyan@cd.edu.cn，zhang@cd.edu.cn", ""],
    ["101004", "城东区教师进修学校", "城东区教育局", "101", "", "项目支出绩效自评表、项目支出绩效目标申报表"],
    ["102001", "城东区人民医院", "城东区卫生健康委员会", "102", "yiyuan@cd.gov.cn", "项目支出绩效自评表"],
    ["102002", "城东区疾病预防控制中心", "城东区卫生健康委员会", "102", "cdc@cd.gov.cn", "项目支出绩效自评表"],
    ["102003", "城东区妇幼保健院", "城东区卫生健康委员会", "102", "fuyou@cd.gov.cn", "项目支出绩效自评表"],
    ["103001", "城东区环境卫生管理所", "城东区城市管理局", "103", "huanwei@cd.gov.cn", "项目支出绩效自评表"],
    ["103002", "城东区市政设施养护中心", "城东区城市管理局", "103", "shizheng@cd.gov.cn", "项目支出绩效自评表"],
    ["103003", "城东区城市管理局（本级）", "城东区城市管理局", "103", "office@cd.edu.cn", "项目支出绩效自评表"],
]


def write_csv(path, rows, encoding, header=HEADER, title=None):
    lines = ([title] if title else []) + [",".join(header)] + [",".join(r) for r in rows]
    text = "\n".join(lines) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path, rows, header=HEADER):
    wb = Workbook()
    ws = wb.active
    ws.append(["2026年度项目支出绩效自评报送名册"])
    ws.append(["填报说明：单位编码为必填项"])
    ws.append(header)
    for r in rows:
        ws.append([int(r[0])] + r[1:])         # codes typed as numbers, as clerks do
    wb.save(path)
    return path


def quote(rows):
    """Quote fields that hold commas or semicolons the way Excel's CSV export does."""
    return [[f'"{c}"' if ("," in c or ";" in c) else c for c in r] for r in rows]


@pytest.fixture(params=["utf-8-sig", "gbk", "xlsx"])
def roster(request, tmp_path) -> Roster:
    if request.param == "xlsx":
        return load_roster(write_xlsx(tmp_path / "名册.xlsx", ROWS))
    return load_roster(write_csv(tmp_path / "名册.csv", quote(ROWS), request.param))


def test_loads_every_variant_the_same(roster):
    assert [u.code for u in roster.units] == [r[0] for r in ROWS]
    assert roster.departments() == ["城东区卫生健康委员会", "城东区城市管理局", "城东区教育局"]
    u = roster.by_code("101002")
    assert u == Unit("101002", "城东区第二小学", "城东区教育局", "101", ["erxiao@cd.edu.cn", "office@cd.edu.cn"],
                     ["project_self_eval"], True)
    assert roster.by_code("101003").emails == ["shiyan@cd.edu.cn", "zhang@cd.edu.cn"]
    assert roster.by_code("101003").forms == list(DEFAULT_FORMS)
    assert roster.by_code("101003").forms_explicit is False
    assert roster.by_code("101004").forms == ["project_self_eval", "project_goal"]
    assert roster.warnings == []


def test_match_code_then_name_then_normalised_name(roster):
    assert roster.match("102001", None).name == "城东区人民医院"
    assert roster.match("999999", "城东区人民医院").code == "102001"            # wrong code, exact name
    assert roster.match(None, " 城东区 人民医院\u3000").code == "102001"         # whitespace and 全角 space
    assert roster.match(None, "城东区城市管理局(本级)").code == "103003"          # half-width brackets
    assert roster.match(None, "城东区人民医") is None                            # never fuzzy
    assert roster.match(None, None) is None
    assert roster.match("102001", "城东区第一小学").code == "102001"             # the code wins


def test_by_email(roster):
    assert [u.code for u in roster.by_email("CDC@cd.gov.cn")] == ["102002"]
    assert [u.code for u in roster.by_email("疾控 <cdc@CD.gov.cn>")] == ["102002"]
    assert sorted(u.code for u in roster.by_email("office@cd.edu.cn")) == ["101002", "103003"]
    assert roster.by_email("nobody@x.cn") == [] and roster.by_email(None) == []


def test_header_synonyms_and_default_forms(tmp_path):
    header = ["单位代码", "预算单位", "主管单位", "Email", "报送表单"]
    rows = [["1", "甲单位", "甲部门", "a@x.cn", ""], ["2", "乙单位", "乙部门", "b@x.cn", "绩效评价指标体系及分析工作底稿"]]
    path = write_csv(tmp_path / "r.csv", rows, "utf-8", header=header, title="名册（2026年）")
    roster = load_roster(path, default_forms=["项目支出绩效运行监控表"])
    assert roster.by_code("1").forms == ["project_monitor"]
    assert roster.by_code("2").forms == ["evaluation"]
    assert roster.by_code("1").department_code == ""


def test_ambiguous_name_is_not_matched(tmp_path):
    rows = [["1", "办公室", "甲部门", "", ""], ["2", "办公室", "乙部门", "", ""]]
    roster = load_roster(write_csv(tmp_path / "r.csv", rows, "utf-8", header=HEADER[:3] + HEADER[4:]))
    assert roster.match(None, "办公室") is None
    assert roster.match("2", "办公室").department == "乙部门"


def test_missing_column_names_what_it_looked_for_and_found(tmp_path):
    path = write_csv(tmp_path / "r.csv", [["1", "甲单位", "a@x.cn"]], "utf-8", header=["单位编码", "单位名称", "邮箱"])
    with pytest.raises(RosterError) as e:
        load_roster(path)
    msg = str(e.value)
    assert "主管部门" in msg and "主管单位" in msg                 # what it looked for, with synonyms
    assert "第1行" in msg and "单位编码、单位名称、邮箱" in msg     # what it found


def test_duplicate_codes(tmp_path):
    rows = [["1", "甲", "部门", "", ""], ["2", "乙", "部门", "", ""], ["1", "丙", "部门", "", ""]]
    with pytest.raises(RosterError, match=r"单位编码重复：1（第2、4行）"):
        load_roster(write_csv(tmp_path / "r.csv", rows, "utf-8", header=HEADER[:3] + HEADER[4:]))


def test_empty_files(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(RosterError, match="为空"):
        load_roster(tmp_path / "empty.csv")
    with pytest.raises(RosterError, match="没有单位"):
        load_roster(write_csv(tmp_path / "head.csv", [], "utf-8"))
    with pytest.raises(RosterError, match="未找到名册文件"):
        load_roster(tmp_path / "nope.csv")


def test_blank_codes_warn_unless_all_blank(tmp_path):
    rows = [["", "甲", "部门", "", ""], ["2", "乙", "部门", "", ""], ["", "", "", "", ""]]
    roster = load_roster(write_csv(tmp_path / "r.csv", rows, "utf-8", header=HEADER[:3] + HEADER[4:]))
    assert [u.code for u in roster.units] == ["2"]
    assert roster.warnings == ["第2行单位编码为空，已跳过（单位名称：甲）"]
    with pytest.raises(RosterError, match="单位编码均为空"):
        load_roster(write_csv(tmp_path / "b.csv", [rows[0]], "utf-8", header=HEADER[:3] + HEADER[4:]))


def test_unknown_form_and_bad_email(tmp_path):
    rows = [["1", "甲", "部门", "not-an-email", "项目支出绩效自评表"]]
    roster = load_roster(write_csv(tmp_path / "r.csv", rows, "utf-8", header=HEADER[:3] + HEADER[4:]))
    assert roster.units[0].emails == [] and "not-an-email" in roster.warnings[0]
    rows[0][4] = "年度总结表"
    with pytest.raises(RosterError, match="第2行.*年度总结表"):
        load_roster(write_csv(tmp_path / "r.csv", rows, "utf-8", header=HEADER[:3] + HEADER[4:]))


def test_unsupported_format(tmp_path):
    (tmp_path / "r.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(RosterError, match=r"\.xlsx"):
        load_roster(tmp_path / "r.xls")
