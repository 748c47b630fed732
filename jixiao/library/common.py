"""The common indicators (共性指标) of the library: the project framework (common.yaml, 财预〔2020〕10号 附2) and the
department ones read from the 部门整体支出绩效自评表 form spec, with their formulas and scoring standards."""

from __future__ import annotations

from pathlib import Path

from ..scoring.calcs import CALCS
from ..scoring.engine import context
from ..scoring.expr import evaluate
from ..spec.loader import load_form_spec, safe_yaml

HERE = Path(__file__).parent
DEPT_FORM, DEPT_GRID = "dept_self_eval", "common"


def project_common() -> tuple[str, list[dict]]:
    data = safe_yaml((HERE / "common.yaml").read_text("utf-8"))
    return data["basis"], data["indicators"]


def _blocks(node):
    if isinstance(node, dict):
        if node.get("kind") == "grid":
            yield node
        for v in node.values():
            yield from _blocks(v)
    elif isinstance(node, list):
        for v in node:
            yield from _blocks(v)


def _const(cells: dict, key: str) -> str:
    c = cells.get(key) or {}
    return str((c.get("args") or {}).get("value") or "") if c.get("calc") == "const" else ""


def dept_common(profile: dict) -> list[dict]:
    """The department common indicators as the form defines them: 一级 (the row label, carried down), 二级, 三级, formula,
    and the scoring standard text the template shows (the calc dept_standard, so the numbers are the form's)."""
    spec = load_form_spec(DEPT_FORM)
    grid = next(b for b in _blocks(spec["sheets"]) if b.get("id") == DEPT_GRID)
    out, level1 = [], ""
    ctx = context(profile)
    for row in grid["rows"]:
        cells = row.get("cells") or {}
        level1 = row.get("label") or level1
        std = cells.get("standard") or {}
        args = dict(std.get("args") or {})
        text = evaluate(CALCS[std["calc"]].build(ctx, **args), {}) if std.get("calc") else ""
        out.append({"scope": "部门整体", "level1": level1, "level2": _const(cells, "level2"),
                    "name": _const(cells, "level3"), "nature": "≥" if args.get("rule") == "rate" else "≤",
                    "unit": "%", "standard": "行业标准", "formula": _const(cells, "formula"), "scoring": text})
    return out
