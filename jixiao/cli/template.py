"""`jixiao template`: list, build and fill the official templates."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table
from rich.text import Text

from ..spec.layout import load_form
from ..spec.loader import all_form_specs, load_profile, profile_ids
from ..template.builder import build_template, fingerprint
from ..template.fill import fill_template
from ..template.prefill import prefill, prefill_notes
from .common import EXIT_FINDINGS, EXIT_USAGE, UserError, console, handle_errors, shown

app = typer.Typer(help="官方模板：列出、生成、预填。", no_args_is_help=True)


@app.command("list", short_help="列出全部表单模板和政策口径")
def list_cmd() -> None:
    """列出全部表单模板和政策口径。

    示例：jixiao template list
    """
    t = Table(title="表单模板")
    for col in ("编号", "名称", "版本", "填报主体", "填报时间", "用途"):
        t.add_column(col, overflow="fold")
    for s in all_form_specs():
        t.add_row(s["id"], s["title"], s["version"], s["filled_by"], s["when"], s["purpose"])
    console.print(t)
    p = Table(title="政策口径（--profile）")
    for col in ("编号", "名称", "依据"):
        p.add_column(col, overflow="fold")
    for pid in profile_ids():
        prof = load_profile(pid)
        p.add_row(pid, prof["name"], prof["basis"])
    console.print(p)


@app.command("build", short_help="由表单定义生成官方模板（.xlsx）")
@handle_errors
def build_cmd(
    forms: Optional[list[str]] = typer.Argument(None, metavar="表单", help="表单编号或名称；省略则生成全部"),
    out: Path = typer.Option(Path("xlsx_templates"), "--out", "-o", help="输出目录"),
    profile: str = typer.Option("national", "--profile", "-p", help="政策口径：" + "、".join(profile_ids())),
    check: bool = typer.Option(False, "--check", help="只检查输出目录中的模板是否与表单定义一致，不一致时退出码为1"),
) -> None:
    """由表单定义生成官方模板（.xlsx，含实时公式、下拉列表、保护和打印设置）。

    示例：jixiao template build；jixiao template build 项目支出绩效自评表 --profile nanjing -o 南京模板；
    jixiao template build --check
    """
    ids = forms or [s["id"] for s in all_form_specs()]
    stale = []
    for fid in ids:
        form = load_form(fid)
        target = out / form.spec["file"]
        if check:
            with tempfile.TemporaryDirectory() as tmp:
                fresh = build_template(fid, profile, out_dir=Path(tmp))
                if not target.exists() or fingerprint(fresh) != fingerprint(target):
                    stale.append(str(target))
            continue
        path = build_template(fid, profile, out_dir=out)
        console.print(f"[green]已生成[/] {path}")
    if check:
        if stale:
            console.print("[red]以下模板与表单定义不一致，请运行 jixiao template build：[/]\n  " + "\n  ".join(stale))
            raise typer.Exit(EXIT_FINDINGS)
        console.print(f"[green]{len(ids)} 个模板均为最新。[/]")


def _ledger_items(path: Optional[Path]):
    """The items of --ledger (None without it); a workbook that is not a ledger is a usage error."""
    if path is None:
        return None
    from ..ledger import LedgerError, read_ledger
    try:
        return read_ledger(path)
    except LedgerError as e:
        raise UserError(e.message) from e


SOURCE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".json")   # the rest of a folder is not a source; .xls is reported


def _load_source(src: Path) -> tuple[dict, list[str]]:
    """The source's data, and what the user should know about it (a non-template layout and what it could not map)."""
    if src.suffix.lower() == ".json":
        try:
            return json.loads(src.read_text(encoding="utf-8")), []
        except json.JSONDecodeError as e:
            raise UserError(f"文件「{shown(src.name)}」不是有效的 JSON：{e}") from e
    from ..report.model import layout_title
    from ..workbook.reader import read
    fr = read(src)
    notes = [f"按版式“{layout_title(fr.layout)}”读取（不是 jixiao 模板）"] if fr.layout else []
    notes += [f"请核对 {p.sheet}!{p.cell}：{p.detail}" if p.cell else f"请核对：{p.detail}" for p in fr.problems
              if p.code.startswith("S01")]
    return fr.data, notes


@app.command("fill", short_help="把数据写入新模板，如由目标表预填自评表")
@handle_errors
def fill_cmd(
    form: str = typer.Argument(..., metavar="表单", help="要生成的表单编号或名称，如 项目支出绩效自评表"),
    source: Path = typer.Option(..., "--from", "-f", exists=True, help="数据来源：本表（模板或单位自己的旧表，如财政部附1样式）或可预填来源（如目标申报表）的 .xlsx/.json，或包含多份来源的文件夹"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="输出文件（来源为文件夹时为输出目录）"),
    profile: str = typer.Option("national", "--profile", "-p", help="政策口径"),
    ledger: Optional[Path] = typer.Option(None, "--ledger", exists=True, dir_okay=False, help="整改台账（jixiao ledger 写出的 .xlsx）：由上年表预填下年表时，在“填表说明”中写明本项目的整改情况"),
) -> None:
    """把数据写入新模板：如用已批复的目标申报表预填自评表，指标、分值和年初预算数都已填好，单位只需填写执行数和
    实际完成值；或把单位按财政部附表、本省样表填的旧表搬到官方模板上（未能读取或按默认理解的单元格逐条列出，请核对）。

    示例：jixiao template fill 项目支出绩效自评表 --from 目标申报表.xlsx -o 自评表.xlsx；
    jixiao template fill 项目支出绩效自评表 --from 旧表.xlsx；
    jixiao template fill 项目支出绩效自评表 --from 各单位目标表/ -o 预填自评表/；
    jixiao template fill 项目支出绩效目标申报表 --from 上年自评表/ --ledger 整改台账.xlsx -o 下年目标表/
    （由上年自评表预填下年目标表：照录基本信息和指标，年度加一，“填表说明”写明上年总分、等级、结果应用和整改情况）
    （文件夹中读不了的文件逐个说明原因，其余照常生成；全部成功退出码 0，部分失败 1，全部失败 2）
    """
    from ..errors import JixiaoError
    target = load_form(form)
    load_profile(profile)
    items = _ledger_items(ledger)
    folder = source.is_dir()
    sources = sorted(p for p in source.iterdir() if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES) \
        if folder else [source]
    if not sources:
        others = sum(1 for p in source.iterdir() if p.is_file())
        raise UserError(f"文件夹「{shown(source)}」中没有可读取的来源" + (f"（有 {others} 个其他文件）" if others else "")
                        + f"，未生成任何文件。只读取 {'、'.join(SOURCE_SUFFIXES)} 文件（不含子文件夹）。")
    if folder:
        out = out or Path(f"预填{target.spec['title']}")
        out.mkdir(parents=True, exist_ok=True)
    failed = prefilled = 0
    for src in sources:
        try:
            data, notes = _load_source(src)
        except JixiaoError as e:
            if not folder:
                raise
            failed += 1
            console.print(Text.assemble(("未生成 ", "red"), shown(src.name), "：", shown(e.message, 300)))
            continue
        told = []
        if data.get("form") != target.id:
            source_data, data = data, prefill(target, data, profile)
            told = prefill_notes(target, source_data, data, profile, ledger=items,     # at the top of its 填表说明
                                 ledger_name=ledger.name if ledger else "")
            prefilled += 1
        dest = (out / f"{src.stem}-{target.spec['title']}.xlsx") if folder else (
            out or Path(f"{src.stem}-{target.spec['title']}.xlsx"))
        existed = dest.exists()
        fill_template(data, dest, profile, notes=told)
        console.print(Text.assemble(("已生成 ", "green"), shown(str(dest), 300), "（覆盖了原有文件）" if existed else ""))
        for note in notes:
            console.print(Text.assemble("  ", shown(note, 300)))
    if prefilled:
        console.print("预填了什么、分值如何分配、单位还须填写什么，写在生成的表“填表说明”的开头。")
    if folder:
        console.print(f"共 {len(sources)} 份来源：生成 {len(sources) - failed} 份，未生成 {failed} 份。")
    if failed:
        raise typer.Exit(EXIT_USAGE if failed == len(sources) else EXIT_FINDINGS)
