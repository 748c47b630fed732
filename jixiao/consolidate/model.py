"""What a consolidation produced: merged records in a unit tree, and every file or unit left out, with the reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..rules.finding import Finding
from .records import AMOUNT_KEYS, ProjectRecord, provenance_rows
from .rules import (BAD_CONSOLIDATION, DUPLICATE, EDITED, LATE, LAYOUT, MISSING, MIXED_YEARS, NODE_UNBALANCED, NOT_FOUND,
                    OTHER_FORM, SUPERSEDED)
from .summary import Metrics, Node

EXCLUDED, MERGED_INVALID = "未纳入汇总", "已纳入但审核未通过"
CATEGORIES = {NODE_UNBALANCED: "节点不平衡", BAD_CONSOLIDATION: EXCLUDED, EDITED: "汇总表被改动", LATE: "逾期报送",
              MISSING: "未报送", SUPERSEDED: "已被替代", DUPLICATE: "已被替代", MIXED_YEARS: "年度不一致", OTHER_FORM: EXCLUDED,
              NOT_FOUND: EXCLUDED, LAYOUT: EXCLUDED}
CATEGORY_ORDER = ("节点不平衡", EXCLUDED, MERGED_INVALID, "未报送", "逾期报送", "汇总表被改动", "已被替代", "年度不一致")
TREE_FIELDS = ("dept_code", "dept_name")


@dataclass
class Issue:
    """One line of 异常清单: a finding and whose it is."""

    finding: Finding
    category: str = ""
    dept_name: str = ""
    unit_code: str = ""
    unit_name: str = ""
    sha256: str = ""
    row_id: str = ""

    def __post_init__(self):
        self.category = self.category or CATEGORIES.get(self.finding.code, EXCLUDED)

    def sort_key(self) -> tuple:
        f = self.finding
        rank = CATEGORY_ORDER.index(self.category) if self.category in CATEGORY_ORDER else len(CATEGORY_ORDER)
        return (rank, self.dept_name, self.unit_code, f.file, f.sheet, f.cell, f.code, f.label)


def number_issues(issues: list[Issue]) -> list[Issue]:
    """Sort into 异常清单 order and number the rows E1, E2, …"""
    issues.sort(key=Issue.sort_key)
    for n, item in enumerate(issues, 1):
        item.row_id = f"E{n}"
    return issues


@dataclass
class Consolidation:
    level: str                          # department | bureau
    form_id: str
    profile: dict
    metrics: Metrics
    tree: Node                          # total → departments → units → projects
    rows: list[Node]                    # 单位汇总 rows in sheet order
    issues: list[Issue]
    show_departments: bool
    generated_at: datetime
    stats: dict = field(default_factory=dict)
    deadline: datetime | None = None
    roster_name: str = ""
    registers: dict = field(default_factory=dict)   # form id → [registers.RegisterRow]: the cycle's other forms

    @property
    def projects(self) -> list[ProjectRecord]:
        """Merged project records in the deterministic order (department code, unit code, project code)."""
        return [leaf.record for leaf in self.tree.leaves()]

    def leaves(self) -> list[Node]:
        return list(self.tree.leaves())

    def indicators(self):
        for leaf in self.tree.leaves():
            yield from leaf.record.indicators

    def add_issues(self, more: list[Issue]) -> None:
        """Findings made after the merge (e.g. the history checks): added to 异常清单, rows renumbered."""
        self.issues.extend(more)
        number_issues(self.issues)

    @property
    def findings(self) -> list[Finding]:
        return [i.finding for i in self.issues]

    @property
    def unbalanced(self) -> list[Finding]:
        """节点检查 failures (C001): the reason for exit code 1."""
        return [f for f in self.findings if f.code == NODE_UNBALANCED]

    def project_table(self) -> list[dict]:
        """Tidy projects: one row per project, amounts in 万元 as in the source, and the cell of every value."""
        out = []
        for leaf in self.tree.leaves():
            r = leaf.record
            row = {"key": "|".join(r.key), "row_id": leaf.row_id, "form_id": r.form_id, **r.values,
                   "dept_code": r.dept_code, "dept_name": r.dept_name, "status": r.status,
                   "file": r.source.origin, "sha256": r.source.sha256, "origin": r.origin,
                   "origin_sha256": r.origin_sha256}
            for k in AMOUNT_KEYS:
                row.setdefault(k, None)
            row.update({f"{name}_cell": f"{ref.sheet}!{ref.cell}" for name, ref in r.refs.items()})
            out.append(row)
        return out

    def indicator_table(self) -> list[dict]:
        out = []
        for leaf in self.tree.leaves():
            r = leaf.record
            for ind in r.indicators:
                row = {"key": "|".join(r.key) + f"|{ind.index + 1}", "project_row": leaf.row_id,
                       "year": r.get("year"), "unit_code": r.unit_code, "project_code": r.get("project_code"),
                       "index": ind.index + 1, **ind.values, "file": r.source.origin, "sha256": r.source.sha256}
                row.update({f"{name}_cell": f"{ref.sheet}!{ref.cell}" for name, ref in ind.refs.items()})
                out.append(row)
        return out

    def provenance(self):
        """Tidy provenance: record key → source file, SHA-256, sheet, cell, JSON path (and input cells if computed)."""
        for leaf in self.tree.leaves():
            r = leaf.record
            key = "|".join(r.key)
            for row in provenance_rows(r, leaf.row_id):
                yield {"key": key, **row}
            for ind in r.indicators:
                for row in provenance_rows(ind, leaf.row_id):
                    yield {"key": f"{key}|{ind.index + 1}", **row}
