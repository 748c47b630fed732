"""`jixiao check`: validate every workbook in folders, zips and saved emails; write the bureau's and the units' reports."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from .. import api
from ..batch.folder import FORMATS, outputs, previous_outputs
from ..intake.roster import load_roster
from ..spec.loader import load_profile, profile_ids
from .common import EXIT_FINDINGS, UserError, console, handle_errors, shown

STYLE = {"强制": "bold red", "提示": "yellow", "建议": "cyan", "通过": "green"}


def _codes(text: Optional[str]) -> Optional[tuple[str, ...]]:
    return tuple(c for c in re.split(r"[,，\s]+", text) if c) if text else None


@handle_errors
def check_cmd(
    paths: list[Path] = typer.Argument(..., exists=True, metavar="路径", help="文件、文件夹、.zip、.eml、.msg 或 mbox，可多个"),
    roster: Optional[Path] = typer.Option(None, "--roster", "-r", exists=True, help="单位名册（.xlsx 或 .csv）：单位编码、单位名称、主管部门、联系邮箱、应报表单"),
    profile: Optional[str] = typer.Option(None, "--profile", "-p", help="政策口径：" + "、".join(profile_ids()) + "（默认按模板记录的口径）"),
    out: Path = typer.Option(Path("审核结果"), "--out", "-o", help="输出目录"),
    select: Optional[str] = typer.Option(None, "--select", help="只检查这些规则（编号或前缀，逗号分隔，如 G,A002）"),
    ignore: Optional[str] = typer.Option(None, "--ignore", help="不检查这些规则（编号或前缀，逗号分隔）"),
    formats: str = typer.Option("xlsx,json,letters", "--format", help="输出内容：xlsx（汇总表）、json（审核结果.json，并把每个报送文件复制到“报送文件/”，供 jixiao consolidate 直接汇总）、letters（各单位反馈表和退回意见）"),
    workers: int = typer.Option(0, "--workers", "-j", help="并行进程数（0 为按 CPU 自动）"),
    bureau: str = typer.Option("财政局", "--bureau", help="退回意见的落款单位"),
    deadline_days: int = typer.Option(5, "--deadline-days", help="要求重新报送的期限（天）"),
    goals: Optional[list[Path]] = typer.Option(None, "--goals", exists=True, help="已批复的绩效目标申报表（文件、文件夹或历史库 .duckdb，可多次给出）：自评表、运行监控表的指标与之逐项核对（L 类规则）"),
    goal_changes: Optional[Path] = typer.Option(None, "--goal-changes", exists=True, dir_okay=False, help="批准的绩效目标调整（.csv 或 .xlsx：项目编码、指标、调整后指标值、批准日期、调整原因），按调整核对不作为问题"),
) -> None:
    """批量审核报送的工作簿：逐个文件校验，生成审核汇总表、各单位反馈表和退回意见，列出未报送单位。

    输出 json 时同时把审核过的每个文件原样复制到输出目录的“报送文件/”（每次审核重写；文件名为单位编码-单位名称-原文件名），
    之后 jixiao consolidate 输出目录 --roster 名册.xlsx 即按本次审核结果汇总，不再重新审核。

    给出 --goals 时，自评表和运行监控表按项目编码和年度与已批复的目标申报表逐项核对：指标被删去、增加、指标值被放宽、
    计分口径改动都会列出（L 类规则）；--goal-changes 中批准的调整照此核对，只作说明。

    示例：jixiao check 收件箱/ --roster 名册.xlsx -o 审核结果；jixiao check 邮件.mbox 附件.zip --select G,A --format xlsx；
    jixiao check 自评表/ --goals 目标表/ --goal-changes 绩效目标调整.csv -o 审核结果
    """
    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    if not set(wanted) <= set(FORMATS):
        raise UserError(f"--format 只能是 {'、'.join(FORMATS)} 的组合，收到：{formats}")
    if profile:
        load_profile(profile)
    units = load_roster(roster) if roster else None
    approved = api.load_goals(goals or None, goal_changes) if goals or goal_changes else None
    if approved is not None:
        console.print(f"已批复目标表：{len(approved.tables)} 张；绩效目标调整：{len(approved.changes)} 条")
        for note in approved.notes:
            console.print(Text(f"  未采用 {shown(note, 300)}", "yellow"))
    earlier = previous_outputs(out, wanted)
    if earlier:
        console.print(Text.assemble(("将覆盖上次的输出", "yellow"), f"（{shown(out)}）：{'、'.join(earlier)}"))
        console.print("  该目录中的其他文件不受影响")
    with Progress(TextColumn("[bold]审核中"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as progress:   # no bar in logs
        task = progress.add_task("check", total=None)

        def on_file(report) -> None:
            progress.advance(task)
            n = {s: sum(1 for f in report.findings if f.severity == s) for s in ("强制", "提示", "建议")}
            counts = " ".join(f"{s}{k}" for s, k in n.items() if k)
            line = Text.assemble((f"{report.status:<2}", STYLE[report.status]),
                                 f" {counts:<16} {shown(report.unit_name) or '未识别单位'}  {shown(report.file)}")
            progress.console.print(line)

        batch = api.check(paths, out, roster=units, profile=profile, select=_codes(select), ignore=_codes(ignore),
                          workers=workers or None, formats=wanted, bureau=bureau, deadline_days=deadline_days,
                          on_file=on_file, goals=approved)
    written = [out / name for name in outputs(wanted)]
    _summary(batch, written)
    if any(f.severity == "强制" for r in batch.current for f in r.findings):
        raise typer.Exit(EXIT_FINDINGS)


def _summary(batch, written) -> None:
    by = {}
    for r in batch.files:
        by[r.status] = by.get(r.status, 0) + 1
    parts = "，".join(f"[{STYLE[s]}]{s} {by[s]}[/]" for s in ("强制", "提示", "建议", "通过") if s in by)
    console.print(f"共审核 {len(batch.files)} 个文件：{parts}")
    if batch.roster is not None:
        reasons: dict[str, int] = {}
        for _, why in batch.wrong_form:
            reasons[why] = reasons.get(why, 0) + 1
        wrong = "、".join(f"{why} {n} 个" for why, n in sorted(reasons.items())) or "无"
        console.print(f"未报送：{len(batch.missing)} 项（单位×表单）；报错表单：{wrong}；"
                      f"被后来报送替代 {len(batch.superseded)} 个；重复报送（内容完全相同）{len(batch.duplicates)} 个")
    if batch.skipped:                      # each "来源（原因）", as the summary workbook's 说明 lists them
        console.print(f"已跳过 {len(batch.skipped)} 个文件，未作为报送文件审核（末尾括号内为原因）：")
        for entry in batch.skipped:
            console.print(Text(f"  {shown(entry, 1000)}"))      # long enough that the reason at the end shows
    for p in written:
        console.print(Text.assemble(("已输出", "green"), f" {shown(p)}"))
