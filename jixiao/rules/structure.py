"""Structure rules: files that are not a readable workbook, workbooks that are not a known template, damaged layouts."""

from __future__ import annotations

from ..workbook.reader import FormRead
from .finding import Finding


UNKNOWN_PROFILE = "S010"
KIND_CODES = {
    "xls": "B101", "encrypted": "B102", "xlsm": "B103", "xlsb": "B103", "truncated": "B104",
    "zip_bomb": "B105", "xml_bomb": "B105", "too_large": "B105", "unknown_form": "S001",
}
LAYOUT_BROKEN = {"S005", "S006", "S007"}     # content cannot be trusted at the template's cells


def read_error_finding(kind: str, message: str, file: str) -> Finding:
    """The one finding for a file that could not be read as a form."""
    return Finding(KIND_CODES.get(kind, "B106"), file=file, detail=message)


def structure_findings(fr: FormRead, file: str) -> list[Finding]:
    return [Finding(p.code, file=file, sheet=p.sheet, cell=p.cell, detail=p.detail) for p in fr.problems]
