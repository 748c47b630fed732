"""`jixiao ledger`: the rectification ledger (整改台账) from check folders, and its update by a later check."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Optional

import typer
from rich.text import Text

from .common import UserError, console, handle_errors, shown

app = typer.Typer(help="整改台账：由审核结果（jixiao check 的输出目录）列出须整改的问题，逐项记录整改期限、责任人、状态和佐证；"
                       "再次审核后更新。",
                  no_args_is_help=True, add_completion=False)

CHECKS = typer.Argument(..., metavar="审核结果", exists=True, file_okay=False,
                        help="jixiao check 的输出目录（含 审核结果.json 和 报送文件/），可多个，按先后顺序")
ROSTER = typer.Option(None, "--roster", "-r", exists=True, help="单位名册：用于填写主管部门")
PROFILE = typer.Option(None, "--profile", "-p", help="政策口径：整改期限天数（rectify_days）和等级线（默认全国通用）")
NOTICE = typer.Option(None, "--date", help="通知日期（整改期限由此起算），如 2026-03-10；默认为审核日期")
TODAY = typer.Option(None, "--today", help="判断逾期的日期，默认今天")
BUREAU = typer.Option("财政局", "--bureau", help="台账标题中的财政部门名称")


def _day(text: Optional[str], what: str) -> Optional[date]:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{what}应写成 年-月-日，如 2026-03-10，收到：{text}") from None


def _run(checks: list[Path], old, out: Path, roster, profile, notice, today, bureau) -> None:
    from ..batch.folder import is_check_output
    from ..intake.roster import load_roster
    from ..ledger import update, write_ledger
    for c in checks:
        if not is_check_output(c):
            raise UserError(f"「{c}」不是 jixiao check 的输出目录（须含 审核结果.json 和 报送文件/，审核时 --format 须含 json）")
    day = _day(today, "--today") or date.today()
    result = update(checks, old, roster=load_roster(roster) if roster else None, profile=profile,
                    notice=_day(notice, "--date"), today=day)
    write_ledger(result.items, out, bureau, day)
    by = {}
    for i in result.items:
        by[i.status] = by.get(i.status, 0) + 1
    console.print(f"整改事项 {len(result.items)} 项：" + "，".join(f"{s} {n}" for s, n in sorted(by.items())))
    console.print(f"本次新增 {result.added} 项，复核已整改 {result.resolved} 项")
    if result.overdue:
        console.print(Text(f"逾期未整改 {result.overdue} 项（台账中标红）", "bold red"))
    console.print(Text.assemble(("已输出", "green"), f" {shown(out)}"))


@app.command("build", short_help="由审核结果生成整改台账")
@handle_errors
def build_cmd(
    checks: list[Path] = CHECKS,
    out: Path = typer.Option(Path("整改台账.xlsx"), "--out", "-o", help="输出的整改台账（.xlsx）"),
    roster: Optional[Path] = ROSTER, profile: Optional[str] = PROFILE, notice: Optional[str] = NOTICE,
    today: Optional[str] = TODAY, bureau: str = BUREAU,
) -> None:
    """由审核结果生成整改台账：强制性问题、自评等级为中或差的项目、绩效评价扣分指标，每项一行。

    整改期限 = 通知日期 + 政策口径的整改期限（默认30天）。责任人、状态、整改说明及佐证、整改期限可在台账中修改，
    之后用 jixiao ledger update 更新。

    示例：jixiao ledger build 审核结果/ -r 名册.xlsx --bureau 某某区财政局 -o 整改台账.xlsx
    """
    _run(checks, None, out, roster, profile, notice, today, bureau)


@app.command("update", short_help="按新的审核结果更新整改台账")
@handle_errors
def update_cmd(
    ledger: Path = typer.Argument(..., metavar="台账", exists=True, dir_okay=False, help="已有的整改台账（.xlsx，可已手工填写）"),
    checks: list[Path] = CHECKS,
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="输出的整改台账；默认覆盖原台账"),
    roster: Optional[Path] = ROSTER, profile: Optional[str] = PROFILE, notice: Optional[str] = NOTICE,
    today: Optional[str] = TODAY, bureau: str = BUREAU,
) -> None:
    """按新的审核结果更新整改台账：新问题加入；同一文件重新报送后已没有的问题标为已整改；超过整改期限未整改完成的标为逾期。

    台账中手工填写的责任人、状态、整改说明及佐证、整改期限保留；手工标为已整改但复核仍存在的问题改回整改中。

    示例：jixiao ledger update 整改台账.xlsx 第二次审核结果/
    """
    from ..ledger import read_ledger
    _run(checks, read_ledger(ledger), out or ledger, roster, profile, notice, today, bureau)
