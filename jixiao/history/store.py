"""The history database: every consolidation's tidy dataset, one row per (form, year, unit, project[, indicator]).

DuckDB rather than SQLite: the history is the yearly Parquet datasets stacked up, and DuckDB takes Arrow tables and
Parquet files as they are (a database can be rebuilt from archived `*_数据/` folders); it keeps 万元 amounts as exact
DECIMAL, where SQLite has only REAL or text; and the peer comparison needs a median, which SQLite lacks. Like SQLite
it is one file and no server. Its limits: one writing process at a time, and only DuckDB opens the
file (newer versions read older files) — so the CSV/Parquet datasets, not the database, are the archive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from ..errors import JixiaoError
from ..consolidate.dataset import INDICATOR_SCHEMA, KEY, PROJECT_SCHEMA, Dataset
from ..consolidate.model import Consolidation
from ..intake.roster import norm_text

# normalised names, for matching across years and units (full-width, spaces, case): database-only columns
NORMS = {"projects": {"project_norm": "project_name"},
         "indicators": {"project_norm": "project_name", "indicator_norm": "name", "measure_norm": "measure_unit"}}
YEARS = re.compile(r"(?:19|20)\d{2}(?:年度|年)?")


def project_norm(name) -> str:
    """A project name for matching across years: "2025年城乡低保资金" and "城乡低保资金（2024年度）" are one project."""
    return YEARS.sub("", norm_text(name)).replace("()", "")

# 行业: the 主管部门 without its place prefix and office suffix (区教育局 → 教育, 区卫生健康委 → 卫生健康)
INDUSTRY = ("regexp_replace(regexp_replace(coalesce({p}.dept_name, ''), '^(省|市|区|县)', ''), "
            "'(委员会|委|局|办公室|办)$', '')")
SELF_EVAL = "project_self_eval"
# The indicator library (绩效指标库): per as-of year (relation {as_of}, column as_of; NULL: every year) each kind of
# indicator — 行业, 三级指标, 度量单位 (normalised) — over the years before it: targets of every form, actual values of
# self-evaluations. One definition, read by `jixiao indicators` and by C101 (jixiao/history/checks.py).
KINDS = f"""
SELECT a.as_of, {INDUSTRY.format(p="p")} AS industry, i.indicator_norm, i.measure_norm,
       mode(i.level1) AS level1, mode(i.level2) AS level2, mode(i.name) AS name, mode(i.measure_unit) AS measure_unit,
       mode(i.nature) AS nature, count(DISTINCT i.unit_code) AS units,
       count(DISTINCT i.unit_code || '|' || i.project_key) AS projects, min(i.year) AS first_year,
       max(i.year) AS last_year, list(DISTINCT i.project_name ORDER BY i.project_name) AS project_names,
       count(i.target_num) AS target_n, min(i.target_num) AS target_min, median(i.target_num) AS target_median,
       max(i.target_num) AS target_max,
       count(i.actual_num) FILTER (WHERE i.form_id = '{SELF_EVAL}') AS actual_n,
       min(i.actual_num) FILTER (WHERE i.form_id = '{SELF_EVAL}') AS actual_min,
       median(i.actual_num) FILTER (WHERE i.form_id = '{SELF_EVAL}') AS actual_median,
       max(i.actual_num) FILTER (WHERE i.form_id = '{SELF_EVAL}') AS actual_max
FROM {{as_of}} a JOIN indicators i ON a.as_of IS NULL OR i.year < a.as_of
JOIN projects p ON p.form_id = i.form_id AND p.year = i.year AND p.unit_code = i.unit_code
    AND p.project_key = i.project_key
WHERE i.indicator_norm <> ''
GROUP BY a.as_of, industry, i.indicator_norm, i.measure_norm
"""
TABLES = {"projects": (PROJECT_SCHEMA, KEY), "indicators": (INDICATOR_SCHEMA, KEY + ("indicator_no",))}


class HistoryError(JixiaoError):
    """The database cannot be opened or written (locked by another process, not a DuckDB file); message Chinese."""


@dataclass
class Appended:
    projects: int            # rows written
    indicators: int
    replaced: int            # projects that were already there (same form, year, unit, project) and were replaced
    skipped: int             # projects without a year: they cannot be compared across years, so they are not stored


def _sql_type(t: pa.DataType) -> str:
    if pa.types.is_decimal(t):
        return f"DECIMAL({t.precision},{t.scale})"
    return {pa.string(): "VARCHAR", pa.int32(): "INTEGER", pa.float64(): "DOUBLE", pa.bool_(): "BOOLEAN"}[t]


def with_norms(table: pa.Table, name: str) -> pa.Table:
    """The dataset table plus the normalised matching columns."""
    for col, src in NORMS[name].items():
        norm = project_norm if col == "project_norm" else norm_text
        table = table.append_column(col, pa.array([norm(v) for v in table.column(src).to_pylist()], pa.string()))
    return table


class History:
    """Open (or create) a history database; `append` a consolidation or a dataset; query it."""

    def __init__(self, path: str | Path = ":memory:"):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(self.path)
        except duckdb.Error as e:
            raise HistoryError(f"无法打开历史库 {self.path}（可能正被其他程序使用，或不是 jixiao 历史库）：{e}") from e
        for name, (schema, key) in TABLES.items():
            self._ensure(name, schema, key)

    def _ensure(self, name: str, schema: pa.Schema, key: tuple) -> None:
        cols = [(f.name, _sql_type(f.type)) for f in schema] + [(c, "VARCHAR") for c in NORMS[name]]
        body = ", ".join(f"{c} {t}" for c, t in cols)
        self.con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({body}, PRIMARY KEY ({', '.join(key)}))")
        have = {r[0] for r in self.con.execute(f"SELECT column_name FROM information_schema.columns "
                                               f"WHERE table_name = '{name}'").fetchall()}
        for c, t in cols:                    # a database from an older jixiao gains the new columns (empty)
            if c not in have:
                self.con.execute(f"ALTER TABLE {name} ADD COLUMN {c} {t}")

    def __enter__(self) -> "History":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def append(self, data: Consolidation | Dataset | str | Path) -> Appended:
        """Store a consolidation (or a dataset, or a dataset folder); a project stored before is replaced whole."""
        ds = data if isinstance(data, Dataset) else (
            Dataset.from_consolidation(data) if isinstance(data, Consolidation) else Dataset.read(data))
        keys = " AND ".join(f"t.{k} = n.{k}" for k in KEY)
        con = self.con
        con.register("new_projects", with_norms(ds.projects, "projects"))
        con.register("new_indicators", with_norms(ds.indicators, "indicators"))
        try:
            con.execute("BEGIN")
            replaced = con.execute(f"SELECT count(*) FROM projects t JOIN new_projects n ON {keys}").fetchone()[0]
            for name in TABLES:
                con.execute(f"DELETE FROM {name} t WHERE EXISTS (SELECT 1 FROM new_projects n WHERE {keys})")
            counts = [con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM new_{name} WHERE year IS NOT NULL")
                      .fetchone()[0] for name in TABLES]
            con.execute("COMMIT")
        except duckdb.Error as e:
            con.execute("ROLLBACK")
            raise HistoryError(f"写入历史库 {self.path} 失败：{e}") from e
        finally:
            con.unregister("new_projects")
            con.unregister("new_indicators")
        return Appended(counts[0], counts[1], replaced, ds.projects.num_rows - counts[0])

    def query(self, sql: str, params=None) -> list[dict]:
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def projects(self, year: int | None = None, form_id: str | None = None) -> list[dict]:
        return self._rows("projects", year, form_id)

    def indicators(self, year: int | None = None, form_id: str | None = None) -> list[dict]:
        return self._rows("indicators", year, form_id)

    def _rows(self, table: str, year, form_id) -> list[dict]:
        order = ", ".join(TABLES[table][1])
        return self.query(f"SELECT * EXCLUDE ({', '.join(NORMS[table])}) FROM {table} "
                          f"WHERE ($1 IS NULL OR year = $1) AND ($2 IS NULL OR form_id = $2) ORDER BY {order}",
                          [year, form_id])

    def kinds(self, as_of: int | None = None) -> list[dict]:
        """The indicator library's distributions (KINDS) over the years before `as_of` (None: every year)."""
        return self.query(KINDS.format(as_of="(SELECT $1::INTEGER AS as_of)"), [as_of])

    def years(self, form_id: str | None = None) -> list[int]:
        rows = self.con.execute("SELECT DISTINCT year FROM projects WHERE $1 IS NULL OR form_id = $1 ORDER BY year",
                                [form_id]).fetchall()
        return [r[0] for r in rows]
