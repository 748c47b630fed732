"""Structure rules: files that are not a readable workbook, workbooks that are not a known template, damaged layouts."""

from __future__ import annotations

from ..workbook.reader import FormRead
from .finding import Finding
from .registry import rule

SAFE = "安全规范：报送文件一律视为不可信，宏不运行、加密和损坏文件不打开"
TEMPLATE = "报送须使用财政部门下发的官方模板（jixiao 生成），以保证逐格审核"
MSG = "{detail}"

rule("B101", "强制", "旧版 .xls 文件", TEMPLATE, MSG)
rule("B102", "强制", "文件已加密", SAFE, MSG)
rule("B103", "强制", "含宏的工作簿（.xlsm/.xlsb）", SAFE, MSG)
rule("B104", "强制", "文件损坏或不完整", SAFE, MSG)
rule("B105", "强制", "文件超出安全限制", SAFE + "；压缩炸弹、XML 实体炸弹、超大文件不予打开", MSG)
rule("B106", "强制", "不是 Excel 工作簿", TEMPLATE, MSG)
rule("S001", "强制", "无法识别的表单", TEMPLATE, MSG)
rule("S002", "提示", "缺少模板标识", TEMPLATE, MSG)
rule("S003", "提示", "模板标识与表单不一致", TEMPLATE, MSG)
rule("S004", "提示", "模板版本不是最新", TEMPLATE, MSG)
rule("S005", "强制", "工作表缺失或被改名", TEMPLATE, MSG)
rule("S006", "强制", "表头被改动或插入、删除了行列", TEMPLATE, MSG)
rule("S007", "强制", "定义名称位置变化（插入、删除了行列）", TEMPLATE, MSG)
rule("S008", "建议", "填报单元格中录入了公式", TEMPLATE, MSG)
rule("S010", "提示", "模板记录的政策口径无法识别", TEMPLATE, MSG,
     "模板标识页记录的政策口径只能是 jixiao 内置口径的编号；其他内容（未知编号、文件路径）一律不采用，按全国通用口径审核。")
UNKNOWN_PROFILE = "S010"

KIND_CODES = {
    "xls": "B101", "encrypted": "B102", "xlsm": "B103", "xlsb": "B103", "truncated": "B104",
    "zip_bomb": "B105", "xml_bomb": "B105", "too_large": "B105", "unknown_form": "S001",
}
LAYOUT_BROKEN = {"S005", "S006", "S007"}     # content cannot be trusted at the template's cells


def read_error_finding(kind: str, message: str, file: str) -> Finding:
    """The one finding for a file that could not be read as a form."""
    return Finding(KIND_CODES.get(kind, "B106"), file=file, detail=message)


def structure_findings(fr: FormRead, file: str) -> list[Finding]:
    return [Finding(p.code, file=file, sheet=p.sheet, cell=p.cell, detail=p.detail) for p in fr.problems]
