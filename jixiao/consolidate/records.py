"""Tidy records from one read form: a project row, its indicator rows, and the cell every value came from."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from ..intake.roster import norm_code, norm_text
from ..report.model import layout_id, layout_title
from ..scoring.engine import Evaluation, cell_expression, profile_key
from ..scoring.excel import XLError
from ..spec.data import is_blank, to_inputs
from ..spec.layout import Form, load_form
from ..spec.loader import form_ids
from ..template.builder import ref_text
from ..workbook.reader import FormRead, json_path
from .rounding import MAX_AMOUNT, to_amount

PROJECT_FIELDS = ("year", "unit_code", "unit_name", "department", "department_code", "project_code", "project_name")
AMOUNT_KEYS = ("budget_initial", "budget", "executed", "forecast")          # 金额（万元）, additive


def _from_specs() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """form id → {amount key: cell id} and → {result key: cell id}, for the forms whose spec has `consolidation`."""
    amounts, results = {}, {}
    for fid in form_ids():
        c = load_form(fid).consolidation
        if c:
            amounts[fid], results[fid] = dict(c["amounts"]), dict(c["results"])
    return amounts, results


AMOUNT_CELLS, RESULT_CELLS = _from_specs()          # what each project form contributes (its spec's consolidation:)
PROJECT_FORMS = tuple(AMOUNT_CELLS)
SECRET_FIELDS = ("secret", "classified", "is_secret")         # a 涉密 flag, if a form ever gets one
SECRET_YES = {"是", "涉密", "涉密项目", "敏感", "true", "yes", "1", "y"}
INDICATOR_KEYS = ("level1", "level2", "name", "nature", "target", "unit", "actual", "forecast", "weight", "score",
                  "status")


@dataclass(frozen=True)
class Ref:
    """Where a value sits: sheet and cell, its JSON path in form data, and for a computed value its input cells."""

    sheet: str
    cell: str
    path: str
    basis: str = ""


@dataclass
class Source:
    """One file a record came from."""

    origin: str                       # as the batch names it ("收件箱.mbox › 邮件#3 › 自评表.xlsx")
    sha256: str
    received: datetime | None = None
    status: str = "通过"              # its validation status (worst finding)
    kind: str = "form"                # form | consolidation (a workbook written by write_workbook)


@dataclass
class ProjectRecord:
    form_id: str
    values: dict                      # PROJECT_FIELDS, amounts (Decimal, 万元), exec_rate, total_score, grade, secret
    refs: dict                        # field → Ref (shared by all records of a form)
    source: Source
    origin: str = ""                  # the unit's own file (differs from source.origin when read from a 汇总表)
    origin_sha256: str = ""
    status: str = "通过"
    dept_code: str = ""               # place in the unit tree: the roster's, else the form's
    dept_name: str = ""
    placed_by: str = "form"           # where dept_code/dept_name came from: roster | form | sheet
    indicators: list = field(default_factory=list)
    register: dict | None = None       # its row in the 运行监控 register (registers.py), when built in the worker

    def get(self, name: str):
        return self.values.get(name)

    def sourced(self, source: Source) -> "ProjectRecord":
        """This record as read from `source` (a unit file: it is its own origin)."""
        self.source, self.origin, self.origin_sha256, self.status = source, source.origin, source.sha256, source.status
        return self

    @property
    def unit_code(self) -> str:
        return norm_code(self.values.get("unit_code"))

    @property
    def key(self) -> tuple:
        """(form, year, unit code, project): the same project in two files is the same key."""
        return project_key(self.form_id, self.values)

    def sort_key(self) -> tuple:
        v = self.values
        return (self.dept_code or "~", self.dept_name, self.unit_code, norm_code(v.get("project_code")) or "~",
                norm_text(v.get("project_name")), str(v.get("year") or ""), self.form_id, self.origin)


@dataclass
class IndicatorRecord:
    project: ProjectRecord
    index: int                        # row in the form's indicator table, from 0
    values: dict
    refs: dict

    def get(self, name: str):
        return self.values.get(name)


def project_key(form_id: str, values: dict) -> tuple:
    code = norm_code(values.get("project_code"))
    project = code or "名称:" + norm_text(values.get("project_name"))
    return (form_id, norm_code(values.get("year")), norm_code(values.get("unit_code")), project)


def _plain(v):
    """A computed or entered value as data: blanks and worksheet errors become None."""
    if isinstance(v, XLError) or is_blank(v):
        return None
    return v


def _basis(form: Form, cid: str, pkey: str) -> str:
    """The cells a computed value is calculated from, e.g. "自评表!D7, 自评表!D8"."""
    cell = form.cells[cid]
    _, refs = cell_expression(form, cell, pkey)
    out = []
    for kind, target in refs.values():
        text = ref_text(form, cell, kind, target).replace("$", "")
        out.append(text if "!" in text else f"{cell.sheet}!{text}")
    return ", ".join(dict.fromkeys(out))


def _ref(form: Form, cid: str, pkey: str) -> Ref:
    cell = form.cells[cid]
    if cell.is_calc:
        return Ref(cell.sheet, cell.coord, f"computed.{cid}", _basis(form, cid, pkey))
    return Ref(cell.sheet, cell.coord, json_path(form, cell))


@lru_cache(maxsize=64)
def project_refs(form_id: str, pkey: str) -> dict[str, Ref]:
    form = load_form(form_id)
    cids = {role: form.roles[role] for role in PROJECT_FIELDS if role in form.roles}
    cids.update({f: f for f in SECRET_FIELDS if f in form.cells})
    cids.update(AMOUNT_CELLS[form_id])
    cids.update(RESULT_CELLS[form_id])
    return {name: _ref(form, cid, pkey) for name, cid in cids.items()}


@lru_cache(maxsize=512)
def indicator_refs(form_id: str, index: int, pkey: str) -> dict[str, Ref]:
    form = load_form(form_id)
    table = form.tables["indicators"]
    return {k: _ref(form, table.cell_id(index, k), pkey) for k in INDICATOR_KEYS if k in table.columns}


def result_value(key: str, v):
    """A result cell's value as a record keeps it: the grade as text, a rate or score only as a finite number within
    range (else None: NaN, infinity or 1e300 never reach a sum or an average)."""
    if key == "grade":
        return None if v is None else str(v)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    return v if math.isfinite(v) and abs(v) < MAX_AMOUNT else None


TEMPLATE_KIND, NON_TEMPLATE_KIND = "模板", "非模板"


def form_kind(layout: str | None, by_id: bool = False) -> str:
    """填报格式: 模板, or 非模板（版式名称）for a workbook read by a jixiao/spec/layouts layout — the layout's title as a
    clerk reads it in the workbook, its id (by_id) in the datasets."""
    if not layout:
        return TEMPLATE_KIND
    return f"{NON_TEMPLATE_KIND}（{layout if by_id else layout_title(layout)}）"


def layout_of(kind) -> str | None:
    """form_kind read back (a department workbook's 填报格式 cell): the layout id, or None for a template."""
    text = str(kind or "").strip()
    if not text.startswith(NON_TEMPLATE_KIND + "（") or not text.endswith("）"):
        return None
    return layout_id(text[len(NON_TEMPLATE_KIND) + 1:-1])


def _secret(v) -> bool:
    return v is True or norm_text(v) in SECRET_YES


def form_records(fr: FormRead, source: Source, profile: dict, ev: Evaluation | None = None) -> ProjectRecord:
    """The project record (with its indicator records) of one read form; computed values recomputed from inputs
    (by `ev` when the caller has already evaluated the form under this profile)."""
    form = fr.form
    if form.id not in PROJECT_FORMS:
        raise ValueError(f"{form.id} is not a project form")
    pkey = profile_key(profile)
    ev = ev or Evaluation(form, profile, to_inputs(form, fr.data)).fix(fr.overrides)
    refs = _own(fr, project_refs(form.id, pkey))
    values: dict = {r: _plain(ev.value(form.roles[r])) if r in form.roles else None for r in PROJECT_FIELDS}
    for key, cid in AMOUNT_CELLS[form.id].items():
        values[key] = to_amount(_plain(ev.value(cid)))
    for key, cid in RESULT_CELLS[form.id].items():
        values[key] = result_value(key, _plain(ev.value(cid)))
    secret = next((f for f in SECRET_FIELDS if f in form.cells), None)
    values["secret"] = _secret(ev.value(secret)) if secret else False
    values["layout"] = fr.layout
    record = ProjectRecord(form.id, values, refs, source, source.origin, source.sha256, source.status)
    table = form.tables.get("indicators")
    rows = fr.data.get("tables", {}).get("indicators", []) if table else []
    for i, row in enumerate(rows):
        if not row:
            continue
        vals = {k: _plain(ev.value(table.cell_id(i, k))) for k in INDICATOR_KEYS if k in table.columns}
        record.indicators.append(IndicatorRecord(record, i, vals, _own(fr, indicator_refs(form.id, i, pkey))))
    return record


def _own(fr: FormRead, refs: dict[str, Ref]) -> dict[str, Ref]:
    """A non-template workbook's values come from its own cells (fr.cells), not the template's; a computed value the
    unit did not type has no cell of its own (kept with its JSON path only)."""
    if fr.layout is None:
        return refs
    out = {}
    for name, ref in refs.items():
        own = fr.cells.get(ref.path)
        sheet, _, cell = (own or "").rpartition("!")
        computed = ref.path.startswith("computed.")
        basis = (("按规则重算；该单元格是单位填报的值" if own else "按规则计算，原表无对应单元格") if computed
                 else ("" if own else "原表无此栏目"))
        out[name] = Ref(sheet, cell, ref.path, basis)
    return out


def worker_record(fr: FormRead, ev: Evaluation, profile: dict) -> ProjectRecord | None:
    """Options.extract for consolidation: the record, built in the check worker from its own read and evaluation;
    the parent fills in the Source (origin, SHA-256, received time, status)."""
    return form_records(fr, Source("", ""), profile, ev) if fr.form.id in PROJECT_FORMS else None


def share_refs(record: ProjectRecord, seen: dict) -> ProjectRecord:
    """`record` with its refs and its indicators' replaced by equal ones already in `seen`: every file of a form has the
    same refs, yet each record a check worker sends brings its own copies (~200 Ref objects a project)."""
    for r in (record, *record.indicators):
        r.refs = seen.setdefault(tuple(r.refs.items()), r.refs)
    return record


def provenance_rows(record, row_id: str, fields: list[str] | None = None):
    """One dict per value of a project or indicator record: the tidy provenance table."""
    project = record if isinstance(record, ProjectRecord) else record.project
    src = project.source
    for name in fields or list(record.refs):
        ref = record.refs.get(name)
        if ref is None:
            continue
        yield {"row_id": row_id, "field": name, "value": record.values.get(name), "file": src.origin,
               "sha256": src.sha256, "sheet": ref.sheet, "cell": ref.cell, "path": ref.path, "basis": ref.basis}
