"""Every report opens in LibreOffice Writer and prints: converted headless (a private profile) to a PDF of at least one
page, whose first page renders; the README shows page 1 of each kind from docs/reports/."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from docs_helpers import ROOT
from jixiao.documents import KINDS

sys.path.insert(0, str(ROOT / "scripts"))
from report_images import IMAGES, first_page_png  # noqa: E402


def pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M)[1])


@pytest.mark.libreoffice
@pytest.mark.parametrize("kind", KINDS)
def test_writer_converts_each_report_to_pdf(pdfs, kind, tmp_path):
    pdf = pdfs[kind]
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000
    assert pages(pdf) >= 1
    png = first_page_png(pdf, tmp_path / "p1.png", dpi=30)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 2_000


@pytest.mark.libreoffice
def test_the_evaluation_report_prints_its_attachments(pdfs):
    text = subprocess.run(["pdftotext", "-layout", str(pdfs["evaluation"]), "-"], capture_output=True, text=True,
                          check=True).stdout
    for heading in ("七、其他需要说明的问题", "绩效评价指标体系及评分表", "分析工作底稿清单", "DG-15"):
        assert heading in text, heading


def test_readme_shows_page_one_of_each_kind():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 报告（Word）", 1)[1].split("\n## ", 1)[0]
    for kind in KINDS:
        image = ROOT / "docs" / "reports" / f"{IMAGES[kind]}.png"
        assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", image
        assert f"(docs/reports/{IMAGES[kind]}.png)" in section, kind
    for command in ("self-eval", "summary", "evaluation", "notice", "comments", "submission"):
        assert f"jixiao report {command}" in section, command
