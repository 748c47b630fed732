"""Data validation (drop-downs, numeric limits, input messages and Chinese error alerts) for input cells."""

from __future__ import annotations

import re

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..spec.layout import Form
from ..spec.loader import enums

DATE_MIN, DATE_MAX = 36526, 73415        # 2000-01-01 and 2100-12-31 as serial numbers


def _limits(props: dict) -> str:
    lo, hi = props.get("min"), props.get("max")
    if lo is not None and hi is not None:
        return f"{lo:g}～{hi:g}之间的"
    if lo is not None:
        return f"不小于{lo:g}的"
    return ""


def validation_for(props: dict, label: str, same_row: dict[str, str]) -> DataValidation | None:
    """The data validation for an input cell (or the top cell of a table column), or None."""
    t = props.get("type", "text")
    dv = None
    if "validate" in props:
        formula = re.sub(r"\{(\w+)\}", lambda m: same_row[m.group(1)], props["validate"]["formula"])
        dv = DataValidation(type="custom", formula1=formula, allow_blank=True)
        dv.error = props["validate"]["message"]
    elif t == "enum":
        options = enums()[props["enum"]]
        dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
        dv.error = f"请从下拉列表中选择：{'、'.join(options)}"
    elif t in ("number", "integer"):
        kind = "decimal" if t == "number" else "whole"
        lo, hi = props.get("min"), props.get("max")
        if lo is not None and hi is not None:
            dv = DataValidation(type=kind, operator="between", formula1=f"{lo:g}", formula2=f"{hi:g}", allow_blank=True)
        elif lo is not None:
            dv = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=f"{lo:g}", allow_blank=True)
        else:
            dv = DataValidation(type=kind, operator="between", formula1="-1E+15", formula2="1E+15", allow_blank=True)
        dv.error = f"请输入{_limits(props)}{'数字' if t == 'number' else '整数'}，不要带单位、符号或文字。"
    elif t == "date":
        dv = DataValidation(type="date", operator="between", formula1=str(DATE_MIN), formula2=str(DATE_MAX),
                            allow_blank=True)
        dv.error = "请输入日期，如 2026-03-31。"
    elif t in ("text", "longtext") and props.get("max_length"):
        dv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(props["max_length"]),
                            allow_blank=True)
        dv.error = f"内容不超过{props['max_length']}字。"
    if dv is None:
        return None
    dv.errorTitle = "输入不符合要求"
    dv.errorStyle = "stop"
    dv.showErrorMessage = True
    dv.promptTitle = label[-32:]
    dv.prompt = (props.get("help") or dv.error)[:250]
    dv.showInputMessage = True
    return dv


def add_validations(form: Form, wb: Workbook) -> None:
    for cell in form.cells.values():
        if cell.is_calc or cell.block in form.tables:
            continue
        dv = validation_for(cell.props, cell.label.split("/")[-1], {})
        if dv is not None:
            dv.add(cell.coord)
            wb[cell.sheet].add_data_validation(dv)
    for t in form.tables.values():
        same_row = {k: f"{get_column_letter(c)}{t.first_row}" for k, c in t.columns.items()}
        for key, spec in t.specs.items():
            if "calc" in spec:
                continue
            top = form.cells[t.cell_id(0, key)]
            dv = validation_for(top.props, spec["header"], same_row)
            if dv is not None:
                col = get_column_letter(t.columns[key])
                dv.add(f"{col}{t.first_row}:{col}{t.last_row}")
                wb[t.sheet].add_data_validation(dv)

