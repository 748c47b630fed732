"""The unit tree of a consolidation: projects → units → departments → total, amounts balanced top-down (舍位平衡)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .records import ProjectRecord
from .rounding import balance, round_half_up, to_decimal

RATE_PLACES, SCORE_PLACES = 4, 2
UNGRADED = "未定级"


@dataclass
class Node:
    kind: str                                   # project | unit | department | total
    code: str = ""
    name: str = ""
    dept_code: str = ""
    dept_name: str = ""
    exact: dict = field(default_factory=dict)   # additive metrics, exact
    shown: dict = field(default_factory=dict)   # what the sheet shows: balanced amounts, counts, derived figures
    contrib: dict = field(default_factory=dict)  # derived metric → the children it was computed from
    children: list = field(default_factory=list)
    record: ProjectRecord | None = None
    row_id: str = ""
    row_no: int = 0                              # row on 单位汇总 (0 for projects)

    def leaves(self):
        if self.kind == "project":
            yield self
        for c in self.children:
            yield from c.leaves()


@dataclass(frozen=True)
class Metrics:
    """Which figures a consolidation shows: amount keys of the form, and whether it has rates and scores."""

    amounts: tuple[str, ...]
    rated: bool
    scored: bool
    grades: tuple[str, ...]

    @property
    def counts(self) -> tuple[str, ...]:
        return ("projects",) + (tuple(f"grade:{g}" for g in self.grades + (UNGRADED,)) if self.scored else ())

    @property
    def additive(self) -> tuple[str, ...]:
        return ("projects",) + self.amounts + self.counts[1:]

    @property
    def derived(self) -> tuple[str, ...]:
        return (("exec_rate",) if self.rated else ()) + (("avg_score", "weighted_score") if self.scored else ())


def _leaf(record: ProjectRecord, m: Metrics) -> Node:
    node = Node("project", record.unit_code, str(record.get("project_name") or ""), record.dept_code,
                record.dept_name, record=record)
    node.exact["projects"] = 1
    for a in m.amounts:
        node.exact[a] = record.get(a)
    if m.scored:
        grade = record.get("grade") or UNGRADED
        for g in m.grades + (UNGRADED,):
            node.exact[f"grade:{g}"] = 1 if g == grade else 0
        if grade not in m.grades + (UNGRADED,):               # a grade of another profile: count it as ungraded
            node.exact[f"grade:{UNGRADED}"] = 1
    node.shown = {k: v for k, v in node.exact.items() if k not in m.amounts}
    if m.rated:
        node.shown["exec_rate"] = record.get("exec_rate")
    if m.scored:
        node.shown["total_score"] = record.get("total_score")
    return node


def _sum(values):
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def _derive(node: Node, m: Metrics) -> None:
    """Rates and averages of a parent node, from all the projects under it (never averaged averages)."""
    leaves = list(node.leaves())

    def has(leaf, *names):
        return all(to_decimal(leaf.record.get(n)) is not None for n in names)

    def children_with(pred):
        return [c for c in node.children if any(pred(x) for x in c.leaves())]

    if m.rated:
        use = [x for x in leaves if has(x, "budget", "executed") and to_decimal(x.record.get("budget")) > 0]
        budget = sum((to_decimal(x.record.get("budget")) for x in use), Decimal(0))
        executed = sum((to_decimal(x.record.get("executed")) for x in use), Decimal(0))
        node.shown["exec_rate"] = float(round_half_up(executed / budget, RATE_PLACES)) if use else None
        node.contrib["exec_rate"] = children_with(lambda x: x in use)
    if m.scored:
        scored = [x for x in leaves if has(x, "total_score")]
        total = sum((to_decimal(x.record.get("total_score")) for x in scored), Decimal(0))
        node.shown["avg_score"] = float(round_half_up(total / len(scored), SCORE_PLACES)) if scored else None
        node.contrib["avg_score"] = children_with(lambda x: x in scored)
        weighted = [x for x in scored if has(x, "budget") and to_decimal(x.record.get("budget")) > 0]
        weight = sum((to_decimal(x.record.get("budget")) for x in weighted), Decimal(0))
        product = sum((to_decimal(x.record.get("total_score")) * to_decimal(x.record.get("budget")) for x in weighted),
                      Decimal(0))
        node.shown["weighted_score"] = float((product / weight).quantize(Decimal("0.01"), ROUND_HALF_UP)) \
            if weighted else None
        node.contrib["weighted_score"] = children_with(lambda x: x in weighted)


def _parent(kind: str, children: list[Node], m: Metrics, code="", name="", dept_code="", dept_name="") -> Node:
    node = Node(kind, code, name, dept_code, dept_name, children=children)
    for k in m.additive:
        node.exact[k] = _sum(c.exact.get(k) for c in children)
    node.shown = {k: int(node.exact[k] or 0) for k in m.counts}
    _derive(node, m)
    return node


def _balance(node: Node, m: Metrics) -> None:
    for a in m.amounts:
        shown = balance([c.exact.get(a) for c in node.children], node.shown.get(a)) if node.children else []
        for c, v in zip(node.children, shown):
            c.shown[a] = v
    for c in node.children:
        _balance(c, m)


def build_tree(projects: list[ProjectRecord], m: Metrics, unit_names: dict[str, str] | None = None) -> Node:
    """Group sorted projects by department and unit; amounts balanced from the grand total down."""
    unit_names = unit_names or {}
    depts: dict[tuple, dict[str, list[Node]]] = {}
    for r in projects:
        depts.setdefault((r.dept_code, r.dept_name), {}).setdefault(r.unit_code, []).append(_leaf(r, m))
    dept_nodes = []
    for (dcode, dname), units in depts.items():
        unit_nodes = []
        for ucode, leaves in units.items():
            name = unit_names.get(ucode) or str(leaves[0].record.get("unit_name") or "")
            unit_nodes.append(_parent("unit", leaves, m, ucode, name, dcode, dname))
        dept_nodes.append(_parent("department", unit_nodes, m, dcode, dname, dcode, dname))
    total = _parent("total", dept_nodes, m, name="合计")
    for a in m.amounts:
        total.shown[a] = round_half_up(total.exact[a], 2) if total.exact[a] is not None else None
    _balance(total, m)
    return total


def metrics_for(form_id: str, profile: dict) -> Metrics:
    from .records import AMOUNT_CELLS, RESULT_CELLS
    grades = tuple(g["grade"] for g in sorted(profile["grades"], key=lambda g: -g["min"]))
    results = RESULT_CELLS[form_id]
    return Metrics(tuple(AMOUNT_CELLS[form_id]), "exec_rate" in results, "total_score" in results, grades)


def assign_ids(root: Node, show_departments: bool) -> list[Node]:
    """Row ids (T1, D…, U…, P…) and 单位汇总 row numbers; the summary rows in sheet order, 合计 first (as 久其 does)."""
    rows, p, u, d = [root], 0, 0, 0
    root.row_id = "T1"
    for dept in root.children:
        if show_departments:
            d += 1
            dept.row_id = f"D{d}"
            rows.append(dept)
        for unit in dept.children:
            u += 1
            unit.row_id = f"U{u}"
            rows.append(unit)
            for leaf in unit.children:
                p += 1
                leaf.row_id = f"P{p}"
    for i, node in enumerate(rows, start=2):
        node.row_no = i
    return rows
