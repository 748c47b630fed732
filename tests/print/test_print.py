"""Every workbook jixiao writes prints cleanly: each sheet one page wide, nothing clipped, A4, page numbers, one font.

Method. Every kind of output (tests/print/outputs.py: the templates in xlsx_templates/, a pre-filled form, 审核汇总,
every 反馈表 of the sample inbox, department and bureau consolidations, the 公开版, a 公开版 draft, the internal list) is
printed to PDF by headless LibreOffice, one sheet at a time (the other sheets hidden in a copy), so each PDF holds
exactly one sheet's pages. pdfplumber then reads every character with its position, and tests/print/pdfcheck.py
compares them with the workbook's own cells (the values of formula cells as LibreOffice recalculated them):

- one page wide: all cells of a row are on one page, and a header row repeated on every page (print_title_rows)
  is found, whole, on every page after it first appears: a sheet cut into column strips fails both;
- nothing clipped: each cell's full text (as formatted: 1,234.50, 96.00%, dates) is on the sheet's pages; LibreOffice
  leaves out lines that do not fit a row's height and text pieces that start past a cell's edge, and prints ### for
  a number wider than its column; glyphs must not overlap other glyphs, cross a drawn cell border (spilled,
  clip-hidden text) or leave the paper.

Limits (said, not hidden): text is matched with whitespace and thousands separators removed, so a wrap inside a word
is not a failure; a clipped glyph that is hidden by the clip path and crosses no border and no other text (the cell
has no border and its neighbour is empty) cannot be seen in a PDF and is not flagged. LibreOffice is the renderer:
Excel and WPS draw 宋体 a little wider for CJK and narrower for Latin, which the row heights allow for
(workbook/printing.py).

test_the_check_fails_unpatched_sheets shows that the check can fail: a consolidation sheet with its print setup and
row heights taken away, and small sheets with the classic faults, are all caught.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment

from jixiao.workbook import recalc
from tests.print import outputs
from tests.print.pdfcheck import check, norm, render

pytestmark = pytest.mark.libreoffice
A4 = sorted((595.3, 841.9))


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, list[Path]]:
    return outputs.build(tmp_path_factory.mktemp("outputs"))


@pytest.fixture(scope="module")
def printed(made, tmp_path_factory):
    work = tmp_path_factory.mktemp("printed")
    books = [b for kind in made.values() for b in kind]
    sheets = render(books, work)
    formulas = made["模板"] + made["预填自评表"]
    values = dict(zip(formulas, (recalc.recalculated_values(p) for p in recalc.recalculate(formulas, work / "calc"))))
    for p in sheets:
        check(p, values.get(p.book, {}).get(p.sheet))
    kind_of = {b: kind for kind, books in made.items() for b in books}
    return [(kind_of[p.book], p) for p in sheets]


def test_every_kind_is_printed(made, printed):
    kinds = Counter(kind for kind, _ in printed)
    assert set(kinds) == set(made) and all(made.values())
    assert kinds["模板"] == sum(len(visible) for visible in (_visible(b) for b in made["模板"]))
    assert len(made["反馈表"]) > 50 and len(made["模板"]) == 8
    assert _visible(made["全区汇总"][0]) == ["单位汇总", "图表", "项目明细", "指标明细", "异常清单", "变更", "来源", "说明", "结果应用"]


def _visible(book: Path) -> list[str]:
    return [ws.title for ws in load_workbook(book, read_only=True).worksheets if ws.sheet_state == "visible"]


@pytest.mark.parametrize("kind", ["模板", "预填自评表", "审核汇总", "反馈表", "部门汇总", "全区汇总", "公开版", "公开版草稿",
                                  "公开版内部清单", "整改台账", "指标库", "复核工作表", "复核偏差报告", "部门考核"])
def test_one_page_wide_and_nothing_clipped(printed, kind):
    problems = [m for k, p in printed if k == kind for m in p.problems]
    assert not problems, f"{len(problems)} 处：\n" + "\n".join(problems[:30])


def test_a4_and_page_numbers(printed):
    """Every page A4; every sheet numbered from 1: 「第 1 页 共 N 页」 … 「第 N 页 共 N 页」."""
    for _, p in printed:
        with pdfplumber.open(p.pdf) as pdf:
            for i, page in enumerate(pdf.pages, 1):
                assert sorted((round(page.width, 1), round(page.height, 1))) == A4, (p.book.name, p.sheet, i)
                if i in (1, len(pdf.pages)):
                    text = norm("".join(c["text"] for c in page.chars))
                    assert f"第{i}页共{len(pdf.pages)}页" in text, (p.book.name, p.sheet, i)


def test_one_font_and_set_apart_totals(made):
    """宋体 is the only font of every output; 合计 and 部门小计 rows of 单位汇总 are bold on a fill."""
    for book in (b for books in made.values() for b in books):
        with zipfile.ZipFile(book) as z:
            fonts = set(re.findall(r'<name val="([^"]*)"', z.read("xl/styles.xml").decode("utf-8")))
        assert fonts == {"宋体"}, (book.name, fonts)
    ws = load_workbook(made["全区汇总"][0])["单位汇总"]
    assert ws["A1"].value.endswith("——单位汇总") and ws.print_title_rows == "$2:$2"
    levels = {row[1].value: row[1] for row in ws.iter_rows(min_row=3)}
    for level in ("合计", "部门小计"):
        assert levels[level].font.b and levels[level].fill.fgColor.rgb.endswith("DDEBF7"), level
    assert not levels["单位"].font.b


def test_printed_pages_before_and_after(printed):
    """The sheets that used to print as column strips or unreadably small now print one page wide at a legible size
    (recorded for the README: see docs/print/)."""
    pages = {(p.book.name, p.sheet): p.pages for _, p in printed}
    assert all(n >= 1 for n in pages.values())
    public = {s: n for (b, s), n in pages.items() if b == "全区公开版.xlsx"}
    assert public["说明"] == 1                                   # was 8 pages of label/value strips


# --- the check can fail -------------------------------------------------------------------------------------------


def _unpatched(book: Path, sheet: str, out: Path) -> Path:
    """`book` with `sheet`'s print setup removed (no fit to width, no repeated header) and its row heights dropped."""
    with zipfile.ZipFile(book) as z:
        names = re.findall(r'<sheet [^>]*name="([^"]*)"', z.read("xl/workbook.xml").decode("utf-8"))
    part = f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"
    with zipfile.ZipFile(book) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == part:
                text = data.decode("utf-8")
                text = re.sub(r"<pageSetUpPr[^>]*/>", "<pageSetUpPr/>", text)
                text = re.sub(r' (?:ht|customHeight)="[^"]*"', "", text)
                data = text.encode("utf-8")
            elif info.filename == "xl/workbook.xml":
                data = re.sub(rb'<definedName name="_xlnm.Print_Titles"[^>]*>[^<]*</definedName>', b"", data)
            zout.writestr(info, data)
    return out


def _faults(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "截断"
    ws["A1"], ws["B1"] = "服务对象满意度指标是一段比单元格宽得多的文字", "邻格"
    ws["A2"], ws["B2"] = 123456789.5, "金额"
    ws["A2"].number_format = "#,##0.00"
    ws.column_dimensions["A"].width = 8
    ws = wb.create_sheet("未定行高")
    ws.column_dimensions["A"].width = 12
    ws["A1"] = "换行显示的长文字，行高没有调整，在 LibreOffice 中只剩最后一行。"
    ws["A1"].alignment = Alignment(wrap_text=True)
    ws = wb.create_sheet("太宽")
    for col in range(1, 31):
        ws.cell(1, col, f"第{col}列表头")
        ws.cell(2, col, f"第{col}列的内容")
    wb.save(path)
    return path


def test_the_check_fails_unpatched_sheets(made, tmp_path):
    bad = [_unpatched(made["全区汇总"][0], "项目明细", tmp_path / "未设置打印.xlsx"), _faults(tmp_path / "常见问题.xlsx")]
    found = {}
    for p in render(bad, tmp_path / "work"):
        found[(p.book.name, p.sheet)] = " ".join(check(p).problems)
    assert "不是一页宽" in found[("未设置打印.xlsx", "项目明细")]            # the same sheet passes with its setup
    cut = found[("常见问题.xlsx", "截断")]
    assert "###" in cut and any(m in cut for m in ("没有完整打印出来", "越过单元格边框", "文字相互重叠"))
    assert "没有完整打印出来" in found[("常见问题.xlsx", "未定行高")]
    assert "不是一页宽" in found[("常见问题.xlsx", "太宽")]
    shutil.rmtree(tmp_path / "work")
