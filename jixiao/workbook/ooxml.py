"""Bounded streaming reads (expat, DTDs refused) of an .xlsx's workbook part and worksheet XML: sheets, names, formulas."""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.parsers import expat

from openpyxl.formula.translate import Translator
from openpyxl.utils import get_column_letter

_REF = re.compile(r"([A-Z]{1,3})(\d+)$")
_CACHED_TYPES = ("str", "s", "inlineStr", "e", "b")   # a formula cell of these types holds a result even if empty


class PartError(Exception):
    """A part that cannot be read safely; kind is 'xml_bomb', 'zip_bomb' or 'truncated'."""

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
    max_row: int = 0                                         # extent of cells holding a value or formula
    max_col: int = 0


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


class _Forbidden(Exception):
    """A DTD or entity declaration: never expanded, never fetched."""


def _forbid(*_args):
    raise _Forbidden


def _parse(zf: zipfile.ZipFile, part: str, cap: int, start=None, end=None, text=None, raw_names=False) -> None:
    """Stream one member through expat with DTDs refused (as defusedxml's forbid_dtd) and a byte cap.

    Handlers get local names ("uri}local" names if raw_names); errors become PartError."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = _forbid
    parser.UnparsedEntityDeclHandler = parser.ExternalEntityRefHandler = _forbid
    if start:
        parser.StartElementHandler = start if raw_names else (lambda name, attrs: start(_local(name), attrs))
    if end:
        parser.EndElementHandler = end if raw_names else (lambda name: end(_local(name)))
    if text:
        parser.CharacterDataHandler = text
    left = cap
    try:
        with zf.open(part) as raw:
            while chunk := raw.read(1 << 16):
                left -= len(chunk)
                if left < 0:
                    raise PartError(part, "zip_bomb")
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
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
        _parse(zf, rels_part, cap, start)
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

    _parse(zf, main, cap, start, end, text)
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
    """Formulas, error values and the value extent of one worksheet, streamed; empty cells cost next to nothing."""
    out = SheetXml()
    masters: dict[str, tuple[str, str]] = {}     # shared formula si -> (cell, "=…")
    children: list[tuple[str, str]] = []         # (cell, si) of shared formulas without text
    row = col = 0
    attrs_c: dict = {}
    ftext = vtext = si = None
    inline = capture = False
    buf: list[str] = []

    def start(name, attrs):
        nonlocal row, col, attrs_c, ftext, vtext, si, inline, capture
        tag = name[name.rfind("}") + 1:]
        if tag == "c":
            attrs_c, ftext, vtext, si, inline = attrs, None, None, None, False
            col += 1
        elif tag == "row":
            row, col = _int(attrs.get("r"), row + 1), 0
        elif tag == "f" or tag == "v":
            if tag == "f" and attrs.get("t") == "shared":
                si = attrs.get("si", "")
            buf.clear()
            capture = True
        elif tag == "is":
            inline = True

    def end(name):
        nonlocal row, col, ftext, vtext, capture
        tag = name[name.rfind("}") + 1:]
        if tag == "f":
            ftext, capture = "".join(buf), False
        elif tag == "v":
            vtext, capture = "".join(buf), False
        elif tag == "c":
            m = _REF.match(attrs_c.get("r", ""))
            if m:
                row, col = int(m[2]), _col_index(m[1])
            has_value = bool(vtext) or inline
            if ftext is None and not has_value:
                return
            ref, ctype = f"{get_column_letter(col)}{row}", attrs_c.get("t", "n")
            if ftext is not None:
                if si is not None and not ftext:
                    children.append((ref, si))
                else:
                    out.formulas[ref] = "=" + ftext
                    if si is not None:
                        masters[si] = (ref, out.formulas[ref])
                if has_value or ctype in _CACHED_TYPES:
                    out.cached.add(ref)
            if ctype == "e" and vtext:
                out.errors[ref] = vtext
            out.max_row, out.max_col = max(out.max_row, row), max(out.max_col, col)

    def text(data):
        if capture:
            buf.append(data)

    _parse(zf, part, cap, start, end, text, raw_names=True)
    for ref, si_ in children:
        origin, master = masters.get(si_, (None, "="))
        out.formulas[ref] = _translate(master, origin, ref) if origin else master
    return out


def _int(text: str | None, default: int) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n
