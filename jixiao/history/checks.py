"""History checks of one consolidation against the database: C101 历史标准 (the project's last year, else the indicator
library), C102 单位成本, C103 等级变化."""

from __future__ import annotations

from decimal import Decimal

from ..consolidate.dataset import Dataset
from ..consolidate.model import Issue
from ..consolidate.rules import COST_OUTLIER, GRADE_DROP, LOW_TARGET
from ..consolidate.summary import metrics_for
from ..intake.roster import norm_text
from ..rules.finding import Finding
from ..spec.loader import enums, load_profile
from .store import INDUSTRY, KINDS, SELF_EVAL, History, with_norms

CATEGORY = "历史比对"
GOAL = "project_goal"
PEERS_SHOWN = 3
HIGHER_IS_BETTER = ("≥", "＞")           # 反向指标（≤ ＜）和“＝”不比较：上限随预算变化，不宜按上年实际衡量
SAME_PROJECT = "p.unit_code = c.unit_code AND (p.project_key = c.project_key OR " \
               "(p.project_norm <> '' AND p.project_norm = c.project_norm))"

# A target (self-evaluation or goal form, year N) under the past actual values of the same indicator (name and
# measure), the most specific reference first: 1 last year's self-evaluated value of the same project (code, or name
# without years); 2 with history.low_target_by_unit, the unit's only indicator of that name and measure in both years;
# 3 for a rate (度量单位 a percentage: enums.percent_units) with neither, the indicator library (store.KINDS, years
# before N, same 行业): the lowest of at least history.low_target_library past actual values — a target under every
# past result. Quantities are not compared across projects: they follow each project's size.
LOW_TARGETS = f"""
WITH cur AS (
    SELECT i.*, {INDUSTRY.format(p="cp")} AS industry FROM cur_indicators i
    JOIN cur_projects cp USING (form_id, year, unit_code, project_key)
    WHERE i.form_id IN ('{SELF_EVAL}', '{GOAL}') AND i.nature IN {HIGHER_IS_BETTER}
        AND i.target_num IS NOT NULL AND i.indicator_norm <> ''),
prev AS (SELECT * FROM indicators WHERE form_id = '{SELF_EVAL}' AND actual_num IS NOT NULL),
has_prev AS (
    SELECT DISTINCT c.form_id, c.year, c.unit_code, c.project_key FROM cur_projects c
    JOIN projects p ON p.form_id = '{SELF_EVAL}' AND p.year = c.year - 1 AND {SAME_PROJECT}),
by_project AS (
    SELECT c.*, 1 AS basis, p.year AS prev_year, p.actual_num AS prev_actual, p.file AS prev_file,
           p.sheet AS prev_sheet, p.actual_cell AS prev_cell, p.project_name AS prev_project
    FROM cur c JOIN prev p ON p.year = c.year - 1 AND {SAME_PROJECT}
        AND p.indicator_norm = c.indicator_norm AND p.measure_norm = c.measure_norm),
cur_n AS (SELECT *, count(*) OVER (PARTITION BY form_id, year, unit_code, indicator_norm, measure_norm) AS n FROM cur),
prev_n AS (SELECT *, count(*) OVER (PARTITION BY year, unit_code, indicator_norm, measure_norm) AS n FROM prev),
unmatched AS (
    SELECT * FROM cur_n c WHERE NOT EXISTS (SELECT 1 FROM has_prev h WHERE h.form_id = c.form_id
        AND h.year = c.year AND h.unit_code = c.unit_code AND h.project_key = c.project_key)),
by_unit AS (
    SELECT c.* EXCLUDE (n), 2 AS basis, p.year AS prev_year, p.actual_num AS prev_actual, p.file AS prev_file,
           p.sheet AS prev_sheet, p.actual_cell AS prev_cell, p.project_name AS prev_project
    FROM unmatched c JOIN prev_n p ON p.year = c.year - 1 AND p.unit_code = c.unit_code
        AND p.indicator_norm = c.indicator_norm AND p.measure_norm = c.measure_norm AND c.n = 1 AND p.n = 1 AND $by_unit),
library AS ({KINDS.format(as_of="(SELECT DISTINCT year AS as_of FROM cur)")}),
by_library AS (
    SELECT c.* EXCLUDE (n), 3 AS basis, l.last_year AS prev_year, l.actual_min AS prev_actual, l.actual_n AS lib_n,
           l.actual_median AS lib_median, l.actual_max AS lib_max, l.first_year AS lib_first, l.units AS lib_units
    FROM unmatched c JOIN library l ON l.as_of = c.year AND l.industry = c.industry
        AND l.indicator_norm = c.indicator_norm AND l.measure_norm = c.measure_norm
    WHERE $library > 0 AND l.actual_n >= $library AND list_contains($percent, c.measure_norm))
SELECT * FROM (SELECT * FROM by_project UNION ALL BY NAME SELECT * FROM by_unit
               UNION ALL BY NAME SELECT * FROM by_library)
WHERE prev_actual > target_num * (1 + $margin)
QUALIFY row_number() OVER (PARTITION BY form_id, year, unit_code, project_key, indicator_no
                           ORDER BY basis, prev_actual DESC, prev_file) = 1
ORDER BY form_id, year, unit_code, project_key, indicator_no
"""

# Cost per unit of output: executed amount ÷ actual quantity (goal form: budget ÷ target), in 元. Compared with the
# median of its kind (same year, form, indicator name and measure, and project name unless cost_peers = indicator),
# the row itself included: one shared reference per kind, which a single extreme value cannot move far.
COSTS = f"""
WITH costs AS (
    SELECT i.form_id, i.year, i.unit_code, i.unit_name, i.project_key, i.project_name, i.project_norm, i.indicator_no,
           i.level1, i.level2, i.name, i.indicator_norm, i.measure_norm, i.measure_unit, i.sheet, i.file, i.sha256,
           CASE WHEN i.form_id = '{GOAL}' THEN i.target_cell ELSE i.actual_cell END AS qty_cell,
           CASE WHEN i.form_id = '{GOAL}' THEN i.target_num ELSE i.actual_num END AS qty,
           CASE WHEN i.form_id = '{GOAL}' THEN p.budget_wan ELSE p.executed_wan END AS amount,
           CASE WHEN i.form_id = '{GOAL}' THEN p.budget_cell ELSE p.executed_cell END AS amount_cell,
           p.sheet AS amount_sheet
    FROM indicators i JOIN projects p USING (form_id, year, unit_code, project_key)
    WHERE i.form_id IN ('{SELF_EVAL}', '{GOAL}') AND i.level2 = '数量指标'),
valid AS (SELECT *, CAST(amount AS DOUBLE) * 10000 / qty AS cost,
                 CASE WHEN $scope = 'project' THEN project_norm ELSE '' END AS kind
          FROM costs WHERE amount > 0 AND qty > 0),
kinds AS (
    SELECT form_id, year, indicator_norm, measure_norm, kind, median(cost) AS peer_median,
           count(DISTINCT unit_code) AS peer_units, count(*) AS peer_rows,
           list(struct_pack(name := unit_name, cost := cost) ORDER BY cost, unit_code) AS members
    FROM valid GROUP BY ALL),
peers AS (  -- a large kind is shown by its cheapest and dearest few
    SELECT * EXCLUDE (members), CASE WHEN peer_rows > 2 * $shown THEN list_concat(members[:$shown], members[-$shown:])
                                     ELSE members END AS peer_list
    FROM kinds)
SELECT v.*, g.peer_median, g.peer_units, g.peer_rows, g.peer_list
FROM valid v SEMI JOIN cur_indicators c USING (form_id, year, unit_code, project_key, indicator_no)
JOIN peers g USING (form_id, year, indicator_norm, measure_norm, kind)
WHERE g.peer_units > $min_peers AND (v.cost > $high * g.peer_median OR v.cost < $low * g.peer_median)
ORDER BY v.form_id, v.year, v.unit_code, v.project_key, v.indicator_no
"""

GRADES = f"""
SELECT c.*, p.grade AS prev_grade, p.total_score AS prev_score, p.year AS prev_year, p.file AS prev_file,
       p.sheet AS prev_sheet, p.grade_cell AS prev_cell
FROM cur_projects c JOIN projects p ON p.form_id = c.form_id AND p.year = c.year - 1 AND {SAME_PROJECT}
WHERE c.grade IS NOT NULL AND p.grade IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY c.form_id, c.year, c.unit_code, c.project_key
                           ORDER BY p.project_key = c.project_key DESC, p.project_key) = 1
ORDER BY c.form_id, c.year, c.unit_code, c.project_key
"""


def settings(profile: dict | None) -> dict:
    """The profile's `history` thresholds; a profile without them (an older custom one) uses the national ones."""
    return (profile or {}).get("history") or load_profile("national")["history"]


def _show(v) -> str:
    if isinstance(v, Decimal):
        return format(v.normalize(), ",f")
    return f"{v:.10g}" if isinstance(v, float) else str(v)


def _peers(peers: list[dict], rows: int) -> str:
    """Every project of a small kind; the cheapest and dearest few of a large one (a cell holds 32,767 characters)."""
    shown = [f"{p['name']} {p['cost']:.2f}" for p in peers]
    if rows > len(shown):
        shown.insert(PEERS_SHOWN, f"……（另 {rows - len(shown)} 个）")
    return "、".join(shown)


def _label(row: dict) -> str:
    return "/".join(str(row[k] or "") for k in ("level1", "level2", "name"))


def _issue(f: Finding, row: dict, projects: dict) -> Issue:
    p = projects.get((row["form_id"], row["year"], row["unit_code"], row["project_key"]), {})
    return Issue(f, CATEGORY, p.get("dept_name") or "", row["unit_code"], row.get("unit_name") or "",
                 row.get("sha256") or "")


def _low_target_detail(r: dict) -> str:
    measure = r["measure_unit"] or ""
    if r["basis"] == 3:
        years = f"{r['lib_first']}—{r['prev_year']}" if r["lib_first"] != r["prev_year"] else f"{r['prev_year']}"
        return (f"项目「{r['project_name']}」（{r['year']}年）；指标库（{r['industry'] or '未填主管部门'}，{years}年，"
                f"{r['lib_units']} 个单位）同名指标以往 {r['lib_n']} 个实际完成值：最低 {_show(r['prev_actual'])}、"
                f"中位数 {_show(r['lib_median'])}、最高 {_show(r['lib_max'])}{measure}，本年指标值低于以往全部实际完成值。")
    where = f"{r['prev_file']}「{r['prev_sheet']}」{r['prev_cell']}"
    return (f"项目「{r['project_name']}」（{r['year']}年）；上年（{r['prev_year']}年）实际完成值 "
            f"{_show(r['prev_actual'])}{measure} 见 {where}" +
            (f"（上年项目「{r['prev_project']}」）" if r["prev_project"] != r["project_name"] else "") + "。")


def low_targets(h: History, cfg: dict, projects: dict) -> list[Issue]:
    params = {"margin": cfg["low_target_margin"], "by_unit": cfg["low_target_by_unit"],
              "library": cfg.get("low_target_library", 0),
              "percent": sorted({norm_text(u) for u in enums()["percent_units"]})}
    out = []
    for r in h.query(LOW_TARGETS, params):
        f = Finding(LOW_TARGET, file=r["file"], sheet=r["sheet"], cell=r["target_cell"], label=_label(r),
                    value=r["target_num"], expected=r["prev_actual"],
                    difference=round(r["target_num"] - r["prev_actual"], 10), detail=_low_target_detail(r))
        out.append(_issue(f, r, projects))
    return out


def cost_outliers(h: History, cfg: dict, projects: dict) -> list[Issue]:
    params = {"scope": cfg["cost_peers"], "min_peers": cfg["cost_min_peers"], "high": cfg["cost_high"],
              "low": cfg["cost_low"], "shown": PEERS_SHOWN}
    out = []
    for r in h.query(COSTS, params):
        cost, median = round(r["cost"], 2), round(r["peer_median"], 2)
        basis = "预算数" if r["form_id"] == GOAL else "全年执行数"
        qty = "指标值" if r["form_id"] == GOAL else "实际完成值"
        detail = (f"为中位数的 {r['cost'] / r['peer_median']:.2f} 倍。按{basis} {_show(r['amount'])} 万元（"
                  f"「{r['amount_sheet']}」{r['amount_cell']}）÷ {qty} {_show(r['qty'])}{r['measure_unit'] or ''} 计算，"
                  f"项目「{r['project_name']}」（{r['year']}年）；同类 {r['peer_units']} 个单位（元，含本单位）："
                  f"{_peers(r['peer_list'], r['peer_rows'])}。")
        f = Finding(COST_OUTLIER, file=r["file"], sheet=r["sheet"], cell=r["qty_cell"], label=_label(r), value=cost,
                    expected=median, difference=round(cost - median, 2), detail=detail)
        out.append(_issue(f, r, projects))
    return out


def grade_drops(h: History, cfg: dict, profile: dict) -> list[Issue]:
    order, out = metrics_for(SELF_EVAL, profile).grades, []       # 优, 良, 中, 差
    for r in h.query(GRADES):
        if r["grade"] not in order or r["prev_grade"] not in order:
            continue
        if order.index(r["grade"]) - order.index(r["prev_grade"]) < cfg["grade_drop"]:
            continue
        scores = f"总分由 {_show(r['prev_score'])} 降为 {_show(r['total_score'])}；" \
            if r["prev_score"] is not None and r["total_score"] is not None else ""
        detail = (f"项目「{r['project_name']}」（{r['prev_year']}—{r['year']}年）；{scores}上年等级见 "
                  f"{r['prev_file']}「{r['prev_sheet']}」{r['prev_cell']}。请分析原因。")
        f = Finding(GRADE_DROP, file=r["file"], sheet=r["sheet"], cell=r["grade_cell"], label="等级",
                    value=r["grade"], expected=r["prev_grade"], detail=detail)
        out.append(Issue(f, CATEGORY, r["dept_name"] or "", r["unit_code"], r["unit_name"] or "", r["sha256"] or ""))
    return out


def check_history(ds: Dataset, h: History, profile: dict | None = None) -> list[Issue]:
    """C101–C103 for the projects of `ds`, against what `h` holds (append `ds` first: its year's peers are there)."""
    cfg = settings(profile)
    h.con.register("cur_projects", with_norms(ds.projects, "projects"))
    h.con.register("cur_indicators", with_norms(ds.indicators, "indicators"))
    try:
        projects = {tuple(p[k] for k in ("form_id", "year", "unit_code", "project_key")): p
                    for p in ds.projects.to_pylist()}
        return (low_targets(h, cfg, projects) + cost_outliers(h, cfg, projects)
                + grade_drops(h, cfg, profile or load_profile("national")))
    finally:
        h.con.unregister("cur_projects")
        h.con.unregister("cur_indicators")
