"""Session fixtures of the report tests: the bundled samples, two consolidations of the sample inbox, every report
written once (Letter options given) and converted to PDF in one LibreOffice call."""

from __future__ import annotations

from pathlib import Path

import pytest

from docs_helpers import EVALUATION, LETTER_OPTIONS, SAMPLES, SELF_EVAL
from jixiao.documents import KINDS, Letter, write

LETTER = Letter(**LETTER_OPTIONS)


@pytest.fixture(scope="session")
def consolidations(tmp_path_factory) -> dict[str, Path]:
    """区民政局 alone (one department, with a 中 project) and every department (by 主管部门), from one check."""
    import jixiao
    from jixiao.consolidate import consolidate, write_workbook
    from jixiao.intake.roster import load_roster
    out = tmp_path_factory.mktemp("consolidation")
    roster = load_roster(SAMPLES / "名册.xlsx")
    batch = jixiao.check([SAMPLES / "inbox"], roster=roster)
    return {"dept": write_workbook(consolidate(batch, roster, departments=["区民政局"], form="project_self_eval"),
                                   out / "区民政局汇总.xlsx"),
            "all": write_workbook(consolidate(batch, roster, form="project_self_eval"), out / "全部汇总.xlsx")}


@pytest.fixture(scope="session")
def sources(consolidations) -> dict[str, Path]:
    """The workbook each kind of report is made from."""
    return {"self_eval": SELF_EVAL, "summary": consolidations["dept"], **{k: EVALUATION for k in KINDS[2:]}}


@pytest.fixture(scope="session")
def reports(sources, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("reports")
    options = {"self_eval": {}, "summary": {"date": "2026-04-10"}, **{k: {"letter": LETTER} for k in KINDS[2:]}}
    return {k: write(k, sources[k], out / f"{k}.docx", **options[k]) for k in KINDS}


@pytest.fixture(scope="session")
def pdfs(reports, tmp_path_factory) -> dict[str, Path]:
    from jixiao.workbook.recalc import recalculate
    out = tmp_path_factory.mktemp("pdf")
    done = recalculate(list(reports.values()), out, to="pdf")
    return dict(zip(reports, done))
