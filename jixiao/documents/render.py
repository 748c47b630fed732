"""Fill a Word template (docxtpl: Jinja tags in an ordinary .docx the bureau can edit) and save it atomically."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import JixiaoError
from ..workbook.safe import atomic_path

TEMPLATES = Path(__file__).resolve().parent / "templates"
CHART_WIDTH_MM = 150


@dataclass(frozen=True)
class Chart:
    """A PNG to place where the template says {{ name }}."""
    png: bytes
    width_mm: float = CHART_WIDTH_MM


def template_path(kind: str, template=None) -> Path:
    """The bureau's own template when given, else the default one shipped in the package."""
    path = Path(template) if template else TEMPLATES / f"{kind}.docx"
    if not path.is_file():
        raise JixiaoError(f"找不到报告模板「{path}」。")
    if path.suffix.lower() != ".docx":
        raise JixiaoError(f"报告模板「{path.name}」不是 .docx 文件：请在 Word/WPS 中另存为 .docx（Word 文档）。")
    return path


def render(kind: str, context: dict, out, template=None) -> Path:
    """Write the report: the template filled with the context (Chart values become pictures)."""
    from docxtpl import DocxTemplate, InlineImage
    from docx.shared import Mm
    from jinja2 import Environment, StrictUndefined, TemplateError

    path = template_path(kind, template)
    try:
        tpl = DocxTemplate(str(path))
        tpl.init_docx()
    except Exception as e:                     # python-docx raises several types for a file that is not Word
        raise JixiaoError(f"报告模板「{path.name}」无法打开（不是有效的 Word 文档）：{e}") from e
    ctx = {k: InlineImage(tpl, io.BytesIO(v.png), width=Mm(v.width_mm)) if isinstance(v, Chart) else v
           for k, v in context.items()}
    env = Environment(autoescape=True, undefined=StrictUndefined)
    try:
        tpl.render(ctx, jinja_env=env)
    except TemplateError as e:
        raise JixiaoError(f"报告模板「{path.name}」中的标记有误：{e}（可用的变量见 README“报告（Word）”一节）") from e
    out = Path(out)
    with atomic_path(out) as tmp:
        tpl.save(str(tmp))
    return out
