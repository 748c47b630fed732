"""Writing untrusted text into our outputs so that it can never become a formula."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def set_value(ws, row: int, col: int, value):
    """Set a cell; a string is always stored as text, even when it starts with '='."""
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def csv_safe(value):
    """A value for CSV/TSV output: text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
