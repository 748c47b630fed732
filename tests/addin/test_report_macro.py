"""The add-in's 生成自评报告 macro without Excel: through OpenpyxlBook it writes the same report as `jixiao report
self-eval` (the current state of the book, beside it), and tells the user in Chinese what went wrong."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from docx import Document

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "addin"))

import actions  # noqa: E402
import jixiao_addin as addin  # noqa: E402
from book import OpenpyxlBook  # noqa: E402

from jixiao.documents import write  # noqa: E402

SAMPLE = ROOT / "samples" / "self_eval_example.xlsx"


class Book(OpenpyxlBook):
    def __init__(self, path):
        super().__init__(path)
        self.told = []

    def alert(self, text):
        self.told.append(text)


def texts(path) -> list[str]:
    doc = Document(str(path))
    return [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells]


def test_macro_writes_the_cli_s_report_beside_the_book(tmp_path, monkeypatch):
    copy = tmp_path / "自评表.xlsx"
    shutil.copyfile(SAMPLE, copy)
    book = Book(copy)
    monkeypatch.setattr(addin, "XlwingsBook", lambda _: book)
    monkeypatch.setattr(addin.xw.Book, "caller", classmethod(lambda cls: None), raising=False)
    addin.jixiao_self_eval_report()
    out = tmp_path / "自评表-项目支出绩效自评报告.docx"
    assert book.told == [f"已生成自评报告：{out}（黄色的“待撰写”处请补充后定稿）"]
    assert texts(out) == texts(write("self_eval", SAMPLE, tmp_path / "cli.docx"))
    assert copy.read_bytes() == SAMPLE.read_bytes()                    # the user's workbook is not touched


def test_macro_reports_the_book_s_current_state(tmp_path):
    copy = tmp_path / "自评表.xlsx"
    shutil.copyfile(SAMPLE, copy)
    book = Book(copy)
    book.write("自评表", "D2", "改过名称的项目")                          # unsaved in Excel: the macro sees it
    out = actions.self_eval_report(book)
    assert Document(str(out)).paragraphs[0].text == "改过名称的项目项目支出绩效自评报告"


def test_macro_on_another_form_says_so_in_chinese(tmp_path, monkeypatch):
    other = tmp_path / "评价.xlsx"
    shutil.copyfile(ROOT / "samples" / "evaluation_example.xlsx", other)
    book = Book(other)
    monkeypatch.setattr(addin, "XlwingsBook", lambda _: book)
    monkeypatch.setattr(addin.xw.Book, "caller", classmethod(lambda cls: None), raising=False)
    addin.jixiao_self_eval_report()
    assert "不是项目支出绩效自评表" in book.told[0]
    assert not list(tmp_path.glob("*.docx"))


def test_unsaved_book_is_asked_to_be_saved(tmp_path):
    class Unsaved(Book):
        path = None
    with pytest.raises(actions.AddinError, match="请先保存工作簿"):
        actions.self_eval_report(Unsaved(SAMPLE))
