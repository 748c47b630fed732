"""Benchmark inputs: a cached corpus of recalculated self-evaluations (distinct units) and the matching roster."""

from __future__ import annotations

import csv
import hashlib
import random
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape

import jixiao

PACKAGE = Path(jixiao.__file__).parent
GENERATOR_VERSION = "1"               # bump when the corpus recipe below changes
SEED = 2025
PER_DEPT = 3                          # pool files per department: 2 clean + 1 with a planted defect
POOL_DEFECTS = ("missing_reason", "weight_total", "text_amount", "pct_text", "qual_band", "over_unexplained",
                "formula_typed", "stale_cache")          # one per department (8 departments)
ROSTER_COLUMNS = ("单位编码", "单位名称", "主管部门", "主管部门编码", "联系邮箱", "应报表单")


@dataclass(frozen=True)
class PoolFile:
    dept_code: str
    department: str
    unit_name: str
    topic: str
    defect: str
    data: bytes                       # the recalculated workbook


@dataclass(frozen=True)
class Corpus:
    paths: list[Path]                 # unit i's submission is paths[i]
    root: Path

    def roster(self, n: int) -> Path:
        """A roster CSV (UTF-8 with BOM, like samples/名册.csv) of the units of the first n files."""
        return self.root / f"roster-{n}.csv"


def _inputs_digest() -> str:
    """Changes whenever the form specs or the template builder change, so a stale cache is never reused."""
    h = hashlib.sha256(GENERATOR_VERSION.encode())
    for folder in ("spec", "template", "demo"):
        for p in sorted((PACKAGE / folder).rglob("*")):
            if p.suffix in (".py", ".yaml", ".json"):
                h.update(p.relative_to(PACKAGE).as_posix().encode() + p.read_bytes())
    return h.hexdigest()[:12]


def build_pool() -> list[PoolFile]:
    """24 distinct filled self-evaluations (3 per department, 8 with planted defects), recalculated by one soffice."""
    from jixiao.demo.defects import DEFECTS, SELF
    from jixiao.demo.samples import make_projects, make_units, self_eval
    from jixiao.spec.layout import load_form
    from jixiao.spec.loader import load_profile
    from jixiao.template.fill import fill_workbook
    from jixiao.workbook.recalc import recalculate

    rng, form = random.Random(SEED), load_form(SELF)
    units, _ = make_units(rng)
    depts = sorted({u.dept_code for u in units})
    plan = []
    for d, code in enumerate(depts):
        for k, unit in enumerate([u for u in units if u.dept_code == code][:PER_DEPT]):
            defect = POOL_DEFECTS[d % len(POOL_DEFECTS)] if k == PER_DEPT - 1 else "clean"
            project = make_projects(unit, rng)[0]
            plan.append((unit, project, defect, self_eval(unit, project, rng)))
    pool = []
    with tempfile.TemporaryDirectory(prefix="bench-pool-") as tmp:
        paths = []
        for i, (unit, project, defect, data) in enumerate(plan):
            d = DEFECTS[defect]
            if d.data:
                d.data(data)
            wb = fill_workbook(form, load_profile(d.profile), data)
            (d.book(wb, form, data) if d.book else wb).save(Path(tmp) / f"{i:02d}.xlsx")
            paths.append(Path(tmp) / f"{i:02d}.xlsx")
        for (unit, project, defect, _), path in zip(plan, recalculate(paths, Path(tmp) / "recalculated")):
            data, d = path.read_bytes(), DEFECTS[defect]
            pool.append(PoolFile(unit.dept_code, unit.dept, unit.name, project["topic"], defect,
                                 d.xml(data, form) if d.xml else data))
    return pool


def _inline(text: str) -> Callable[[str], str]:
    """A cell-XML edit (for jixiao.demo.defects.cells) that makes the cell an inline string."""
    def apply(cell: str) -> str:
        head = re.match(r'<c r="(\w+)"(?: s="(\d+)")?', cell)
        style = f' s="{head[2]}"' if head[2] else ""
        return f'<c r="{head[1]}"{style} t="inlineStr"><is><t>{escape(text)}</t></is></c>'
    return apply


def _unit(i: int, pool: list[PoolFile]) -> tuple[str, str, PoolFile]:
    """Unit i: (code, name, its pool file); units are dealt round-robin over the departments."""
    depts = sorted({p.dept_code for p in pool})
    dept, k = depts[i % len(depts)], i // len(depts) + 1
    mine = [p for p in pool if p.dept_code == dept]
    src = mine[k % len(mine)]
    return f"{dept}{k:03d}", f"{src.unit_name}{k:03d}", src          # past 999 a department's codes get 7 digits


def corpus(n: int, cache: Path | None = None, log=print) -> Corpus:
    """n distinct submissions (own unit code and name, varied file names) copied from the pool; cached and extended."""
    from jixiao.demo.defects import SELF, cells
    from jixiao.demo.samples import NAMES, YEAR
    from jixiao.spec.layout import load_form

    root = (cache or Path(tempfile.gettempdir()) / "jixiao-bench") / _inputs_digest()
    files, pool_dir = root / "files", root / "pool"
    files.mkdir(parents=True, exist_ok=True)
    if not (pool_dir / "ok").exists():
        _prune(root)
        t0 = time.perf_counter()
        log(f"building the pool of {PER_DEPT * len(POOL_DEFECTS)} recalculated workbooks (LibreOffice) …")
        pool_dir.mkdir(parents=True, exist_ok=True)
        for i, p in enumerate(build_pool()):
            (pool_dir / f"{i:02d}-{p.dept_code}-{p.defect}.xlsx").write_bytes(p.data)
            (pool_dir / f"{i:02d}.meta").write_text("\t".join((p.department, p.unit_name, p.topic)), "utf-8")
        (pool_dir / "ok").touch()
        log(f"  pool built in {time.perf_counter() - t0:.1f} s")
    pool = _load_pool(pool_dir)
    form, rng = load_form(SELF), random.Random(SEED)
    names = [rng.choice(NAMES[SELF]) for _ in range(n)]
    paths, made, t0 = [], 0, time.perf_counter()
    rows = []
    for i in range(n):
        code, name, src = _unit(i, pool)
        path = files / f"{code} {names[i].format(u=name, t=src.topic, y=YEAR, y1=YEAR + 1)}.xlsx"
        if not path.exists():
            data = cells({"unit_code": _inline(code), "unit_name": _inline(name)})(src.data, form)
            tmp = path.with_suffix(".part")
            tmp.write_bytes(data)
            tmp.replace(path)
            made += 1
        paths.append(path)
        rows.append((code, name, src.department, src.dept_code, "", "项目支出绩效自评表"))
    if made:
        log(f"  wrote {made} submissions in {time.perf_counter() - t0:.1f} s → {files}")
    c = Corpus(paths, root)
    for size in {n, *sizes_up_to(n), min(n, BREAKDOWN_FILES)}:
        with open(c.roster(size), "w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh, lineterminator="\r\n").writerows([ROSTER_COLUMNS, *rows[:size]])
    return c


def _prune(root: Path) -> None:
    """Remove corpora built for older specs/templates beside root (each is ~35 KB per file)."""
    for old in root.parent.iterdir():
        if old != root and re.fullmatch(r"[0-9a-f]{12}", old.name) and (old / "pool").is_dir():
            shutil.rmtree(old, ignore_errors=True)


def _load_pool(pool_dir: Path) -> list[PoolFile]:
    out = []
    for path in sorted(pool_dir.glob("*.xlsx")):
        i, dept, defect = path.stem.split("-", 2)
        department, unit_name, topic = (pool_dir / f"{i}.meta").read_text("utf-8").split("\t")
        out.append(PoolFile(dept, department, unit_name, topic, defect, path.read_bytes()))
    return out


BREAKDOWN_FILES = 200         # the per-stage breakdown runs on this many files, with a roster of exactly them


def sizes_up_to(n: int) -> list[int]:
    """The memory-scaling sizes: n/4, n/2, n."""
    return sorted({max(1, n // 4), max(1, n // 2), n})
