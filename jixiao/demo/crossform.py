"""Planted cross-form cases (family L) and a rectification ledger walk-through: approved 2025 goal tables, the
self-evaluations and a monitoring table that depart from them, and a 绩效目标调整 table —
python -m jixiao.demo.crossform [--out samples/跨表核对]."""
from __future__ import annotations

import argparse
import copy
import csv
import random
import shutil
import tempfile
from pathlib import Path

from .defects import GOAL, MON, RECTIFY, SELF, poor, rezip
from .samples import SEED, YEAR, Plan, goal, monitor, self_eval

FOLDER = Path("samples/跨表核对")
CHANGES = "绩效目标调整.csv"
ADJUSTED_TARGET, ADJUSTED_ON = 95, "2025-06-30"
ADJUSTED_WHY = "省级验收标准调整，经区财政局批准（区财绩〔2025〕12号）"
# case → what is done to the unit's file against its approved goal table (None: no goal table is given)
CASES = {
    "clean": "与批复一致",
    "lowered": "第一个数量指标的指标值比批复低 20%",
    "dropped": "删去了“资金拨付及时率”指标",
    "adjusted": "质量指标的指标值按批准的绩效目标调整改为 95",
    "basis": "第一个数量指标的度量单位与批复不同",
    "qualitative": "定性效益指标的表述与批复不同",
    "monitor_added": "运行监控表（1—7月）增加了一个目标表中没有的指标",
    "no_goal": "目标表中没有该项目",
    "poor": "与批复一致，自评等级为“中”，“结果应用”表填写了整改措施、责任人和完成时限（整改台账的示例）",
}
CORRECTED = "lowered"          # 更正/: this case's file sent again with the approved target (resolves its ledger item)


def _rows(p: dict) -> list[dict]:
    return p["rows"]


def _first(p: dict, level2: str) -> dict:
    return next(r for r in _rows(p) if r["level2"] == level2)


def cases(plan: Plan) -> list[tuple[str, object, dict, dict, dict | None]]:
    """(case, unit, goal data, the unit's file data, its form): one unit per case, its first project; the corrected
    file last, as case "corrected"."""
    rng, out = random.Random(SEED + 7), []
    picks = [(0, d) for d in ("101", "102", "103", "104", "105", "106", "107", "108")] + [(1, "101")]
    units = [[u for u in plan.units if u.dept_code == d][k] for k, d in picks]
    for case, unit in zip(CASES, units):
        approved = plan.projects[unit.code][0]
        g = goal(unit, approved, rng, YEAR)
        p = copy.deepcopy(approved)
        if case == "lowered":
            _first(p, "数量指标")["target"] = int(_first(p, "数量指标")["target"] * 0.8)
        elif case == "dropped":
            p["rows"] = [r for r in _rows(p) if r["name"] != "资金拨付及时率"]
        elif case == "adjusted":
            _first(p, "质量指标")["target"] = ADJUSTED_TARGET
            if g["tables"]["indicators"][_rows(p).index(_first(p, "质量指标"))]["target"] == ADJUSTED_TARGET:
                g["tables"]["indicators"][_rows(p).index(_first(p, "质量指标"))]["target"] = 98
        elif case == "basis":
            _first(p, "数量指标")["unit"] = "次"
        elif case == "qualitative":
            row = next(r for r in _rows(p) if r["nature"] == "定性")
            row["target"] = "有所" + row["target"][2:]
        elif case == "monitor_added":
            p["rows"].insert(3, {"level1": "产出指标", "level2": "数量指标", "name": "新增服务网点数", "nature": "≥",
                                 "unit": "个", "target": 5})
        if case == "monitor_added":
            data = monitor(unit, p, rng)
            data["fields"].update(year=YEAR, month=7, fill_date=f"{YEAR}-08-10")
            for f in data["grids"]["funds"].values():              # 1—7月: a little ahead of the time (7/12)
                f["executed"] = round(f["budget"] * 0.62, 2)
            form = MON
        else:
            data, form = self_eval(unit, p, rng), SELF
        if case == "poor":
            poor(**RECTIFY)(data)
        out.append((case, unit, g if case != "no_goal" else None, data, form))
        if case == CORRECTED:
            again = self_eval(unit, approved, rng)
            again["fields"]["fill_date"] = "2026-03-20"
            out.append(("corrected", unit, None, again, SELF))
    return out


def _name(case: str, unit, data: dict, form: str) -> str:
    kind = {SELF: "绩效自评表", MON: "绩效运行监控表（1—7月）", GOAL: "绩效目标申报表（已批复）"}[form]
    return f"{unit.name}-{data['fields']['project_name']}-{YEAR}年{kind}.xlsx"


def changes(planted) -> list[list]:
    head = ["项目编码", "指标", "调整后指标值", "批准日期", "调整原因"]
    rows = []
    for case, _, _, data, _ in planted:
        if case == "adjusted":
            name = next(r["name"] for r in data["tables"]["indicators"] if r["level2"] == "质量指标")
            rows.append([data["fields"]["project_code"], name, ADJUSTED_TARGET, ADJUSTED_ON, ADJUSTED_WHY])
    return [head, *rows]


def build(out: Path = FOLDER, seed: int = SEED) -> list[str]:
    """Fill and recalculate (one LibreOffice call) the goal tables (目标表/) and the submissions (报送/)."""
    from ..spec.layout import load_form
    from ..spec.loader import load_profile
    from ..template.fill import fill_workbook
    from ..workbook.recalc import recalculate
    planted = cases(Plan(seed))
    todo = []
    for case, unit, g, data, form in planted:
        if g is not None:
            todo.append((f"目标表/{_name(case, unit, g, GOAL)}", GOAL, g))
        folder = "更正" if case == "corrected" else "报送"
        todo.append((f"{folder}/{_name(case, unit, data, form)}", form, data))
    for sub in ("目标表", "报送", "更正"):
        shutil.rmtree(out / sub, ignore_errors=True)
        (out / sub).mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, (_, form, data) in enumerate(todo):
            fill_workbook(load_form(form), load_profile("national"), data).save(Path(tmp) / f"{i:03d}.xlsx")
            paths.append(Path(tmp) / f"{i:03d}.xlsx")
        for (name, _, _), done in zip(todo, recalculate(paths, Path(tmp) / "out")):
            (out / name).write_bytes(rezip(done.read_bytes()))
    with open(out / CHANGES, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(changes(planted))
    return [name for name, _, _ in todo]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="生成跨表核对（L 类规则）和整改台账的示例：目标表、偏离目标表的自评表和监控表")
    ap.add_argument("--out", type=Path, default=FOLDER)
    args = ap.parse_args(argv)
    names = build(args.out)
    print(f"{len(names)} 个工作簿 → {args.out}")


if __name__ == "__main__":
    main()
