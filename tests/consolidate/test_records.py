"""Tidy records from filled templates carry the right source cells; computed values are recomputed, never trusted."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from jixiao.consolidate.records import Source, form_records, project_key, share_refs
from jixiao.spec.layout import load_form
from jixiao.spec.loader import load_profile
from tests.support.synth import random_data
from jixiao.template.fill import fill_template
from jixiao.workbook import recalc
from jixiao.workbook.reader import read

from consolidate_data import PROJECTS, self_eval

NATIONAL = load_profile("national")
INPUTS = ("year", "unit_code", "unit_name", "department", "department_code", "project_code", "project_name")


def _cell(wb, ref):
    return wb[ref.sheet][ref.cell].value


def _record(path: Path):
    return form_records(read(path), Source(path.name, "0" * 64), NATIONAL)


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    data = self_eval("101001", PROJECTS["101001"][1])
    data["tables"]["indicators"].insert(2, {})                 # an empty row inside the table
    return fill_template(data, tmp_path_factory.mktemp("rec") / "自评表.xlsx")


def test_input_values_sit_in_the_cells_provenance_names(filled):
    r = _record(filled)
    wb = load_workbook(filled)
    for name in INPUTS:
        assert _cell(wb, r.refs[name]) == r.get(name), name
    assert r.refs["project_name"].path == "fields.project_name"
    assert (r.refs["unit_code"].sheet, r.refs["unit_code"].cell) == ("自评表", "H4")
    assert r.get("secret") is False and "secret" not in r.refs          # the form has no 涉密 field
    assert r.key == project_key("project_self_eval", r.values) == ("project_self_eval", "2025", "101001",
                                                                     "2025101001P02")


def test_computed_amounts_name_their_cell_and_the_input_cells_that_add_up_to_it(filled):
    r = _record(filled)
    wb = load_workbook(filled)
    budget = r.refs["budget"]
    assert (budget.sheet, budget.cell, budget.path) == ("自评表", "F6", "computed.funds.total.budget")
    assert str(wb["自评表"]["F6"].value).startswith("=")            # the template's own formula cell
    inputs = [x.strip().split("!") for x in budget.basis.split(",")]
    total = sum(Decimal(str(wb[s][c].value)) for s, c in inputs if wb[s][c].value is not None)
    assert r.get("budget") == total == Decimal("210.4583")
    assert r.get("executed") == Decimal("189.505")
    assert r.get("exec_rate") == pytest.approx(0.9004, abs=1e-9)      # 189.505 ÷ 210.4583, 4 places
    assert r.get("grade") == "优" and r.get("total_score") == pytest.approx(96.0)


def test_indicator_rows_keep_their_table_position_and_cells(filled):
    r = _record(filled)
    wb = load_workbook(filled)
    assert [i.index for i in r.indicators] == [0, 1, 3, 4]            # the empty row 2 is skipped, not renumbered
    third = r.indicators[2]
    assert third.get("name") == "政策知晓率" and third.refs["name"].cell == "C17"
    for ind in r.indicators:
        for key in ("level1", "level2", "name", "nature", "target", "unit", "actual", "weight"):
            assert _cell(wb, ind.refs[key]) == ind.get(key)
        assert ind.refs["score"].path == f"computed.indicators[{ind.index}].score"
    assert [i.get("score") for i in r.indicators] == [27.0, 20, 30, 10]


def test_cached_results_typed_over_are_not_trusted(filled, tmp_path):
    wb = load_workbook(filled)
    form = load_form("project_self_eval")
    for cid, fake in (("total_score", 12.5), ("grade", "差"), ("funds.total.budget", 9999)):
        c = form.cells[cid]
        wb[c.sheet][c.coord] = fake                                   # a unit overwrote the formulas
    wb.save(tmp_path / "tampered.xlsx")
    r = _record(tmp_path / "tampered.xlsx")
    assert r.get("total_score") == pytest.approx(96.0) and r.get("grade") == "优"
    assert r.get("budget") == Decimal("210.4583")


@pytest.mark.parametrize("form_id,keys", [("project_goal", {"budget"}),
                                          ("project_monitor", {"budget_initial", "budget", "executed", "forecast"})])
def test_other_project_forms(tmp_path, form_id, keys):
    data = random_data(load_form(form_id), random.Random(3))
    path = fill_template(data, tmp_path / f"{form_id}.xlsx")
    r = _record(path)
    wb = load_workbook(path)
    assert {k for k in ("budget_initial", "budget", "executed", "forecast") if k in r.refs} == keys
    for name in INPUTS:
        if name in r.refs:
            assert _cell(wb, r.refs[name]) == r.get(name)
    assert all(ind.refs["name"].sheet == load_form(form_id).sheets[0].name for ind in r.indicators)


@pytest.mark.libreoffice
def test_every_provenance_cell_holds_the_value_after_recalculation(filled, tmp_path):
    """Recalculated as Excel/WPS would save it, each cell named in provenance shows exactly the record's value."""
    out = recalc.recalculate([filled], tmp_path)[0]
    r = _record(out)
    values = recalc.recalculated_values(out)
    checked = 0
    for record in (r, *r.indicators):
        for name, ref in record.refs.items():
            expected, got = record.values.get(name), values.get(ref.sheet, {}).get(ref.cell)
            if isinstance(expected, (Decimal, float, int)) and not isinstance(expected, bool):
                assert float(got) == pytest.approx(float(expected), abs=1e-9), (name, ref)
            else:
                assert (got if got != "" else None) == expected, (name, ref)
            checked += 1
    assert checked >= 45


def test_records_of_one_form_share_their_refs_once_unpickled(filled):
    """A check worker sends each record with its own copies of the refs: the parent keeps one of each."""
    import pickle
    seen: dict = {}
    a, b = (share_refs(pickle.loads(pickle.dumps(_record(filled))), seen) for _ in range(2))
    assert a.refs is b.refs and a.refs == _record(filled).refs
    assert all(x.refs is y.refs for x, y in zip(a.indicators, b.indicators))
    assert len(seen) == 1 + len(a.indicators)
