"""Per-file names in a check folder (反馈表/、退回意见/、报送文件/): 单位编码-单位名称-原文件名, cut cleanly."""

from __future__ import annotations

from jixiao.batch.folder import MAX_STEM, fit, stems
from jixiao.report.model import BatchReport
from jixiao.rules.finding import FileReport


def batch_of(*names: str, unit: str = "区第一中学") -> BatchReport:
    return BatchReport([FileReport(f"in/{n}", [], "project_self_eval", "101001", unit,
                                   facts={"origin": f"收件箱/001 报送.eml › 附件 {n}"}) for n in names])


def test_short_names_are_whole_and_without_the_attachment_label():
    (stem,) = stems(batch_of("2025年度项目支出绩效自评表（学生资助补助资金）.xlsx")).values()
    assert stem == "101001-区第一中学-2025年度项目支出绩效自评表（学生资助补助资金）"


def test_a_long_name_is_cut_between_words_never_inside_a_name():
    project = "义务教育薄弱环节改善与能力提升补助资金"
    name = f"区第一中学-{project}-2025年度项目支出绩效自评表（{project}）（第二次修改稿，已经分管领导审核同意）.xlsx"
    (stem,) = stems(batch_of(name)).values()
    assert len(stem.encode("utf-8")) <= MAX_STEM
    assert stem == f"101001-区第一中学-区第一中学-{project}-2025年度项目支出绩效自评表"     # cut at a break, bracket dropped
    assert len(stem) > 50                                                        # generous: not cut at 80 bytes


def test_duplicates_and_huge_names_stay_unique_and_short():
    long = "很长的文件名" * 60 + ".xlsx"
    names = stems(batch_of(long, long, "a.xlsx"))
    a, b, c = names.values()
    assert b == a + "-2" and c == "101001-区第一中学-a"
    assert all(len(s.encode("utf-8")) <= MAX_STEM + 3 for s in names.values())
    huge = stems(batch_of("自评表.xlsx", unit="区" + "很" * 100_000))
    (stem,) = huge.values()
    assert stem.startswith("101001-区很很") and len(stem.encode("utf-8")) <= MAX_STEM   # a huge word is cut, not lost


def test_fit():
    assert fit("abc def ghi", 7) == "abc def" and fit("abc def ghi", 6) == "abc"
    assert fit("项目（学生资助补助资金）补充", 30) == "项目"        # an opened bracket goes with its text
    assert fit("短名", 100) == "短名"
    assert fit("一二三四五六七八九十", 10) == "一二三"        # one word longer than the room: whole characters
