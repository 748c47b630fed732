"""Form data as JSON: {fields, grids, tables} ⇄ the entered value of every input cell, and its JSON Schema."""

from __future__ import annotations

from .layout import Cell, Form
from .loader import enums

def is_blank(v) -> bool:
    """None, '' or whitespace-only text: what a worksheet shows as an empty cell."""
    return v is None or (isinstance(v, str) and not v.strip())


def _put(data: dict, form: Form, cell: Cell, value) -> None:
    if cell.block in form.tables:
        rows = data["tables"].setdefault(cell.block, [])
        while len(rows) <= cell.index:
            rows.append({})
        rows[cell.index][cell.key] = value
    elif cell.block in form.grids:
        _, row, col = cell.id.split(".")
        data["grids"].setdefault(cell.block, {}).setdefault(row, {})[col] = value
    else:
        data["fields"][cell.id] = value


def to_data(form: Form, inputs: dict[str, object]) -> dict:
    """Canonical form data from entered values: blanks omitted, trailing empty table rows dropped."""
    data = {"form": form.id, "version": form.spec["version"], "fields": {}, "grids": {}, "tables": {}}
    for cell in form.inputs():
        v = inputs.get(cell.id)
        if not is_blank(v):
            _put(data, form, cell, v)
    for rows in data["tables"].values():
        while rows and not rows[-1]:
            rows.pop()
    return data


def to_inputs(form: Form, data: dict) -> dict[str, object]:
    """The entered value of each input cell named by form data; raises KeyError naming an unknown key."""
    out: dict[str, object] = {}
    for key, v in data.get("fields", {}).items():
        _set(form, out, key, v)
    for gid, rows in data.get("grids", {}).items():
        for rid, cols in rows.items():
            for cid, v in cols.items():
                _set(form, out, f"{gid}.{rid}.{cid}", v)
    for tid, rows in data.get("tables", {}).items():
        table = form.tables.get(tid)
        if table is None:
            raise KeyError(f"表单 {form.id} 没有名为 {tid} 的表格")
        if len(rows) > table.rows:
            raise KeyError(f"表格 {table.title} 最多 {table.rows} 行，数据有 {len(rows)} 行")
        for i, row in enumerate(rows):
            for key, v in row.items():
                _set(form, out, table.cell_id(i, key), v)
    return out


def _set(form: Form, out: dict, cid: str, v) -> None:
    cell = form.cells.get(cid)
    if cell is None or cell.is_calc:
        raise KeyError(f"表单 {form.id} 没有可填写的字段 {cid}")
    if not is_blank(v):
        out[cid] = v


def _value_schema(props: dict) -> dict:
    t = props.get("type", "text")
    if t == "enum":
        return {"enum": enums()[props["enum"]]}
    if t in ("number", "integer"):
        s = {"type": "integer" if t == "integer" else "number"}
        if "min" in props:
            s["minimum"] = props["min"]
        if "max" in props:
            s["maximum"] = props["max"]
        return s
    if t == "date":
        return {"type": "string", "format": "date"}
    if t == "any":
        return {"type": ["string", "number"]}
    s = {"type": "string"}
    if "max_length" in props:
        s["maxLength"] = props["max_length"]
    return s


def data_schema(form: Form) -> dict:
    """JSON Schema of a form's data, derived from the spec."""
    fields, grids, tables = {}, {}, {}
    for cell in form.inputs():
        s = {**_value_schema(cell.props), "title": cell.label}
        if cell.block in form.tables:
            cols = tables.setdefault(cell.block, {})
            if cell.index == 0:
                cols[cell.key] = {**s, "title": form.tables[cell.block].specs[cell.key]["header"]}
        elif cell.block in form.grids:
            _, row, col = cell.id.split(".")
            grids.setdefault(cell.block, {}).setdefault(row, {})[col] = s
        else:
            fields[cell.id] = s

    def obj(props: dict) -> dict:
        return {"type": "object", "additionalProperties": False, "properties": props}

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{form.spec['title']} 数据（{form.id} {form.spec['version']}）",
        "type": "object",
        "required": ["form"],
        "additionalProperties": False,
        "properties": {
            "form": {"const": form.id},
            "version": {"type": "string"},
            "fields": obj(fields),
            "grids": obj({g: obj({r: obj(c) for r, c in rows.items()}) for g, rows in grids.items()}),
            "tables": obj({t: {"type": "array", "maxItems": form.tables[t].rows, "items": obj(cols)}
                           for t, cols in tables.items()}),
        },
    }
