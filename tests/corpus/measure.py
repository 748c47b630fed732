"""Read every corpus workbook with jixiao and compare with its hand-written sidecar: what was read completely, and
whether the findings equal the sidecar's. `python -m tests.corpus.measure` prints the table the README quotes."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

from jixiao.rules.engine import validate_file
from jixiao.scoring.calcs.typed import PCT_FRACTION_MAX
from jixiao.workbook.layouts import layouts
from jixiao.workbook.reader import ReadError, read

REAL = Path(__file__).resolve().parent / "real"
FUNDS = {"initial": "budget_initial", "budget": "budget", "actual": "executed", "forecast": "forecast"}
KEYS = ("level1", "level2", "name", "nature", "target", "unit", "actual", "weight")
# a monitoring table's own columns: 全年预计完成情况, and what is chosen or written (ticked sub-columns read as choices)
MONITOR_KEYS = ("forecast", "reason", "note", "likelihood", "measures")
NOTES = {"S011"}                   # layout notes (incl. a required field the layout has no cell for)


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(float(a) - float(b)) < 1e-6
    return str(a if a is not None else "").strip() == str(b if b is not None else "").strip()


def _same_percent(got, want, unit) -> bool:
    """「96%」 typed where the 度量单位 is % is stored as 0.96, as in the template, and scored as 96 (calcs/typed.py)."""
    return (unit == "%" and isinstance(got, (int, float)) and isinstance(want, (int, float))
            and 0 < got <= PCT_FRACTION_MAX and _same(got * 100, want))


def check(sidecar: Path) -> dict:
    exp = yaml.safe_load(sidecar.read_text("utf-8"))
    path = REAL / exp["file"]
    out = {"file": exp["file"], "layout": exp["layout"], "problems": []}
    try:
        fr = read(path)
    except ReadError as e:
        out["problems"].append(f"未读取：{e.message[:60]}")
        return out
    if fr.form.id != exp["form"]:
        out["problems"].append(f"表单 {fr.form.id}")
    fields = fr.data["fields"]
    for key in ("project_name", "department", "unit_name", "year", "month"):
        want = (exp.get("fields") or {}).get(key)
        if want is not None and not _same(fields.get(key), want["value"]):
            out["problems"].append(f"{key}={fields.get(key)!r}≠{want['value']!r}")
    grid = fr.data.get("grids", {}).get("funds", {})
    extra = getattr(fr, "extra", {}).get("funds", {})          # rows the template lacks (Sichuan 财政专户管理资金…)
    lay = next((x for x in layouts() if x["id"] == fr.layout), {})
    into = {k: v.get("into") for k, v in (lay.get("funds") or {}).get("rows", {}).items() if isinstance(v, dict)}
    funds = exp.get("funds") or {}
    for key, want in funds.items():
        row, col = key.split(".")
        if col not in FUNDS:
            continue                      # labels, reasons: not amounts
        want = want["value"]
        if row == "total":
            got = fr.cached.get(f"funds.total.{FUNDS.get(col, col)}")
        elif row in into:
            got = extra.get(row, {}).get(FUNDS.get(col, col))
        else:
            got = grid.get(row, {}).get(FUNDS.get(col, col))
            parts = [funds.get(f"{k}.{col}", {}).get("value") for k, i in into.items() if i == row]
            if any(isinstance(p, (int, float)) for p in parts):     # the rows merged into this one are in its amount
                want = sum(x for x in (want, *parts) if isinstance(x, (int, float)))
        if not _same(got, want):
            out["problems"].append(f"资金 {key}={got!r}≠{want!r}")
    rows = fr.data.get("tables", {}).get("indicators", [])
    wants = exp.get("indicators") or []
    if len(rows) != len(wants):
        out["problems"].append(f"指标 {len(rows)} 行≠{len(wants)}")
    aliases = next((lay.get("aliases", {}) for lay in layouts() if lay["id"] == fr.layout), {})
    keys = KEYS + (MONITOR_KEYS if fr.form.id == "project_monitor" else ())
    for got, want in zip(rows, wants):
        for k in keys:
            if k in ("target", "actual", "forecast") and _same_percent(got.get(k), want.get(k), want.get("unit")):
                continue
            raw = want.get(f"{k}_raw")          # not a value (null), kept as typed so the rules can name it
            if k in want and not _same(got.get(k), aliases.get(k, {}).get(want[k], want[k])) and not (
                    want[k] is None and raw is not None and _same(got.get(k), raw)):
                out["problems"].append(f"第{want['row']}行 {k}={got.get(k)!r}≠{want[k]!r}")
    report = validate_file(path, profile=exp.get("profile") or "national")
    found = Counter((f.code, f.cell) for f in report.findings if f.code not in NOTES)
    planted = Counter((f["rule"], f.get("cell") or "") for f in exp.get("findings") or [])
    out["read"] = not out["problems"]
    out["findings_equal"] = found == planted
    out["missing"] = sorted((planted - found).elements())
    out["extra"] = sorted((found - planted).elements())
    return out


def measure() -> list[dict]:
    return [check(p) for p in sorted(REAL.glob("*.expect.yaml"))]


if __name__ == "__main__":
    results = measure()
    by = {}
    for r in results:
        by.setdefault(r["layout"], []).append(r)
    print("| 版式 | 文件 | 完整读出 | 问题与手写预期一致 |")
    print("|---|---|---|---|")
    for lay, rs in sorted(by.items()):
        print(f"| {lay} | {len(rs)} | {sum(r.get('read', False) for r in rs)} | {sum(r.get('findings_equal', False) for r in rs)} |")
    print(f"| 合计 | {len(results)} | {sum(r.get('read', False) for r in results)} | "
          f"{sum(r.get('findings_equal', False) for r in results)} |")
    if "-v" in sys.argv:
        for r in results:
            if not r.get("read") or not r.get("findings_equal"):
                print(r["file"], r["problems"][:4], "缺", r.get("missing"), "多", r.get("extra"))
