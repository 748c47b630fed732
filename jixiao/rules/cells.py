"""Entered-value rules for every input cell: required fields, numbers typed as text, lists, dates, lengths, placeholders."""

from __future__ import annotations

import datetime as dt

from ..scoring.excel import is_number
from ..scoring.values import Target, is_placeholder, parse_number, parse_target
from ..spec.data import to_inputs
from ..spec.layout import Cell
from ..spec.loader import enums
from ..workbook.reader import FormRead
from .finding import Finding
from .labels import cell_label
from .registry import rule

BASIS = "报送须使用下发模板并按填表说明填写；Excel 数据验证可被粘贴绕过，接收方须重新校验"

rule("R001", "强制", "必填项未填写", BASIS, "请填写「{label}」")
rule("T001", "强制", "数字单元格中填了文字", BASIS, "「{label}」应为数字，填报内容为“{value}”")
rule("T002", "强制", "不是下拉列表中的选项", BASIS, "「{label}」应从下拉列表中选择，填报内容为“{value}”")
rule("T003", "强制", "日期格式不正确", BASIS, "「{label}」应为日期，填报内容为“{value}”")
rule("T004", "强制", "内容超过长度限制", BASIS, "「{label}」超过{expected}字")
rule("T005", "强制", "名称或指标值为模板占位符", "预算管理一体化系统：指标值不得保留占位符；“指标1”“XX”等须替换为实际内容",
     "「{label}」仍是模板占位符“{value}”，请填写实际内容")


def suggestion(value) -> object:
    """The number a unit probably meant by text such as '1,200万元', '95%', '５０' (None if unclear)."""
    n = parse_number(value)
    if n is None:
        t = parse_target(value)
        n = t.value if isinstance(t, Target) else None
    return n


def check_cell(cell: Cell, v, fr: FormRead, file: str) -> Finding | None:
    props, t = cell.props, cell.props.get("type", "text")
    where = dict(file=file, sheet=cell.sheet, cell=cell.coord, label=cell_label(fr, cell), value=v)
    if v is None:
        return Finding("R001", **where) if props.get("required") else None
    if t in ("number", "integer") and not is_number(v):
        return Finding("T001", expected=suggestion(v), **where)
    if t == "integer" and is_number(v) and float(v) != int(v):
        return Finding("T001", expected=round(v), **where)
    if t == "enum" and v not in enums()[props["enum"]]:
        return Finding("T002", expected="、".join(enums()[props["enum"]]), **where)
    if t == "date" and not _is_date(v):
        return Finding("T003", expected="如 2026-03-31", **where)
    if isinstance(v, str) and props.get("max_length") and len(v) > props["max_length"]:
        return Finding("T004", expected=props["max_length"], difference=len(v) - props["max_length"], **where)
    if cell.key in ("name", "target", "project_name") and isinstance(v, str) and is_placeholder(v):
        return Finding("T005", **where)
    return None


def _is_date(v) -> bool:
    try:
        dt.date.fromisoformat(str(v)[:10])
        return True
    except ValueError:
        return False


def cell_findings(fr: FormRead, file: str) -> list[Finding]:
    inputs = to_inputs(fr.form, fr.data)
    out = []
    for cell in fr.form.inputs():
        f = check_cell(cell, inputs.get(cell.id), fr, file)
        if f is not None:
            out.append(f)
    return out
