"""Issue 10's bar: for every corpus workbook the findings equal those for the same data typed into the template
(apart from layout notes). The template copy is made by the migration itself (`template fill --from`)."""

from pathlib import Path

import pytest

from tests.corpus.mirror import REAL, compare

SIDECARS = sorted(REAL.glob("*.expect.yaml"))


@pytest.mark.parametrize("sidecar", SIDECARS, ids=[p.name.split(".")[0] for p in SIDECARS])
def test_same_findings_as_the_same_data_in_the_template(sidecar: Path, tmp_path):
    r = compare(sidecar, tmp_path)
    assert r["equal"], f"仅原表 {r['layout_only']}；仅模板 {r['template_only']}（口径 {r['profile']}）"


def test_a_hubei_form_is_compared_under_the_profile_that_holds_its_20_point_exec_rate(tmp_path):
    r = compare(next(p for p in SIDECARS if p.name.startswith("鄂式")), tmp_path)
    assert r["profile"] == "hubei"
