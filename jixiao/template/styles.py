"""Cell styles and number formats of the official templates."""

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

FONT = "宋体"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
INPUT_FILL = PatternFill("solid", fgColor="FFF9DB")      # pale yellow: where the unit types
HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
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


def print_landscape(ws, title_rows: str, fit_width: bool = True) -> None:
    """An output sheet printed on A4 landscape with its header rows on every page (one page wide when it fits)."""
    ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"                 # A4 (Worksheet.PAPERSIZE_A4; write-only sheets lack the name)
    if fit_width:
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
