"""`jixiao score`: recompute a filled form's scores, total and grade, and show where the workbook disagrees."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table
from rich.text import Text

from ..scoring.excel import is_number
from ..scoring.sheet import score_form
from ..spec.loader import resolve_profile
from ..workbook.reader import read
from .common import EXIT_FINDINGS, console, err_console, handle_errors, shown, write_json

SHOWN_INPUTS = ("nature", "target", "unit", "actual", "weight")


def _fmt(v, fmt: str | None = None) -> str:
    if v is None or v == "":
        return "—"
    if is_number(v) and fmt == "percent":
        return f"{float(v) * 100:.2f}%"
    if is_number(v):
        return f"{float(v):g}" if fmt != "score" else f"{float(v):.2f}"
    return str(v)


def _label(data_row: dict) -> str:
    return "/".join(str(data_row.get(k)) for k in ("level1", "level2", "name") if data_row.get(k))


@handle_errors
def score_cmd(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, metavar="文件", help="填好的表单 .xlsx"),
    profile: Optional[str] = typer.Option(None, "--profile", "-p", help="政策口径（默认用模板中记录的口径）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
) -> None:
    """按填入的数值重新计算每项指标得分、预算执行率得分、总分和等级，并列出表内结果与重算不一致的单元格。

    示例：jixiao score 自评表.xlsx；jixiao score 自评表.xlsx --profile nanjing --json
    """
    fr = read(file)
    meta = fr.workbook.meta if fr.workbook else {}
    prof, note = resolve_profile(profile, meta.get("profile_id"))
    if note:
        err_console.print(Text(note, style="yellow"))
    result = score_form(fr.form, prof, fr.data, fr.cached, {k: v for k, v in fr.formulas.items() if v})
    form = fr.form
    if as_json:
        write_json({"file": str(file), "form": form.id, "profile": prof["id"],
                    "values": {k: result.get(k) for k in result.values},
                    "uncalculated": result.uncalculated,
                    "mismatches": [m.__dict__ for m in result.mismatches]}, None)
    else:
        console.print(Text.assemble((form.spec["title"], "bold"), f" {shown(file.name)}（口径：{prof['name']}）"))
        for t in form.tables.values():
            rows = fr.data["tables"].get(t.id, [])
            if not rows:
                continue
            calc_keys = [k for k, s in t.specs.items() if "calc" in s]
            tab = Table(title=t.title)
            tab.add_column("行", justify="right")
            tab.add_column("指标", min_width=18)
            for k in [k for k in SHOWN_INPUTS if k in t.columns] + calc_keys:
                tab.add_column(t.specs[k]["header"], overflow="fold")
            for i, row in enumerate(rows):
                if not row:
                    continue
                cells = [str(i + 1), _label(row)]
                cells += [_fmt(row.get(k)) for k in SHOWN_INPUTS if k in t.columns]
                cells += [_fmt(result.get(t.cell_id(i, k)), t.specs[k].get("format")) for k in calc_keys]
                tab.add_row(*(Text(shown(c)) for c in cells))     # user text is never markup
            console.print(tab)
        summary = Table(title="计算结果")
        summary.add_column("项目")
        summary.add_column("值", overflow="fold")
        for cid, c in form.cells.items():
            if c.is_calc and c.block not in form.tables and result.get(cid) is not None:
                summary.add_row(c.label, Text(_fmt(result.get(cid), c.props.get("format"))))
        console.print(summary)
        if result.uncalculated:
            console.print("[yellow]提示：文件中的公式尚未计算过（未在 Excel/WPS 中打开保存），以上为 jixiao 重算结果。[/]")
        for m in result.mismatches:
            console.print(Text.assemble(("不一致", "red"), f" {m.coord}（{shown(m.label)}）：表内为 {shown(_fmt(m.cached))}，"
                                        f"重算应为 {_fmt(m.computed)}"))
    if result.mismatches:
        raise typer.Exit(EXIT_FINDINGS)
