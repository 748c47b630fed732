"""Reading back a workbook jixiao wrote and a clerk edited (a ledger, a reviewer sheet, a disclosure list)."""

from __future__ import annotations

from openpyxl import load_workbook


def sheet_rows(path, sheet: str, what: str, error: type[Exception], missing: str) -> list[tuple]:
    """The rows (values) of `sheet`; error(message in Chinese) when the file cannot be opened or lacks the sheet.
    `what` names the workbook (整改台账), `missing` ends the message for a missing sheet (“，不是……”)."""
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:                                    # not an xlsx, damaged, encrypted
        raise error(f"无法打开{what}「{path}」：{type(e).__name__}") from e
    try:
        if sheet not in wb.sheetnames:
            raise error(f"「{path}」中没有“{sheet}”工作表{missing}")
        return list(wb[sheet].iter_rows(values_only=True))
    finally:
        wb.close()


def header_columns(rows: list[tuple], marker: str, headers: dict) -> tuple[int, dict] | None:
    """(index of the header row, {key: column index}) of a table whose header row, within the first five rows, holds
    `marker`; headers maps each header text to its key. None when no such row is found."""
    head = next((i for i, r in enumerate(rows[:5]) if r and marker in r), None)
    if head is None:
        return None
    return head, {headers[h]: i for i, h in enumerate(rows[head]) if h in headers}


def records(rows: list[tuple], head: int, cols: dict, keep=None) -> list[dict]:
    """The data rows below the header as {key: value} (only the keys in `keep`, when given); rows without a "key"
    value (blank or deleted lines) are left out."""
    out = []
    for r in rows[head + 1:]:
        v = {k: r[i] if i < len(r) else None for k, i in cols.items() if keep is None or k in keep}
        if v.get("key"):
            out.append(v)
    return out
