"""`jixiao read`: a filled workbook → its form data as JSON, with the cell of every value."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..workbook.reader import read
from .common import handle_errors, write_json


@handle_errors
def read_cmd(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, metavar="文件", help="填好的表单 .xlsx"),
    cells: bool = typer.Option(True, "--cells/--no-cells", help="同时输出每个值所在的单元格"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="写入 JSON 文件（默认输出到屏幕）"),
) -> None:
    """读取填好的表单，输出 JSON（表头字段、资金、指标表），可选附带每个值的单元格位置。

    示例：jixiao read 自评表.xlsx；jixiao read 自评表.xlsx --no-cells -o 自评表.json
    """
    fr = read(file)
    obj = {"data": fr.data, "problems": [p.detail for p in fr.problems]}
    if cells:
        obj["cells"] = fr.cells
    write_json(obj, out)
