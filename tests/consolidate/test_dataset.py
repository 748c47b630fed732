"""The tidy dataset beside a consolidation: one row per 项目明细/指标明细 row, Parquet and CSV that read back to the same
values, text a spreadsheet could run neutralised in the CSV, the same bytes for the same inputs."""

from __future__ import annotations

import csv
from decimal import Decimal

import pyarrow as pa
import pytest
from openpyxl import load_workbook

from consolidate_data import NOW, PROJECTS, fill_all, self_eval, write_roster
from jixiao.consolidate import consolidate, write_workbook
from jixiao.consolidate.dataset import FILES, INDICATOR_COLUMNS, PROJECT_COLUMNS, Dataset, dataset_dir
from jixiao.intake.roster import load_roster
from jixiao.template.fill import fill_template
from jixiao.workbook.safe import FORMULA_STARTS

SE = "project_self_eval"
# what a unit typed, as a spreadsheet would run it if a CSV handed it over unchanged
TYPED = {"project_name": '=HYPERLINK("http://example.com","详情")', "indicator": "@SUM(1+1)", "measure": "-人次"}


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    root = tmp_path_factory.mktemp("dataset")
    fill_all(root / "收件箱", codes={"101001", "101002", "102001"})
    data = self_eval("101003", PROJECTS["101003"][0])
    data["fields"]["project_name"] = TYPED["project_name"]
    row = data["tables"]["indicators"][0]
    row["name"], row["unit"] = TYPED["indicator"], TYPED["measure"]
    fill_template(data, root / "收件箱" / "101003-P01.xlsx")
    write_roster(root / "名册.csv")
    return root


@pytest.fixture(scope="module")
def merged(inbox):
    return consolidate([inbox / "收件箱"], load_roster(inbox / "名册.csv"), form=SE, now=NOW, workers=1)


@pytest.fixture(scope="module")
def written(merged, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "汇总.xlsx"
    write_workbook(merged, out)
    ds = Dataset.from_consolidation(merged)
    ds.write(dataset_dir(out))
    return out, ds


def _sheet_rows(path, sheet) -> int:
    wb = load_workbook(path, read_only=True)
    try:
        return sum(1 for r in wb[sheet].iter_rows(min_row=3, values_only=True) if any(v is not None for v in r))
    finally:
        wb.close()


def _csv(path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} 没有 BOM，Excel 会按 ANSI 打开"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_merged_the_unit_with_typed_formulas(merged):
    assert TYPED["project_name"] in {r.get("project_name") for r in merged.projects}
    assert len(merged.projects) == 1 + 2 + 1 + 1


def test_row_counts_equal_the_workbook_sheets(written):
    out, ds = written
    assert ds.projects.num_rows == _sheet_rows(out, "项目明细") == 5
    assert ds.indicators.num_rows == _sheet_rows(out, "指标明细") == 5 * 4
    keys = ["form_id", "year", "unit_code", "project_key"]
    assert len({tuple(r[k] for k in keys) for r in ds.projects.to_pylist()}) == ds.projects.num_rows
    assert len({tuple(r[k] for k in keys + ["indicator_no"]) for r in ds.indicators.to_pylist()}) == 20
    assert sorted(p.name for p in dataset_dir(out).iterdir()) == sorted(FILES)


def test_rows_are_sorted_by_key_and_carry_their_source(written):
    _, ds = written
    rows = ds.projects.to_pylist()
    assert [r["unit_code"] for r in rows] == sorted(r["unit_code"] for r in rows)
    first = rows[0]
    assert (first["year"], first["unit_code"], first["project_key"]) == (2025, "101001", "2025101001P01")
    assert first["budget_wan"] == Decimal("100.3333") and first["executed_wan"] == Decimal("96.1234")
    assert first["budget_cell"] == "F6" and first["sheet"] == "自评表" and len(first["sha256"]) == 64
    assert first["file"].endswith("101001-P01.xlsx") and first["grade"] in ("优", "良", "中", "差")
    ind = ds.indicators.to_pylist()[0]
    assert (ind["indicator_no"], ind["name"], ind["target_num"], ind["target"], ind["target_cell"]) == (
        1, "服务人次", 1000.0, "1000", "E14")
    assert ind["actual_cell"] and ind["sheet"] == "自评表" and ind["sha256"] == first["sha256"]


def test_parquet_reads_back_identical(written):
    out, ds = written
    back = Dataset.read(dataset_dir(out))
    assert back.projects.equals(ds.projects) and back.indicators.equals(ds.indicators)
    assert back.projects.schema.metadata is None               # no pandas or writer metadata that could vary


def _typed(text: str, typ: pa.DataType, value):
    """A CSV cell parsed back to the Parquet column's type."""
    if text == "":
        return None
    if pa.types.is_decimal(typ):
        return Decimal(text)
    if pa.types.is_floating(typ):
        return float(text)
    if pa.types.is_integer(typ):
        return int(text)
    if pa.types.is_boolean(typ):
        return {"是": True, "否": False}[text]
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        assert text == "'" + value
        return value
    return text


@pytest.mark.parametrize("name, cols", [("projects", PROJECT_COLUMNS), ("indicators", INDICATOR_COLUMNS)])
def test_csv_reads_back_to_the_parquet_values(written, name, cols):
    out, ds = written
    rows = _csv(dataset_dir(out) / f"{name}.csv")
    assert rows[0] == [c for c, *_ in cols]
    table = getattr(ds, name)
    assert len(rows) - 1 == table.num_rows
    for got, want in zip(rows[1:], table.to_pylist()):
        assert [_typed(t, typ, want[c]) for t, (c, typ, _) in zip(got, cols)] == [want[c] for c, *_ in cols]


def test_typed_formulas_are_neutralised_in_csv_only(written):
    out, ds = written
    folder = dataset_dir(out)
    projects, indicators = _csv(folder / "projects.csv"), _csv(folder / "indicators.csv")
    assert "'" + TYPED["project_name"] in {r[projects[0].index("project_name")] for r in projects}
    hit = next(r for r in indicators if r[indicators[0].index("name")] == "'" + TYPED["indicator"])
    assert hit[indicators[0].index("measure_unit")] == "'" + TYPED["measure"]
    text_cols = {n: [i for i, (_, t, _) in enumerate(cols) if t == pa.string()]
                 for n, cols in (("projects", PROJECT_COLUMNS), ("indicators", INDICATOR_COLUMNS))}
    for name, rows in (("projects", projects), ("indicators", indicators)):
        assert not [r[i] for r in rows[1:] for i in text_cols[name] if r[i].startswith(FORMULA_STARTS)]
    assert TYPED["project_name"] in ds.projects.column("project_name").to_pylist()      # Parquet keeps the text


def test_glossary_names_every_column_with_its_unit(written):
    out, _ = written
    rows = _csv(dataset_dir(out) / "字段说明.csv")
    described = {(t, c): d for t, c, d in rows[1:]}
    assert set(described) == {("projects", c) for c, *_ in PROJECT_COLUMNS} | {
        ("indicators", c) for c, *_ in INDICATOR_COLUMNS}
    assert all("万元" in described["projects", c] for c, *_ in PROJECT_COLUMNS if c.endswith("_wan"))


def test_same_inputs_give_the_same_bytes(inbox, merged, written, tmp_path):
    out, _ = written
    again = consolidate([inbox / "收件箱"], load_roster(inbox / "名册.csv"), form=SE, now=NOW, workers=1)
    Dataset.from_consolidation(again).write(tmp_path / "again")
    for name in FILES:
        assert (tmp_path / "again" / name).read_bytes() == (dataset_dir(out) / name).read_bytes(), name
