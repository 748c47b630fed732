"""The sample inbox's prior year (2024 self-evaluations) with planted history cases:
python -m jixiao.demo.prior_year [--out samples/上年] [--seed 2024] [--plan-only]."""
from __future__ import annotations

import argparse
import copy
import json
import math
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..intake.roster import norm_text
from ..scoring.engine import Evaluation
from ..spec.data import to_inputs
from ..spec.layout import load_form
from ..spec.loader import load_profile
from .defects import DEFECTS, SELF, rezip
from .samples import REASONS, SEED as CURRENT_SEED, YEAR, Plan, status_of, self_eval

PRIOR, SEED, FOLDER = YEAR - 1, 2024, "自评表"
COST_DEPTS = ("101", "102", "103")     # outputs in the hundreds or more: whole numbers keep unit costs steady
COST_FACTORS = (3.0, 0.3, 2.8)         # one planted outlier per cost group: cost = the kind's base cost × factor
N_LOW = 4                              # quantity targets planted below last year's actual, plus one percentage


@dataclass
class Prior:
    """One 2024 project: whose, why it is there, its 2025 counterpart (if consolidated) and its 2024 form data."""

    unit: object
    project: dict
    role: str                          # low_target | low_pct | grade | grade_control | cost | cover
    current: dict | None = None        # {"job", "data", "grade", "score"} of the 2025 file that is consolidated
    data: dict | None = None
    name: str = ""


def _score(data: dict, profile: str = "national") -> tuple[float, str]:
    form = load_form(SELF)
    ev = Evaluation(form, load_profile(profile), to_inputs(form, data))
    return ev.value("total_score"), ev.value("grade")


def current_projects(plan: Plan) -> dict[tuple, dict]:
    """(unit code, project) → the 2025 self-evaluation that `jixiao consolidate` merges (no 强制, not superseded)."""
    out = {}
    for j in plan.jobs:
        if (j.form != SELF or j.kind in ("broken", "mail") or status_of(j.codes) == "强制"
                or j.origin in plan.superseded or j.unit not in plan.units):
            continue
        score, grade = _score(j.data, DEFECTS[j.defect].profile)
        out[j.unit.code, j.project["topic"]] = {"job": j, "data": j.data, "score": score, "grade": grade}
    return out


def _rows(data: dict) -> list[dict]:
    return data["tables"]["indicators"]


def _qty(r: dict) -> bool:
    return r["level2"] == "数量指标"


def _amount(data: dict) -> float:
    return round(sum(f.get("executed") or 0 for f in data["grids"]["funds"].values()), 2)


def cost_outliers(projects: list[tuple[str, str, float, list[dict]]], cfg: dict) -> set[tuple]:
    """The C102 rule over (unit code, project name, executed 万元, indicator rows): {(unit, project, indicator)}.
    An independent restatement of the SQL in jixiao.history.checks, used to state what the samples must raise."""
    kinds: dict[tuple, list] = {}
    for unit, name, amount, rows in projects:
        for r in rows:
            if _qty(r) and isinstance(r.get("actual"), (int, float)) and r["actual"] > 0 and amount > 0:
                kind = (norm_text(name) if cfg["cost_peers"] == "project" else "", norm_text(r["name"]),
                        norm_text(r["unit"]))
                kinds.setdefault(kind, []).append((unit, name, r["name"], amount * 10000 / r["actual"]))
    out = set()
    for members in kinds.values():
        if len({m[0] for m in members}) <= cfg["cost_min_peers"]:
            continue
        median = statistics.median(m[3] for m in members)
        out |= {m[:3] for m in members if m[3] > cfg["cost_high"] * median or m[3] < cfg["cost_low"] * median}
    return out


class PriorPlan:
    """Which 2024 projects exist and what was planted in them; values only, no LibreOffice."""

    def __init__(self, plan: Plan, seed: int = SEED):
        self.plan, self.rng, self.seed = plan, random.Random(seed), seed
        self.cfg = load_profile("national")["history"]
        self.current = current_projects(plan)
        self.priors: dict[tuple, Prior] = {}
        self.costs: dict[tuple, dict] = {}          # (unit, topic) → {"exec": 万元, "actual": {indicator: quantity}}
        self.planted: dict[str, list] = {"low_targets": [], "cost_outliers": [], "grade_drops": []}
        self._choose()
        for key in sorted(self.priors):
            self._build(self.priors[key])
        self._verify()

    def _add(self, unit, topic: str, role: str) -> None:
        if (unit.code, topic) not in self.priors:
            project = next(p for p in self.plan.projects[unit.code] if p["topic"] == topic)
            self.priors[unit.code, topic] = Prior(unit, project, role, self.current.get((unit.code, topic)))

    def _choose(self) -> None:
        rng, units = self.rng, {u.code: u for u in self.plan.units}
        typed = {k: c for k, c in self.current.items() if c["data"]["fields"].get("unit_code") == k[0]}
        order = ("优", "良", "中", "差")
        poor = sorted(k for k, c in typed.items() if order.index(c["grade"]) >= 2)
        for i, key in enumerate(poor):                   # the first drops two grades, the others one
            self._add(units[key[0]], key[1], "grade" if i == 0 else "grade_control")
        clean = sorted(k for k, c in typed.items() if c["job"].defect == "clean" and c["grade"] == "优")
        picks = rng.sample(clean, N_LOW + 1)
        for key in picks[:N_LOW]:
            self._add(units[key[0]], key[1], "low_target")
        pct = next(k for k in picks[N_LOW:] + clean if k not in self.priors and self._satisfaction(k) <= 90)
        self._add(units[pct[0]], pct[1], "low_pct")
        groups = sorted({(u.dept_code, t) for u in self.plan.units if u.dept_code in COST_DEPTS
                         for t in (p["topic"] for p in self.plan.projects[u.code])}
                        - {(units[u].dept_code, t) for u, t in self.priors})
        for dept, topic in rng.sample(groups, len(COST_FACTORS)):
            for u in (u for u in self.plan.units if u.dept_code == dept):
                self._add(u, topic, "cost")
        def crowded(topic):                             # enough units of one kind to be compared for cost
            return sum(k[1] == topic for k in self.priors) >= self.cfg["cost_min_peers"]

        for u in self.plan.units:                       # every unit reports: the prior year has nobody 未报送
            if not any(code == u.code for code, _ in self.priors):        # a 2025 project of the unit if it has one
                mine = sorted(t for code, t in typed if code == u.code)
                topics = mine + [p["topic"] for p in self.plan.projects[u.code] if p["topic"] not in mine]
                self._add(u, min(topics, key=crowded), "cover")
        for (dept, topic), factor in zip(sorted({(self.priors[k].unit.dept_code, k[1]) for k in self.priors
                                                 if self.priors[k].role == "cost"}), COST_FACTORS):
            self._plan_costs(dept, topic, factor)

    def _satisfaction(self, key) -> float:
        return next(r["target"] for r in _rows(self.current[key]["data"]) if r["level2"] == "服务对象满意度指标")

    def _targets(self, p: Prior) -> list:
        """The 2025 targets each 2024 row is measured against (the consolidated file's, else the plan's)."""
        return [r["target"] for r in (_rows(p.current["data"]) if p.current else p.project["rows"])]

    def _plan_costs(self, dept: str, topic: str, factor: float) -> None:
        """Executed amounts and quantities of one kind of project: every unit near one base cost per output, except
        one planted outlier; a unit consolidated in 2025 keeps every quantity under its 2025 target."""
        rng = self.rng
        members = [p for k, p in sorted(self.priors.items()) if k[1] == topic and p.unit.dept_code == dept]
        base: dict[str, float] = {}
        names = sorted({r["name"] for m in members for r in m.project["rows"] if _qty(r)})
        for name in names:
            base[name] = statistics.median(m.project["budget"] / t for m in members
                                           for r, t in zip(m.project["rows"], self._targets(m)) if r["name"] == name)
        shared = [n for n in names if sum(any(r["name"] == n for r in m.project["rows"]) for m in members)
                  > self.cfg["cost_min_peers"]]
        odd_name = rng.choice(shared)
        odd = rng.choice([m for m in members if any(r["name"] == odd_name for r in m.project["rows"])])
        for m in members:
            rows = [(r["name"], t) for r, t in zip(m.project["rows"], self._targets(m)) if _qty(r)]
            cost = {n: base[n] * (factor if m is odd and n == odd_name else rng.uniform(0.85, 1.15)) for n, _ in rows}
            if m.current:
                ex = min(0.97 * t * cost[n] for n, t in rows) * rng.uniform(0.85, 0.95)
            else:
                ex = m.project["budget"] * rng.uniform(0.85, 1.0)
            ex = round(ex, 2)
            self.costs[m.unit.code, topic] = {"exec": ex, "actual": {n: max(1, round(ex / cost[n])) for n, _ in rows}}
            if m is odd:
                self.planted["cost_outliers"].append({
                    "year": PRIOR, "unit": m.unit.code, "unit_name": m.unit.name, "project": topic,
                    "indicator": odd_name, "kind": "偏高" if factor > 1 else "偏低", "factor": factor})

    def _build(self, p: Prior) -> None:
        rng = self.rng
        planned = self.costs.get((p.unit.code, p.project["topic"]))
        ex = planned["exec"] if planned else round(p.project["budget"] * rng.uniform(0.77, 1.04), 2)
        budget = round(ex / rng.uniform(0.9, 0.99), 2)
        project = {**copy.deepcopy(p.project), "code": f"{PRIOR}{p.project['code'][4:]}", "fiscal": budget,
                   "other": None, "budget": budget}
        low = next((i for i, r in enumerate(project["rows"]) if _qty(r)), None) if p.role == "low_target" else None
        values = []
        for i, (r, t) in enumerate(zip(project["rows"], self._targets(p))):
            if r["nature"] == "定性":
                values.append(None)
            elif r["nature"] == "≤":
                values.append((budget, ex))
            elif r["unit"] == "%":
                pct = p.role == "low_pct" and r["level2"] == "服务对象满意度指标"
                a = min(100, round(t * 1.1, 1)) if pct else 100 if t >= 100 else round(t - rng.uniform(0.5, 3), 1)
                values.append((math.floor(a) - rng.choice((0, 1, 2)), a))
                if pct:
                    self._low(p, r, t, a)
            else:
                if planned:
                    a = planned["actual"][r["name"]]
                elif i == low:                           # planted: last year above this year's target
                    a = math.ceil(t * rng.uniform(1.25, 1.45))
                else:                                    # targets rise year by year
                    a = max(1, math.floor(t * rng.uniform(0.8, 0.97)))
                values.append((math.ceil(a / rng.uniform(1.0, 1.1)), a))       # met, and by less than 120%
                if i == low:
                    self._low(p, r, t, a)
            if values[-1] is not None:
                r["target"] = values[-1][0]
        data = self_eval(p.unit, project, rng)
        data["fields"].update(year=PRIOR, fill_date=f"{PRIOR + 1}-02-{rng.randint(9, 20):02d}")
        data["grids"]["funds"] = {"fiscal": {"budget_initial": budget, "budget": budget, "executed": ex}}
        for r, v in zip(_rows(data), values):
            if v is not None:
                r["target"], r["actual"] = v
                r.pop("reason", None)
        if p.role == "grade_control":                   # one grade above its 2025 grade: not a two-grade drop
            self._lower(data, ("优", "良", "中", "差")[("优", "良", "中", "差").index(p.current["grade"]) - 1])
        p.data = data
        p.name = f"{p.unit.name}-{p.project['topic']}-{PRIOR}年度项目支出绩效自评表.xlsx"
        if p.role == "grade":
            self.planted["grade_drops"].append({
                "unit": p.unit.code, "unit_name": p.unit.name, "project": p.project["topic"],
                f"grade_{PRIOR}": _score(data)[1], f"grade_{YEAR}": p.current["grade"]})

    def _low(self, p: Prior, r: dict, target: float, actual: float) -> None:
        assert actual > target * (1 + self.cfg["low_target_margin"])
        self.planted["low_targets"].append({
            "unit": p.unit.code, "unit_name": p.unit.name, "project": p.project["topic"], "indicator": r["name"],
            "measure": r["unit"], f"target_{YEAR}": target, f"actual_{PRIOR}": actual})

    def _lower(self, data: dict, grade: str) -> None:
        """Quantity and percentage rows fall short (with a reason) until the form grades `grade`."""
        for r in (r for r in _rows(data) if r["nature"] == "≥"):
            if _score(data)[1] == grade:
                return
            r["actual"] = round(r["target"] * 0.6, 1) if r["unit"] == "%" else max(1, math.floor(r["target"] * 0.6))
            r["reason"] = self.rng.choice(REASONS)
        assert _score(data)[1] == grade, (_score(data), grade)

    def _verify(self) -> None:
        """What the planted cases mean, restated on the values: nothing else may trip C101–C103."""
        prior = [(p.unit.code, p.project["topic"], _amount(p.data), _rows(p.data)) for p in self.priors.values()]
        found = cost_outliers(prior, self.cfg)
        assert found == {(c["unit"], c["project"], c["indicator"]) for c in self.planted["cost_outliers"]}, found
        for p in (p for p in self.priors.values() if p.current):
            for r25, r24 in zip(_rows(p.current["data"]), _rows(p.data)):
                low = r25["nature"] == "≥" and r24["actual"] > r25["target"] * (1 + self.cfg["low_target_margin"])
                assert low == (p.role in ("low_target", "low_pct") and any(
                    x["unit"] == p.unit.code and x["project"] == p.project["topic"] and x["indicator"] == r25["name"]
                    for x in self.planted["low_targets"])), (p.unit.code, r25["name"])

    def expected(self) -> dict:
        now = [(c["data"]["fields"]["unit_code"], c["data"]["fields"]["project_name"], _amount(c["data"]),
                _rows(c["data"])) for c in self.current.values()]
        inbox = [{"year": YEAR, "unit": u, "project": p, "indicator": i}
                 for u, p, i in sorted(cost_outliers(now, self.cfg))]
        return {"seed": self.seed, "current_seed": self.plan.seed, "year": PRIOR, "current_year": YEAR,
                "files": sorted(f"{FOLDER}/{p.name}" for p in self.priors.values()),
                "roles": {f"{FOLDER}/{p.name}": p.role for p in self.priors.values()},
                **{k: sorted(v, key=lambda x: (x["unit"], x["project"])) for k, v in self.planted.items()},
                "cost_outliers_in_inbox": inbox}


def build(pp: PriorPlan, out: Path) -> None:
    """Fill and recalculate (one LibreOffice call) every 2024 workbook into out/自评表/, as samples.build does."""
    from ..template.fill import fill_workbook
    from ..workbook.recalc import recalculate
    form, profile = load_form(SELF), load_profile("national")
    priors = sorted(pp.priors.values(), key=lambda p: p.name)
    folder = out / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.xlsx"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, p in enumerate(priors):
            fill_workbook(form, profile, p.data).save(Path(tmp) / f"{i:03d}.xlsx")
            paths.append(Path(tmp) / f"{i:03d}.xlsx")
        for p, done in zip(priors, recalculate(paths, Path(tmp) / "out")):
            (folder / p.name).write_bytes(rezip(done.read_bytes()))


def write_plan(pp: PriorPlan, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(pp.expected(), ensure_ascii=False, indent=1, sort_keys=True)
    (out / "expected.json").write_text(text + "\n", "utf-8")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="生成示例收件箱的上一年度（2024年）自评表，含埋设的历史比对情形")
    ap.add_argument("--out", type=Path, default=Path("samples/上年"))
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--current-seed", type=int, default=CURRENT_SEED, help="本年度示例收件箱的种子")
    ap.add_argument("--plan-only", action="store_true", help="只写 expected.json（不需要 LibreOffice）")
    args, t0 = ap.parse_args(argv), time.monotonic()
    pp = PriorPlan(Plan(args.current_seed), args.seed)
    write_plan(pp, args.out)
    if not args.plan_only:
        build(pp, args.out)
    print(f"{len(pp.priors)} 个 {PRIOR} 年度自评表，用时 {time.monotonic() - t0:.1f} 秒 → {args.out}")


if __name__ == "__main__":
    main()
