"""The same data typed into the template: every corpus workbook is moved onto the official template (`jixiao template
fill --from`, the migration a unit or bureau runs) and both are checked under the sidecar's profile. Apart from layout
notes (S011, and whatever the reader itself reported, e.g. a placeholder in a 中期 block the template does not have),
the unit's own typed results (A00x: the template computes them) and what the layout has no cell for (a required field,
a 136号 monitoring table's missing 纠偏措施 column: the checker says those as layout notes), the findings must be the
same rules at the same fields. `python -m tests.corpus.mirror` prints the differences."""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from functools import lru_cache
from pathlib import Path

import yaml

from jixiao.rules.engine import validate_file
from jixiao.spec.layout import load_form
from jixiao.spec.loader import load_profile, profile_ids
from jixiao.template.fill import fill_template
from jixiao.workbook.reader import read

REAL = Path(__file__).resolve().parent / "real"


def _kept(code: str) -> bool:
    return not (code.startswith("A") or code == "S011" or code.startswith("S0"))


@lru_cache(maxsize=8)
def _template_cells(form_id: str) -> dict[tuple[str, str], str]:
    return {(c.sheet, c.coord): cid for cid, c in load_form(form_id).cells.items()}


def template_profile(fr, profile: str) -> str:
    """The profile whose template can hold the form's own settings (a Hubei form's 执行率 worth 20 → hubei): the
    template takes them from its profile, so "the same data" needs that profile's template."""
    weight = fr.overrides.get("funds.total.weight")
    if weight is None or weight == load_profile(profile)["weights"]["exec_rate"]:
        return profile
    return next(p for p in profile_ids() if load_profile(p)["weights"]["exec_rate"] == weight)


def compare(sidecar: Path, folder: Path) -> dict:
    """Both sets of findings in the unit's own cells: a template finding at the field's own cell, or "" where the
    layout has no cell for that field (the template's helper cells, e.g. its count of unscored rows)."""
    exp = yaml.safe_load(sidecar.read_text("utf-8"))
    path = REAL / exp["file"]
    fr = read(path)
    profile = template_profile(fr, exp.get("profile") or "national")
    notes = {(p.code, p.sheet, p.cell) for p in fr.problems}      # the reader's layout notes (a 中期 block's T104)
    layout = Counter((f.code, f"{f.sheet}!{f.cell}" if f.cell else "")
                     for f in validate_file(path, profile=profile).findings
                     if _kept(f.code) and (f.code, f.sheet, f.cell) not in notes)
    filled = fill_template(fr.data, folder / f"{path.stem}.xlsx", profile)
    cells, main = _template_cells(fr.form.id), fr.form.sheets[0].name
    template = Counter()
    for f in validate_file(filled, profile=profile).findings:
        cid = cells.get((f.sheet, f.cell))
        own = fr.own_cell(cid) if cid else None
        absent = own is None and cid is not None and not fr.form.cells[cid].is_calc
        if not _kept(f.code) or (f.sheet and f.sheet != main) or absent:
            continue              # the template's other sheets, an input the layout has no cell for (a layout note)
        template[(f.code, "!".join(own) if own else "")] += 1
    return {"file": exp["file"], "profile": profile, "equal": layout == template,
            "layout_only": sorted((layout - template).elements()), "template_only": sorted((template - layout).elements())}


def mirror() -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        return [compare(p, Path(tmp)) for p in sorted(REAL.glob("*.expect.yaml"))]


if __name__ == "__main__":
    results = mirror()
    print(f"与模板同数据的问题一致：{sum(r['equal'] for r in results)} / {len(results)}")
    if "-v" in sys.argv:
        for r in results:
            if not r["equal"]:
                print(r["file"], "仅原表", r["layout_only"], "仅模板", r["template_only"])
