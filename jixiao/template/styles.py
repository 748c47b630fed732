"""Cell styles and number formats of the official templates."""

from openpyxl.styles import Alignment, Font, PatternFill, Protection

from ..workbook import printing

FONT, BORDER, HEADER_FILL = printing.FONT, printing.BORDER, printing.HEADER_FILL     # one set for every output
INPUT_FILL = PatternFill("solid", fgColor="FFF9DB")      # pale yellow: where the unit types
CALC_FILL = PatternFill("solid", fgColor="EEF4FB")       # pale blue: computed live
FLAG_FILL = PatternFill("solid", fgColor="F8CBAD")       # red-orange: something to fix
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)

NUMBER_FORMATS = {
    "percent": "0.00%",
    "score": "0.00",
    "amount": "#,##0.00",
    "integer": "0",
}

STATIC = {
    "title": (Font(name=FONT, size=16, bold=True), Alignment(horizontal="center", vertical="center"), None),
    "label": (Font(name=FONT, size=10, bold=True), Alignment(horizontal="center", vertical="center", wrap_text=True),
              HEADER_FILL),
    "header": (Font(name=FONT, size=10, bold=True), Alignment(horizontal="center", vertical="center", wrap_text=True),
               HEADER_FILL),
    "section": (Font(name=FONT, size=11, bold=True), Alignment(horizontal="left", vertical="center"), HEADER_FILL),
    "note": (Font(name=FONT, size=9), Alignment(horizontal="left", vertical="center", wrap_text=True), None),
    "blank": (Font(name=FONT, size=10), Alignment(horizontal="center", vertical="center"), None),
}

VALUE_FONT = Font(name=FONT, size=10)
FLAG_FONT = Font(name=FONT, size=9, color="C00000")
VALUE_ALIGN = Alignment(vertical="center", wrap_text=True)
