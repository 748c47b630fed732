"""Pre-fill one form from another's data (the approved goal table → the self-evaluation), as the spec declares.

What the spec's `prefill` section says for a source form:
  fields, tables, map   values copied as they are (the goal's 年度资金 → the self-evaluation's 年初预算数 …)
  weights               {table: column}: when the source gives no 分值, each 一级指标's weight in the policy profile
                        (产出50、效益30、满意度10 nationally) is split evenly over its indicators — in whole points, the
                        points left over going one each to its first indicators in table order, so that each 一级's
                        分值 add up exactly to the profile's weight (tenths, then hundredths, when a 一级 has more
                        indicators than points); rows without a known 一级指标 get none
  note                  what the unit must still fill, for the prefilled workbook's 填表说明 (prefill_notes())

Next year's form from this year's (a 2025 self-evaluation → the 2026 goal table) needs no `prefill` section: the
target's `carry_over` columns and identity fields (its `roles`) are copied and the year moves on by one
(next_year_rules()); the notes then carry the previous result (总分, 等级, 结果应用 of the profile's `results_budget`)
and, given the 整改台账 items, the project's rectification status (previous_result(), history_notes()).
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


NEXT_YEAR_NOTE = "已照录上年表中的基本信息和各项绩效指标（一级、二级、三级指标，指标性质，指标值，度量单位），年度已改为下一年；请按新年度的任务和预算调整指标值，填写资金、总体目标和其他各栏。"


def next_year_rules(form: Form, source_form: str | None) -> dict | None:
    """Prefill rules for next year's `form` from last year's form of the same object (project or department), derived
    from the target's `roles` and `carry_over`. Only for a form where the cycle starts (a goal table: no `prefill`
    section of its own); None when the two forms do not describe the same kind of object."""
    from ..spec.layout import load_form
    if not source_form or not form.carry_over or source_form == form.id or form.spec.get("prefill"):
        return None
    try:
        src = load_form(source_form)
    except SpecError:
        return None
    if ("project_name" in form.roles) != ("project_name" in src.roles) or not set(form.roles) <= set(src.roles):
        return None
    fields = [form.roles[r] for r in form.roles if r != "year" and src.roles[r] in src.cells]
    return {"fields": fields, "tables": dict(form.carry_over), "next_year": True, "note": NEXT_YEAR_NOTE}


def _rules(form: Form, source: dict) -> dict | None:
    return form.spec.get("prefill", {}).get(source.get("form")) or next_year_rules(form, source.get("form"))


def prefill(form: Form, source: dict, profile: str | dict | None = None) -> dict:
    """Data for `form` carrying what the source form's data already says, and the 分值 the profile gives when the
    source has none (`profile`: an id or a loaded profile; national by default)."""
    rules = _rules(form, source)
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
    year = source.get("fields", {}).get("year")
    if rules.get("next_year") and isinstance(year, (int, float)) and not isinstance(year, bool):
        data["fields"]["year"] = int(year) + 1
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


def prefill_notes(form: Form, source: dict, data: dict, profile: str | dict | None = None, *, ledger=None,
                  ledger_name: str = "") -> list[str]:
    """What the prefilled workbook tells the unit (its 填表说明): what came from where, how the 分值 were set, what
    the unit must still fill, and for next year's form the previous result and rectification status (history_notes)."""
    rules = _rules(form, source) or {}
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
    if rules.get("next_year") or ledger is not None:
        notes += history_notes(source, prof, ledger, ledger_name)
    return notes


def previous_result(source: dict, profile: str | dict | None = None) -> dict | None:
    """The source form's own result, recomputed: {year, total_score, grade, action}; None for a form without 等级
    (a goal table) or when the grade cannot be computed."""
    from ..scoring.engine import Evaluation
    from ..spec.data import to_inputs
    from ..spec.layout import load_form
    try:
        form = load_form(str(source.get("form")))
    except SpecError:
        return None
    if "grade" not in form.cells:
        return None
    prof = profile if isinstance(profile, dict) else load_profile(profile or "national")
    ev = Evaluation(form, prof, to_inputs(form, source))
    grade, total = ev.value("grade"), ev.value("total_score")
    if not isinstance(grade, str) or not grade:
        return None
    rule = ((prof.get("results_budget") or {}).get("grades") or {}).get(grade) or {}
    return {"year": source.get("fields", {}).get("year"), "total_score": total, "grade": grade,
            "action": rule.get("action", ""), "rate": rule.get("rate")}


def ledger_items_for(items, source: dict) -> list:
    """The 整改台账 items (jixiao ledger's Item) of the source's unit, year and project (or department)."""
    f = source.get("fields", {})
    unit = str(f.get("unit_code") or "").strip()
    project = str(f.get("project_name") or "").strip()
    year = str(f.get("year") or "").strip()
    out = []
    for item in items or ():
        parts = str(item.subject or "").split("|")
        if unit and str(item.unit_code).strip() == unit and str(item.project or "").strip() == project \
                and (not year or len(parts) < 3 or parts[2] in ("", year)):
            out.append(item)
    return out


def history_notes(source: dict, profile: str | dict | None = None, ledger=None, ledger_name: str = "") -> list[str]:
    """The previous result and the rectification status, for next year's 填表说明 (only what is known)."""
    notes = []
    result = previous_result(source, profile)
    if result:
        score = result["total_score"]
        score = f"总分 {score:g}，" if isinstance(score, (int, float)) and not isinstance(score, bool) else ""
        rate = result["rate"]
        use = result["action"] + (f"（调整比例 {rate:+.0%}）" if isinstance(rate, (int, float)) and rate else "")
        notes.append(f"上年（{result['year']}年度）自评：{score}等级 {result['grade']}" +
                     (f"，结果应用：{use}" if use else "") + "。请结合上年评价结果设定本年绩效目标。")
    if ledger is not None:
        mine = ledger_items_for(ledger, source)
        where = f"整改台账「{ledger_name}」" if ledger_name else "整改台账"
        if not mine:
            notes.append(f"{where}中没有本项目的整改事项。")
        else:
            counts: dict[str, int] = {}
            for item in mine:
                counts[item.status] = counts.get(item.status, 0) + 1
            listed = "、".join(f"{s} {n} 项" for s, n in counts.items())
            open_items = [i for i in mine if i.status != "已整改"]
            text = f"{where}中本项目有 {len(mine)} 项整改事项：{listed}。"
            if open_items:
                text += "尚未整改完成的：" + "；".join(f"{i.problem}（{i.status}）" for i in open_items[:3]) + \
                        ("等" if len(open_items) > 3 else "") + "。请在本年目标中落实整改要求。"
            notes.append(text)
    return notes
