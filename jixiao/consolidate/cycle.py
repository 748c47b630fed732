"""The whole cycle in the consolidation workbook: 结果应用, 全周期概览, the other forms' registers and 监控预警（按部门）."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from ..report.model import form_title
from ..spec.loader import enums
from .model import Consolidation
from .registers import LIGHTS, REGISTERS, UNRATED, columns
from .results_use import write_results_use
from .rounding import round_half_up, to_decimal
from .sheets import AMOUNT_FMT, COUNT_FMT, RATE_FMT
from .summary import UNGRADED

OVERVIEW, WARNINGS = "全周期概览", "监控预警（按部门）"
OVERVIEW_COLUMNS = [("stage", "环节", 16, None), ("form", "表单", 26, None), ("count", "份数", 7, COUNT_FMT),
                    ("outcome", "结果分布", 40, None), ("sheet", "明细工作表", 14, None)]
WARNING_COLUMNS = ([("dept_code", "主管部门编码", 8, None), ("dept_name", "主管部门", 14, None),
                    ("projects", "监控项目数", 8, COUNT_FMT)]
                   + [(f"light:{x}", f"{x}灯（个）" if x != UNRATED else "未定（个）", 8, COUNT_FMT) for x in LIGHTS]
                   + [("budget", "全年预算数（万元）", 12, AMOUNT_FMT), ("executed", "1—N月执行数（万元）", 12, AMOUNT_FMT),
                      ("rate", "1—N月执行率", 9, RATE_FMT)])


def distribution(values, order=()) -> str:
    """「优 2、良 1、未定级 1」: counts in the given order first, then the rest in first-seen order."""
    counts = Counter(values)
    keys = [k for k in order if counts.get(k)] + [k for k in counts if k not in order]
    return "、".join(f"{k} {counts[k]}" for k in keys)


def overview_rows(c: Consolidation) -> list[dict]:
    """One row for the consolidated form, one per register: how many and what came of them."""
    leaves = c.leaves()
    outcome = distribution([leaf.record.get("grade") or UNGRADED for leaf in leaves],
                           c.metrics.grades + (UNGRADED,)) if c.metrics.scored else ""
    rows = [{"stage": "本次汇总", "form": form_title(c.form_id), "count": len(leaves), "outcome": outcome,
             "sheet": "项目明细"}]
    for fid, reg in REGISTERS.items():
        got = c.registers.get(fid) or []
        if got:
            order = LIGHTS if reg.outcome == "light" else (*enums()["grades"], *enums()["ex_ante_conclusions"])
            shown = distribution([r.values.get(reg.outcome) or "未定" for r in got], order) if reg.outcome else ""
            rows.append({"stage": reg.stage, "form": form_title(fid), "count": len(got), "outcome": shown,
                         "sheet": reg.sheet})
    return rows


def warning_rows(c: Consolidation) -> list[dict]:
    """运行监控 lights per department (红/黄/绿/未定 counts, money and rate), then 合计; [] without monitoring."""
    got = c.registers.get("project_monitor") or []
    if not got:
        return []
    depts: dict[tuple, list] = {}
    for r in got:
        depts.setdefault((r.dept_code, r.dept_name), []).append(r)
    out = [_warning({"dept_code": code, "dept_name": name}, rows) for (code, name), rows in depts.items()]
    out.append(_warning({"dept_code": "", "dept_name": "合计", "total_row": True}, got))
    return out


def _warning(row: dict, rows: list) -> dict:
    lights = Counter(r.values.get("light") or UNRATED for r in rows)
    row.update({"projects": len(rows), **{f"light:{x}": lights.get(x, 0) for x in LIGHTS}})
    both = [(to_decimal(r.values.get("budget")), to_decimal(r.values.get("executed"))) for r in rows]
    both = [(b, e) for b, e in both if b is not None and e is not None and b > 0]
    budget, executed = sum((b for b, _ in both), Decimal(0)), sum((e for _, e in both), Decimal(0))
    row.update(budget=round_half_up(budget, 2) if both else None, executed=round_half_up(executed, 2) if both else None,
               rate=float(round_half_up(executed / budget, 4)) if both else None)
    return row


def write_cycle_sheets(c: Consolidation, wb, title: str) -> None:
    """The sheets after 说明: 结果应用 (graded forms), 全周期概览 and the registers when the inputs held other forms."""
    from .workbook import Table
    write_results_use(c, wb, title)
    if not c.registers:
        return
    t = Table(wb, OVERVIEW, OVERVIEW_COLUMNS, title, filter=False)
    for row in overview_rows(c):
        t.add(row)
    t.finish()
    warnings = warning_rows(c)
    if warnings:
        t = Table(wb, WARNINGS, WARNING_COLUMNS, title)
        for row in warnings:
            t.add(row, total=bool(row.get("total_row")))
        t.finish()
    for fid, reg in REGISTERS.items():
        if c.registers.get(fid):
            t = Table(wb, reg.sheet, columns(fid), title)
            for r in c.registers[fid]:
                t.add({**r.values, "row_id": r.row_id, "dept_name": r.dept_name, "status": r.status,
                       "origin": r.origin})
            t.finish()
