"""Writes the default report templates (templates/*.docx) with python-docx, byte for byte reproducibly:

    python -m jixiao.documents.authoring            # regenerate jixiao/documents/templates/
    python -m jixiao.documents.authoring --check    # exit 1 when a committed template differs

The words are in outlines.py; this module only knows how a Chinese official document looks (GB/T 9704: 仿宋 三号 body,
黑体/楷体 headings, A4 with 37/35/28/26 mm margins) and how docxtpl wants its tags (one run each; {%tr %} rows)."""

from __future__ import annotations

import argparse
import io
import re
import sys

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .render import TEMPLATES

BODY, HEI, KAI, SONG = "仿宋", "黑体", "楷体", "宋体"
TABLE_STYLE, CAPTION_STYLE = "表格文字", "图表标题"
PORTRAIT_WIDTH_MM, LANDSCAPE_WIDTH_MM = 156, 237
MARK = re.compile(r"(【待撰写：[^】]*】)")


def _fonts(style, east: str, size: float, bold: bool = False, color=RGBColor(0, 0, 0)) -> None:
    font = style.font
    font.name, font.size, font.bold = "Times New Roman", Pt(size), bold
    font.color.rgb = color
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:eastAsia"), east)


def _styles(doc) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    _fonts(normal, BODY, 16)
    pf = normal.paragraph_format
    pf.line_spacing, pf.space_before, pf.space_after = Pt(28), Pt(0), Pt(0)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)
    title = styles["Title"]
    _fonts(title, SONG, 22, bold=True)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before, title.paragraph_format.space_after = Pt(12), Pt(12)
    title.paragraph_format.line_spacing = Pt(36)
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):          # the default Title has a rule under it
        ppr.remove(border)
    for name, east in (("Heading 1", HEI), ("Heading 2", KAI)):
        h = styles[name]
        _fonts(h, east, 16)
        h.paragraph_format.space_before, h.paragraph_format.space_after = Pt(6), Pt(0)
        h.paragraph_format.line_spacing = Pt(28)
        h.paragraph_format.first_line_indent = Pt(32)
    table = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table.base_style = normal
    _fonts(table, SONG, 10.5)
    table.paragraph_format.line_spacing, table.paragraph_format.first_line_indent = 1.0, Pt(0)
    caption = styles.add_style(CAPTION_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    caption.base_style = normal
    _fonts(caption, HEI, 10.5)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_after = Pt(6)


def _page(section, landscape: bool = False) -> None:
    if landscape:
        section.orientation, section.page_width, section.page_height = WD_ORIENT.LANDSCAPE, Mm(297), Mm(210)
        section.top_margin = section.bottom_margin = Mm(28)
        section.left_margin = section.right_margin = Mm(30)
    else:
        section.orientation, section.page_width, section.page_height = WD_ORIENT.PORTRAIT, Mm(210), Mm(297)
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = \
            Mm(37), Mm(35), Mm(28), Mm(26)


def _page_number(section) -> None:
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    run.append(t)
    field.append(run)
    p._p.append(field)
    p.add_run(" —")


class Author:
    """A template being written, block by block."""

    def __init__(self, title: str):
        self.doc = Document()
        _styles(self.doc)
        _page(self.doc.sections[0])
        _page_number(self.doc.sections[0])
        self.doc.core_properties.title, self.doc.core_properties.author = title, "jixiao"
        self.width = PORTRAIT_WIDTH_MM

    # ---- paragraphs -----------------------------------------------------------------------------------------------

    def _runs(self, p, text: str, bold: bool = False) -> None:
        for part in MARK.split(text):
            if part:
                run = p.add_run(part)
                run.bold = bold or None
                if MARK.fullmatch(part):
                    run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def para(self, text: str = "", style: str | None = None, indent: bool = True, align=None, bold=False):
        p = self.doc.add_paragraph(style=style)
        if indent and style is None:
            p.paragraph_format.first_line_indent = Pt(32)
        if align is not None:
            p.alignment = align
        self._runs(p, text, bold)
        return p

    def title(self, text: str) -> None:
        self.para(text, style="Title", indent=False)

    def subtitle(self, text: str) -> None:
        self.para(text, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)

    def h1(self, text: str) -> None:
        self.para(text, style="Heading 1")

    def h2(self, text: str) -> None:
        self.para(text, style="Heading 2")

    def tag(self, text: str) -> None:
        """A paragraph holding only a docxtpl paragraph tag ({%p for … %}); it disappears when rendered."""
        self.para(text, indent=False)

    def loop(self, expr: str, body: str, style: str | None = None) -> None:
        """One paragraph per item: {%p for expr %} body {%p endfor %}."""
        self.tag(f"{{%p for {expr} %}}")
        self.para(body, style=style)
        self.tag("{%p endfor %}")

    def salutation(self, text: str) -> None:
        self.para(text, indent=False)

    def sign(self, *lines: str) -> None:
        """The signature block (issuer, date) at the right, kept on one page with the line above it."""
        self.para("").paragraph_format.keep_with_next = True
        for i, line in enumerate(lines):
            p = self.para(line, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
            p.paragraph_format.right_indent = Pt(32)
            p.paragraph_format.keep_with_next = i < len(lines) - 1

    def image(self, var: str, caption: str) -> None:
        p = self.para(f"{{{{ {var} }}}}", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        p.paragraph_format.line_spacing = 1.0              # an exact line height would crop the picture
        p.paragraph_format.space_before = Pt(6)
        self.para(caption, style=CAPTION_STYLE, indent=False)

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def landscape(self) -> None:
        """Following pages landscape (wide attachment tables)."""
        from docx.enum.section import WD_SECTION
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        _page(section, landscape=True)
        self.width = LANDSCAPE_WIDTH_MM

    # ---- tables ---------------------------------------------------------------------------------------------------

    def _table(self, rows: int, widths: list[float]):
        scale = self.width / sum(widths)
        t = self.doc.add_table(rows=rows, cols=len(widths))
        t.style, t.alignment, t.autofit = "Table Grid", WD_TABLE_ALIGNMENT.CENTER, False
        for col, w in zip(t.columns, widths):
            col.width = Mm(w * scale)                       # the grid LibreOffice and WPS lay out by
        for row in t.rows:
            for c, w in zip(row.cells, widths):
                c.width = Mm(w * scale)                     # the cell widths Word lays out by
        return t

    def _fill(self, cell, text: str, bold: bool = False, center: bool = False) -> None:
        p = cell.paragraphs[0]
        p.style = self.doc.styles[TABLE_STYLE]
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._runs(p, text, bold)

    def _header(self, row, headers: list[str]) -> None:
        trpr = row._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        trpr.append(repeat)
        for c, h in zip(row.cells, headers):
            self._fill(c, h, bold=True, center=True)
            shade = OxmlElement("w:shd")
            shade.set(qn("w:val"), "clear")
            shade.set(qn("w:fill"), "E7E6E6")
            c._tc.get_or_add_tcPr().append(shade)

    def pairs(self, rows: list[tuple[str, str]], widths=(1, 3)) -> None:
        """A two-column table of label | value."""
        t = self._table(len(rows), list(widths))
        for row, (label, value) in zip(t.rows, rows):
            self._fill(row.cells[0], label, bold=True, center=True)
            self._fill(row.cells[1], value)

    def grid(self, headers: list[str], loop: str | None, cells: list[str], widths: list[float],
             tail: list[list[str]] = (), blank_rows: int = 0, left: tuple[int, ...] = ()) -> None:
        """Header row, then one row per item of `loop` (docxtpl {%tr for %}), or blank_rows empty rows, then tail;
        columns in `left` are text, left-aligned (the others centred)."""
        body = (3 if loop else blank_rows)
        t = self._table(1 + body + len(tail), widths)
        self._header(t.rows[0], headers)
        if loop:
            self._fill(t.rows[1].cells[0], f"{{%tr for {loop} %}}")
            for j, (c, text) in enumerate(zip(t.rows[2].cells, cells)):
                self._fill(c, text, center=j not in left)
            self._fill(t.rows[3].cells[0], "{%tr endfor %}")
        for row, values in zip(t.rows[1 + body:], tail):
            for c, text in zip(row.cells, values):
                self._fill(c, text, bold=True, center=True)

    def save(self) -> bytes:
        from ..demo.defects import rezip
        buf = io.BytesIO()
        self.doc.save(buf)
        return rezip(buf.getvalue())


def build_all() -> dict[str, bytes]:
    from .outlines import OUTLINES
    return {kind: write() for kind, write in OUTLINES.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="生成默认报告模板（jixiao/documents/templates/*.docx）")
    ap.add_argument("--check", action="store_true", help="只检查已提交的模板是否最新，不一致时退出码为1")
    args = ap.parse_args(argv)
    stale = []
    for kind, data in build_all().items():
        path = TEMPLATES / f"{kind}.docx"
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                stale.append(path.name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"已生成 {path}")
    if stale:
        print("以下模板不是最新，请运行 python -m jixiao.documents.authoring：" + "、".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
