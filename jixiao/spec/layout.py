"""Where every field, grid cell and table cell of a form sits: the one cell map used by builder, reader and rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from openpyxl.utils import get_column_letter

from .loader import SpecError, load_form_spec

CELL_KEYS = ("type", "enum", "required", "min", "max", "max_length", "help", "calc", "args", "format", "validate")


@dataclass(frozen=True)
class Cell:
    id: str                 # "year", "funds.total.budget", "indicators[3].score"
    sheet: str
    row: int
    col: int
    span: int
    props: dict             # type, enum, calc, args, format, …
    label: str              # a human label path: 项目资金（万元）/年度资金总额/全年预算数
    block: str | None = None
    key: str = ""
    index: int | None = None

    @cached_property
    def coord(self) -> str:
        return f"{get_column_letter(self.col)}{self.row}"

    @property
    def is_calc(self) -> bool:
        return "calc" in self.props


@dataclass(frozen=True)
class Static:
    sheet: str
    row: int
    col: int
    span: int
    text: str
    style: str              # title | label | header | section | note | blank


@dataclass
class Table:
    id: str
    sheet: str
    title: str
    header_row: int
    first_row: int
    rows: int
    columns: dict[str, int]             # key -> column number
    specs: dict[str, dict]              # key -> column spec

    @property
    def last_row(self) -> int:
        return self.first_row + self.rows - 1

    def cell_id(self, index: int, key: str) -> str:
        return f"{self.id}[{index}].{key}"


@dataclass
class Sheet:
    id: str
    name: str
    widths: list[float]
    landscape: bool
    last_row: int = 0
    heights: dict[int, float] = field(default_factory=dict)
    title_rows: tuple[int, int] | None = None   # rows repeated on every printed page


@dataclass
class Form:
    spec: dict
    sheets: list[Sheet]
    cells: dict[str, Cell]
    tables: dict[str, Table]
    statics: list[Static]
    grids: dict[str, dict] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.spec["id"]

    @property
    def roles(self) -> dict[str, str]:
        """role (unit_code, unit_name, department, department_code, year, project_code, project_name) → field key."""
        return self.spec.get("roles", {})

    def role(self, fields: dict, role: str):
        """The value a form's fields give for a role (None when the form has no such role)."""
        key = self.roles.get(role)
        return fields.get(key) if key else None

    @property
    def consolidation(self) -> dict[str, dict[str, str]]:
        """Project forms: {"amounts": {key: cell id}, "results": {key: cell id}}; empty for the others."""
        return self.spec.get("consolidation", {})

    @property
    def carry_over(self) -> dict[str, list[str]]:
        return self.spec.get("carry_over", {})

    def inputs(self) -> list[Cell]:
        return [c for c in self.cells.values() if not c.is_calc]

    def resolve(self, cell: Cell, ref: str) -> tuple[str, str]:
        """An argument reference seen from a cell: ('cell', id) or ('range', 'table.key')."""
        if cell.block in self.tables and ref in self.tables[cell.block].columns:
            return "cell", self.tables[cell.block].cell_id(cell.index, ref)
        if cell.block in self.grids:
            rid = cell.id.split(".")[1]
            if f"{cell.block}.{rid}.{ref}" in self.cells:
                return "cell", f"{cell.block}.{rid}.{ref}"
        table, _, key = ref.partition(".")
        if table in self.tables and key in self.tables[table].columns and "[" not in ref:
            return "range", ref
        if ref in self.cells:
            return "cell", ref
        raise SpecError(f"表单 {self.id}：单元格 {cell.id} 的参数引用「{ref}」无法解析")


def _build(spec: dict) -> Form:
    form = Form(spec=spec, sheets=[], cells={}, tables={}, statics=[])
    for sh in spec["sheets"]:
        sheet = Sheet(sh["id"], sh["name"], sh["columns"], sh.get("landscape", False))
        form.sheets.append(sheet)
        width = len(sh["columns"])
        row = 1

        def add_cell(cid, r, c, span, props, label, block=None, key="", index=None):
            if cid in form.cells:
                raise SpecError(f"表单 {spec['id']}：字段 {cid} 重复定义")
            if c + span - 1 > width:
                raise SpecError(f"表单 {spec['id']}：{label} 超出表格宽度（{width}列）")
            form.cells[cid] = Cell(cid, sh["name"], r, c, span, props, label, block, key, index)

        for block in sh["blocks"]:
            kind = block["kind"]
            if kind in ("title", "note"):
                form.statics.append(Static(sh["name"], row, 1, width, block["text"], kind))
                sheet.heights[row] = 32 if kind == "title" else block.get("height", 30)
                row += 1
            elif kind == "fields":
                for items in block["rows"]:
                    col = 1
                    for it in items:
                        ls, vs = it.get("label_span", 1), it.get("span", 1)
                        form.statics.append(Static(sh["name"], row, col, ls, it["label"], "label"))
                        props = {k: it[k] for k in CELL_KEYS if k in it}
                        props.setdefault("type", "text")
                        add_cell(it["field"], row, col + ls, vs, props, it["label"], key=it["field"])
                        col += ls + vs
                        if "height" in it:
                            sheet.heights[row] = max(sheet.heights.get(row, 0), it["height"])
                    row += 1
            elif kind == "grid":
                gid, rls = block["id"], block.get("row_label_span", 1)
                form.grids[gid] = block
                form.statics.append(Static(sh["name"], row, 1, rls, block.get("corner", ""), "header"))
                col = 1 + rls
                positions = {}
                for c in block["columns"]:
                    form.statics.append(Static(sh["name"], row, col, c.get("span", 1), c["header"], "header"))
                    positions[c["key"]] = (col, c.get("span", 1))
                    col += c.get("span", 1)
                row += 1
                for r in block["rows"]:
                    form.statics.append(Static(sh["name"], row, 1, rls, r["label"], "label"))
                    for c in block["columns"]:
                        props = {k: c[k] for k in CELL_KEYS if k in c}
                        override = r.get("cells", {}).get(c["key"])
                        blank = c.get("blank", False)
                        if override is not None:
                            props, blank = {k: override[k] for k in CELL_KEYS if k in override}, False
                        ccol, cspan = positions[c["key"]]
                        if blank:
                            form.statics.append(Static(sh["name"], row, ccol, cspan, "", "blank"))
                            continue
                        props.setdefault("type", "number")
                        label = f"{block.get('corner', gid)}/{r['label']}/{c['header']}"
                        add_cell(f"{gid}.{r['key']}.{c['key']}", row, ccol, cspan, props, label, gid, c["key"])
                    if "height" in r:
                        sheet.heights[row] = r["height"]
                    row += 1
            elif kind == "table":
                tid = block["id"]
                if block.get("title"):
                    form.statics.append(Static(sh["name"], row, 1, width, block["title"], "section"))
                    row += 1
                cols, specs, col = {}, {}, 1
                for c in block["columns"]:
                    form.statics.append(Static(sh["name"], row, col, c.get("span", 1), c["header"], "header"))
                    cols[c["key"]], specs[c["key"]] = col, c
                    col += c.get("span", 1)
                table = Table(tid, sh["name"], block.get("title", tid), row, row + 1, block["rows"], cols, specs)
                form.tables[tid] = table
                sheet.heights[row] = 30
                if sheet.title_rows is None:
                    sheet.title_rows = (row, row)
                for i in range(block["rows"]):
                    r = row + 1 + i
                    for c in block["columns"]:
                        props = {k: c[k] for k in CELL_KEYS if k in c}
                        props.setdefault("type", "text")
                        label = f"{table.title}/第{i + 1}行/{c['header']}"
                        add_cell(table.cell_id(i, c["key"]), r, cols[c["key"]], c.get("span", 1), props, label,
                                 tid, c["key"], i)
                row += 1 + block["rows"]
        sheet.last_row = row - 1
    _check_calcs(form)
    _check_roles(form)
    return form


def _check_roles(form: Form) -> None:
    """roles name fields of the form, consolidation names its cells, carry_over names columns of its tables."""
    for role, key in form.roles.items():
        if key not in form.cells:
            raise SpecError(f"表单 {form.id}：roles.{role} 指向的字段「{key}」不存在")
    for part, cells in form.consolidation.items():
        for key, cid in cells.items():
            if cid not in form.cells:
                raise SpecError(f"表单 {form.id}：consolidation.{part}.{key} 指向的单元格「{cid}」不存在")
    for tid, keys in form.carry_over.items():
        if tid not in form.tables or set(keys) - set(form.tables[tid].columns):
            raise SpecError(f"表单 {form.id}：carry_over.{tid} 不是指标表的列：{keys}")


def _check_calcs(form: Form) -> None:
    from ..scoring.calcs import CALCS

    for cell in form.cells.values():
        if not cell.is_calc:
            continue
        name = cell.props["calc"]
        if name not in CALCS:
            raise SpecError(f"表单 {form.id}：单元格 {cell.id} 使用了未定义的计算规则「{name}」")
        for arg, ref in cell.props.get("args", {}).items():
            if arg in CALCS[name].static:
                continue
            for r in ref if isinstance(ref, list) else [ref]:
                form.resolve(cell, r)


@lru_cache(maxsize=None)
def load_form(name: str) -> Form:
    """The laid-out form by id, title or YAML path."""
    return _build(load_form_spec(name))
