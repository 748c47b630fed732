"""Pre-fill one form from another's data (the approved goal table → the self-evaluation), as the spec declares."""

from __future__ import annotations

from ..scoring.api import parse_row_target
from ..spec.layout import Form
from ..spec.loader import SpecError


def _get(data: dict, path: str):
    node = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _put(data: dict, path: str, value) -> None:
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def _split_target(row: dict) -> dict:
    """A target typed in one cell (≥50个) becomes 指标性质 + 指标值 + 度量单位."""
    if "target" not in row:
        return row
    nature, value, unit, problem = parse_row_target(row["target"], row.get("nature"))
    if problem:
        return row
    out = {**row, "target": value}
    if nature:
        out["nature"] = nature
    if unit and not row.get("unit"):
        out["unit"] = unit
    return out


def prefill(form: Form, source: dict) -> dict:
    """Data for `form` carrying what the source form's data already says."""
    rules = form.spec.get("prefill", {}).get(source.get("form"))
    if rules is None:
        known = "、".join(form.spec.get("prefill", {})) or "无"
        raise SpecError(f"{form.spec['title']} 不能从「{source.get('form')}」预填（可用来源：{known}）")
    data = {"form": form.id, "version": form.spec["version"], "fields": {}, "grids": {}, "tables": {}}
    for key in rules.get("fields", []):
        if source.get("fields", {}).get(key) not in (None, ""):
            data["fields"][key] = source["fields"][key]
    for tid, keys in rules.get("tables", {}).items():
        rows = [_split_target(r) for r in source.get("tables", {}).get(tid, [])]
        data["tables"][tid] = [{k: r[k] for k in keys if r.get(k) not in (None, "")} for r in rows]
    for src, dst in rules.get("map", {}).items():
        v = _get(source, src)
        if v not in (None, ""):
            _put(data, dst, v)
    return data
