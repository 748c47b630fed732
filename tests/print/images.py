"""The page images in docs/print/ (README「打印效果」): one printed page of each output kind, as LibreOffice prints it.

    python -m tests.print.images            # rebuilds the outputs from samples/ and rewrites docs/print/*.png
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pdfplumber

from tests.print import outputs
from tests.print.pdfcheck import check, render, visible_sheets

DOCS = outputs.ROOT / "docs" / "print"
# (image name, output kind, workbook name part, sheet)
PAGES = [
    ("全区汇总-单位汇总", "全区汇总", "全区汇总", "单位汇总"),
    ("全区汇总-项目明细", "全区汇总", "全区汇总", "项目明细"),
    ("审核汇总-问题明细", "审核汇总", "审核汇总", "问题明细"),
    ("反馈表", "反馈表", "区第一中学", "需修改事项"),
    ("公开版-公开项目", "公开版", "公开版", "公开项目"),
    ("公开版草稿-说明", "公开版草稿", "草稿", "说明"),
    ("模板-项目支出绩效目标申报表", "模板", "项目支出绩效目标申报表", "目标申报表"),
    ("预填自评表", "预填自评表", "教师培训", "自评表"),
]


def _content(page, margin: float = 12):
    """The page cut to what is printed on it (the footer included), so a small image stays legible."""
    objs = page.chars + page.rects + page.lines
    x0 = max(0, min(o["x0"] for o in objs) - margin)
    x1 = min(page.width, max(o["x1"] for o in objs) + margin)
    top = max(0, min(o["top"] for o in objs) - margin)
    bottom = min(page.height, max(o["bottom"] for o in objs) + margin)
    return page.crop((x0, top, x1, bottom))


def main(resolution: int = 100) -> list[Path]:
    with tempfile.TemporaryDirectory(prefix="jixiao-print-") as tmp:
        made = outputs.build(Path(tmp) / "outputs")
        books = []
        for _, kind, part, sheet in PAGES:
            book = next(b for b in made[kind] if part in b.name and sheet in dict(map(reversed, visible_sheets(b))))
            books.append(book)
        printed = {(p.book, p.sheet): p for p in render(sorted(set(books)), Path(tmp) / "work")}
        DOCS.mkdir(parents=True, exist_ok=True)
        written = []
        for (name, _, _, sheet), book in zip(PAGES, books):
            p = check(printed[(book, sheet)])
            if p.problems:
                raise SystemExit(f"{name}：打印检查未通过：{p.problems[:3]}")
            with pdfplumber.open(p.pdf) as pdf:
                _content(pdf.pages[0]).to_image(resolution=resolution).save(DOCS / f"{name}.png")
            written.append(DOCS / f"{name}.png")
            print(f"{name}.png：{book.name}「{sheet}」共 {p.pages} 页（{'横向' if p.landscape else '纵向'}）")
        return written


if __name__ == "__main__":
    main(*map(int, sys.argv[1:]))
