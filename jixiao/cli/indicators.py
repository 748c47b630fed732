"""`jixiao indicators`: search the indicator library (绩效指标库) and export it as a workbook to pick indicators from."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table
from rich.text import Text

from .common import UserError, console, err_console, handle_errors, shown, write_json

SHOWN_ROWS = 60


def _dist(s) -> str:
    return f"{s.n} 个：{s.min:g}—{s.median:g}—{s.max:g}" if s.n else "—"


@handle_errors
def indicators_cmd(
    keywords: Optional[list[str]] = typer.Argument(None, metavar="[关键词]", help="按三级指标、二级指标、行业、项目名称、公式查找，多个关键词须同时符合"),
    history: Optional[Path] = typer.Option(None, "--history", exists=True, dir_okay=False, help="历史库（jixiao consolidate --history 生成的 .duckdb）：加入历年用过的指标及其指标值、完成值分布；不给时只有共性指标"),
    category: Optional[str] = typer.Option(None, "--category", help="一级或二级指标，如 质量指标、满意度指标"),
    industry: Optional[str] = typer.Option(None, "--industry", help="行业（主管部门去掉“区”“局”等，如 教育、卫生健康）"),
    scope: Optional[str] = typer.Option(None, "--scope", help="适用：项目、部门整体、评价"),
    profile: Optional[str] = typer.Option(None, "--profile", "-p", help="政策口径：评分说明按其评分规则（默认全国通用）"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="导出指标库工作簿（.xlsx），供编制绩效目标时选用"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出查找结果"),
) -> None:
    """绩效指标库：共性指标和历年用过的指标（按行业、项目），每项有二级指标、常用度量单位、以往指标值和实际完成值的分布
    （个数、最低、中位数、最高）、标准类型（历史标准、行业标准、计划标准）和评分说明。

    导出的工作簿前八列与项目支出绩效目标申报表的指标表列顺序相同，选中一行复制即可粘贴到目标表。

    示例：jixiao indicators 满意度 --history 演示/jixiao历史.duckdb --industry 教育
    示例：jixiao indicators --history 演示/jixiao历史.duckdb -o 指标库.xlsx
    """
    from dataclasses import asdict

    from ..library import SCOPES, build, search, write_library
    if scope and scope not in SCOPES:
        raise UserError(f"--scope 只能是：{'、'.join(SCOPES)}，收到：{scope}")
    entries = search(build(history, profile), keywords or (), category, industry, scope)
    if as_json:
        write_json([asdict(e) | {"reference": e.reference} for e in entries], None)
    else:
        _show(entries)
    if out is not None:
        written = write_library(entries, out)
        (err_console if as_json else console).print(Text.assemble(("已输出", "green"), f" {shown(written)}"))


def _show(entries) -> None:
    t = Table(title=f"绩效指标库：{len(entries)} 项")
    for head in ("行业", "指标", "性质", "单位", "标准", "以往指标值", "以往完成值"):
        t.add_column(head)
    for e in entries[:SHOWN_ROWS]:
        t.add_row(Text(e.industry or "（通用）"), Text(f"{e.level1}/{e.level2}/{e.name}"), e.nature, Text(e.unit),
                  e.standard, _dist(e.targets), _dist(e.actuals))
    console.print(t)
    if len(entries) > SHOWN_ROWS:
        console.print(f"另有 {len(entries) - SHOWN_ROWS} 项未显示，请加关键词、--category、--industry 缩小范围，或用 -o 导出全部")
