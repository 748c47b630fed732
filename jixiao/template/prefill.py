"""Pre-fill one form from another's data (the approved goal table → the self-evaluation), as the spec declares.

What the spec's `prefill` section says for a source form:
  fields, tables, map   values copied as they are (the goal's 年度资金 → the self-evaluation's 年初预算数 …)
  weights               {table: column}: when the source gives no 分值, each 一级指标's weight in the policy profile
                        (产出50、效益30、满意度10 nationally) is split evenly over its indicators — in whole points, the
                        points left over going one each to its first indicators in table order, so that each 一级's
                        分值 add up exactly to the profile's weight (tenths, then hundredths, when a 一级 has more
                        indicators than points); rows without a known 一级指标 get none
  note                  what the unit must still fill, for the prefilled workbook's 填表说明 (prefill_notes())
"""

from __future__ import annotations

from decimal import Decimal

from ..scoring.api import parse_row_target
from ..spec.layout import Form
from ..spec.loader import SpecError, enums, load_profile


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


def split_weight(total, n: int) -> list:
    """`total` split over `n` indicators so that the parts add up exactly: whole points where there are at least as
    many points as indicators (50 over 6 → 9, 9, 8, 8, 8, 8), else tenths, else hundredths; the larger parts first."""
    if n <= 0:
        return []
    total = Decimal(str(total))
    for places in (0, 1, 2):
        step = Decimal(1).scaleb(-places)
        units = total / step
        if units != units.to_integral_value() and places < 2:
            continue                               # 12.5 points are not whole points
        units = int(units.to_integral_value())
        if units >= n or places == 2:
            base, extra = divmod(units, n)
            parts = [(base + 1 if i < extra else base) * step for i in range(n)]
            return [int(p) if places == 0 else float(p) for p in parts]
    return []          # not reached


def profile_weights(rows: list[dict], column: str, profile: dict) -> list[dict]:
    """The rows with `column` (分值) filled from the profile's 一级指标 weights (see the module docstring)."""
    groups = enums()["weight_groups"]                  # 一级指标 → output / effect / satisfaction
    by_group: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        group = groups.get(str(row.get("level1") or "").strip())
        if group and group in profile.get("weights", {}):
            by_group.setdefault(group, []).append(i)
    out = [dict(r) for r in rows]
    for group, members in by_group.items():
        for i, w in zip(members, split_weight(profile["weights"][group], len(members))):
            out[i][column] = w
    return out


def prefill(form: Form, source: dict, profile: str | dict | None = None) -> dict:
    """Data for `form` carrying what the source form's data already says, and the 分值 the profile gives when the
    source has none (`profile`: an id or a loaded profile; national by default)."""
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
    prof = profile if isinstance(profile, dict) else load_profile(profile or "national")
    for tid, column in rules.get("weights", {}).items():
        rows = data["tables"].get(tid, [])
        if rows and not any(r.get(column) not in (None, "") for r in rows):     # the source's own 分值 win
            data["tables"][tid] = profile_weights(rows, column, prof)
    return data


def prefill_notes(form: Form, source: dict, data: dict, profile: str | dict | None = None) -> list[str]:
    """What the prefilled workbook tells the unit (its 填表说明): what came from where, how the 分值 were set, and
    what the unit must still fill."""
    rules = form.spec.get("prefill", {}).get(source.get("form")) or {}
    prof = profile if isinstance(profile, dict) else load_profile(profile or "national")
    try:
        from ..spec.loader import load_form_spec
        origin = load_form_spec(source["form"])["title"]
    except (SpecError, KeyError, TypeError):
        origin = str(source.get("form") or "来源表")
    notes = [f"本表已由《{origin}》预填。" + str(rules.get("note") or "")]
    for tid, column in rules.get("weights", {}).items():
        rows = source.get("tables", {}).get(tid, [])
        if any(r.get(column) not in (None, "") for r in rows):
            notes.append(f"各指标分值照录《{origin}》。")
        elif data["tables"].get(tid):
            w = prof.get("weights", {})
            shares = "、".join(f"{name}{w[key]}" for key, name in
                               (("output", "产出"), ("effect", "效益"), ("satisfaction", "满意度"), ("exec_rate", "预算执行率"))
                               if key in w)
            notes.append(f"各指标分值按{prof['name']}口径的一级指标权重（{shares}）在同一一级指标的各三级指标间平均分配"
                         "（取整数，余下的分给排在前面的指标），可按项目实际调整，但分值合计须为100。")
    return notes
