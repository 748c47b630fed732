"""Reports as Word documents (.docx) from the workbooks jixiao reads: each kind is a context built from the data and
a docxtpl template (templates/<kind>.docx, or the bureau's own copy) it fills.

    from jixiao.documents import write
    write("self_eval", "自评表.xlsx", "自评报告.docx")                   # 项目支出绩效自评报告
    write("summary", "区教育局汇总.xlsx", "汇总报告.docx", org="区教育局")  # 自评情况汇总报告
    write("evaluation", "评价底稿.xlsx", "评价报告.docx", letter=Letter(bureau="某某区财政局"))
    # and "notice", "comments", "submission": 260号 附件1、5、7
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, NamedTuple

from .evaluation import Letter


class Kind(NamedTuple):
    title: str                          # the document's name, as the CLI and the README call it
    source: str                         # what it is made from
    context: Callable[..., dict]
    options: tuple[str, ...]            # keyword options its context takes


def _kinds() -> dict[str, Kind]:
    from . import evaluation, self_eval, summary
    letter = ("profile", "letter")
    return {
        "self_eval": Kind("项目支出绩效自评报告", "项目支出绩效自评表", self_eval.context, ("profile",)),
        "summary": Kind("项目支出绩效自评情况汇总报告", "自评表的汇总表（jixiao consolidate）", summary.context,
                        ("org", "date")),
        "evaluation": Kind("绩效评价报告", "绩效评价指标体系及分析工作底稿", evaluation.report_context, letter),
        "notice": Kind("关于开展财政重点绩效评价工作的通知", "绩效评价指标体系及分析工作底稿", evaluation.notice_context,
                       letter),
        "comments": Kind("绩效评价报告征求意见书", "绩效评价指标体系及分析工作底稿", evaluation.comments_context, letter),
        "submission": Kind("关于呈报绩效评价情况的报告", "绩效评价指标体系及分析工作底稿",
                           evaluation.submission_context, letter),
    }


KINDS = ("self_eval", "summary", "evaluation", "notice", "comments", "submission")


def kind(name: str) -> Kind:
    return _kinds()[name]


def write(name: str, source, out, *, template=None, **options) -> Path:
    """Write the report of kind `name` from `source` to `out` (options: see Kind.options; unset ones are left out)."""
    from .render import render
    k = kind(name)
    given = {o: v for o, v in options.items() if v is not None}
    unknown = set(given) - set(k.options)
    if unknown:
        raise TypeError(f"{name} takes no option {', '.join(sorted(unknown))}")
    return render(name, k.context(source, **given), out, template)


__all__ = ["KINDS", "Kind", "Letter", "kind", "write"]
