"""`jixiao report`: reports as Word documents (.docx) from a self-evaluation, a consolidation or an evaluation workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.text import Text

from .common import console, handle_errors, shown

app = typer.Typer(help="生成 Word 报告（.docx）：自评报告、汇总报告、评价报告及通知书、征求意见书、呈报报告。"
                       "报告中数据无法填写之处标为黄色的“【待撰写：要补充的内容】”，请作者补充。",
                  no_args_is_help=True, add_completion=False)

SOURCE_HELP = {"self_eval": "项目支出绩效自评表（模板或各地样表）", "summary": "自评表的汇总表（jixiao consolidate 生成）",
               "evaluation": "绩效评价指标体系及分析工作底稿"}
OUT = typer.Option(None, "--out", "-o", help="输出的 .docx 文件；省略则为“来源文件名-报告名称.docx”（当前目录）")
TEMPLATE = typer.Option(None, "--template", exists=True, dir_okay=False,
                        help="用本单位修改过的报告模板（.docx）代替默认模板")
PROFILE = typer.Option(None, "--profile", "-p", help="政策口径；省略时用工作簿记录的口径")
BUREAU = typer.Option(None, "--bureau", help="财政部门名称，如 某某区财政局")
DATE = typer.Option(None, "--date", help="成文日期，如 2026-06-20")
CONTACT = typer.Option(None, "--contact", help="联系人及电话")


def _write(kind: str, source: Path, out: Optional[Path], template: Optional[Path], **options) -> None:
    from ..documents import kind as get_kind, write
    title = get_kind(kind).title
    out = out or Path(f"{source.stem}-{title}.docx")
    if out.suffix.lower() != ".docx":
        out = out.with_suffix(".docx")
    existed = out.exists()
    write(kind, source, out, template=template, **options)
    console.print(Text.assemble(("已生成 ", "green"), f"{title}：", shown(str(out), 300),
                                "（覆盖了原有文件）" if existed else ""))
    console.print("数据无法填写之处已标为黄色的“【待撰写：要补充的内容】”，请在 Word/WPS 中补充后定稿。")


def _letter(bureau, date, start=None, end=None, reply_by=None, to=None, contact=None):
    from ..documents import Letter
    return Letter(bureau=bureau, date=date, start=start, end=end, reply_by=reply_by, to=to, contact=contact)


def _source(kind: str):
    return typer.Argument(..., metavar="工作簿", exists=True, dir_okay=False, help=SOURCE_HELP[kind])


@app.command("self-eval", short_help="项目支出绩效自评报告（由自评表）")
@handle_errors
def self_eval_cmd(source: Path = _source("self_eval"), out: Optional[Path] = OUT, profile: Optional[str] = PROFILE,
                  template: Optional[Path] = TEMPLATE) -> None:
    """由项目支出绩效自评表生成项目支出绩效自评报告：基本情况、绩效目标及完成情况（逐项指标表和图表）、偏离原因、
    存在问题、改进措施、结果应用。

    示例：jixiao report self-eval 自评表.xlsx -o 自评报告.docx
    """
    _write("self_eval", source, out, template, profile=profile)


@app.command("summary", short_help="自评情况汇总报告（由汇总表）")
@handle_errors
def summary_cmd(source: Path = _source("summary"), out: Optional[Path] = OUT,
                org: Optional[str] = typer.Option(None, "--org", help="汇总单位名称；省略时取汇总表中唯一的主管部门"),
                date: Optional[str] = DATE, template: Optional[Path] = TEMPLATE) -> None:
    """由自评表的汇总表生成自评情况汇总报告：覆盖情况、等级分布、低绩效项目、预算执行率、审核发现的问题。

    示例：jixiao report summary 区教育局汇总.xlsx --date 2026-04-10 -o 区教育局自评汇总报告.docx
    """
    _write("summary", source, out, template, org=org, date=date)


@app.command("evaluation", short_help="绩效评价报告（由评价底稿）")
@handle_errors
def evaluation_cmd(source: Path = _source("evaluation"), out: Optional[Path] = OUT, profile: Optional[str] = PROFILE,
                   bureau: Optional[str] = BUREAU, date: Optional[str] = typer.Option(None, "--date",
                                                                                     help="报告日期；省略时用评分日期"),
                   template: Optional[Path] = TEMPLATE) -> None:
    """由绩效评价指标体系及分析工作底稿生成绩效评价报告（宁财绩〔2020〕260号 附件6、财预〔2020〕10号 附3 提纲），
    附指标体系评分表和底稿清单。

    示例：jixiao report evaluation 评价底稿.xlsx -o 评价报告.docx
    """
    _write("evaluation", source, out, template, profile=profile, letter=_letter(bureau, date))


@app.command("notice", short_help="重点评价通知书（260号 附件1）")
@handle_errors
def notice_cmd(source: Path = _source("evaluation"), out: Optional[Path] = OUT, bureau: Optional[str] = BUREAU,
               date: Optional[str] = DATE,
               start: Optional[str] = typer.Option(None, "--start", help="评价工作开始日期"),
               end: Optional[str] = typer.Option(None, "--end", help="评价工作结束日期"),
               contact: Optional[str] = CONTACT,
               template: Optional[Path] = TEMPLATE) -> None:
    """关于开展财政重点绩效评价工作的通知（宁财绩〔2020〕260号 附件1），附评价资料清单。

    示例：jixiao report notice 评价底稿.xlsx --bureau 某某区财政局 --start 2026-04-01 --end 2026-06-30
    """
    _write("notice", source, out, template, letter=_letter(bureau, date, start, end, contact=contact))


@app.command("comments", short_help="绩效评价报告征求意见书（附件5）")
@handle_errors
def comments_cmd(source: Path = _source("evaluation"), out: Optional[Path] = OUT, bureau: Optional[str] = BUREAU,
                 date: Optional[str] = DATE,
                 reply_by: Optional[str] = typer.Option(None, "--reply-by", help="书面回复期限"),
                 contact: Optional[str] = CONTACT,
                 template: Optional[Path] = TEMPLATE) -> None:
    """绩效评价报告征求意见书（宁财绩〔2020〕260号 附件5），附意见反馈表。

    示例：jixiao report comments 评价底稿.xlsx --bureau 某某区财政局 --reply-by 2026-07-10
    """
    _write("comments", source, out, template, letter=_letter(bureau, date, reply_by=reply_by, contact=contact))


@app.command("submission", short_help="呈报绩效评价情况的报告（附件7）")
@handle_errors
def submission_cmd(source: Path = _source("evaluation"), out: Optional[Path] = OUT, bureau: Optional[str] = BUREAU,
                   date: Optional[str] = DATE,
                   to: Optional[str] = typer.Option(None, "--to", help="呈报机关，如 区委、区政府"),
                   template: Optional[Path] = TEMPLATE) -> None:
    """财政局关于呈报绩效评价情况的报告（宁财绩〔2020〕260号 附件7）：评价结论、存在问题和建议。

    示例：jixiao report submission 评价底稿.xlsx --bureau 某某区财政局 --to 区委、区政府
    """
    _write("submission", source, out, template, letter=_letter(bureau, date, to=to))
