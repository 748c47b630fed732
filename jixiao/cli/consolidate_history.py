"""`jixiao consolidate`'s dataset and history step: where the files go, and what the console says about them."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from rich.markup import escape

from ..consolidate.dataset import dataset_dir
from ..history import DEFAULT_DB, Recorded, record
from .common import console

SHOWN = 10                      # history findings printed on the console; all of them are in 异常清单


def record_history(result, out: Path, data_dir: Optional[Path], no_data: bool, history: Optional[Path],
                   no_history: bool) -> Recorded:
    """Dataset beside the output (…_数据/), history database beside it (jixiao历史.duckdb) unless switched off."""
    folder = None if no_data else (data_dir or dataset_dir(out))
    database = None if no_history else (history or out.with_name(DEFAULT_DB))
    return record(result, folder, database)


def print_history(rec: Recorded) -> None:
    if rec.files:
        console.print(f"[green]数据集[/]：{escape(str(rec.files[0].parent))}（projects、indicators 的 Parquet 和 CSV）")
    a = rec.appended
    if rec.database is not None:
        console.print(f"[green]历史库[/]：{escape(str(rec.database))}，写入项目 {a.projects} 个、指标 {a.indicators} 条"
                      + (f"（替换已有项目 {a.replaced} 个）" if a.replaced else "")
                      + (f"；{a.skipped} 个项目未填年度，未写入" if a.skipped else ""))
    if not rec.issues:
        console.print("[green]历史比对[/]：未发现指标值低于上年实际、单位成本异常或等级明显下降的项目")
        return
    by: dict[str, int] = {}
    for i in rec.issues:
        by[i.finding.rule.title] = by.get(i.finding.rule.title, 0) + 1
    console.print("[yellow]历史比对[/]：" + "；".join(f"{t} {n} 项" for t, n in by.items()) + "，见“异常清单”")
    for i in rec.issues[:SHOWN]:
        console.print(f"  {i.finding.code} {escape(i.unit_name)} {escape(i.finding.message)}")
    if len(rec.issues) > SHOWN:
        console.print(f"  ……另有 {len(rec.issues) - SHOWN} 项")
