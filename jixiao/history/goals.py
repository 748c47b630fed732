"""Approved goal tables out of the history database, for the cross-form checks (family L) of `jixiao check --goals`."""

from __future__ import annotations

from ..rules.crossform import GOAL_FORM, FormIndicators, Goals, Indicator
from .store import History

ROWS = """
SELECT p.year, p.unit_code, p.project_key, p.project_code, p.project_name, p.file AS project_file,
       i.level1, i.level2, i.name, i.nature, i.target, i.target_num, i.measure_unit, i.weight, i.sheet, i.target_cell
FROM projects p LEFT JOIN indicators i USING (form_id, year, unit_code, project_key)
WHERE p.form_id = $1 ORDER BY p.year, p.unit_code, p.project_key, i.indicator_no
"""


def goals_from_history(database) -> Goals:
    """Every goal table (项目支出绩效目标申报表) the database holds, as `jixiao consolidate --history` stored it."""
    with History(database) as h:
        rows = h.query(ROWS, [GOAL_FORM])
    projects: dict[tuple, tuple[dict, list]] = {}
    for r in rows:
        head, inds = projects.setdefault((r["year"], r["unit_code"], r["project_key"]), (r, []))
        if r["name"]:
            target = r["target_num"] if r["target_num"] is not None else r["target"]
            inds.append(Indicator(r["level1"], r["level2"], r["name"], r["nature"], target, r["measure_unit"],
                                  r["weight"], r["sheet"] or "", r["target_cell"] or ""))
    return Goals([FormIndicators(GOAL_FORM, str(h["year"]), h["unit_code"] or "", h["project_code"] or "",
                                 h["project_name"] or "", tuple(inds), h["project_file"] or "")
                  for h, inds in projects.values()])
