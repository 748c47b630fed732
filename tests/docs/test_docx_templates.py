"""The default templates: generated reproducibly from jixiao/documents/outlines.py (committed output equals a fresh
build), ordinary Word files a bureau can edit (Chinese fonts on the styles, A4, tags in one run each), and a bureau's
edited copy is used in their place."""

from __future__ import annotations


import pytest
from docx import Document
from docx.oxml.ns import qn

from jixiao.documents import KINDS, write
from jixiao.documents.authoring import build_all, main
from jixiao.documents.render import TEMPLATES
from jixiao.errors import JixiaoError
from docs_helpers import EVALUATION, SELF_EVAL, open_doc


def test_committed_templates_equal_a_fresh_build():
    fresh = build_all()
    assert sorted(fresh) == sorted(KINDS)
    for kind, data in fresh.items():
        assert (TEMPLATES / f"{kind}.docx").read_bytes() == data, f"{kind}.docx：请运行 python -m jixiao.documents.authoring"
    assert build_all() == fresh                                 # byte for byte, every time
    assert main(["--check"]) == 0


@pytest.mark.parametrize("kind", KINDS)
def test_templates_are_plain_editable_word(kind):
    doc = Document(str(TEMPLATES / f"{kind}.docx"))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    for name, font in (("Normal", "仿宋"), ("Heading 1", "黑体"), ("Heading 2", "楷体"), ("Title", "宋体")):
        rfonts = doc.styles[name].element.rPr.rFonts
        assert rfonts.get(qn("w:eastAsia")) == font, name
    runs = [r.text for p in doc.paragraphs for r in p.runs]
    runs += [r.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    tags = [r for r in runs if "{{" in r or "{%" in r]
    assert tags and all(r.count("{{") == r.count("}}") and r.count("{%") == r.count("%}") for r in tags)
    assert doc.core_properties.author == "jixiao"


def test_a_bureau_s_edited_template_is_used(tmp_path):
    doc = Document(str(TEMPLATES / "self_eval.docx"))
    doc.paragraphs[0].runs[0].text = "某某区{{ project_name }}绩效自评报告（本局格式）"
    mine = tmp_path / "本局模板.docx"
    doc.save(str(mine))
    out = write("self_eval", SELF_EVAL, tmp_path / "r.docx", template=mine)
    assert open_doc(out).paragraphs[0].text == "某某区教师培训专项经费绩效自评报告（本局格式）"


def test_a_broken_template_is_a_chinese_error(tmp_path):
    bad = tmp_path / "坏模板.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(JixiaoError, match="无法打开"):
        write("self_eval", SELF_EVAL, tmp_path / "r.docx", template=bad)
    doc = Document(str(TEMPLATES / "self_eval.docx"))
    doc.paragraphs[0].runs[0].text = "{{ no_such_thing }}"
    typo = tmp_path / "拼错.docx"
    doc.save(str(typo))
    with pytest.raises(JixiaoError, match="no_such_thing"):
        write("self_eval", SELF_EVAL, tmp_path / "r.docx", template=typo)
    with pytest.raises(JixiaoError, match="不是 .docx"):
        write("self_eval", SELF_EVAL, tmp_path / "r.docx", template=SELF_EVAL)


def test_a_report_of_another_form_names_what_the_file_is(tmp_path):
    with pytest.raises(JixiaoError, match="是绩效评价指标体系及分析工作底稿，不是项目支出绩效自评表"):
        write("self_eval", EVALUATION, tmp_path / "r.docx")
    with pytest.raises(JixiaoError, match="汇总表"):
        write("summary", SELF_EVAL, tmp_path / "r.docx")
    assert not (tmp_path / "r.docx").exists()
