"""Reading a generated report back with python-docx: headings, tables as text, every text, the 待撰写 marks."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.enum.text import WD_COLOR_INDEX

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
SELF_EVAL = SAMPLES / "self_eval_example.xlsx"
EVALUATION = SAMPLES / "evaluation_example.xlsx"
LETTER_OPTIONS = dict(bureau="某某区财政局", date="2026-06-20", start="2026-04-01", end="2026-06-30",
                      reply_by="2026-07-10", to="区委、区政府", contact="李娜 025-12345678")
MARK = re.compile(r"【待撰写：[^】]+】")


def open_doc(path):
    return Document(str(path))


def headings(doc, level: int | None = None) -> list[str]:
    names = {f"Heading {level}"} if level else {"Heading 1", "Heading 2"}
    return [p.text for p in doc.paragraphs if p.style.name in names]


def table(t) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in t.rows]


def all_text(doc) -> str:
    """Paragraphs, table cells, header and footer: everything a reader sees."""
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        parts += [c.text for row in t.rows for c in row.cells]
    return "\n".join(parts)


def marks(doc) -> list[str]:
    return MARK.findall(all_text(doc))


def highlighted(doc) -> list[str]:
    """The text of every run highlighted yellow (paragraphs and tables)."""
    paras = list(doc.paragraphs) + [p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return [r.text for p in paras for r in p.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]


def paragraphs_after(doc, heading: str) -> list[str]:
    """The body paragraphs under a heading, up to the next heading."""
    out, inside = [], False
    for p in doc.paragraphs:
        if p.style.name.startswith("Heading"):
            if inside and p.text != heading:
                break
            inside = p.text == heading
            continue
        if inside and p.text.strip():
            out.append(p.text)
    return out


def clean(text: str) -> list[str]:
    """What no sentence built from data may contain: None, nan, empty quotes and brackets, doubled punctuation."""
    bad = ["None", "nan", "「」", "“”", "（）", "，，", "，。", "：。", "Decimal", "<w:", "{{", "{%"]
    return [b for b in bad if b in text]
