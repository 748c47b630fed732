"""A one-sheet workbook written again and again with other cells (one per file of a batch): what every copy shares is
built once per process, and a copy's package is openpyxl's save of it with only its changing parts serialised anew."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from openpyxl import Workbook
from openpyxl.workbook._writer import WorkbookWriter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.constants import ARC_CORE, ARC_WORKBOOK
from openpyxl.xml.functions import tostring

from ..workbook import printing
from ..workbook.safe import atomic_path

# a new style (a cell format not used before) changes styles.xml: the parts are then taken from a full save again
_STYLE_TABLES = ("_cell_styles", "_fonts", "_fills", "_borders", "_alignments", "_number_formats", "_protections",
                 "_named_styles")


class PreparedBook:
    """`build(ws)` lays out what every copy shares (fixed cells and merges, row heights, widths, print setup, styles).
    A copy starts from `fresh()` and may set cells, merges, row heights, the filter and the print area; `save()` writes
    it. Only the sheet, workbook.xml (print area, filter) and core.xml (times) differ between copies: every other part
    (styles, theme, relationships, content types) is kept from a full save while no new style appears, and a copy is
    that package, in the same order, with its own parts in their places."""

    def __init__(self, title: str, build: Callable[[Worksheet], None]):
        self.wb = Workbook()
        printing.use_font(self.wb)
        ws = self.ws = self.wb.active
        ws.title = title
        build(ws)
        self._cells = dict(ws._cells)
        self._merges = set(ws.merged_cells.ranges)
        self._heights = {r: d.height for r, d in ws.row_dimensions.items()}
        self._filter, self._area = ws.auto_filter.ref, ws.print_area
        # the style tables as build() left them: every copy starts from them, so that a copy's styles.xml holds its
        # own formats only, whatever the process wrote before it
        self._base = {t: type(v)(v) for t in _STYLE_TABLES for v in [getattr(self.wb, t)]}
        self._base_cache = dict(self.wb.__dict__.get("_jixiao_styles", {}))   # printing.style's index of them
        self._packages: dict[tuple, list] = {}  # by the formats a copy adds: the package's parts in order (None for
        self._books: dict[tuple, bytes] = {}    # a copy's own); workbook.xml by (filter, print area)

    def fresh(self) -> Worksheet:
        """The sheet as `build` left it."""
        ws = self.ws
        ws._cells = dict(self._cells)
        ws.merged_cells = MultiCellRange(self._merges)
        ws.row_dimensions.clear()
        for r, h in self._heights.items():
            ws.row_dimensions[r].height = h
        ws.auto_filter.ref, ws.print_area = self._filter, self._area
        ws.column_dimensions.max_outline = None       # left by the last save (sheetFormatPr outlineLevelCol)
        if self._added():
            for t, v in self._base.items():
                setattr(self.wb, t, type(v)(v))
            self.wb._jixiao_styles = dict(self._base_cache)
        return ws

    def save(self, path) -> Path:
        """Write the copy atomically: the parts openpyxl's save writes, with the same content."""
        props = self.wb.properties
        props.created = props.modified = datetime.now(tz=timezone.utc).replace(tzinfo=None)
        sheet = io.BytesIO()
        WorksheetWriter(self.ws, sheet).write()          # first: it registers any new cell format
        added = self._added()
        try:
            parts = self._packages.get(added)
        except TypeError:                                # a format that cannot be a key: not kept
            parts = self._full_save()
        if parts is None:
            parts = self._packages[added] = self._full_save()
        names = (self.ws.auto_filter.ref, self.ws.print_area)
        if names not in self._books:
            self._books[names] = WorkbookWriter(self.wb).write()
        own = dict(zip(self._own(), (sheet.getvalue(), self._books[names], tostring(props.to_tree()))))
        package = io.BytesIO()
        with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as z:
            for name, data in parts:
                z.writestr(name, own[name] if data is None else data)
        with atomic_path(path) as tmp:
            tmp.write_bytes(package.getvalue())
        return Path(path)

    def _own(self) -> tuple[str, str, str]:
        return self.ws.path[1:], ARC_WORKBOOK, ARC_CORE

    def _full_save(self) -> list[tuple[str, bytes | None]]:
        full = io.BytesIO()
        self.wb.save(full)
        with zipfile.ZipFile(full) as src:
            return [(name, None if name in self._own() else src.read(name)) for name in src.namelist()]

    def _added(self) -> tuple:
        """The formats registered since build(), table by table (sliced as lists: NamedStyleList indexes by name)."""
        return tuple(tuple(list.__getitem__(getattr(self.wb, t), slice(len(v), None))) for t, v in self._base.items())
