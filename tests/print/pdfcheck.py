"""Print every sheet of a workbook to PDF through LibreOffice, alone, and check what came out (used by test_print.py).

A sheet is printed alone by hiding the others in a copy of the file (and dropping their print areas: LibreOffice prints
a hidden sheet that has one). The PDF's characters come in drawing order, cell by cell, each cell's text in one piece
however it wraps (one-line cells first, then wrapped and merged ones); `check` compares them with the workbook's own
cells (formula results as LibreOffice recalculated them) and with the page geometry. What it finds, per sheet:

- a cell whose text is not on the pages in full: LibreOffice leaves out lines that do not fit the row height and text
  pieces that start beyond the cell edge (clipped), and prints 「###」 for a number too wide for its column;
- a row whose cells are not all on one page: the sheet was cut into column strips (not one page wide);
- a header row (print_title_rows) missing from a page: headers not repeated;
- glyphs that overlap other glyphs, or a run of glyphs drawn across a cell border: text spilling over a neighbour
  (LibreOffice still draws the first piece of clipped text, hidden only by a clip path);
- glyphs outside the page.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pdfplumber
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from jixiao.workbook import recalc

BATCH = 80
_SHEET_TAG = re.compile(r"<(?:\w+:)?sheet\s[^>]*/>")
_SPACE = re.compile(r"[\s,]+")          # whitespace and thousands separators never decide a match


@dataclass
class Printed:
    """One sheet as printed: the workbook, the sheet, its PDF, and what check() found."""

    book: Path
    sheet: str
    pdf: Path
    pages: int = 0
    landscape: bool = False
    problems: list[str] = field(default_factory=list)


def visible_sheets(path: Path) -> list[tuple[int, str]]:
    with zipfile.ZipFile(path) as z:
        text = z.read("xl/workbook.xml").decode("utf-8")
    out = []
    for i, tag in enumerate(_SHEET_TAG.findall(text)):
        name = re.search(r'\sname="([^"]*)"', tag).group(1)
        if 'state="hidden"' not in tag and 'state="veryHidden"' not in tag:
            out.append((i, _unescape(name)))
    return out


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def isolate(path: Path, index: int, out: Path) -> Path:
    """A copy of `path` in which only sheet `index` is printed."""
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/workbook.xml":
                text, n = data.decode("utf-8"), iter(range(1 << 20))

                def hide(m):
                    tag = re.sub(r'\sstate="[^"]*"', "", m.group(0))
                    return tag if next(n) == index else re.sub(r"^(<(?:\w+:)?sheet)\s", r'\1 state="hidden" ', tag)
                text = _SHEET_TAG.sub(hide, text)
                text = re.sub(r'<definedName name="_xlnm.Print_Area" localSheetId="(\d+)"[^>]*>[^<]*</definedName>',
                              lambda m: m.group(0) if int(m.group(1)) == index else "", text)
                text = re.sub(r'activeTab="\d+"', f'activeTab="{index}"', text)
                data = re.sub(r'firstSheet="\d+"', 'firstSheet="0"', text).encode("utf-8")
            zout.writestr(info, data)
    return out


def render(books: list[Path], work: Path) -> list[Printed]:
    """Every visible sheet of every book, printed alone by LibreOffice (one soffice run for all)."""
    (work / "sheets").mkdir(parents=True, exist_ok=True)
    jobs, sources = [], []
    for book in books:
        for index, name in visible_sheets(book):
            src = isolate(book, index, work / "sheets" / f"{len(sources):03d}.xlsx")
            sources.append(src)
            jobs.append((book, name))
    pdfs = []
    for start in range(0, len(sources), BATCH):           # a fresh soffice now and then: 7.4 tires after ~200 files
        pdfs += recalc.recalculate(sources[start:start + BATCH], work / "pdf", to="pdf")
    return [Printed(book, name, pdf) for (book, name), pdf in zip(jobs, pdfs)]


def shown(value, fmt: str) -> str | None:
    """A cell's text as printed, for the formats jixiao writes."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M" if "h" in fmt else "%Y-%m-%d")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (int, float)):
        d = Decimal(repr(value))
        if fmt.endswith("%"):
            return f"{(d * 100).quantize(Decimal('0.01'), ROUND_HALF_UP)}%"
        if fmt.endswith("0.00"):
            return str(d.quantize(Decimal("0.01"), ROUND_HALF_UP))
        if fmt == "0" or float(value).is_integer():
            return str(d.quantize(Decimal(1), ROUND_HALF_UP))
        return f"{value:.10g}"
    return str(value)


def expected_rows(book: Path, sheet: str, values: dict | None) -> tuple[list[list[tuple]], list[list[tuple]]]:
    """(rows of printed cells inside the print area, header rows repeated on every page); a cell is (text, merged)."""
    ws = load_workbook(book)[sheet]
    merged = {(r.min_row, r.min_col) for r in ws.merged_cells.ranges}
    area = ws.print_area
    if isinstance(area, (list, tuple)):
        area = area[0]
    area = area.split("!")[-1].replace("$", "") if area else ws.dimensions
    min_col, min_row, max_col, max_row = range_boundaries(area)
    hidden_cols = {k for k, d in ws.column_dimensions.items() if d.hidden}
    rows, heads = [], []
    titles = ws.print_title_rows
    t0, t1 = (int(x) for x in titles.replace("$", "").split(":")) if titles else (0, -1)
    for row in ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col):
        if row and ws.row_dimensions[row[0].row].hidden:
            continue
        texts = []
        for c in row:
            if not hasattr(c, "column_letter") or c.column_letter in hidden_cols:     # covered by a merge
                continue
            v = c.value
            if c.data_type == "f":
                v = (values or {}).get(c.coordinate)
            t = shown(v, c.number_format)
            if t is not None and norm(t):
                texts.append((t, (c.row, c.column) in merged))
        rows.append(texts)
        if t0 <= (row[0].row if row else 0) <= t1:
            heads.append(texts)
    return [r for r in rows if r], [h for h in heads if h]


def norm(text: str) -> str:
    return _SPACE.sub("", text)


def check(p: Printed, values: dict | None = None) -> Printed:
    """Fill p.pages, p.landscape and p.problems."""
    rows, heads = expected_rows(p.book, p.sheet, values)
    with pdfplumber.open(p.pdf) as pdf:
        pages = [(pg.width, pg.height, pg.chars, pg.edges) for pg in pdf.pages]
    p.pages = len(pages)
    p.landscape = bool(pages) and pages[0][0] > pages[0][1]
    streams = [norm("".join(c["text"] for c in chars)) for _, _, chars, _ in pages]
    where = f"{p.book.name}「{p.sheet}」"
    if not pages:
        p.problems.append(f"{where}：没有打印出任何页")
        return p
    for h in heads:                        # repeated from the page it first appears on
        first = next((k for k, text in enumerate(streams) if _on_page(h, text)), len(streams))
        p.problems += [f"{where} 第{k + 1}页：缺少重复的表头行「{_show(h)}」" for k in range(first, len(streams))
                       if not _on_page(h, streams[k])]
    for i, text in enumerate(streams, 1):
        if "###" in text:
            p.problems.append(f"{where} 第{i}页：数字列太窄，显示为 ###")
    page = 0
    for texts in rows:
        found = next((k for k in range(page, len(streams)) if _on_page(texts, streams[k])), None)
        if found is None:
            found = next((k for k in range(len(streams)) if _on_page(texts, streams[k])), None)
        if found is not None:
            page = found
            continue
        missing = [t for t, _ in texts if not any(norm(t) in s for s in streams)]
        if missing:
            p.problems.append(f"{where}：文字没有完整打印出来（被截断或遮住）：{'、'.join(repr(t[:60]) for t in missing[:3])}")
        else:
            p.problems.append(f"{where}：同一行的单元格分在不同页上（不是一页宽）：{_show(texts)}")
    for i, (width, height, chars, edges) in enumerate(pages, 1):
        p.problems += [f"{where} 第{i}页：{m}" for m in _geometry(width, height, chars, edges)]
    return p


def _on_page(cells: list[tuple], stream: str) -> bool:
    """Every cell's text on the page (LibreOffice draws one-line cells first, wrapped and merged ones after)."""
    return all(norm(text) in stream for text, _ in cells)


def _show(cells: list[tuple]) -> str:
    return " | ".join(t for t, _ in cells)[:120]


def _geometry(width: float, height: float, chars: list[dict], edges: list[dict]) -> list[str]:
    out = []
    glyphs = [c for c in chars if c["text"].strip() and c.get("upright", True)]
    outside = [c["text"] for c in glyphs if c["x0"] < -0.5 or c["x1"] > width + 0.5 or c["top"] < -0.5
               or c["bottom"] > height + 0.5]
    if outside:
        out.append(f"文字超出纸张边缘：{''.join(outside)[:40]}")
    out += _overlaps(glyphs)
    out += _crossings(glyphs, [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 3])
    return out


def _overlaps(glyphs: list[dict]) -> list[str]:
    """Glyphs drawn over other glyphs (more than a third of the smaller one)."""
    buckets: dict[int, list[int]] = {}
    for i, c in enumerate(glyphs):
        for b in range(int(c["top"] // 6), int(c["bottom"] // 6) + 1):
            buckets.setdefault(b, []).append(i)
    seen, out = set(), []
    for members in buckets.values():
        members.sort(key=lambda i: glyphs[i]["x0"])
        for a_pos, a in enumerate(members):
            ca = glyphs[a]
            for b in members[a_pos + 1:]:
                cb = glyphs[b]
                if cb["x0"] >= ca["x1"]:
                    break
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                w = min(ca["x1"], cb["x1"]) - max(ca["x0"], cb["x0"])
                h = min(ca["bottom"], cb["bottom"]) - max(ca["top"], cb["top"])
                small = min((ca["x1"] - ca["x0"]) * (ca["bottom"] - ca["top"]),
                            (cb["x1"] - cb["x0"]) * (cb["bottom"] - cb["top"]))
                if w > 0 and h > 0 and w * h > small / 3:
                    out.append(f"文字相互重叠：「{_context(glyphs, a)}」与「{_context(glyphs, b)}」")
                    if len(out) >= 5:
                        return out
    return out


def _context(glyphs: list[dict], i: int) -> str:
    return "".join(c["text"] for c in glyphs[max(0, i - 6):i + 6])


def _runs(glyphs: list[dict]):
    """Pieces of text drawn in one go on one line (consecutive glyphs that touch)."""
    run = []
    for c in glyphs:
        if run and (abs(c["top"] - run[-1]["top"]) > 0.5 or not -0.5 <= c["x0"] - run[-1]["x1"] <= 1.0):
            yield run
            run = []
        run.append(c)
    if run:
        yield run


def _crossings(glyphs: list[dict], vertical: list[dict]) -> list[str]:
    out = []
    for run in _runs(glyphs):
        x0, x1 = run[0]["x0"], run[-1]["x1"]
        mid = (run[0]["top"] + run[0]["bottom"]) / 2
        for e in vertical:
            if x0 + 1 < e["x0"] < x1 - 1 and e["top"] <= mid <= e["bottom"]:
                out.append(f"文字越过单元格边框（被截断）：「{''.join(c['text'] for c in run)[:40]}」")
                break
        if len(out) >= 5:
            break
    return out
