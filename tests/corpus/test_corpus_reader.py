"""jixiao's reader and checker over the real-layout corpus, against the hand-written sidecars: every file is read
completely and gives exactly the sidecar's findings (README.md quotes `python -m tests.corpus.measure`). A new corpus
file that is not yet understood fails here: fix the reader or the rules, never the sidecar, unless it is wrong."""

from __future__ import annotations

import pytest

from tests.corpus.measure import REAL, check

SIDECARS = sorted(REAL.glob("*.expect.yaml"))


@pytest.fixture(scope="module", params=SIDECARS, ids=[p.name.split(".")[0] for p in SIDECARS])
def result(request):
    return check(request.param)


def test_read_completely(result):
    assert result.get("read"), result["problems"]


def test_findings_equal_the_sidecar(result):
    assert result.get("findings_equal"), f"缺 {result.get('missing')}；多 {result.get('extra')}"
