"""Bounded streaming reads (expat, DTDs refused) of an .xlsx's workbook part and worksheet XML: sheets, names, formulas."""

from __future__ import annotations

import math
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from xml.parsers import expat

from openpyxl.formula.translate import Translator
from openpyxl.utils import get_column_letter

from .lift import Lifter, formula_text

_POS = re.compile(r"([A-Za-z]*)(\d+)")
EXCEL_ROWS, EXCEL_COLS = 1_048_576, 16_384          # Excel's grid; calamine sizes its own by the cells it finds
_BEYOND = 10**12                                    # a row or column index far outside any grid
MAX_NUMBER = 1e15   # Excel keeps 15 significant digits: no amount, count, rate or date in a budget workbook reaches it
_CHUNK = 1 << 20        # bytes fed to expat at a time: fewer, larger feeds parse markedly faster
_CACHED_TYPES = ("str", "s", "inlineStr", "e", "b")   # a formula cell of these types holds a result even if empty


class PartError(Exception):
    """A part that cannot be read safely; kind is 'xml_bomb', 'zip_bomb', 'too_large' or 'truncated'."""

    def __init__(self, part: str, kind: str):
        super().__init__(f"{part}: {kind}")
        self.part, self.kind = part, kind


@dataclass
class SheetEntry:
    name: str
    state: str          # visible | hidden | veryHidden
    part: str | None    # zip member of the sheet XML
    is_worksheet: bool


@dataclass
class SheetXml:
    formulas: dict[str, str] = field(default_factory=dict)   # "L14" -> "=…" (shared formulas expanded)
    errors: dict[str, str] = field(default_factory=dict)     # "K6" -> "#DIV/0!" (cells of type e)
    cached: set[str] = field(default_factory=set)            # formula cells that hold a calculated result
    invalid: dict[str, str] = field(default_factory=dict)    # "F7" -> "NaN": numbers non-finite or beyond MAX_NUMBER
    max_row: int = 0                                         # extent (1-based) of cells with any content, as
    max_col: int = 0                                         # calamine places them; may exceed Excel's grid
    dimension: tuple[int, int] = (0, 0)                      # (last row, last column) that <dimension ref> declares
    xml: bytes | None = field(default=None, repr=False)      # the XML with formula texts lifted out (lift.py), for
                                                             # calamine; None if nothing was lifted


@lru_cache(maxsize=1 << 12)             # the same few names recur in every part
def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


class _Forbidden(Exception):
    """A DTD or entity declaration: never expanded, never fetched."""


def _forbid(*_args):
    raise _Forbidden


def stream_xml(zf: zipfile.ZipFile, part: str | zipfile.ZipInfo, cap: int, start=None, end=None, text=None,
               raw_names=False, over: str = "zip_bomb") -> None:
    """Stream one member through expat with DTDs refused (as defusedxml's forbid_dtd) and a byte cap.

    Handlers get local names ("uri}local" names if raw_names); errors become PartError (of kind `over` past the cap);
    a handler may raise PartError itself."""
    parser = _parser()
    if start:
        parser.StartElementHandler = start if raw_names else (lambda name, attrs: start(_local(name), attrs))
    if end:
        parser.EndElementHandler = end if raw_names else (lambda name: end(_local(name)))
    if text:
        parser.CharacterDataHandler = text
    _feed(parser, zf, part, cap, over)


def _parser(namespaces: bool = True):
    """An expat parser (names as "uri}local", or as written without `namespaces`) that refuses DTDs and entity
    declarations."""
    parser = expat.ParserCreate(namespace_separator="}") if namespaces else expat.ParserCreate()
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = _forbid
    parser.UnparsedEntityDeclHandler = parser.ExternalEntityRefHandler = _forbid
    return parser


def _feed(parser, zf: zipfile.ZipFile, part: str | zipfile.ZipInfo, cap: int, over: str = "zip_bomb",
          lifter: Lifter | None = None) -> None:
    """Stream a member through `parser`, at most `cap` bytes, through `lifter` if given; PartError for anything wrong
    (see stream_xml)."""
    left = cap
    try:
        with zf.open(part) as raw:
            while chunk := raw.read(_CHUNK):
                left -= len(chunk)
                if left < 0:
                    raise PartError(part, over)
                parser.Parse(lifter.feed(chunk) if lifter else chunk, False)
            parser.Parse(lifter.finish() if lifter else b"", True)
    except PartError:
        raise
    except _Forbidden:
        raise PartError(part, "xml_bomb") from None
    except Exception:  # malformed XML, bad CRC, missing member, a handler choking on odd content
        raise PartError(part, "truncated") from None


def _attr(attrs: dict, local: str, default=None):
    """An attribute by local name, whatever its namespace."""
    if local in attrs:
        return attrs[local]
    return next((v for k, v in attrs.items() if _local(k) == local), default)


def _members(zf: zipfile.ZipFile) -> dict[str, str]:
    return {n.lower(): n for n in zf.namelist()}


def _rels(zf: zipfile.ZipFile, part: str, cap: int) -> dict[str, tuple[str, str]]:
    """Relationship id -> (zip member path, type) for a part."""
    folder, name = posixpath.split(part)
    rels_part = _members(zf).get(posixpath.join(folder, "_rels", name + ".rels").lower())
    out: dict[str, tuple[str, str]] = {}

    def start(tag, attrs):
        if tag == "Relationship" and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            out[attrs.get("Id", "")] = (posixpath.normpath(target), attrs.get("Type", ""))

    if rels_part is not None:
        stream_xml(zf, rels_part, cap, start)
    return out


def read_workbook_part(zf: zipfile.ZipFile, main: str, cap: int) -> tuple[list[SheetEntry], dict[str, str]]:
    """Sheets in order with state and part, and defined names (sheet-scoped ones as 'Sheet!Name')."""
    members, rels = _members(zf), _rels(zf, main, cap)
    sheets: list[SheetEntry] = []
    scoped: list[tuple[int, str, str]] = []
    names: dict[str, str] = {}
    current: list = []          # [name, scope, text parts] of the open definedName

    def start(tag, attrs):
        if tag == "sheet":
            target, rtype = rels.get(_attr(attrs, "id", ""), ("", ""))
            sheets.append(SheetEntry(attrs.get("name", ""), attrs.get("state", "visible"),
                                     members.get(target.lower()), rtype.endswith("/worksheet")))
        elif tag == "definedName":
            current[:] = [attrs.get("name", ""), attrs.get("localSheetId"), []]

    def end(tag):
        if tag == "definedName" and current:
            name, scope, parts = current
            if scope is None:
                names.setdefault(name, "".join(parts))
            else:
                scoped.append((_int(scope, -1), name, "".join(parts)))
            current.clear()

    def text(data):
        if current:
            current[2].append(data)

    stream_xml(zf, main, cap, start, end, text)
    for idx, name, value in scoped:
        if 0 <= idx < len(sheets):
            names.setdefault(f"{sheets[idx].name}!{name}", value)
    return sheets, names


def _translate(text: str, origin: str, dest: str) -> str:
    try:
        return Translator(text, origin=origin).translate_formula(dest)
    except Exception:  # a formula the tokenizer cannot handle: keep the master's text
        return text


def read_sheet_part(zf: zipfile.ZipFile, part: str, cap: int) -> SheetXml:
    """Formulas, error values, out-of-range numbers and the value extent of one worksheet, streamed; empty cells cost
    next to nothing.

    Cells are placed as calamine places them (its grid is what the extent must bound): a reference in any letter case;
    without one, the row of the enclosing <row> (its r, else one past the previous row) and the column after the
    previous cell's. A cell counts towards the extent when it has any child element."""
    out = SheetXml()
    formulas, cached = out.formulas, out.cached
    masters: dict[str, tuple[str, str]] = {}     # shared formula si -> (cell, "=…")
    children: list[tuple[str, str]] = []         # (cell, si) of shared formulas without text
    local: dict[str, str] = {}                   # "prefix:tag" -> "tag"
    row_i = col_i = 0                            # calamine's 0-based counters
    max_row = max_col = 0
    pos: tuple[int, int, str] = (0, 0, "")       # (0-based row, col, "A1") of the open cell
    depth = -1                                   # nesting inside the open cell (-1: no cell open)
    ctype = "n"
    ftext = vtext = si = None
    fstart = -1                                  # byte offset of the open cell's <f>
    inline = filled = in_data = False
    buf: list[str] = []

    def start(name, attrs):
        nonlocal row_i, col_i, pos, depth, ctype, ftext, vtext, si, fstart, inline, filled, in_data
        try:
            tag = local[name]
        except KeyError:
            tag = local[name] = name[name.rfind(":") + 1:]
        if depth >= 0:                           # a cell's content: its value, never a row or a cell of its own
            depth += 1
            filled = True
            if depth == 1:
                if tag == "v" or tag == "f":
                    if tag == "f":
                        fstart = parser.CurrentByteIndex
                        if attrs.get("t") == "shared":
                            si = attrs.get("si", "")
                    buf.clear()
                    parser.CharacterDataHandler = buf.append
                elif tag == "is":
                    inline = True
        elif tag == "c" and in_data:
            depth, ctype, ftext, vtext, si, inline, filled = 0, attrs.get("t", "n"), None, None, None, False, False
            ref = attrs.get("r")
            if ref is None:
                pos = (row_i, col_i, "")
            else:
                found = _cell_at(ref)
                if found is None:
                    raise _BadRef
                pos, col_i = found, found[1]
        elif tag == "row" and in_data:
            ref = attrs.get("r")
            if ref is not None:
                found = cell_position(ref)
                if found is None:
                    raise _BadRef
                row_i = found[0]
        elif tag == "sheetData":
            in_data = True
        elif tag == "dimension" and not in_data and "ref" in attrs:
            out.dimension = _dimension(attrs["ref"])

    def end(name):
        nonlocal row_i, col_i, depth, ftext, vtext, in_data, max_row, max_col
        if depth > 0:
            if depth == 1:
                tag = local[name]
                if tag == "v":
                    vtext = "".join(buf)
                    parser.CharacterDataHandler = None
                elif tag == "f":
                    raw = lifter.texts.pop(fstart, None)
                    ftext = "".join(buf) if raw is None else formula_text(raw)
                    parser.CharacterDataHandler = None
            depth -= 1
            return
        if depth == 0:                           # the cell itself
            depth = -1
            col_i += 1
            if filled:
                row, col = pos[0] + 1, pos[1] + 1
                if row > max_row:
                    max_row = row
                if col > max_col:
                    max_col = col
                if (ftext is not None or vtext or inline) and row <= EXCEL_ROWS and col <= EXCEL_COLS:
                    _cell_done(pos[2] or ref_text(row, col))
            return
        tag = local[name]
        if tag == "row" and in_data:
            row_i, col_i = row_i + 1, 0
        elif tag == "sheetData":
            in_data = False

    def _cell_done(ref):                         # beyond Excel's grid: the reader refuses the sheet on its extent
        if ftext is not None:
            if si is not None and not ftext:
                children.append((ref, si))
            else:
                formulas[ref] = "=" + ftext
                if si is not None:
                    masters[si] = (ref, formulas[ref])
            if vtext or inline or ctype in _CACHED_TYPES:
                cached.add(ref)
        if ctype == "e" and vtext:
            out.errors[ref] = vtext
        elif ctype == "n" and vtext and not _valid_number(vtext):
            out.invalid[ref] = vtext.strip()

    parser, lifter = _parser(namespaces=False), Lifter()   # names as written, prefix and all: calamine ignores both
    parser.StartElementHandler, parser.EndElementHandler = start, end
    _feed(parser, zf, part, cap, lifter=lifter)  # a reference calamine cannot parse: 'truncated'
    out.max_row, out.max_col, out.xml = max_row, max_col, lifter.xml()
    for ref, si_ in children:
        origin, master = masters.get(si_, (None, "="))
        formulas[ref] = _translate(master, origin, ref) if origin else master
    return out


@lru_cache(maxsize=1 << 16)
def _cell_at(ref: str) -> tuple[int, int, str] | None:
    """(0-based row, column, "A1" text) of a cell reference; None if it names no cell."""
    found = cell_position(ref)
    if found is None or found[1] is None:
        return None
    row, col = found
    return row, col, (ref_text(row + 1, col + 1) if row < EXCEL_ROWS and col < EXCEL_COLS else "")


@lru_cache(maxsize=1 << 16)
def ref_text(row: int, col: int) -> str:
    """'A1' text of a 1-based (row, column) within Excel's grid (cached: the same cells recur in every file)."""
    return f"{get_column_letter(col)}{row}"


class _BadRef(Exception):
    """A cell or row reference calamine cannot parse (it refuses the sheet, so the file is damaged)."""


@lru_cache(maxsize=1 << 16)              # the same references recur in every file of a form
def cell_position(text: str) -> tuple[int, int | None] | None:
    """0-based (row, column or None) of a reference such as 'B7', 'xfd1048576' or '7' (a row), as calamine reads it
    (letters in either case); None if it is not one. Values beyond Excel's grid are returned as they are."""
    m = _POS.fullmatch(text)
    if m is None or not m[2].strip("0"):
        return None
    row = int(m[2]) - 1 if len(m[2]) <= 9 else _BEYOND            # long runs of digits or letters: beyond the grid
    col = None
    if m[1]:
        col = 0
        for ch in m[1][:4].upper():
            col = col * 26 + ord(ch) - 64
        col = col - 1 if len(m[1]) <= 4 else _BEYOND
    return row, col


def _dimension(ref: str) -> tuple[int, int]:
    """(last row, last column), 1-based, that <dimension ref="A1:N47"> declares; (0, 0) if unreadable."""
    found = [cell_position(p) for p in ref.split(":")]
    if not found or any(f is None or f[1] is None for f in found):
        return (0, 0)
    return max(f[0] for f in found) + 1, max(f[1] for f in found) + 1


def _valid_number(text: str) -> bool:
    """A numeric cell's text that is a finite number within MAX_NUMBER (text that is no number at all is left to the
    spreadsheet library, which refuses it)."""
    try:
        x = float(text)
    except ValueError:
        return True
    return math.isfinite(x) and abs(x) < MAX_NUMBER


def shared_strings_parts(zf: zipfile.ZipFile, main: str, cap: int) -> list[str]:
    """Every member that a spreadsheet library may load as the shared strings: any named sharedStrings.xml (calamine
    reads xl/sharedStrings.xml whatever the relationships say) and the one the workbook's relationships name."""
    members = _members(zf)
    parts = {m for low, m in members.items() if low.rsplit("/", 1)[-1] == "sharedstrings.xml"}
    parts |= {members[t.lower()] for t, rtype in _rels(zf, main, cap).values()
              if rtype.endswith("/sharedStrings") and t.lower() in members}
    return sorted(parts)


def count_shared_strings(zf: zipfile.ZipFile, part: str, max_bytes: int, max_count: int) -> int:
    """The <si> entries of a shared-strings part, streamed; PartError 'too_large' beyond either limit."""
    n = 0

    def start(name, _attrs):
        nonlocal n
        if name.endswith("}si") or name == "si":
            n += 1
            if n > max_count:
                raise PartError(part, "too_large")

    stream_xml(zf, part, max_bytes, start, raw_names=True, over="too_large")
    return n


def _int(text: str | None, default: int) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return default
