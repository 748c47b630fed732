"""Bounded, defused streaming reads of an .xlsx's workbook part and worksheet XML (sheets, names, formulas)."""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
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


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _Capped:
    """File-like wrapper that stops after `cap` bytes."""

    def __init__(self, raw, cap: int):
        self.raw, self.left = raw, cap

    def read(self, n: int = -1) -> bytes:
        n = self.left + 1 if n is None or n < 0 else min(n, self.left + 1)
        data = self.raw.read(n)
        self.left -= len(data)
        if self.left < 0:
            raise PartError("", "zip_bomb")
        return data


def _events(zf: zipfile.ZipFile, part: str, cap: int, events=("start", "end")):
    """iterparse one member without DTDs or entities; errors become PartError."""
    try:
        with zf.open(part) as raw:
            yield from SafeET.iterparse(_Capped(raw, cap), events=events, forbid_dtd=True)
    except PartError as e:
        raise PartError(part, e.kind) from None
    except DefusedXmlException:
        raise PartError(part, "xml_bomb") from None
    except Exception:  # malformed XML, bad CRC, missing member, …
        raise PartError(part, "truncated") from None


def _members(zf: zipfile.ZipFile) -> dict[str, str]:
    return {n.lower(): n for n in zf.namelist()}


def _rels(zf: zipfile.ZipFile, part: str, cap: int) -> dict[str, tuple[str, str]]:
    """Relationship id -> (zip member, type) for a part."""
    folder, name = posixpath.split(part)
    rels_part = _members(zf).get(posixpath.join(folder, "_rels", name + ".rels").lower())
    out: dict[str, tuple[str, str]] = {}
    if rels_part is None:
        return out
    for ev, el in _events(zf, rels_part, cap, ("end",)):
        if _local(el.tag) == "Relationship" and el.get("TargetMode") != "External":
            target = el.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            out[el.get("Id", "")] = (posixpath.normpath(target), el.get("Type", ""))
    return out


def read_workbook_part(zf: zipfile.ZipFile, main: str, cap: int) -> tuple[list[SheetEntry], dict[str, str]]:
    """Sheets in order with state and part, and defined names (local ones as 'Sheet!Name')."""
    members, rels = _members(zf), _rels(zf, main, cap)
    sheets: list[SheetEntry] = []
    local_names: list[tuple[int, str, str]] = []
    names: dict[str, str] = {}
    for ev, el in _events(zf, main, cap, ("end",)):
        tag = _local(el.tag)
        if tag == "sheet":
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), "")
            target, rtype = rels.get(rid, ("", ""))
            sheets.append(SheetEntry(el.get("name", ""), el.get("state", "visible"),
                                     members.get(target.lower()), rtype.endswith("/worksheet")))
        elif tag == "definedName":
            name, text = el.get("name", ""), el.text or ""
            if el.get("localSheetId") is not None:
                local_names.append((_int(el.get("localSheetId"), -1), name, text))
            else:
                names.setdefault(name, text)
        if tag != "sheets":
            el.clear()
    for idx, name, text in local_names:
        if 0 <= idx < len(sheets):
            names.setdefault(f"{sheets[idx].name}!{name}", text)
    return sheets, names


def _translate(text: str, origin: str, dest: str) -> str:
    try:
        return Translator(text, origin=origin).translate_formula(dest)
    except Exception:  # a formula the tokenizer cannot handle: keep the master's text
        return text


def read_sheet_part(zf: zipfile.ZipFile, part: str, cap: int) -> SheetXml:
    """Formulas, error values and the value extent of one worksheet, streamed row by row."""
    out = SheetXml()
    masters: dict[str, tuple[str, str]] = {}     # shared formula si -> (cell, "=…")
    children: list[tuple[str, str]] = []         # (cell, si)
    sheet_data = None
    row = col = 0
    ref = ctype = ftext = fshared = vtext = None
    has_f = has_value = False
    for ev, el in _events(zf, part, cap):
        tag = _local(el.tag)
        if ev == "start":
            if tag == "sheetData":
                sheet_data = el
            elif tag == "row":
                row = _int(el.get("r"), row + 1)
                col = 0
            elif tag == "c":
                ref = el.get("r")
                m = _REF.match(ref or "")
                if m:
                    row, col = int(m[2]), _col_index(m[1])
                else:
                    col += 1
                    ref = f"{get_column_letter(col)}{row}"
                ctype, ftext, fshared, vtext, has_f, has_value = el.get("t", "n"), None, None, None, False, False
            continue
        if tag == "f":
            has_f = True
            ftext = el.text or ""
            if el.get("t") == "shared":
                fshared = el.get("si", "")
        elif tag == "v":
            vtext = el.text
        elif tag == "is":
            has_value = True
        elif tag == "c":
            has_value = has_value or bool(vtext)
            if has_f:
                if fshared is not None and not ftext:
                    children.append((ref, fshared))
                else:
                    out.formulas[ref] = "=" + ftext
                    if fshared is not None:
                        masters[fshared] = (ref, out.formulas[ref])
                if has_value or ctype in _CACHED_TYPES:
                    out.cached.add(ref)
            if ctype == "e" and vtext:
                out.errors[ref] = vtext
            if has_f or has_value:
                out.max_row, out.max_col = max(out.max_row, row), max(out.max_col, col)
        elif tag == "row" and sheet_data is not None:
            sheet_data.clear()      # keep memory flat on long sheets
    for ref, si in children:
        origin, text = masters.get(si, (None, "="))
        out.formulas[ref] = _translate(text, origin, ref) if origin else text
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
