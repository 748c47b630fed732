"""The real-layout corpus (tests/corpus/real/) is complete and self-consistent — checked WITHOUT jixiao's reader.

For every workbook there is a hand-written sidecar ``<name>.expect.yaml``. These tests check:

* completeness: every .xlsx has a sidecar and vice versa; at least 40 files and 8 layout families;
* the sidecar schema;
* every cell a sidecar names really holds the stated value (``raw`` when the cell holds something other than the
  interpreted ``value``: 元 amounts, ``96%`` stored as 0.96, ``≥50个`` typed in one cell, full-width digits …), and
  the interpretation agrees with the raw text (元 ÷ 10000, percent × 100, symbol/number/unit of ``≥50个``);
* the sidecar's arithmetic follows ../shared/domain/rules.md §1.5, §1.6, §1.10 and §10: an independent small oracle
  recomputes every row, the 执行率 score, totals, grades, weights and funds sums from the sidecar's own numbers and the
  set of findings it implies must equal the findings the sidecar lists (for the rules it covers); for the monitoring
  tables (rules.md §6, §10 #16) it recomputes each funding row's 执行率 and warning light against the time progress and
  each indicator's 监控状态, and the findings those imply;
* the committed workbooks are exactly what ``build_real.py`` writes.
"""

from __future__ import annotations

import importlib.util
import math
import re
import sys
import unicodedata
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

import openpyxl
import pytest
import yaml

HERE = Path(__file__).resolve().parent
REAL = HERE / "real"
LAYOUTS = {"national_self_eval", "yunnan_subcolumns", "sichuan_2023", "hubei_exec20", "weight_conclusion",
           "goal_groups", "national_goal", "national_monitor"}
FORMS = {"project_self_eval", "project_goal", "project_monitor"}
PROFILES = {"national", "sichuan", "beijing", "nanjing"}

OPS = ("≥", "＞", "＝", "＜", "≤")
FORWARD = ("≥", "＞")
REVERSE = ("＜", "≤")
NATURES = set(OPS) | {"定性"}
TIERS = {"达成", "部分达成", "未达成"}
EMPTY_REASONS = {0, "0", "无", ""}          # what units type in a reason cell that explains nothing
GROUP = {"产出指标": "output", "成本指标": "output", "效益指标": "effect", "满意度指标": "satisfaction"}
PRINCIPLE = {"output": 50, "effect": 30, "satisfaction": 10, "exec": 10}
LEVEL2 = {                                   # enums.yaml plus the layouts' own 二级 (进度指标; Sichuan 经济成本指标)
    "产出指标": {"数量指标", "质量指标", "时效指标", "成本指标", "进度指标", "经济成本指标", "社会成本指标",
              "生态环境成本指标"},
    "成本指标": {"经济成本指标", "社会成本指标", "生态环境成本指标"},
    "效益指标": {"经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"},
    "满意度指标": {"服务对象满意度指标"},
}
SYMBOLS = {"≥": "≥", "≧": "≥", ">=": "≥", "＞": "＞", ">": "＞", "=": "＝", "＝": "＝", "═": "＝",
           "<": "＜", "＜": "＜", "≤": "≤", "≦": "≤", "<=": "≤"}
ORACLE_RULES = {"A002", "A003", "A004", "A005", "A006", "A007", "G101", "G102", "G103", "G104", "G105", "G107",
                "G108", "G109", "G110", "G111", "G112", "G113", "R104", "R106", "T104", "T105"}
# monitoring (rules.md §6.1, §9.2): the five 偏差原因 categories, the three 完成目标可能性 levels, the lights
REASONS = ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他")
SURE, MAYBE, NEVER = LIKELIHOOD = ("确定能", "有可能", "完全不可能")
GREEN, YELLOW, RED = "绿", "黄", "红"
TICKS = {"√"}
MONITOR_RULES = {"A002", "A003", "A301", "A302", "A303", "G101", "G301", "G302", "G303", "G304", "R104", "R106", "R301",
                 "R302", "R303", "R304", "R305", "R306", "R307", "R309", "R310", "R311", "T002", "T104", "T301", "T302"}
CELL = re.compile(r"^[A-Z]{1,2}[1-9][0-9]*$")
RULE = re.compile(r"^[A-Z][0-9]{3}$")


def sidecars() -> list[Path]:
    return sorted(REAL.glob("*.expect.yaml"))


def workbooks() -> list[Path]:
    return sorted(REAL.glob("*.xlsx"))


@lru_cache(maxsize=None)
def load(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


@lru_cache(maxsize=None)
def sheet(xlsx: Path, name: str):
    wb = openpyxl.load_workbook(xlsx)
    assert name in wb.sheetnames, f"{xlsx.name}: no sheet {name!r} (has {wb.sheetnames})"
    return wb[name]


def cell(ws, ref: str):
    """The cell that shows at ``ref``: the top-left cell when ``ref`` is inside a merged range."""
    for rng in ws.merged_cells.ranges:
        if ref in rng:
            return ws.cell(rng.min_row, rng.min_col)
    return ws[ref]


def same(expected, actual) -> bool:
    if expected is None:
        return actual is None or actual == ""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected == actual
    if isinstance(expected, (int, float)):
        return isinstance(actual, (int, float)) and math.isclose(expected, actual, rel_tol=0, abs_tol=1e-9)
    return isinstance(actual, str) and actual == str(expected)


def r2(x: float, places: str = "0.01") -> float:
    """Excel ROUND: half away from zero, on the shortest decimal repr."""
    return float(Decimal(repr(x)).quantize(Decimal(places), rounding=ROUND_HALF_UP))


def band(total: float) -> str:
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


def empty_reason(v) -> bool:
    return v is None or v in EMPTY_REASONS


def ids(paths):
    """ASCII test ids (layout-year-n); failures name the file itself."""
    seen: dict[str, int] = {}
    out = []
    for p in paths:
        try:
            d = load(p)
            key = f"{d['layout']}-{d['fields']['year']['value']}"
        except Exception:                    # a broken sidecar still gets an id; its schema test reports why
            key = "unreadable"
        seen[key] = seen.get(key, 0) + 1
        out.append(f"{key}-{seen[key]}")
    return out


@contextmanager
def about(car: Path):
    """Prefix assertion messages with the corpus file they concern."""
    try:
        yield
    except AssertionError as e:
        raise AssertionError(f"{car.name}: {e}") from None


# ---- completeness ------------------------------------------------------------------------------------------------

def test_every_workbook_has_a_sidecar_and_back():
    books = {p.name[: -len(".xlsx")] for p in workbooks()}
    cars = {p.name[: -len(".expect.yaml")] for p in sidecars()}
    assert books - cars == set(), f"workbooks without a sidecar: {sorted(books - cars)}"
    assert cars - books == set(), f"sidecars without a workbook: {sorted(cars - books)}"
    others = [p.name for p in REAL.iterdir() if not p.name.endswith((".xlsx", ".expect.yaml"))]
    assert others == [], f"unexpected files in tests/corpus/real: {others}"


def test_corpus_size_and_families():
    assert len(workbooks()) >= 40
    families: dict[str, int] = {}
    for car in sidecars():
        families[load(car)["layout"]] = families.get(load(car)["layout"], 0) + 1
    assert set(families) == LAYOUTS, f"layout families present: {families}"
    assert all(n >= 3 for n in families.values()), families
    years = {load(c)["fields"]["year"]["value"] for c in sidecars()}
    assert {2024, 2025} <= years


def test_build_script_writes_no_sidecars():
    """The expectations are written by hand, not derived from the workbook data."""
    text = (HERE / "build_real.py").read_text(encoding="utf-8")
    assert "yaml" not in text.replace(".expect.yaml", ""), "build_real.py must not write or read the sidecars"


# ---- schema ----------------------------------------------------------------------------------------------------

def _check_ref(entry, where):
    assert isinstance(entry, dict) and "cell" in entry, f"{where}: needs a cell"
    assert CELL.match(entry["cell"]), f"{where}: bad cell {entry['cell']!r}"
    assert "value" in entry or "raw" in entry, f"{where}: needs value or raw"


@pytest.mark.parametrize("car", sidecars(), ids=ids(sidecars()))
def test_sidecar_schema(car):
    with about(car):
        _test_sidecar_schema(car)


def _test_sidecar_schema(car):
    d = load(car)
    assert d["file"] == car.name[: -len(".expect.yaml")] + ".xlsx"
    assert d["layout"] in LAYOUTS and d["form"] in FORMS and d["profile"] in PROFILES
    assert (d["layout"] == "national_goal") == (d["form"] == "project_goal")
    assert (d["layout"] == "national_monitor") == (d["form"] == "project_monitor")
    for key in ("sheet", "fields", "funds", "columns", "indicators", "unmappable", "findings"):
        assert key in d, f"missing {key}"
    for f in ("title", "year", "project_name", "unit_name", "money_unit"):
        assert f in d["fields"], f"fields.{f} missing"
    for k, e in {**d["fields"], **d["funds"]}.items():
        _check_ref(e, k)
    assert d["fields"]["money_unit"]["value"] in ("万元", "元")
    assert isinstance(d["fields"]["year"]["value"], int)
    fund_rows = {"total", "fiscal", "carryover", "other", "special", "unit_funds", "mid", "annual"}
    fund_cols = {"initial", "budget", "actual", "label", "reason", "total", "fiscal", "other", "rate", "forecast"}
    for k in d["funds"]:
        row, col = k.split(".")
        assert row in fund_rows and col in fund_cols, k
    if d["form"] == "project_self_eval":
        ex = d["execution"]
        for k in ("weight", "rate", "score"):
            _check_ref(ex[k], f"execution.{k}")
        assert isinstance(ex["rule_rate"], float) or isinstance(ex["rule_rate"], int)
        s = d["summary"]
        for k in ("weight_total", "total"):
            _check_ref(s[k], f"summary.{k}")
        assert "rule_total" in s and "rule_grade" in s
    monitor = d["form"] == "project_monitor"
    if monitor:
        _check_ref(d["fields"]["month"], "fields.month")
        m = d["monitor"]
        for k in ("month", "progress", "tolerance", "budget_basis", "funds_reason", "measures", "lights"):
            assert k in m, f"monitor.{k} missing"
        assert m["budget_basis"] in ("initial", "budget") and set(m["lights"].values()) <= {GREEN, YELLOW, RED}
    cols = d["columns"]
    choices = d.get("choice_columns", {})
    assert all(re.match(r"^[A-Z]$", c) for c in cols.values())
    assert len(set(cols.values())) == len(cols), "two keys on one column"
    assert not choices or monitor, "ticked sub-columns are a monitoring table's"
    for key, options in choices.items():
        assert key not in cols and not set(options) & set(cols.values()), f"choice_columns.{key} overlaps columns"
        assert set(options.values()) <= set(REASONS if key == "reason" else LIKELIHOOD), key
    rows = [i["row"] for i in d["indicators"]]
    assert rows == sorted(rows) and len(set(rows)) == len(rows), "indicators in sheet order, one per row"
    assert len(rows) >= 5
    for i in d["indicators"]:
        for k in ("row", "level1", "level2", "name"):
            assert k in i, f"row {i.get('row')}: {k} missing"
        assert i.get("nature") in NATURES | {None}, i
        if i.get("nature") == "定性" and not monitor:
            assert i.get("tier") in TIERS, f"row {i['row']}: 定性 needs tier"
        if monitor:
            assert "status" in i and i["status"] in (GREEN, YELLOW, RED, None), f"row {i['row']}: status"
        if d["form"] == "project_self_eval":
            assert "weight" in i and "score" in i, i
    for f in d["findings"]:
        assert RULE.match(f["rule"]) and CELL.match(f["cell"]) and f.get("what"), f
    for f in d.get("not_findings", []):
        assert RULE.match(f["rule"]) and CELL.match(f["cell"]) and f.get("why"), f
    for u in d["unmappable"]:
        assert CELL.match(u["cell"]) and u.get("reason") and "raw" in u, u


# ---- the cells hold what the sidecar says ------------------------------------------------------------------------

def _norm(s: str) -> str:
    return unicodedata.normalize("NFKC", s).replace(",", "").replace(" ", "")


def _parse_typed(raw: str):
    """Symbol, number, unit of a value typed in one cell, e.g. 「≥1,200人次」 → (≥, 1200.0, 人次)."""
    s = _norm(raw)
    sym = None
    for k in sorted(SYMBOLS, key=len, reverse=True):
        if s.startswith(k):
            sym, s = SYMBOLS[k], s[len(k):]
            break
    m = re.match(r"^(-?\d+(?:\.\d+)?)(.*)$", s)
    if not m:
        return sym, None, s or None
    return sym, float(m.group(1)), m.group(2) or None


def _check_interpretation(key: str, value, raw, fmt, money_unit: str, where: str):
    """``value`` is what a correct reader makes of ``raw``."""
    if fmt == "percent":
        assert isinstance(raw, (int, float)), where
        assert math.isclose(value, raw * 100, abs_tol=1e-9) or math.isclose(value, raw, abs_tol=1e-9), where
        return
    if isinstance(raw, (int, float)) and isinstance(value, (int, float)):
        factor = 10000 if money_unit == "元" and key.startswith(("total.", "fiscal.", "carryover.", "other.",
                                                                  "special.", "unit_funds.", "mid.", "annual.")) else 1
        assert math.isclose(value * factor, raw, abs_tol=1e-6), f"{where}: {value} vs raw {raw}"
        return
    if key == "month":                       # the period in a header: 「1—7月执行数」「1-6月」 → 7, 6
        assert re.search(rf"(?<!\d)1\D{{1,3}}{value}月", _norm(raw)), f"{where}: month {value} vs {raw!r}"
        return
    if isinstance(raw, str) and isinstance(value, (int, float)) and key not in ("year",):
        s = _norm(raw)
        if s.endswith("%") and key in ("rate",):
            assert math.isclose(value, float(s[:-1]) / 100, abs_tol=1e-9), where
            return
        n = float(re.sub(r"[^\d.]", "", s))
        assert math.isclose(value, n, abs_tol=1e-9), f"{where}: {value} vs {raw!r}"
    if key == "year":
        assert str(value) in _norm(raw), where


@pytest.mark.parametrize("car", sidecars(), ids=ids(sidecars()))
def test_cells_hold_the_stated_values(car):
    with about(car):
        _test_cells_hold_the_stated_values(car)


def _test_cells_hold_the_stated_values(car):
    d = load(car)
    ws = sheet(REAL / d["file"], d["sheet"])
    mu = d["fields"]["money_unit"]["value"]
    problems = []

    def expect(ref, want, where):
        got = cell(ws, ref).value
        if not same(want, got):
            problems.append(f"{where} {ref}: sidecar {want!r}, workbook {got!r}")

    blocks = [("fields", d["fields"]), ("funds", d["funds"]), ("execution", d.get("execution", {})),
              ("summary", d.get("summary", {}))]
    for block, entries in blocks:
        for k, e in entries.items():
            if not isinstance(e, dict) or "cell" not in e:
                continue
            want = e["raw"] if "raw" in e else e["value"]
            expect(e["cell"], want, f"{block}.{k}")
            if e.get("fmt") == "percent" and "%" not in cell(ws, e["cell"]).number_format:
                problems.append(f"{block}.{k}: {e['cell']} is not formatted as a percentage")
            if "raw" in e and "value" in e and k not in ("title", "money_unit", "form_no", "table_no"):
                _check_interpretation(k.split(".")[-1] if block != "funds" else k, e["value"], e["raw"],
                                      e.get("fmt"), mu, f"{block}.{k}")
    assert mu in d["fields"]["money_unit"]["raw"], "money unit must come from the label text"

    cols = d["columns"]
    for ind in d["indicators"]:
        r = ind["row"]
        for key, col in cols.items():
            if key not in ind and f"{key}_raw" not in ind:
                continue
            want = ind.get(f"{key}_raw", ind.get(key))
            expect(f"{col}{r}", want, f"row {r} {key}")
            if ind.get(f"{key}_fmt") == "percent" and "%" not in ws[f"{col}{r}"].number_format:
                problems.append(f"row {r} {key}: not formatted as a percentage")
        # the interpretation of one-cell values
        for key in ("target", "mid_target", "actual", "forecast"):
            raw = ind.get(f"{key}_raw")
            if raw is None or ind.get(f"{key}_fmt") == "percent":
                if ind.get(f"{key}_fmt") == "percent":
                    assert math.isclose(ind[key], raw * 100, abs_tol=1e-9), f"row {r} {key}"
                continue
            if not isinstance(raw, str):
                continue
            sym, num, unit = _parse_typed(raw)
            if "*" in raw or ind.get(key) is None:
                assert ind.get(key) is None, f"row {r} {key}: placeholder/non-number must read as null"
                continue
            assert num is not None and math.isclose(num, ind[key], abs_tol=1e-9), f"row {r} {key}: {raw!r}"
            if key == "target" and "nature" not in cols:
                assert sym == ind.get("nature"), f"row {r}: symbol of {raw!r} is {sym}, sidecar {ind.get('nature')}"
            if key == "target" and "unit" not in cols:
                assert unit == ind.get("unit") or (unit is None and ind.get("unit") is None), \
                    f"row {r}: unit of {raw!r} is {unit!r}, sidecar {ind.get('unit')!r}"
        if "nature_raw" in ind:
            assert SYMBOLS.get(_norm(ind["nature_raw"]), SYMBOLS.get(ind["nature_raw"])) == ind["nature"], r
        if "reason_raw" in ind and ind.get("reason") is None:
            assert ind["reason_raw"] in EMPTY_REASONS, f"row {r}: {ind['reason_raw']!r} is not an empty reason"
        if "level1_raw" in ind:
            assert ind["level1_raw"].startswith(ind["level1"]), r
        if "name_raw" in ind:
            assert ind["name_raw"].startswith(ind["name"]), r
        if "goal_raw" in ind:
            assert ind["goal_raw"].startswith(ind["goal"]), r
        for key, options in d.get("choice_columns", {}).items():     # a tick under each chosen option, none elsewhere
            chosen = {ind.get(key), *ind.get(f"{key}_also", [])} - {None}
            for col, option in options.items():
                got = cell(ws, f"{col}{r}").value
                if (got in TICKS) != (option in chosen) or (got is not None and got not in TICKS):
                    problems.append(f"row {r} {key}: {col}{r} holds {got!r}, sidecar chose {sorted(chosen)}")
    for sk in d.get("skipped_rows", []):
        expect(sk["name_cell"], sk["raw"], f"skipped row {sk['row']}")
        for key in ("target", "actual", "weight", "score", "nature"):
            if key in cols and cell(ws, f"{cols[key]}{sk['row']}").value not in (None, ""):
                problems.append(f"skipped row {sk['row']}: {key} is not empty")
    for n in d.get("notes_rows", []):
        expect(n["cell"], n["raw"], "note row")
    for u in d["unmappable"]:
        expect(u["cell"], u["raw"], "unmappable")
    for f in d["findings"]:
        if "typed" in f:
            expect(f["cell"], f["typed"], f"finding {f['rule']}")
    assert not problems, "\n".join(problems)


# ---- the oracle: what rules.md implies for the sidecar's own numbers ------------------------------------------------

def rule_score(ind: dict):
    """rules.md §1.10 (national profile): the row's score, None when it cannot be computed."""
    n, t, a, w = ind.get("nature"), ind.get("target"), ind.get("actual"), ind.get("weight")
    if not isinstance(w, (int, float)):
        return None
    if n == "定性":
        return ind.get("score")
    if n not in OPS or not isinstance(t, (int, float)) or not isinstance(a, (int, float)):
        return None
    if n in FORWARD or (n == "＝" and t != 0):
        s = w if a >= t else (max(a, 0) / t * w if t > 0 else 0)
    elif n == "＝":
        s = w if a <= 0 else 0
    else:
        s = w if a <= t else 0 if t <= 0 or a >= 2 * t else (1 - (a - t) / t) * w
    return r2(s)


def _col(d, key, row):
    cols = d["columns"]
    return f"{cols[key]}{row}" if key in cols else None


def _definition(d: dict, ind: dict, out: dict) -> None:
    """The indicator-definition checks every form shares (rules.md §1.11, §9.2)."""
    r, n = ind["row"], ind.get("nature")
    t_cell = _col(d, "target", r)
    if ind["level1"] in LEVEL2 and ind["level2"] not in LEVEL2[ind["level1"]]:
        out[("G101", _col(d, "level2", r))] = None
    for key in ("target", "mid_target"):
        raw = ind.get(f"{key}_raw")
        if isinstance(raw, str) and "*" in raw:
            out[("T104", _col(d, key, r))] = None
    if n is None and (ind.get("target") is not None or ind.get("target_raw")):
        out[("R104", _col(d, "nature", r) or t_cell)] = None
    if n in OPS and not ind.get("unit"):
        out[("R106", _col(d, "unit", r) or t_cell)] = None


def oracle(d: dict) -> dict[tuple[str, str], object]:
    """(rule, cell) → expected value (or None) for every finding the rules imply."""
    if d["form"] == "project_monitor":
        return monitor_oracle(d)
    out: dict[tuple[str, str], object] = {}
    goal_form = d["form"] == "project_goal"
    for ind in d["indicators"]:
        r, n, w = ind["row"], ind.get("nature"), ind.get("weight")
        _definition(d, ind, out)
        if goal_form:
            continue
        s_typed, rule = ind.get("score"), rule_score(ind)
        reason = ind.get("reason")
        if n in OPS and ind.get("actual") is None:
            out[("T105", _col(d, "actual", r))] = None
        if rule is None and isinstance(w, (int, float)):
            out[("G109", _col(d, "score", r))] = None
        if n in OPS and rule is not None and isinstance(s_typed, (int, float)) and abs(s_typed - rule) > 0.005:
            out[("A006", _col(d, "score", r))] = rule
        if n == "定性":
            lo8, lo6 = r2(w * 0.8), r2(w * 0.6)
            lo, hi = {"达成": (lo8, w + 1e-9), "部分达成": (lo6, lo8 - 1e-9), "未达成": (0, lo6 - 1e-9)}[ind["tier"]]
            if not lo <= s_typed <= hi:
                out[("G102", _col(d, "score", r))] = None
        if isinstance(s_typed, (int, float)) and isinstance(w, (int, float)) and s_typed > w:
            out[("G103", _col(d, "score", r))] = None
        if rule is not None and rule < w and empty_reason(reason):
            out[("G104", _col(d, "reason", r))] = None
        t, a = ind.get("target"), ind.get("actual")
        if n in FORWARD + ("＝",) and isinstance(t, (int, float)) and isinstance(a, (int, float)) and t > 0:
            assert abs(a - 1.2 * t) > 1e-6, f"row {r}: completion exactly at 120% is ambiguous, avoid it"
            if a >= 1.2 * t and empty_reason(reason):
                out[("G105", _col(d, "reason", r))] = None
        if n in ("＞", "＜"):
            assert a != t, f"row {r}: strict {n} with a == t is ambiguous, avoid it"

    funds = d["funds"]
    val = {k: v["value"] for k, v in funds.items() if isinstance(v.get("value"), (int, float))}
    if goal_form:
        for grp in ("mid", "annual"):
            if f"{grp}.total" in val:
                parts = [val.get(f"{grp}.fiscal", 0), val.get(f"{grp}.other", 0)]
                if abs(val[f"{grp}.total"] - sum(parts)) > 0.005:
                    out[("A002", funds[f"{grp}.total"]["cell"])] = r2(sum(parts))
        groups = {GROUP.get(i["level1"]) for i in d["indicators"]}
        for rule_id, g in (("G111", "output"), ("G112", "effect"), ("G113", "satisfaction")):
            if g not in groups:
                out[(rule_id, "*")] = None
        return out

    sources = ("fiscal", "carryover", "other", "special", "unit_funds")
    for col in ("initial", "budget", "actual"):
        parts = [val[f"{s}.{col}"] for s in sources if f"{s}.{col}" in val]
        if f"total.{col}" in val and parts and abs(val[f"total.{col}"] - sum(parts)) > 0.005:
            out[("A002", funds[f"total.{col}"]["cell"])] = r2(sum(parts))

    ex = d["execution"]
    if ex.get("rate_basis") == "sources":
        budget = sum(val[f"{s}.budget"] for s in sources if f"{s}.budget" in val)
        actual = sum(val[f"{s}.actual"] for s in sources if f"{s}.actual" in val)
    else:
        budget, actual = val["total.budget"], val["total.actual"]
    rate = r2(actual / budget, "0.0001")
    assert math.isclose(rate, ex["rule_rate"], abs_tol=1e-9), f"rule_rate should be {rate}"
    ew = ex["weight"]["value"]
    escore = r2(min(rate, 1) * ew)
    assert math.isclose(escore, ex["rule_score"], abs_tol=1e-9), f"rule_score should be {escore}"
    if abs(ex["rate"]["value"] - rate) > 0.005:
        out[("A003", ex["rate"]["cell"])] = rate
    typed_exec = ex["score"]["value"]
    if abs(typed_exec - escore) > 0.005 and typed_exec not in (r2(escore, "1"), r2(escore, "0.1")):
        out[("A007", ex["score"]["cell"])] = escore
    if d["profile"] == "sichuan" and rate < 0.9 and empty_reason((ex.get("reason") or {}).get("value")):
        out[("G110", ex["reason"]["cell"])] = None

    inds = [i for i in d["indicators"] if isinstance(i.get("weight"), (int, float))]
    s = d["summary"]
    typed_sum = sum(i["score"] for i in inds) + typed_exec
    if abs(s["total"]["value"] - typed_sum) > 0.01:
        out[("A005", s["total"]["cell"])] = r2(typed_sum)
    if "grade" in s and s["grade"]["value"] != band(s["total"]["value"]):
        out[("A004", s["grade"]["cell"])] = band(s["total"]["value"])
    wsum = sum(i["weight"] for i in inds) + ew
    assert math.isclose(wsum, s["weight_total"]["value"]), "分值合计 cell differs from the weights"
    if abs(wsum - 100) > 1e-9:
        out[("G107", s["weight_total"]["cell"])] = 100
    by = {"output": 0, "effect": 0, "satisfaction": 0}
    for i in inds:
        by[GROUP[i["level1"]]] += i["weight"]
    if any(by[g] != PRINCIPLE[g] for g in by) or ew != PRINCIPLE["exec"]:
        out[("G108", "*")] = None
    return out


# ---- the monitoring oracle: rules.md §6 (双监控) and §10 #16 ----------------------------------------------------------
#
# rules.md §6.2 gives the time-progress benchmark (1–N月: N/12, e.g. 7/12 = 58.33%) and a configurable margin under it
# (the national profile's 10 percentage points, as the template's 填表说明 states): 执行率 ≥ progress is green, within the
# margin yellow, further below red. §6.1/§9.2 give the three 完成目标可能性 levels and the five 偏差原因 categories; §6.2
# and §10 #16: 完全不可能 is red, 有可能 a warning (yellow), and a deviation needs a reason category. A quantitative
# indicator is judged by whether its 全年预计完成情况 reaches the 年度指标值 (the comparison of §1.10: ≥/＞ f ≥ t,
# ≤/＜ f ≤ t, ＝0 f ≤ 0); 「96%」 typed where the unit is % is 96 (the sidecar gives the interpreted value).

def _light(rate: float, progress: float, tolerance: float) -> str:
    if rate >= progress:
        return GREEN
    return YELLOW if rate >= r2(progress - tolerance, "0.0001") else RED


def _reaches(n: str, t: float, f: float) -> bool:
    if n in FORWARD:
        return f >= t
    if n == "＝":
        return f <= 0 if t == 0 else f >= t
    return f <= t


def monitor_status(ind: dict):
    """监控状态 by rules.md §6.2: the likelihood first, then the forecast against the target; None when not judged."""
    n, t, f, likely = ind.get("nature"), ind.get("target"), ind.get("forecast"), ind.get("likelihood")
    if likely == NEVER:
        return RED
    if likely == MAYBE:
        return YELLOW
    if n in OPS:
        if isinstance(t, (int, float)) and isinstance(f, (int, float)):
            return GREEN if _reaches(n, t, f) else YELLOW
        return None
    return GREEN if likely == SURE else None


def _mcol(d: dict, key: str, row: int, value=None):
    """A monitoring row's cell for `key`: a ticked sub-column's (the chosen option's, else the group's first)."""
    options = d.get("choice_columns", {}).get(key)
    if options:
        chosen = [c for c, o in options.items() if o == value]
        return f"{(chosen or sorted(options, key=lambda c: (len(c), c)))[0]}{row}"
    return _col(d, key, row)


def monitor_oracle(d: dict) -> dict[tuple[str, str], object]:
    out: dict[tuple[str, str], object] = {}
    m, funds, fields = d["monitor"], d["funds"], d["fields"]
    month = fields["month"]["value"]
    if not (isinstance(month, int) and 1 <= month <= 12):
        out[("R307", fields["month"]["cell"])] = None
        return out
    progress = r2(month / 12, "0.0001")
    assert math.isclose(progress, m["progress"], abs_tol=1e-9), f"progress should be {progress}"
    for key, rule in (("goal_expected", "R309"), ("goal_progress", "R310")):
        if fields[key]["value"] is None:
            out[(rule, fields[key]["cell"])] = None
    val = {k: v["value"] for k, v in funds.items() if isinstance(v.get("value"), (int, float))}
    for col in ("initial", "budget", "actual", "forecast"):            # §10 #5: 年度资金总额 = 财政拨款 + 其他资金
        parts = [val[f"{s}.{col}"] for s in ("fiscal", "other") if f"{s}.{col}" in val]
        if f"total.{col}" in val and parts and abs(val[f"total.{col}"] - sum(parts)) > 0.005:
            out[("A002", funds[f"total.{col}"]["cell"])] = r2(sum(parts))
    basis = "initial" if m["budget_basis"] == "initial" else "budget"
    amounts = {s: tuple(val.get(f"{s}.{c}") for c in (basis, "actual", "forecast")) for s in ("fiscal", "other")}
    amounts["total"] = tuple(None if all(amounts[s][i] is None for s in ("fiscal", "other")) else
                             sum(amounts[s][i] or 0 for s in ("fiscal", "other")) for i in range(3))
    lights = {}
    for s, (budget, executed, forecast) in amounts.items():
        at = {c: (funds.get(f"{s}.{c}") or {}).get("cell") for c in ("actual", "forecast", "rate", "reason")}
        if budget is None:
            continue
        if s != "total" and budget > 0:
            if executed is None:
                out[("R301", at["actual"])] = None
            if forecast is None:
                out[("R302", at["forecast"])] = None
        rate = r2(executed / budget, "0.0001") if budget > 0 and executed is not None else None
        typed = val.get(f"{s}.rate")
        if rate is not None and typed is not None and abs(typed - rate) > 0.005:          # §10 #3
            out[("A003", at["rate"])] = rate
        if rate is not None:
            lights[s] = _light(rate, progress, m["tolerance"])
        reason = (funds.get(f"{s}.reason") or {}).get("value")
        if lights.get(s) in (YELLOW, RED) and m["funds_reason"] and empty_reason(reason):
            out[("G301", at["reason"])] = None
        if not empty_reason(reason) and reason not in REASONS:
            out[("T002", at["reason"])] = None
        if executed is not None and executed > budget:
            out[("A301", at["actual"])] = None
        if forecast is not None and forecast > budget:
            out[("A302", at["forecast"])] = None
        if executed is not None and forecast is not None and forecast < executed:
            out[("A303", at["forecast"])] = None
    assert lights == m["lights"], f"the funds lights should be {lights}"
    if not d["indicators"]:
        out[("R311", "*")] = None
    for ind in d["indicators"]:
        _definition(d, ind, out)
        r, n = ind["row"], ind.get("nature")
        quant = n in OPS
        status = monitor_status(ind)
        assert status == ind["status"], f"row {r}: status should be {status}"
        likely, reason = ind.get("likelihood"), ind.get("reason")
        for key, missing, text in (("actual", "R304", "T301"), ("forecast", "R305", "T302")):
            if ind.get(key) is None and ind.get(f"{key}_raw") is None:
                out[(missing, _col(d, key, r))] = None
            elif quant and ind.get(key) is None and isinstance(ind.get(f"{key}_raw"), str):
                out[(text, _col(d, key, r))] = None
        if likely is None:
            out[("R306", _mcol(d, "likelihood", r))] = None
        elif likely not in LIKELIHOOD:
            out[("T002", _mcol(d, "likelihood", r, likely))] = None
        if not empty_reason(reason) and reason not in REASONS:
            out[("T002", _mcol(d, "reason", r, reason))] = None
        t, f = ind.get("target"), ind.get("forecast")
        if quant and isinstance(t, (int, float)) and isinstance(f, (int, float)) and not _reaches(n, t, f) \
                and likely == SURE:
            out[("G302", _mcol(d, "likelihood", r, likely))] = None
        if status in (YELLOW, RED) and empty_reason(reason):
            out[("G303", _mcol(d, "reason", r))] = None
        if reason == "其他" and "note" in d["columns"] and empty_reason(ind.get("note")):
            out[("R303", _col(d, "note", r))] = None
        if likely in (MAYBE, NEVER) and m["measures"] and empty_reason(ind.get("measures")):
            out[("G304", _col(d, "measures", r))] = None
    return out


@pytest.mark.parametrize("car", sidecars(), ids=ids(sidecars()))
def test_findings_follow_the_rules(car):
    with about(car):
        _test_findings_follow_the_rules(car)


def _test_findings_follow_the_rules(car):
    """The findings a sidecar lists are exactly those rules.md implies for its own numbers."""
    d = load(car)
    implied = oracle(d)
    listed = {}
    optional = set()
    covered = MONITOR_RULES if d["form"] == "project_monitor" else ORACLE_RULES
    for f in d["findings"]:
        if f["rule"] not in covered:
            continue
        key = (f["rule"], "*" if f["rule"] in ("G108", "G111", "G112", "G113") else f["cell"])
        (optional.add(key) if f.get("optional") else listed.__setitem__(key, f.get("expected")))
    missing = {k for k in implied if k not in listed and k not in optional}
    extra = {k for k in listed if k not in implied}
    assert not missing, f"the rules imply findings the sidecar does not list: {sorted(missing)}"
    assert not extra, f"the sidecar lists findings the rules do not imply: {sorted(extra)}"
    for k, want in implied.items():
        if k in listed and want is not None:
            got = listed[k]
            ok = got == want if isinstance(want, str) else got is not None and math.isclose(got, want, abs_tol=1e-9)
            assert ok, f"{k}: sidecar expected {got!r}, rules give {want!r}"
    for nf in d.get("not_findings", []):
        assert (nf["rule"], nf["cell"]) not in listed, f"{nf} is also listed as a finding"


@pytest.mark.parametrize("car", [c for c in sidecars() if load(c)["form"] == "project_self_eval"],
                         ids=ids([c for c in sidecars() if load(c)["form"] == "project_self_eval"]))
def test_rule_total_and_grade(car):
    with about(car):
        _test_rule_total_and_grade(car)


def _test_rule_total_and_grade(car):
    d = load(car)
    inds = [i for i in d["indicators"] if isinstance(i.get("weight"), (int, float))]
    scores = [rule_score(i) for i in inds]
    s = d["summary"]
    if any(x is None for x in scores):
        assert s["rule_total"] is None and s["rule_grade"] is None
        return
    total = r2(sum(scores) + d["execution"]["rule_score"])
    assert math.isclose(total, s["rule_total"], abs_tol=1e-9), f"rule_total should be {total}"
    assert s["rule_grade"] == band(total)


# ---- the workbooks are what build_real.py writes ---------------------------------------------------------------

def test_committed_workbooks_match_the_build_script(tmp_path):
    spec = importlib.util.spec_from_file_location("build_real", HERE / "build_real.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod           # dataclasses look their module up while the file executes
    try:
        spec.loader.exec_module(mod)
        assert mod.main(["--out", str(tmp_path)]) == 0
    finally:
        del sys.modules[spec.name]
    built = sorted(p.name for p in tmp_path.glob("*.xlsx"))
    assert built == [p.name for p in workbooks()]
    for name in built:
        a = openpyxl.load_workbook(REAL / name)
        b = openpyxl.load_workbook(tmp_path / name)
        assert a.sheetnames == b.sheetnames, name
        for wa, wb in zip(a.worksheets, b.worksheets):
            assert sorted(map(str, wa.merged_cells.ranges)) == sorted(map(str, wb.merged_cells.ranges)), name
            assert wa.max_row == wb.max_row and wa.max_column == wb.max_column, name
            for ra, rb in zip(wa.iter_rows(), wb.iter_rows()):
                for ca, cb in zip(ra, rb):
                    assert ca.value == cb.value and ca.number_format == cb.number_format, \
                        f"{name} {ca.coordinate}: committed {ca.value!r}, build script {cb.value!r}"
