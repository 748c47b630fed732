"""`jixiao review` (复核: a seeded sample of self-evaluations, the reviewer workbook, the deviation report) and
`jixiao assess` (部门预算绩效管理工作考核)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table
from rich.text import Text

from .common import EXIT_FINDINGS, UserError, console, handle_errors, shown

app = typer.Typer(help="复核：从历史库中按风险和随机种子抽取自评项目，生成复核工作表；复核人员填写复核得分后生成偏差报告。",
                  no_args_is_help=True, add_completion=False)

PROFILE = typer.Option(None, "--profile", "-p", help="政策口径：抽样阈值（review 项）和等级线（默认全国通用）")
BUREAU = typer.Option("财政局", "--bureau", help="标题中的财政部门名称")


def _profile(name):
    from ..spec.loader import load_profile
    return load_profile(name or "national")


@app.command("sample", short_help="抽取复核项目，生成复核工作表")
@handle_errors
def sample_cmd(
    history: Path = typer.Argument(..., metavar="历史库", exists=True, dir_okay=False, help="jixiao consolidate --history 生成的历史库（.duckdb）"),
    year: Optional[int] = typer.Option(None, "--year", help="自评年度（默认历史库中最近的自评年度）"),
    seed: Optional[int] = typer.Option(None, "--seed", help="随机种子（默认为年度）：同一历史库、同一种子抽样结果相同"),
    out: Path = typer.Option(Path("复核工作表.xlsx"), "--out", "-o", help="输出的复核工作表（.xlsx）"),
    profile: Optional[str] = PROFILE, bureau: str = BUREAU,
) -> None:
    """抽取复核项目：全年预算数最大的项目、表内得分与按规则重算相差较大的项目、自评等级较上年明显升降的项目全部抽取，
    其余按比例随机抽取（可重现）。复核工作表每个项目一行，写明抽取原因，留有复核得分、复核意见、复核人栏。

    示例：jixiao review sample 演示/jixiao历史.duckdb --seed 2025 --bureau 某某区财政局 -o 复核工作表.xlsx
    """
    from ..review import draw, write_sheet
    picks = draw(history, year, seed, _profile(profile))
    if not picks:
        raise UserError(f"历史库「{history}」中没有{f'{year}年度的' if year else ''}项目支出绩效自评表，无从抽样")
    used = picks[0].year if seed is None else seed
    written = write_sheet(picks, out, used, bureau)
    counts: dict[str, int] = {}
    for p in picks:
        for r in p.reasons:
            kind = r.split("：")[0].split("（")[0]
            counts[kind] = counts.get(kind, 0) + 1
    console.print(f"{picks[0].year}年度抽取复核项目 {len(picks)} 个（随机种子 {used}）：" +
                  "，".join(f"{k} {n}" for k, n in counts.items()))
    console.print(Text.assemble(("已输出", "green"), f" {shown(written)}"))


@app.command("report", short_help="按复核工作表生成偏差报告")
@handle_errors
def report_cmd(
    sheet: Path = typer.Argument(..., metavar="复核工作表", exists=True, dir_okay=False, help="填好复核得分的复核工作表（.xlsx）"),
    out: Path = typer.Option(Path("复核偏差报告.xlsx"), "--out", "-o", help="输出的偏差报告（.xlsx）"),
    profile: Optional[str] = PROFILE, bureau: str = BUREAU,
) -> None:
    """偏差报告：每个已复核项目的复核得分与自评得分之差、复核等级与自评等级；按抽取原因汇总平均偏差和等级变化。

    退出码：0 复核结果与自评一致；1 有偏差较大（默认 5 分及以上）或等级变化的项目。

    示例：jixiao review report 复核工作表.xlsx -o 复核偏差报告.xlsx
    """
    from ..review import compare, read_sheet, write_report
    rep = compare(read_sheet(sheet), _profile(profile))
    written = write_report(rep, out, bureau)
    t = Table(title="复核偏差汇总")
    for head in ("抽取原因", "已复核", "平均绝对偏差", "等级变化"):
        t.add_column(head)
    for reason, n, mean, changed in rep.by_reason():
        t.add_row(reason, str(n), "—" if mean is None else f"{mean:.2f}", str(changed))
    console.print(t)
    flagged = [d for d in rep.deviations if d.verdict != "一致"]
    for d in flagged:
        console.print(Text(f"{d.verdict}：{d.row.unit_name}「{d.row.project}」自评 {d.row.score:.2f}（{d.row.grade}）→ "
                           f"复核 {d.row.review_score:.2f}（{d.review_grade}）", "bold red"))
    for r in rep.pending:
        if r.problem:
            console.print(Text(f"{r.unit_name}「{r.project}」：{r.problem}", "yellow"))
    console.print(f"未复核 {len(rep.pending)} 个")
    console.print(Text.assemble(("已输出", "green"), f" {shown(written)}"))
    if flagged:
        raise typer.Exit(EXIT_FINDINGS)


@handle_errors
def assess_cmd(
    checks: list[Path] = typer.Argument(..., metavar="审核结果", exists=True, file_okay=False, help="jixiao check 的输出目录（含 审核结果.json），可多个"),
    roster: Path = typer.Option(..., "--roster", "-r", exists=True, help="单位名册：单位所属主管部门"),
    ledger: Optional[Path] = typer.Option(None, "--ledger", exists=True, dir_okay=False, help="整改台账（jixiao ledger 生成、经办人更新后的 .xlsx）"),
    publish: Optional[Path] = typer.Option(None, "--publish", exists=True, dir_okay=False, help="公开版内部清单（jixiao publish --report 写出的 .xlsx，含“公开比例”表）"),
    bonus: Optional[Path] = typer.Option(None, "--bonus", exists=True, dir_okay=False, help="附加分清单（.csv：主管部门、附加分、事项），如参与绩效试点、主动申报特色工作"),
    deadline: Optional[str] = typer.Option(None, "--deadline", help="报送截止时间，如 2026-03-31（默认为自评年度次年的口径截止日）"),
    out: Path = typer.Option(Path("部门考核.xlsx"), "--out", "-o", help="输出的考核结果（.xlsx）"),
    profile: Optional[str] = typer.Option(None, "--profile", "-p", help="政策口径：考核项目分值（assessment 项）和等级线（默认全国通用）"),
    bureau: str = BUREAU,
) -> None:
    """部门预算绩效管理工作考核：按 jixiao 已有的数据给每个主管部门计分——报送及时（审核结果的收到时间）、报送质量
    （没有强制性问题的文件）、问题整改（整改台账）、信息公开（公开比例），另加附加分；分值取自政策口径。

    没有给出的数据（如未给 --ledger）不计该项，总分按其余项目折算为百分制。

    示例：jixiao assess 审核结果/ -r 名册.xlsx --ledger 整改台账.xlsx --publish 公开版内部清单.xlsx -o 部门考核.xlsx
    """
    from ..intake.roster import load_roster
    from ..review.assess import ITEMS, assess, load_bonus
    from ..review.assess_book import write_assessment
    from .consolidate import parse_deadline
    prof = _profile(profile)
    depts, when = assess(checks, load_roster(roster), ledger=ledger, publish=publish,
                         bonus=load_bonus(bonus) if bonus else None, deadline=parse_deadline(deadline), profile=prof)
    year = f"{when.year - 1}" if when else ""
    written = write_assessment(depts, out, prof, when, year, bureau)
    t = Table(title=f"{year}年度部门预算绩效管理工作考核")
    items = [k for k in ITEMS if k in prof["assessment"]["items"]]
    for head in ("排名", "主管部门", *[ITEMS[k] for k in items], "附加分", "总分", "等级"):
        t.add_column(head)
    for d in depts:
        t.add_row(str(d.rank), Text(d.name), *[f"{d.parts[k].score:.2f}" if k in d.parts else "—" for k in items],
                  f"{d.bonus:g}" if d.bonus else "—", f"{d.total:.2f}", d.grade)
    console.print(t)
    console.print(Text.assemble(("已输出", "green"), f" {shown(written)}"))
