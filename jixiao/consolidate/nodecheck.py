"""节点检查: every parent row of a unit tree equals the sum of its children (units, departments, the total)."""

from __future__ import annotations

from decimal import Decimal
from typing import Callable

from openpyxl.utils import get_column_letter

from ..rules.finding import Finding
from .rounding import to_decimal
from .rules import NODE_UNBALANCED
from .summary import Metrics, Node

MAX_LISTED_CHILDREN = 10


def _value(v, amount: bool) -> Decimal:
    d = to_decimal(v)
    if d is None:
        return Decimal(0)
    return d.quantize(Decimal("0.01")) if amount else d


def _show(d: Decimal, amount: bool):
    return float(d) if amount else int(d)


def node_label(node: Node) -> str:
    if node.kind == "total":
        return "合计"
    if node.kind == "department":
        return f"{node.dept_name or node.dept_code}（小计）"
    return "/".join(x for x in (node.dept_name, node.name or node.code) if x)


def display_children(node: Node, show_departments: bool) -> list[Node]:
    """The rows a parent row adds up on the sheet: departments are skipped when not shown."""
    if node.kind == "total" and not show_departments:
        return [u for d in node.children for u in d.children]
    return node.children


def check_tree(root: Node, m: Metrics, headers: dict[str, str], *, file: str = "", sheet: str = "",
               columns: list[str] | None = None, show_departments: bool = True,
               children_of: Callable[[Node], list[Node]] | None = None) -> list[Finding]:
    """C001 for every additive figure of a unit, department or total row that differs from the sum of its children.

    `headers` names each metric; `columns` (the sheet's column keys) locates the cell when the rows carry row_no.
    """
    children_of = children_of or (lambda n: display_children(n, show_departments))
    out: list[Finding] = []

    def visit(node: Node) -> None:
        kids = children_of(node)
        if node.kind != "project" and (node.kind != "department" or show_departments):
            for metric in m.additive:
                amount = metric in m.amounts
                reported = _value(node.shown.get(metric), amount)
                expected = sum((_value(c.shown.get(metric), amount) for c in kids), Decimal(0))
                if reported == expected:
                    continue
                cell = ""
                if columns and node.row_no and metric in columns:
                    cell = f"{get_column_letter(columns.index(metric) + 1)}{node.row_no}"
                ids = [c.row_id for c in kids if c.row_id]
                listed = "、".join(ids[:MAX_LISTED_CHILDREN]) + ("等" if len(ids) > MAX_LISTED_CHILDREN else "")
                detail = f"下级行：{listed}（共 {len(kids)} 行）。" if kids else "没有下级行。"
                out.append(Finding(NODE_UNBALANCED, file=file, sheet=sheet, cell=cell,
                                   label=f"{node_label(node)}/{headers.get(metric, metric)}",
                                   value=_show(reported, amount), expected=_show(expected, amount),
                                   difference=_show(reported - expected, amount), detail=detail))
        for c in kids:
            visit(c)

    visit(root)
    return out
