"""Page 1 of each kind of Word report, from the bundled samples, as the PNGs the README shows (docs/reports/).

    python3 scripts/report_images.py        # needs LibreOffice Writer (soffice) and pdftoppm (poppler-utils)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# kind → the picture's name (README 「报告（Word）」 links them in this order)
IMAGES = {"self_eval": "自评报告", "summary": "自评情况汇总报告", "evaluation": "绩效评价报告", "notice": "重点评价通知书",
          "comments": "征求意见书", "submission": "呈报报告"}
LETTER = dict(bureau="某某区财政局", date="2026-06-20", start="2026-04-01", end="2026-06-30", reply_by="2026-07-10",
              to="区委、区政府", contact="李娜 025-12345678")


def sample_reports(out: Path) -> dict[str, Path]:
    """Every report from the samples: the self-evaluation example, 区民政局's consolidation of the sample inbox and
    the evaluation example, with the letters' options filled in."""
    import jixiao
    from jixiao.consolidate import consolidate, write_workbook
    from jixiao.documents import KINDS, Letter, write
    from jixiao.intake.roster import load_roster
    samples = ROOT / "samples"
    roster = load_roster(samples / "名册.xlsx")
    batch = jixiao.check([samples / "inbox"], roster=roster)
    dept = write_workbook(consolidate(batch, roster, departments=["区民政局"], form="project_self_eval"),
                          out / "区民政局汇总.xlsx")
    sources = {"self_eval": samples / "self_eval_example.xlsx", "summary": dept}
    options = {"self_eval": {}, "summary": {"date": "2026-04-10"}}
    for k in KINDS[2:]:
        sources[k], options[k] = samples / "evaluation_example.xlsx", {"letter": Letter(**LETTER)}
    return {k: write(k, sources[k], out / f"{IMAGES[k]}.docx", **options[k]) for k in KINDS}


def first_page_png(pdf: Path, png: Path, dpi: int = 70) -> Path:
    stem = png.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", "-png", str(pdf), str(stem)],
                   check=True)
    return png


def main() -> None:
    from jixiao.workbook.recalc import recalculate
    target = ROOT / "docs" / "reports"
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        docs = sample_reports(Path(tmp))
        for kind, pdf in zip(docs, recalculate(list(docs.values()), Path(tmp) / "pdf", to="pdf")):
            print("已生成", first_page_png(pdf, target / f"{IMAGES[kind]}.png"))


if __name__ == "__main__":
    main()
