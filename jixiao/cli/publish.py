"""`jixiao publish`: the 公开版 of a consolidation workbook — 涉密 out, goals of large projects in, coverage checked."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from ..consolidate.public import CoverageError, load_secret_lists, plan_publication
from ..consolidate.public_workbook import CHECK, SECRET, coverage_text, internal_rows, write_internal, write_public
from ..spec.loader import profile_ids
from .common import EXIT_FINDINGS, console, err_console, handle_errors

SHOW_SECRET = 30            # 涉密 projects named on the console; the rest only in --report


@handle_errors
def publish_cmd(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, metavar="汇总表", help="jixiao consolidate 生成的汇总表（.xlsx）"),
    out: Path = typer.Option(Path("公开版.xlsx"), "--out", "-o", help="输出的公开版工作簿"),
    secret: Optional[list[Path]] = typer.Option(None, "--secret", exists=True, dir_okay=False, help="涉密清单（.xlsx、.csv 或 .txt）：项目编码、单位编码或主管部门编码，每行一个或按列给出；可多次指定"),
    include: Optional[list[str]] = typer.Option(None, "--include", help="未达门槛但指定公开的项目（项目编码，可多次指定），用于补足公开比例"),
    profile: Optional[str] = typer.Option(None, "--profile", "-p", help="政策口径：" + "、".join(profile_ids()) + "（默认按汇总表记录的口径）；公开门槛与比例取自口径的 publish 项"),
    report: Optional[Path] = typer.Option(None, "--report", help="内部清单（.xlsx 或 .csv）：列出不予公开的涉密项目、建议补充公开的项目和需核对的事项（.xlsx 另含逐部门公开比例），不得公开"),
    draft: bool = typer.Option(False, "--draft", help="公开比例未达到要求时仍生成公开版草稿，供内部审阅：每张表的标题和每页页眉标明“草稿（未达到公开比例，不得公开）”"),
) -> None:
    """公开版：由汇总表生成可以公开的绩效信息工作簿。

    排除涉密（敏感）项目：--secret 清单，或汇总表“涉密”列为“是”。
    公开预算数达到门槛（默认 500 万元，含）的项目的绩效目标；自评汇总另含实际完成值、得分、总分和等级。
    逐部门检查公开项目资金占项目支出（不含涉密）的比例不低于要求（默认 50%）。
    公开版只列涉密项目个数，不列名称；涉密项目名单在屏幕上和 --report 内部清单中列出。
    公开版只含可以公开的内容；公开比例、缺口和建议补充的项目只在屏幕上和内部清单中列出。
    退出码：0 符合；1 公开比例不足（不生成公开版，列出建议补充公开的项目；加 --draft 则生成标明“草稿”的版本）；
    2 用法错误或文件无法读取。

    示例：jixiao publish 教育局汇总.xlsx --secret 涉密项目.csv -o 教育局公开版.xlsx --report 内部清单.xlsx
    """
    pub = plan_publication(path, load_secret_lists(secret), profile, include or ())
    try:
        written, refused = write_public(pub, out, draft=draft), None
    except CoverageError as e:                   # 公开比例 not reached and no --draft: no public file at all
        written, refused = None, e.message
    if report is not None:
        write_internal(pub, report)
    _summary(pub, written, report)
    if refused:
        err_console.print(f"[bold red]未生成公开版[/]：{escape(refused)}")
    if not pub.ok:
        raise typer.Exit(EXIT_FINDINGS)


def _summary(pub, written: Optional[Path], report: Optional[Path]) -> None:
    console.print(f"公开项目 {len(pub.published)} 个；未达门槛（{pub.threshold} 万元）未公开 {len(pub.withheld)} 个；"
                  f"涉密不公开 {len(pub.secret)} 个")
    rows = list(internal_rows(pub))
    secret = [r for r in rows if r["category"] == SECRET]
    if secret:
        console.print("[bold]涉密不公开（内部名单，勿外传）[/]：")
        for r in secret[:SHOW_SECRET]:
            console.print("  " + escape(f"{r['unit_code']} {r['unit_name'] or ''} {r['project_code'] or ''} "
                                        f"{r['project_name'] or ''}（{r['note']}）"))
        if len(secret) > SHOW_SECRET:
            console.print(f"  ……另有 {len(secret) - SHOW_SECRET} 个" + ("，见内部清单" if report else "，用 --report 输出全部"))
    for r in rows:
        if r["category"] == CHECK:
            console.print("[yellow]需核对[/]：" + escape(str(r["note"])))
    text = escape(coverage_text(pub))
    if pub.ok:
        console.print(f"[green]公开比例符合要求[/]：{text}")
    else:
        console.print(f"[bold red]公开比例不足[/]：{text}")
        for dept, picks in pub.suggestions().items():
            names = "、".join(f"{r.get('project_code') or ''} {r.get('project_name') or ''}".strip() for r in picks)
            console.print(escape(f"  {dept} 可补充公开：{names or '（没有可补充的非涉密项目）'}")
                          + "（用 --include 项目编码 指定后重新生成）")
    if report is not None:
        console.print(f"[green]已输出内部清单[/] {escape(str(report))}")
    if written is not None and not pub.ok:
        console.print(f"[yellow]已输出公开版草稿（未达到公开比例，不得公开）[/] {escape(str(written))}")
    elif written is not None:
        console.print(f"[green]已输出公开版[/] {escape(str(written))}")
