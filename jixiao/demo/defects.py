"""The planted defects of the sample inbox: one table row per defect — when it is applied, how, the codes it raises."""
from __future__ import annotations

import datetime
import io
import re
import struct
import zipfile
from dataclasses import dataclass
from typing import Callable
from unittest import mock

from openpyxl import Workbook
from openpyxl.styles import Border, PatternFill, Side

SELF, GOAL, MON = "project_self_eval", "project_goal", "project_monitor"
ZIP_TIME = (2026, 1, 1, 0, 0, 0)
REASON = "受招投标进度影响，部分任务延至次年完成；下一步将倒排工期、加强调度。"


@dataclass(frozen=True)
class Defect:
    kind: str                         # clean | sloppy | broken | mail
    note: str                         # what the unit did
    codes: tuple[str, ...] = ()       # rule codes the file must raise
    data: Callable | None = None      # (form data) → None: the values, before the template is filled
    book: Callable | None = None      # (openpyxl workbook, form, data) → workbook: before LibreOffice recalculates
    xml: Callable | None = None       # (xlsx bytes, form) → bytes: cells edited after recalculation
    raw: Callable | None = None       # (xlsx bytes, rng) → (bytes, suffix): the file replaced altogether
    form: str = SELF
    profile: str = "national"


# ---- form data: rows are found by what they are (the builder guarantees one of each) --------------------------------
ROW = {"count": lambda r: r.get("level2") == "数量指标" and "reason" not in r,      # quantity row, fully achieved
       "lost": lambda r: r.get("level2") == "数量指标" and "reason" in r,          # quantity row that lost points
       "pct": lambda r: r.get("unit") == "%" and r.get("nature") == "≥",
       "qual": lambda r: r.get("nature") == "定性" and r.get("tier") == "达成年度指标",
       "effect": lambda r: r.get("level1") == "效益指标" and r.get("nature") == "≥"}


def row(d, kind):
    return next(r for r in d["tables"]["indicators"] if ROW[kind](r))


def edit(kind, fn):          # fn(row) → dict of new values (None removes the key)
    def apply(d):
        r = row(d, kind)
        for k, v in fn(r).items():
            r.pop(k) if v is None else r.__setitem__(k, v)
    return apply


def gaps(*cells):            # (row index, key) left empty
    return lambda d: [d["tables"]["indicators"][i].pop(k) for i, k in cells]


def funds(fn):
    return lambda d: [r.update(executed=fn(r)) for r in d["grids"]["funds"].values()]


def without(level1):
    return lambda d: d["tables"].update(indicators=[r for r in d["tables"]["indicators"] if r["level1"] != level1])


def shift(output, effect=0):
    return lambda d: (row(d, "count").update(weight=row(d, "count")["weight"] + output),
                      row(d, "effect").update(weight=row(d, "effect")["weight"] + effect))


def poor(**fields):           # most ≥ rows at half their target, with reasons: total about 70, grade 中
    def apply(d):
        for r in d["tables"]["indicators"]:
            if r["nature"] == "≥":
                r.update(actual=round(r["target"] * 0.5), reason=REASON)
        d["fields"].update({k: v for k, v in fields.items() if v})
    return apply


def fiscal(**times):          # the monitor's 财政拨款 row: amounts as multiples of its budget (None: left empty)
    def apply(d):
        f = d["grids"]["funds"]["fiscal"]
        for k, x in times.items():
            f.pop(k) if x is None else f.__setitem__(k, round(f["budget"] * x, 2))
    return apply


def funds_rows(**values):    # the same values in every row of the monitor's fund table, the total row included
    return lambda d: [d["grids"]["funds"].setdefault(k, {}).update(values) for k in ("total", *d["grids"]["funds"])]


LAG = funds(lambda r: round(r["budget"] * 0.05, 2))        # 5% spent against a time progress of 2/12
RECTIFY = {"rectify_measures": "对未达标指标逐项制定整改措施，调整实施方案，6月底前完成整改。", "rectify_person": "张伟",
           "rectify_deadline": "2026-06-30"}
OVER = "超额完成主要因年中追加预算、服务需求增加，下一年度将据实调高指标值。"
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


# ---- workbook edits before recalculation --------------------------------------------------------------------------
def meta(key, value):
    def apply(wb, form, data):
        for a, b in wb["_jixiao"].iter_rows(max_col=2):
            b.value = value if a.value == key else b.value
        return wb
    return apply


def drop_meta(wb, form, data):
    del wb["_jixiao"]
    for name in [n for n in wb.defined_names if n.startswith("JX_meta")]:
        del wb.defined_names[name]
    return wb


def styled_rows(wb, form, data):
    ws, fill, side = wb.worksheets[0], PatternFill("solid", fgColor="FFF2CC"), Side(style="thin")
    for cells in ws.iter_rows(min_row=ws.max_row + 1, max_row=ws.max_row + 5000, max_col=14):
        for c in cells:
            c.fill, c.border = fill, Border(side, side, side, side)
    return wb


def typed_formula(wb, form, data):
    rows = data["tables"]["indicators"]
    i, a = rows.index(row(data, "count")), row(data, "count")["actual"]
    cell = form.cells[f"indicators[{i}].actual"]
    wb[cell.sheet][cell.coord] = f"={a // 2}+{a - a // 2}"
    return wb


def insert_rows(wb, form, data):
    """Two rows inserted inside the indicator table; the defined names move as Excel moves them."""
    t = form.tables["indicators"]
    at = t.first_row + 3
    wb[t.sheet].insert_rows(at, 2)
    for dn in wb.defined_names.values():
        if t.sheet in dn.attr_text.split("!")[0]:
            dn.attr_text = re.sub(r"\$(\d+)", lambda m: f"${int(m[1]) + 2 * (int(m[1]) >= at)}", dn.attr_text)
    return wb


def self_made(wb, form, data):
    own = Workbook()
    own.active.title = "自评情况"
    own.active.append(["序号", "项目名称", "年初预算（万元）", "执行数（万元）", "自评得分", "备注"])
    own.active.append([1, data["fields"]["project_name"], 120.5, 118.2, 96, "详见自评报告"])
    return own


# ---- the package after recalculation ------------------------------------------------------------------------------
def rezip(data: bytes, edits: dict | None = None, extra: dict | None = None) -> bytes:
    """The package rewritten with fixed timestamps (reproducible bytes); edits: part → fn(bytes) → bytes."""
    edits = dict(edits or {})
    edits.setdefault("docProps/core.xml", lambda x: re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                                                           rb"\g<1>2026-01-01T00:00:00Z", x))
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        parts = [(i.filename, zin.read(i)) for i in zin.infolist()] + list((extra or {}).items())
    return zip_bytes([(n, edits[n](b) if n in edits else b) for n, b in parts])


def zip_bytes(members: list[tuple[str, bytes | str]], gbk: frozenset = frozenset()) -> bytes:
    """A zip with fixed timestamps; names in gbk are stored as GBK bytes without the UTF-8 flag (Windows tools)."""
    out, swap = io.BytesIO(), {}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, (name, body) in enumerate(members):
            if name in gbk:                  # an ASCII placeholder of the same length, swapped for the GBK bytes below
                raw, name = name.encode("gbk"), f"~{i:0{len(name.encode('gbk')) - 1}d}"
                swap[name.encode()] = raw
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type, info.create_system = zipfile.ZIP_DEFLATED, 0
            zf.writestr(info, body)
    data = out.getvalue()
    for placeholder, raw in swap.items():
        data = data.replace(placeholder, raw)
    return data


def cells(changes: dict):
    """changes: cell id → fn(cell xml) → cell xml, applied to the recalculated sheet XML."""
    def apply(data: bytes, form) -> bytes:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            book, rels = z.read("xl/workbook.xml").decode(), z.read("xl/_rels/workbook.xml.rels").decode()
        edits = {}
        for cid, fn in changes.items():
            c = form.cells[cid]
            rid = re.search(rf'<sheet name="{c.sheet}"[^>]*r:id="(\w+)"', book)[1]
            part = "xl/" + re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels)[1]
            edits[part] = lambda x, before=edits.get(part, lambda x: x), ref=c.coord, fn=fn: re.sub(
                rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)'.encode(), lambda m: fn(m[0].decode()).encode(), before(x),
                count=1, flags=re.S)
        return rezip(data, edits)
    return apply


def typed(value):            # the formula replaced by the number the unit typed
    return lambda c: re.sub(r'(<c r="\w+"(?: s="\d+")?)[^>]*>.*</c>', rf'\1 t="n"><v>{value}</v></c>', c, flags=re.S)


def cached(fn):              # the cached result changed, the formula kept
    return lambda c: re.sub(r"<v>(.*?)</v>", lambda m: f"<v>{fn(m[1])}</v>", c, flags=re.S)


# ---- files that are not a usable workbook -------------------------------------------------------------------------
def ole(streams: dict) -> bytes:
    from extract_msg import OleWriter
    w, buf = OleWriter(), io.BytesIO()
    for name, payload in streams.items():
        w.addEntry(name, payload)
    w.write(buf)
    return buf.getvalue()


def biff(rtype, body=b""):
    return struct.pack("<HH", rtype, len(body)) + body


def encrypted(src, rng):
    from msoffcrypto.format.ooxml import OOXMLFile
    out = io.BytesIO()
    class Fixed(datetime.datetime):
        now = classmethod(lambda cls, tz=None: cls(2026, 1, 1))
    with mock.patch("msoffcrypto.method.ecma376_agile._random_buffer", rng.randbytes), \
            mock.patch("msoffcrypto.method.container.ecma376_encrypted.datetime", Fixed):    # seeded salts, fixed time
        OOXMLFile(io.BytesIO(src)).encrypt("123456", out)
    return out.getvalue(), ".xlsx"


def xlsm(src, rng):
    main = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    ct = lambda x: x.replace(main, b"application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(  # noqa: E731
        b"<Default ", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default ', 1)
    vba = ole({"VBA/ThisWorkbook": b'Attribute VB_Name = "ThisWorkbook"\r\nSub Auto_Open()\r\nEnd Sub\r\n'})
    return rezip(src, {"[Content_Types].xml": ct}, {"xl/vbaProject.bin": vba}), ".xlsm"


def xml_bomb(src, rng):
    lol = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    bomb = f'<?xml version="1.0"?><!DOCTYPE workbook [<!ENTITY l0 "lol">{lol}]><workbook>&l9;</workbook>'.encode()
    return rezip(src, {"xl/workbook.xml": lambda x: bomb}), ".xlsx"


def docx(src, rng):
    ct = ('<?xml version="1.0" encoding="UTF-8"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
          '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    doc = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
           '<w:t>项目支出绩效自评报告</w:t></w:r></w:p></w:body></w:document>')
    return zip_bytes([("[Content_Types].xml", ct), ("word/document.xml", doc)]), ".xlsx"


def pdf(src, rng):
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    body, xref = b"%PDF-1.4\n", ""
    for i, o in enumerate(objs, 1):
        xref += f"{len(body):010d} 00000 n \n"
        body += f"{i} 0 obj\n{o}\nendobj\n".encode()
    tail = f"xref\n0 4\n0000000000 65535 f \n{xref}trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n{len(body)}\n%%EOF\n"
    return body + tail.encode(), ".pdf"


# ---- the table ----------------------------------------------------------------------------------------------------
D, GRADES = Defect, {"优": "良", "良": "优", "中": "良", "差": "中"}
DEFECTS: dict[str, Defect] = {
    "clean": D("clean", "按填表说明如实填写，Excel 保存（带计算结果）"),
    "over_explained": D("clean", "完成值超过指标值 120%，已写明原因",
                        data=edit("count", lambda r: {"actual": round(r["target"] * 1.35), "reason": OVER})),
    "weights_shifted": D("clean", "一级指标分值调为产出 55、效益 25（合计仍为 100）", ("G108",), data=shift(5, -5)),
    "over_unexplained": D("clean", "完成值超过指标值 120%，未分析原因", ("G105",),
                          data=edit("count", lambda r: {"actual": round(r["target"] * 1.35)})),
    "low_flag": D("clean", "未超额完成却选了“指标值设定偏低：是”", ("G106",), data=edit("pct", lambda r: {"low": "是"})),
    "no_meta": D("clean", "内容复制到新建工作簿，模板标识页丢失", ("S002",), book=drop_meta),
    "foreign_meta": D("clean", "用了别处下发的同名模板（模板标识不同）", ("S003",), book=meta("form_id", "jxzp-2024")),
    "old_version": D("clean", "用了去年的模板", ("S004",), book=meta("spec_version", "2025.1")),
    "styled_rows": D("clean", "表格下方 5000 个空行设置了底色和边框", book=styled_rows),
    "formula_input": D("clean", "在实际完成值里输入公式“=a+b”", ("S008",), book=typed_formula),
    "sichuan": D("clean", "用了四川口径的模板，预算执行率低于 90% 未说明原因", ("G110",), profile="sichuan",
                 data=funds(lambda r: round(r["budget"] * 0.82, 2))),
    "goal_no_satisfaction": D("clean", "目标申报表未设满意度指标", ("G113",), form=GOAL, data=without("满意度指标")),
    "poor_rectified": D("clean", "等级为“中”，已填写整改措施、责任人和完成时限", data=poor(**RECTIFY)),
    "poor_no_person": D("clean", "等级为“中”，整改措施未写责任人", ("R512",), data=poor(**{**RECTIFY, "rectify_person": None})),
    "poor_no_measures": D("sloppy", "等级为“中”，未填写整改措施", ("R511",), data=poor()),
    "poor_no_deadline": D("sloppy", "等级为“中”，整改措施未写完成时限", ("R513",),
                          data=poor(**{**RECTIFY, "rectify_deadline": None})),
    "mon_amounts": D("clean", "监控表执行数、预计执行数超过全年预算，预计数小于已执行数", ("A301", "A302", "A303"), form=MON,
                     data=fiscal(executed=1.1, forecast=1.05)),
    "mon_optimistic": D("clean", "预计完不成指标，完成可能性仍选“确定能”", ("G302",), form=MON,
                        data=edit("count", lambda r: {"forecast": round(r["target"] * 0.8), "reason": "经费保障"})),
    "mon_funds_gaps": D("sloppy", "监控表漏填1—N月执行数和全年预计执行数", ("R301", "R302"), form=MON,
                        data=fiscal(executed=None, forecast=None)),
    "mon_lag": D("sloppy", "执行进度落后于时间进度，未选偏差原因", ("G301",), form=MON,
                 data=LAG),
    "mon_other_reason": D("sloppy", "偏差原因选“其他”但未说明", ("R303",), form=MON,
                          data=lambda d: (LAG(d), funds_rows(reason="其他")(d))),
    "mon_row_gaps": D("sloppy", "指标行漏填执行情况、预计完成情况、完成可能性", ("R304", "R305", "R306"), form=MON,
                      data=gaps((0, "actual"), (3, "forecast"), (4, "likelihood"))),
    "mon_text_values": D("sloppy", "执行情况写“约300”，预计完成写“1,200人”", ("T301", "T302"), form=MON,
                         data=edit("count", lambda r: {"actual": f"约{r['actual']}",
                                                       "forecast": f"{r['forecast']:,}{r['unit']}"})),
    "mon_deviation": D("sloppy", "完成可能性选“有可能”，未选偏差原因、未写纠偏措施", ("G303", "G304"), form=MON,
                       data=edit("count", lambda r: {"forecast": round(r["target"] * 0.8), "likelihood": "有可能"})),
    "mon_header_gaps": D("sloppy", "监控月份和年度总体目标未填", ("R001", "R307", "R309", "R310"), form=MON,
                         data=lambda d: (d["fields"].pop("month"), d["grids"].pop("goal"))),
    "mon_no_budget": D("sloppy", "未填全年预算数（调整后）", ("R308",), form=MON,
                       data=lambda d: [r.pop("budget") for r in d["grids"]["funds"].values()]),
    "mon_no_rows": D("sloppy", "监控表未填绩效指标", ("R311",), form=MON, data=lambda d: d["tables"].update(indicators=[])),
    "missing_reason": D("sloppy", "扣分指标未写偏差原因", ("G104",), data=edit("lost", lambda r: {"reason": None})),
    "weight_total": D("sloppy", "分值合计 105（等级无法得出）", ("G107", "G108", "G510"), data=shift(5)),
    "text_amount": D("sloppy", "执行数写成“1,234.50万元”", ("T001",), data=funds(lambda r: f"{r['executed']:,.2f}万元")),
    "pct_text": D("sloppy", "指标值写成“95%”", ("T103",), data=edit("pct", lambda r: {"target": f"{r['target']}%"})),
    "fullwidth": D("sloppy", "实际完成值用全角数字“５０”", ("T105",),
                   data=edit("count", lambda r: {"actual": str(r["actual"]).translate(FULLWIDTH)})),
    "placeholder_target": D("sloppy", "指标值保留占位符“**人”", ("T104",),
                            data=edit("count", lambda r: {"target": "**" + r["unit"]})),
    "placeholder_name": D("sloppy", "三级指标仍为“指标1”", ("T005",), data=edit("pct", lambda r: {"name": "指标1"})),
    "qual_band": D("sloppy", "定性指标选“达成”却只给一半分", ("G102",),
                   data=edit("qual", lambda r: {"manual": round(r["weight"] * 0.5, 1), "reason": REASON})),
    "score_over": D("sloppy", "定性得分高于分值", ("G103", "G102"), data=edit("qual", lambda r: {"manual": r["weight"] + 2})),
    "no_unit_code": D("sloppy", "未填单位编码（单位名称与名册一致）", ("R001", "X007"), data=lambda d: d["fields"].pop("unit_code")),
    "wrong_unit_name": D("sloppy", "单位名称写成简称", ("X003",),
                         data=lambda d: d["fields"].update(unit_name=d["fields"]["unit_name"].removeprefix("区"))),
    "code_typo": D("sloppy", "单位编码两位数字颠倒（名称正确）", ("X006",),
                   data=lambda d: d["fields"].update(unit_code=(c := d["fields"]["unit_code"])[:2] + c[3] + c[2]
                                                     + c[4:])),
    "level_mismatch": D("sloppy", "二级指标不属于所选一级指标", ("G101",),
                        data=edit("count", lambda r: {"level2": "社会效益指标"})),
    "nature_typed": D("sloppy", "指标性质手工输入“>=”", ("T102", "T002"), data=edit("pct", lambda r: {"nature": ">="})),
    "row_gaps": D("sloppy", "指标行漏选一级、二级指标，漏填名称", ("R101", "R102", "R103"),
                  data=gaps((2, "level1"), (3, "level2"), (4, "name"))),
    "value_gaps": D("sloppy", "指标行漏填指标性质、指标值、度量单位", ("R104", "R105", "R106"),
                    data=gaps((2, "nature"), (3, "target"), (0, "unit"))),
    "unscored": D("sloppy", "漏填分值和实际完成值", ("R108", "R109", "G109", "G107", "G510"),
                  data=lambda d: (gaps((2, "weight"))(d), edit("lost", lambda r: {"actual": None})(d))),
    "qual_blank": D("sloppy", "定性指标未选档次、未评分", ("R110", "R111", "G109"),
                    data=edit("qual", lambda r: {"tier": None, "manual": None})),
    "no_funds": D("sloppy", "项目资金全部未填", ("R112",), data=lambda d: d["grids"].pop("funds")),
    "no_project_name": D("sloppy", "未填项目名称", ("R001",), data=lambda d: d["fields"].pop("project_name")),
    "tier_typed": D("sloppy", "定性档次手工输入“基本达成”", ("T002",), data=edit("qual", lambda r: {"tier": "基本达成"})),
    "date_text": D("sloppy", "填报日期写成“2026.3.5”", ("T003",), data=lambda d: d["fields"].update(fill_date="2026.3.5")),
    "reason_too_long": D("sloppy", "偏差原因粘贴了整段报告（超过 500 字）", ("T004",),
                         data=edit("lost", lambda r: {"reason": (REASON * 20)[:620]})),
    "name_too_long": D("sloppy", "三级指标名称超过 100 字", ("T101",),
                       data=edit("count", lambda r: {"name": r["name"] + "（" + "含" * 110 + "）"})),
    "formula_typed": D("sloppy", "总分公式被改写为数值 99", ("S009", "A005"), xml=cells({"total_score": typed(99)})),
    "stale_cache": D("sloppy", "改了执行数但未重算（手动计算模式）", ("A001", "A002", "A003", "A005", "A007"),
                     xml=cells({"funds.fiscal.executed": cached(lambda v: round(float(v) * 0.7, 2))})),
    "edited_cache": D("sloppy", "得分和等级的计算结果被改动", ("A004", "A006"),
                      xml=cells({"indicators[0].score": cached(lambda v: float(v) + 1.5),
                                 "grade": cached(GRADES.get)})),
    "rows_inserted": D("sloppy", "在指标表中间插入了两行", ("S006", "S007"), book=insert_rows),
    "sheet_renamed": D("sloppy", "工作表被改名为“自评表 (2)”", ("S005", "X005"),
                       book=lambda wb, f, d: setattr(wb.worksheets[0], "title", "自评表 (2)") or wb),
    "self_made": D("sloppy", "没用模板，自制了一张表", ("S001",), book=self_made),
    "wrong_sender": D("sloppy", "从个人邮箱发送", ("X002",)),
    "unknown_unit": D("sloppy", "名册外的单位报送", ("X001",)),
    "wrong_form": D("sloppy", "应报自评表，报来了运行监控表", ("X004",), form=MON),
    "goal_no_output": D("sloppy", "目标申报表缺少产出指标", ("G111",), form=GOAL, data=without("产出指标")),
    "goal_no_effect": D("sloppy", "目标申报表缺少效益指标", ("G112",), form=GOAL, data=without("效益指标")),
    "goal_other_no_note": D("sloppy", "“定量（其他）”指标未写指标值说明", ("R107",), form=GOAL,
                            data=edit("effect", lambda r: {"nature": "定量（其他）", "target": "较上年有所提高"})),
    "xls": D("broken", "旧版 .xls 文件", ("B101",), raw=lambda b, rng: (ole({"Workbook": biff(0x0809, struct.pack(
        "<HHHHII", 0x600, 5, 0x4F1, 0x7CC, 0, 0)) + biff(0x0085, b"\0" * 6 + b"Sheet1") + biff(0x000A)}), ".xls")),
    "encrypted": D("broken", "设置了打开密码", ("B102",), raw=encrypted),
    "xlsm": D("broken", "启用宏的工作簿（含 vbaProject.bin）", ("B103",), raw=xlsm),
    "truncated": D("broken", "传输中断，文件不完整", ("B104",), raw=lambda b, rng: (b[: len(b) * 2 // 3], ".xlsx")),
    "xml_bomb": D("broken", "工作簿内含 XML 实体炸弹", ("B105",), raw=xml_bomb),
    "docx": D("broken", "Word 文档改了扩展名 .xlsx", ("B106",), raw=docx),
    "pdf": D("broken", "只发了盖章扫描的 PDF", ("B106",), raw=pdf),
    "no_attachment": D("mail", "邮件忘了加附件", ("B001",)),
    "zip_bomb": D("mail", "附件是压缩炸弹（100 MiB 的零，压缩后约 100 KB）", ("B004",)),
    "broken_msg": D("mail", "导出不完整的 Outlook .msg", ("B002",)),
    "broken_zip": D("mail", "附件压缩包不完整", ("B003",)),
    "too_deep": D("mail", "压缩包套压缩包再套压缩包", ("B005",)),
}
