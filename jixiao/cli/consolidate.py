"""`jixiao consolidate`: merge checked submissions (or department workbooks) into one traceable workbook."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..consolidate import consolidate, is_consolidation, write_workbook
from ..consolidate.changes import ChangeError, compare_with
from ..consolidate.core import LATEST
from ..consolidate.dataset import dataset_dir
from ..consolidate.model import EXCLUDED, MERGED_INVALID
from ..consolidate.records import PROJECT_FORMS
from ..consolidate.registers import REGISTERS
from ..consolidate.results_use import summary_line
from ..consolidate.rules import OTHER_FORM
from ..intake.roster import load_roster, resolve_form
from ..report.model import form_title
from ..spec.loader import profile_ids
from .common import EXIT_FINDINGS, UserError, console, handle_errors, shown
from .consolidate_history import print_history, record_history

SHOWN_REASONS = 5           # reasons printed when no input could be read

STAGES = {"check": "审核中", "read": "汇总中"}


def parse_deadline(text: Optional[str]) -> Optional[datetime]:
    """2026-03-31 (the whole day counts) or 2026-03-31T17:30 / "2026-03-31 17:30"."""
    if not text:
        return None
    try:
        if len(text.strip()) <= 10:
            return datetime.combine(date.fromisoformat(text.strip()), time(23, 59, 59))
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"--deadline 应为日期或日期时间，如 2026-03-31 或 2026-03-31T17:30，收到：{text}") from None


@handle_errors
def consolidate_cmd(
    paths: list[Path] = typer.Argument(..., exists=True, metavar="路径", help="文件、文件夹、.zip、.eml、.msg 或 mbox；财政局汇总时也可为各部门的汇总表；或者单独一个 jixiao check 的输出目录（按其审核结果汇总，不再审核）"),
    roster: Path = typer.Option(..., "--roster", "-r", exists=True, help="单位名册（.xlsx 或 .csv）：单位编码、单位名称、主管部门、主管部门编码"),
    level: str = typer.Option("department", "--level", "-l", help="汇总层级：department（部门汇总所属单位）或 bureau（财政局汇总各部门）"),
    out: Path = typer.Option(Path("汇总.xlsx"), "--out", "-o", help="输出的汇总工作簿"),
    unit: Optional[list[str]] = typer.Option(None, "--unit", help="只汇总这些单位（单位编码，可多次指定）"),
    department: Optional[list[str]] = typer.Option(None, "--department", help="只汇总这些主管部门（名称或编码，可多次指定）"),
    all_units: bool = typer.Option(False, "--all", help="全部汇总（不指定 --unit/--department 时即为全部汇总）"),
    form: Optional[str] = typer.Option(None, "--form", help="要汇总的表单（编号或名称）；省略时汇总输入中的项目表单，有多种时汇总最靠后环节的一种（自评表 → 监控表 → 目标申报表），并提示其他表单"),
    deadline: Optional[str] = typer.Option(None, "--deadline", help="报送截止时间，如 2026-03-31（当天内有效）或 2026-03-31T17:30；晚于截止时间的列为逾期"),
    include_invalid: bool = typer.Option(False, "--include-invalid", help="有强制性问题的文件也纳入汇总（在异常清单中逐项标明）"),
    profile: Optional[str] = typer.Option(None, "--profile", "-p", help="政策口径：" + "、".join(profile_ids()) + "（默认按模板记录的口径）"),
    workers: int = typer.Option(0, "--workers", "-j", help="审核时的并行进程数（0 为按 CPU 自动）"),
    data_dir: Optional[Path] = typer.Option(None, "--data-dir", file_okay=False, help="数据集（projects、indicators 的 Parquet 和 CSV）写到这个文件夹；默认为输出文件旁的“<输出文件名>_数据”"),
    no_data: bool = typer.Option(False, "--no-data", help="不写数据集"),
    history: Optional[Path] = typer.Option(None, "--history", dir_okay=False, help="历史库（DuckDB）：本次汇总写入其中，并与上年数据比对；默认为输出文件旁的 jixiao历史.duckdb"),
    no_history: bool = typer.Option(False, "--no-history", help="不写历史库（仍在本次汇总内比较单位成本）"),
    previous: Optional[Path] = typer.Option(None, "--previous", exists=True, dir_okay=False, help="与这份上次的汇总表比较，在“变更”表中列出新增、删除和改动的单位与项目（输出文件已存在且为汇总表时自动与它比较）"),
) -> None:
    """汇总：把审核通过的单位报表沿名册汇总为部门汇总表，或把各部门汇总表汇总为全口径汇总表。

    输出工作簿含单位汇总、图表、项目明细、指标明细、异常清单（未纳入、逾期、未报送、节点不平衡）和来源（每个数值的来源文件、单元格）。
    重新汇总时与上次的汇总表（--previous，或已存在的输出文件）比较，在“变更”表中列出新增、删除的单位和项目及改动的数值。
    同时写出数据集（<输出文件名>_数据/：项目和指标的 Parquet、CSV）并追加到历史库，与上年比对指标值、单位成本和等级（见“异常清单”的“历史比对”）。
    输入为 jixiao check 的输出目录（含 审核结果.json 和 报送文件/）时，按该次审核的结果汇总其“报送文件/”中的副本，不再重新审核；
    副本与审核时的 SHA-256 不一致的文件不纳入汇总（C009）。名册规则（X 类）按本次给出的名册重新核对。
    退出码：0 成功；1 节点检查不平衡；2 用法错误或文件无法读取。

    示例：jixiao consolidate 收件箱/ --roster 名册.xlsx --department 区教育局 -o 教育局汇总.xlsx；
    jixiao consolidate 部门汇总/ --roster 名册.xlsx --level bureau --deadline 2026-03-31 -o 全区汇总.xlsx
    """
    if all_units and (unit or department):
        raise UserError("--all 表示全部汇总，不能与 --unit 或 --department 同时使用")
    when = parse_deadline(deadline)
    form_id = _form(form)
    units = load_roster(roster)
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, name: str) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(STAGES.get(stage, stage), total=None)
            bar.advance(tasks[stage])

        result = consolidate(paths, units, level, not include_invalid, units=unit, departments=department,
                             form=form_id or LATEST, deadline=when, profile=profile, workers=workers or None,
                             progress=progress)
    _ensure_inputs(result, paths)
    if form_id is None:
        _say_form(result)
    _say_overwritten(out, None if no_data else (data_dir or dataset_dir(out)), not no_history)
    changes = _changes(previous, out, result)
    recorded = record_history(result, out, data_dir, no_data, history, no_history)
    written = write_workbook(result, out, roster_name=roster.name, changes=changes)
    _summary(result, written)
    print_history(recorded)
    if changes is not None:
        console.print(("[yellow]变更[/]：" if changes else "[green]变更[/]：") + escape(changes.summary()))
        for line in changes.lines():
            console.print("  " + escape(line))
    if result.unbalanced:
        raise typer.Exit(EXIT_FINDINGS)


def _form(form: Optional[str]) -> Optional[str]:
    """--form as a form id; a mistyped name answers 「您是否要找」 (spec.loader), a non-project form lists those."""
    if not form:
        return None
    fid = resolve_form(form)
    if fid not in PROJECT_FORMS:
        raise UserError(f"「{form_title(fid)}」不是项目表单，不能汇总；可汇总："
                        + "、".join(form_title(f) for f in PROJECT_FORMS))
    return fid


def _ensure_inputs(c, paths: list[Path]) -> None:
    """Exit 2 before anything is written (workbook, dataset, history) when the inputs held no readable workbook."""
    s = c.stats
    where = "、".join(f"「{p}」" for p in paths[:3]) + ("等" if len(paths) > 3 else "")
    skipped = f"（已跳过 {s['skipped']} 个隐藏、临时或系统文件）" if s.get("skipped") else ""
    if not s.get("files"):
        raise UserError(f"{where}中没有找到任何文件{skipped}，没有可汇总的内容；未写出汇总表、数据集和历史库。")
    if s.get("unreadable", 0) >= s["files"] and not s.get("consolidation_inputs"):
        reasons = list(dict.fromkeys(f"{shown(i.finding.file)}：{shown(i.finding.message, 300)}" for i in c.issues
                                     if i.category == EXCLUDED))
        every = "都" if s["files"] > 1 else ""
        lines = [f"{where}中的 {s['files']} 个文件{every}不是可汇总的报表{skipped}，未写出汇总表、数据集和历史库。"]
        lines += [f"  {r}" for r in reasons[:SHOWN_REASONS]]
        if len(reasons) > SHOWN_REASONS:
            lines.append(f"  ……另有 {len(reasons) - SHOWN_REASONS} 个")
        raise UserError("\n".join(lines))


def _say_form(c) -> None:
    """Which form was consolidated when --form was not given, and which others the inputs held (left out)."""
    others: dict[str, int] = {}
    for i in c.issues:
        if i.finding.code == OTHER_FORM:
            others[i.finding.detail] = others.get(i.finding.detail, 0) + 1
    title = form_title(c.form_id)
    if not others:
        console.print(f"汇总表单：{escape(title)}（未指定 --form，按输入中的表单）")
        return
    listed = "、".join(f"{t} {n} 个" for t, n in sorted(others.items()))
    other = next((t for t in map(form_title, PROJECT_FORMS) if t in others), None)
    console.print(f"[yellow]汇总表单[/]：{escape(title)}（未指定 --form，按年度中最靠后的环节选取）")
    console.print(f"  其他表单未纳入（见“异常清单”）：{escape(listed)}")
    if other:
        console.print(f"  汇总其他表单请另行运行并加 --form，如：--form {escape(other)}")


def _say_overwritten(out: Path, data: Optional[Path], history: bool) -> None:
    """A rerun replaces the workbook and the dataset files (after reading the workbook for the 变更 sheet)."""
    replaced = [str(p) for p in (out,) if p.is_file()] + [f"{p}/" for p in (data,) if p is not None and p.is_dir()]
    if replaced:
        console.print(f"[yellow]将覆盖上次的输出[/]：{escape('、'.join(replaced))}"
                      + ("（历史库中本次汇总的项目整体替换，不会重复计数）" if history else ""))


def _changes(previous: Optional[Path], out: Path, result):
    """The change report against --previous, else against the existing output (read before it is overwritten)."""
    if previous is None and not (out.is_file() and is_consolidation(out)):
        return None
    try:
        return compare_with(previous or out, result)
    except ChangeError as e:
        if previous is not None:
            raise UserError(str(e)) from e
        console.print(f"[yellow]未比较变更[/]：{e}")
        return None


def _summary(c, written: Path) -> None:
    s = c.stats
    by: dict[str, int] = {}
    for issue in c.issues:
        by[issue.category] = by.get(issue.category, 0) + 1
    console.print(f"纳入汇总：项目 {s.get('merged_projects', 0)} 个，来自 {s.get('merged_files', 0)} 个文件"
                  + (f"（输入含部门汇总表 {s['consolidation_inputs']} 个）" if s.get("consolidation_inputs") else ""))
    if c.registers:
        listed = "、".join(f"{REGISTERS[f].sheet} {len(rows)} 份" for f, rows in c.registers.items())
        console.print(f"全周期登记（见“全周期概览”和各登记表）：{listed}")
    if summary_line(c):
        console.print(escape(summary_line(c)))
    if s.get("skipped"):
        console.print(f"已跳过 {s['skipped']} 个不是报送材料的文件（如锁定文件、系统文件、重复的链接、jixiao 汇总数据集；"
                      "逐个原因见 jixiao check 的审核汇总表“说明”）")
    if s.get("excluded_files") or by.get(EXCLUDED):
        console.print(f"[red]未纳入汇总[/]：{s.get('excluded_files', 0)} 个文件（{by.get(EXCLUDED, 0)} 项原因）")
    if by.get(MERGED_INVALID):
        console.print(f"[yellow]已纳入但审核未通过[/]：{by[MERGED_INVALID]} 项强制性问题")
    for category in ("已被替代", "逾期报送", "未报送", "汇总表被改动", "年度不一致"):
        if by.get(category):
            console.print(f"[yellow]{category}[/]：{by[category]} 项")
    if c.unbalanced:
        console.print(f"[bold red]节点检查不平衡[/]：{len(c.unbalanced)} 处，见“异常清单”")
    else:
        console.print("[green]节点检查通过[/]：上级数均等于下级数之和")
    console.print(f"[green]已输出[/] {written}")
