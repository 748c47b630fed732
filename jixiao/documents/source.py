"""A filled form as a report reads it: jixiao's reader, the profile the workbook records (or the user's), every
computed cell recomputed by the scoring engine — the same path consolidation takes (consolidate.records)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import JixiaoError
from ..scoring.engine import Evaluation
from ..scoring.excel import XLError
from ..spec.data import to_inputs
from ..spec.layout import load_form
from ..spec.loader import resolve_profile
from ..workbook.reader import FormRead, read
from .text import blank


@dataclass
class FormValues:
    fr: FormRead
    profile: dict
    ev: Evaluation

    def get(self, cell_id: str):
        """An entered or computed value; None when blank or a worksheet error."""
        v = self.ev.value(cell_id)
        return None if isinstance(v, XLError) or blank(v) else v

    def rows(self, table_id: str) -> list[dict]:
        """The table's filled rows, each with every column (inputs and computed), blanks as None."""
        table = self.fr.form.tables[table_id]
        return [{k: self.get(table.cell_id(i, k)) for k in table.columns}
                for i, row in enumerate(self.fr.data.get("tables", {}).get(table_id, [])) if row]


def load(path, form_id: str, profile=None) -> FormValues:
    """Read and score a workbook of the given form (JixiaoError naming what it is when it is another form)."""
    fr = read(path)
    if fr.form.id != form_id:
        want = load_form(form_id).spec["title"]
        raise JixiaoError(f"「{Path(path).name}」是{fr.form.spec['title']}，不是{want}：这份报告须由{want}生成。")
    prof, _ = resolve_profile(profile, fr.workbook.meta.get("profile_id") if fr.workbook else None)
    return FormValues(fr, prof, Evaluation(fr.form, prof, to_inputs(fr.form, fr.data)).fix(fr.overrides))
