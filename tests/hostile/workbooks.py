"""Hostile variants of the sample self-evaluation, written with openpyxl (cached values are not needed here)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
EXAMPLE = SAMPLES / "self_eval_example.xlsx"


def variant(path: Path, *, unit_name=None, unit_code=None, project_code=None, meta: dict | None = None) -> Path:
    """The sample self-evaluation with some header fields or hidden template metadata replaced."""
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["自评表"]
    for cell, value in (("unit_name", unit_name), ("unit_code", unit_code), ("project_code", project_code)):
        if value is not None:
            ws[_ref(cell)].value = value
    if meta:
        for row in wb["_jixiao"].iter_rows():
            if row[0].value in meta:
                row[1].value = meta[row[0].value]
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _ref(field: str) -> str:
    from jixiao.workbook.reader import read
    return read(EXAMPLE).cells[f"fields.{field}"].split("!")[1]
