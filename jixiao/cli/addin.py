"""`jixiao addin`: the Excel add-in's settings (xlwings.conf as a file or as a sheet in a template copy) and install steps."""

from __future__ import annotations

import locale
import sys
from pathlib import Path
from typing import Optional

import typer

from .common import UserError, console, handle_errors

UDF_MODULE = "jixiao_addin"
CONF_SHEET = "xlwings.conf"

app = typer.Typer(help="Excel 加载项（xlwings，仅适用于 Microsoft Excel）：生成 xlwings.conf 配置、查看安装步骤。",
                  no_args_is_help=True, add_completion=False)


def addin_dir() -> Path | None:
    """The folder holding jixiao_addin.py (the repository's addin/), or None when jixiao was installed without it."""
    d = Path(__file__).resolve().parents[2] / "addin"
    return d if (d / f"{UDF_MODULE}.py").is_file() else None


def conf_rows(folder: Path, interpreter: bool = True) -> list[tuple[str, str]]:
    """(key, value) settings: this Python as the interpreter, the add-in folder on PYTHONPATH, the UDF module."""
    rows = []
    if interpreter:
        exe = Path(sys.executable)
        if sys.platform.startswith("win"):
            pythonw = exe.with_name("pythonw.exe")          # no console window flashing on every call
            rows.append(("Interpreter_Win", str(pythonw if pythonw.exists() else exe)))
        else:
            rows.append(("Interpreter_Mac", str(exe)))
    return rows + [("PYTHONPATH", str(folder)), ("UDF Modules", UDF_MODULE)]


def conf_text(rows: list[tuple[str, str]]) -> str:
    """The file form xlwings reads: one "KEY","value" line each, keys in capitals."""
    return "".join(f'"{k.upper()}","{v}"\n' for k, v in rows)


def add_conf_sheet(template: Path, out: Path, rows: list[tuple[str, str]]) -> Path:
    """A copy of template with a hidden xlwings.conf sheet (key in A, value in B); the template is not modified."""
    from openpyxl import load_workbook

    from ..template.builder import save_atomic
    from ..workbook.safe import set_value

    if out.resolve() == template.resolve():
        raise UserError("不覆盖原模板：请用 -o 指定一个新的文件名。")
    if template.suffix.lower() != ".xlsx" or out.suffix.lower() != ".xlsx":
        raise UserError("只处理 .xlsx 模板，输出也须为 .xlsx。")
    wb = load_workbook(template)
    if CONF_SHEET in wb.sheetnames:
        wb.remove(wb[CONF_SHEET])
    ws = wb.create_sheet(CONF_SHEET)
    for i, (k, v) in enumerate(rows, start=1):
        set_value(ws, i, 1, k)
        set_value(ws, i, 2, v)
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 18, 70
    ws.sheet_state = "hidden"
    return save_atomic(wb, out)


def _folder(given: Optional[Path]) -> Path:
    folder = given or addin_dir()
    if folder is None:
        raise UserError("找不到加载项文件夹（含 jixiao_addin.py 的 addin 文件夹）。请从 jixiao 源代码取得 addin 文件夹，"
                        "放到固定位置后用 --addin-dir 指定。")
    return folder.resolve()


@app.command("conf", short_help="生成 xlwings.conf 配置（文件或模板中的工作表）")
@handle_errors
def conf_cmd(
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="写入的文件：xlwings.conf，或与 --into 合用时的新模板"),
    into: Optional[Path] = typer.Option(None, "--into", exists=True, dir_okay=False,
                                        help="模板 .xlsx：另存一份带 xlwings.conf 工作表（隐藏）的副本，原模板不变"),
    folder: Optional[Path] = typer.Option(None, "--addin-dir", help="加载项文件夹（默认为 jixiao 自带的 addin 文件夹）"),
    interpreter: bool = typer.Option(True, "--interpreter/--no-interpreter",
                                     help="写入本机 Python 路径；分发给他人的模板用 --no-interpreter，由各人的 xlwings 设置决定"),
) -> None:
    """生成 xlwings 加载项配置：Python 解释器（本机）、PYTHONPATH（加载项文件夹）、UDF Modules（jixiao_addin）。

    示例：jixiao addin conf；jixiao addin conf --out D:\\绩效\\xlwings.conf；
    jixiao addin conf --into 项目支出绩效自评表.xlsx -o 自评表-带加载项配置.xlsx
    """
    rows = conf_rows(_folder(folder), interpreter)
    if into is not None:
        if out is None:
            raise UserError("请用 -o 指定新模板的文件名，例如：-o 模板-带加载项配置.xlsx")
        add_conf_sheet(into, out, rows)
        console.print(f"已生成 {out}（含隐藏的 {CONF_SHEET} 工作表；原模板未改动）。")
    elif out is not None:
        try:
            out.write_text(conf_text(rows), encoding=locale.getpreferredencoding(False))  # Excel's VBA reads ANSI
        except UnicodeEncodeError as e:
            raise UserError("路径中有本机编码无法表示的字符，请改用 --into 生成带配置工作表的模板。") from e
        console.print(f"已写入 {out}。请把它放在工作簿所在的文件夹。")
    else:
        sys.stdout.write(conf_text(rows))


INSTALL_STEPS = """\
jixiao Excel 加载项安装步骤（详见 {guide}）

仅 Microsoft Excel 可用；WPS、LibreOffice 没有 xlwings，请直接使用模板，模板中的公式已能实时计算得分、等级和提示。

1. 安装 Python 3.10 以上（Windows 安装时勾选 “Add python.exe to PATH”），然后在命令行运行：
     pip install "jixiao[addin]"
2. 关闭所有 Excel 窗口，安装 xlwings 加载项：
     xlwings addin install
3. 生成配置（任选一种）：
     jixiao addin conf --into 模板.xlsx -o 模板-带加载项配置.xlsx      （配置写进模板副本，推荐）
     jixiao addin conf --out <工作簿所在文件夹>\\xlwings.conf           （配置文件放在工作簿旁）
4. 只有“导入函数”的人需要：Excel → 文件 → 选项 → 信任中心 → 信任中心设置 → 宏设置 →
   勾选“信任对 VBA 工程对象模型的访问”。
5. 打开带配置的工作簿 → xlwings 选项卡 → Import Functions（导入函数），之后即可使用
   JX_SCORE、JX_GRADE_OF、JX_EXEC_RATE、JX_PARSE_TARGET、JX_CHECK、JX_PROFILE_INFO（工作簿须另存为 .xlsm）。
6. 宏（Alt+F8）：jixiao_validate 校验本工作簿、jixiao_scores 计算得分、jixiao_export_json 导出JSON、
   jixiao_consolidate 汇总文件夹、jixiao_import_last_year 从上年导入、jixiao_self_eval_report 生成自评报告。
   不用 xlwings 选项卡的，可在 VBA 编辑器中导入 {bas}（需引用 xlwings：工具 → 引用 → xlwings）。

加载项文件夹：{folder}
"""


@app.command("install", short_help="打印加载项的安装步骤")
@handle_errors
def install_cmd(
    folder: Optional[Path] = typer.Option(None, "--addin-dir", help="加载项文件夹（默认为 jixiao 自带的 addin 文件夹）"),
) -> None:
    """打印加载项的安装步骤和要运行的命令（本命令不安装任何东西，也不运行 xlwings addin install）。

    示例：jixiao addin install
    """
    d = _folder(folder)
    sys.stdout.write(INSTALL_STEPS.format(guide=d / "安装说明.md", bas=d / "jixiao.bas", folder=d))
