"""Print setup shared by every workbook jixiao writes: A4, one page wide, title and header rows, page numbers, one font.

Widths are Excel character units (the width of "0"); a CJK character takes about two. LibreOffice does not fit row
heights to wrapped text when it opens an .xlsx, so every row whose text wraps gets its height here (`lines`, `height`).
"""

from __future__ import annotations

import math
import re
from copy import copy
from functools import lru_cache
from datetime import date, datetime

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.merge import MergedCell, MergedCellRange

FONT = "宋体"               # Excel and WPS ship it; LibreOffice draws it with the system's CJK font (fonts-noto-cjk)
SIZE = 10
FOOTER = "第 &P 页 共 &N 页"
PORTRAIT_MAX = 100          # printed width (character units) that still reads well on A4 portrait; wider: landscape
LINE = 1.45                 # line height / font size of the CJK fonts LibreOffice substitutes (Excel's 宋体: ~1.15)
PAD = 0.8                   # a cell's inner margins, in character units

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TOTAL_BORDER = Border(left=THIN, right=THIN, top=Side(style="medium", color="000000"), bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
TOTAL_FILL = PatternFill("solid", fgColor="DDEBF7")      # 合计/小计 rows set apart
WRAP = Alignment(vertical="center", wrap_text=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
TITLE_FONT, HEAD_FONT, BODY_FONT = Font(name=FONT, size=14, bold=True), Font(name=FONT, size=SIZE, bold=True), \
    Font(name=FONT, size=SIZE)
TITLE_HEIGHT = 28
MAX_HEIGHT = 409            # the tallest row Excel and WPS allow

_CJK = "\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"   # full-width
_WIDE = re.compile(f"[{_CJK}]")
_TOKENS = re.compile(f"\\s+|[{_CJK}]|[^\\s{_CJK}]+")          # a space run, one CJK character, or a word


def text_units(text: str, size: float = SIZE) -> float:
    """Printed width of one line of text in character units (the width of "0" in 宋体 10): a CJK character 1.9
    (Excel; LibreOffice's substitute font needs 1.6), anything else 1.1 (wide Latin letters of the substitute)."""
    wide = len(_WIDE.findall(text))
    return (1.9 * wide + 1.1 * (len(text) - wide)) * size / SIZE


def style(cell, font=None, alignment=None, fill=None, border=None) -> None:
    """Give a cell these styles at the cost of one lookup: openpyxl hashes and indexes every style object on each
    assignment, which dominates writing a small workbook; the combination is indexed once per workbook instead."""
    wb = cell.parent.parent
    cache = wb.__dict__.setdefault("_jixiao_styles", {})
    key = (id(font), id(alignment), id(fill), id(border))
    arr = cache.get(key)
    if arr is None:
        for attr, v in (("font", font), ("alignment", alignment), ("fill", fill), ("border", border)):
            if v is not None:
                setattr(cell, attr, v)
        cache[key] = (font, alignment, fill, border, copy(cell._style))     # the objects keep their ids valid
        return
    cell._style = copy(arr[4])


def merge(ws, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
    """Merge a range, every covered cell taking the first cell's style (its border drawn round the whole range):
    openpyxl's merge_cells builds a new border object per edge cell, slow and no different on paper."""
    ref = f"{get_column_letter(first_col)}{first_row}:{get_column_letter(last_col)}{last_row}"
    ws.merged_cells.add(MergedCellRange(ws, ref))
    top = ws.cell(row=first_row, column=first_col)._style
    for r in range(first_row, last_row + 1):
        for c in range(first_col + (r == first_row), last_col + 1):
            cell = ws._cells[r, c] = MergedCell(ws, r, c)
            cell._style = copy(top)


def lines(text, width: float, size: float = SIZE) -> int:
    """How many lines `text` wraps to in a cell `width` units wide (greedy; a word is kept whole unless longer than a
    line)."""
    text = "" if text is None else str(text)
    room = max(width - PAD, 1.0)
    if len(text) * 1.9 * size / SIZE <= room and "\n" not in text:
        return 1                                  # fits even if every character is wide: no need to measure
    total = 0
    for para in text.split("\n"):
        if text_units(para, size) <= room:
            total += 1
            continue
        n, used = 1, 0.0
        for token in _TOKENS.findall(para):
            w = text_units(token, size)
            if used + w <= room:
                used += w
            elif token.isspace():
                n, used = n + 1, 0.0
            elif w > room:                        # a word longer than a line: on a new line, then broken anywhere
                n += (used > 0) + math.ceil(w / room) - 1
                used = w - (math.ceil(w / room) - 1) * room
            else:
                n, used = n + 1, w
        total += n
    return max(total, 1)


def shorten(value, limit: int):
    """A text longer than `limit` characters cut to its start and marked 「…（共 N 字）」, so that its row fits on a page
    and within Excel's row limit (MAX_HEIGHT); other values unchanged. For printed tables whose full text is kept
    elsewhere (CSV, JSON, the unit's own workbook)."""
    if isinstance(value, str) and len(value) > limit + 20:
        return f"{value[:limit]}…（共 {len(value)} 字）"
    return value


def height(n: int, size: float = SIZE) -> float:
    """Row height (points) that shows `n` lines of text at `size` (at most MAX_HEIGHT)."""
    return min(round(n * LINE * size + 4, 1), MAX_HEIGHT)


def use_font(wb) -> None:
    """Make 宋体 10 the workbook's body font: every cell without a font of its own (and the column unit) uses it."""
    wb._fonts = IndexedList([copy(BODY_FONT)])
    wb._named_styles["Normal"].font = copy(BODY_FONT)


def setup(ws, widths, *, header_rows: tuple[int, int] | None = None, last_row: int | None = None,
          printed: int | None = None, landscape: bool | None = None, banner: str | None = None) -> None:
    """Page setup of one sheet: A4, landscape when the printed columns are wide, one page wide, `header_rows`
    repeated on every page, 「第 N 页 共 M 页」 at the foot, each sheet numbered from 1. Column widths are set from
    `widths`; only the first `printed` columns are printed. `banner` (e.g. a 草稿 mark) heads every page."""
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    printed = len(widths) if printed is None else printed
    wide = sum(widths[:printed]) > PORTRAIT_MAX if landscape is None else landscape
    ps = ws.page_setup
    ps.paperSize, ps.orientation = "9", "landscape" if wide else "portrait"     # 9: A4 (write-only sheets: no name)
    ps.fitToWidth, ps.fitToHeight = 1, 0
    ps.firstPageNumber, ps.useFirstPageNumber = 1, True
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    m = ws.page_margins
    m.left = m.right = 0.4
    m.top, m.bottom, m.header, m.footer = 0.6, 0.6, 0.3, 0.3
    ws.print_options.horizontalCentered = True
    _hf(ws.oddFooter.center, FOOTER, 9)
    if banner:
        _hf(ws.oddHeader.center, banner, 12, bold=True)
    if header_rows:
        ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
    if last_row:
        print_area(ws, last_row, printed)


def print_area(ws, last_row: int, printed: int) -> None:
    """Print rows 1 to `last_row` of the first `printed` columns."""
    ws.print_area = f"A1:{get_column_letter(printed)}{last_row}"


def _hf(part, text: str, size: int, bold: bool = False) -> None:
    part.text, part.size, part.font = text, size, f"{FONT},Bold" if bold else FONT


class Table:
    """A write-only sheet printed as a table: a title row, a header row repeated on every page, bordered body rows whose
    text wraps (row heights set to fit), 合计/小计 rows set apart, trailing `screen_only` columns left out of print.

    `cols` are (key, header, width[, number format]); values passed to `add` must already be cleaned text/numbers."""

    def __init__(self, wb, name: str, cols, title: str, *, screen_only=(), banner: str | None = None,
                 filter: bool = True):
        self.ws, self.cols, self.filter = wb.create_sheet(name), list(cols), filter
        keys = [c[0] for c in self.cols]
        self.printed = len(keys) - len(screen_only)
        if set(keys[self.printed:]) != set(screen_only):
            raise ValueError(f"{name}: columns left out of print must come last: {sorted(screen_only)}")
        self.widths = [c[2] for c in self.cols]
        self.formats = [c[3] if len(c) > 3 else None for c in self.cols]
        self.n, self._styles, self._heights, self._fills = 0, {}, {}, {}
        self.ws._values_to_row = _placed
        setup(self.ws, self.widths, header_rows=(2, 2), printed=self.printed, banner=banner)
        self.ws.freeze_panes = "A3"
        last = get_column_letter(self.printed)
        self.ws.merged_cells.add(f"A1:{last}1")
        self._row([self._cell(title, "title")] + [self._cell(None, "title") for _ in range(self.printed - 1)],
                  max(TITLE_HEIGHT, height(lines(title, sum(self.widths[:self.printed]), 14), 14)))
        heads = [c[1] for c in self.cols]
        self._row([self._cell(h, "head") for h in heads], self._fit(heads[:self.printed]))

    def add(self, values, total: bool = False, fills: dict | None = None) -> None:
        """One body row; `total` styles it as a 合计/小计 row; `fills` colours cells by column index. Columns left out
        of print do not wrap (a digest would make every row five lines tall on screen)."""
        kind = "total" if total else "body"
        cells = [self._cell(v, kind if i < self.printed else "plain", fmt)
                 for i, (v, fmt) in enumerate(zip(values, self.formats))]
        for i, fill in (fills or {}).items():
            self._fill(cells[i], fill)
        self._row(cells, self._fit(values[:self.printed]))

    def finish(self) -> None:
        last = max(self.n, 3)
        print_area(self.ws, last, self.printed)
        if self.filter:
            self.ws.auto_filter.ref = f"A2:{get_column_letter(len(self.cols))}{last}"

    def _row(self, cells, h: float | None) -> None:
        self.n += 1
        for col, c in enumerate(cells, 1):
            c.row, c.column = self.n, col
        if h:       # read only while the row is written: one RowDimension per height, dropped after (memory flat)
            self.ws.row_dimensions[self.n] = self._heights.get(h) or self._heights.setdefault(h, RowDimension(
                self.ws, ht=h))
        self.ws.append(cells)
        self.ws.row_dimensions.pop(self.n, None)

    def _fill(self, cell, fill) -> None:
        """cell.fill = fill, each style and fill pair built once (openpyxl hashes the whole fill on each assignment)."""
        key = (tuple(cell._style), id(fill))
        if key not in self._fills:
            _own(cell).fill = fill
            self._fills[key] = (fill, cell._style)        # the fill kept alive: its id stays its own
        cell._style = self._fills[key][1]

    def _fit(self, values) -> float | None:
        n = max((_lines(v, w) for v, w in zip(values, self.widths) if isinstance(v, str)), default=1)
        return height(n) if n > 1 else None

    def _cell(self, value, kind: str, fmt: str | None = None):
        """styled(), with each style built once and shared (a sheet may have a million cells; a write-only cell is
        written and dropped): copied before a change (_own)."""
        key = (kind, None if isinstance(value, str) else fmt)
        proto = self._styles.get(key)
        if proto is None:
            proto = self._styles[key] = styled(self.ws, None, kind, key[1])._style
        c = styled(self.ws, value, None)
        c._style = proto
        if isinstance(value, (datetime, date)):
            _own(c).number_format = "yyyy-mm-dd hh:mm" if isinstance(value, datetime) else "yyyy-mm-dd"
        return c


def _placed(cells, row: int):
    """A Table's row as openpyxl writes it: its cells are built and placed by the Table (WriteOnlyWorksheet.append
    would first try each cell as a value, an exception per cell, and allocate a spare cell for each)."""
    return cells


def _own(cell):
    """`cell` with a style of its own, to change (Table cells share theirs)."""
    cell._style = copy(cell._style)
    return cell


_lines = lru_cache(maxsize=4096)(lines)          # a table repeats its texts (file names, sheet names) row after row


def styled(ws, value, kind: str | None = "body", fmt: str | None = None) -> WriteOnlyCell:
    """A write-only cell in one of the print styles: title, head, body, total (合计/小计) or plain (no wrapping); text is
    always stored as text (never a formula), a number gets `fmt`."""
    if type(value).__name__ == "Decimal":
        value = float(value)
    c = WriteOnlyCell(ws, value)
    if isinstance(value, str):
        c.data_type = "s"
    if kind == "title":
        c.font, c.alignment = TITLE_FONT, CENTER
    elif kind:
        c.border = BORDER
        if kind != "plain":
            c.alignment = WRAP
        if kind == "head":
            c.font, c.alignment, c.fill = HEAD_FONT, CENTER, HEADER_FILL
        elif kind == "total":
            c.font, c.fill, c.border = HEAD_FONT, TOTAL_FILL, TOTAL_BORDER
        if fmt and not isinstance(value, str):
            c.number_format = fmt
    return c


def fit_rows(ws, values: dict | None = None, base: dict | None = None) -> None:
    """Set the height of every row of an ordinary sheet so each cell's wrapped text shows whole (merged cells by their
    full width): at least `base` (row → points), taller where the text needs it. `values` (coordinate → value) gives
    what formula cells will show."""
    spans = {(r.min_row, r.min_col): (r.max_col, r.max_row - r.min_row + 1) for r in ws.merged_cells.ranges}
    base, values = base or {}, values or {}
    for row in ws.iter_rows():
        need = 0.0
        for c in row:
            if not hasattr(c, "column_letter"):          # covered by a merge
                continue
            v = values.get(c.coordinate) if c.data_type == "f" else c.value
            if v is None or v == "":
                continue
            end, rows = spans.get((c.row, c.column), (c.column, 1))
            width = sum(_width(ws, i) for i in range(c.column, end + 1))
            size = (c.font.sz or SIZE) if c.font else SIZE
            n = lines(v, width, size) if c.alignment is not None and c.alignment.wrap_text else 1
            need = max(need, height(n, size) / rows)
        r = row[0].row
        h = max(base.get(r) or 0, need if need > height(1) else 0)
        ws.row_dimensions[r].height = h or None


def _width(ws, col: int) -> float:
    w = ws.column_dimensions[get_column_letter(col)].width
    return w if w else 8.43
