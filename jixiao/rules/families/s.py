"""Family S (结构与模板): every rule of the family, declared once, as data."""

from ..registry import Rule
from .basis import DETAIL, FORMULAS, TEMPLATE

RULES = (
    Rule("S001", "强制", "无法识别的表单", TEMPLATE, DETAIL),
    Rule("S002", "提示", "缺少模板标识", TEMPLATE, DETAIL),
    Rule("S003", "提示", "模板标识与表单不一致", TEMPLATE, DETAIL),
    Rule("S004", "提示", "模板版本不是最新", TEMPLATE, DETAIL),
    Rule("S005", "强制", "工作表缺失或被改名", TEMPLATE, DETAIL),
    Rule("S006", "强制", "表头被改动或插入、删除了行列", TEMPLATE, DETAIL),
    Rule("S007", "强制", "定义名称位置变化（插入、删除了行列）", TEMPLATE, DETAIL),
    Rule("S008", "建议", "填报单元格中录入了公式", TEMPLATE, DETAIL),
    Rule("S009", "强制", "公式被改写为数值", FORMULAS, "「{label}」原为公式，现被改写为数值 {value}，请恢复模板公式（可重新使用下发模板）"),
    Rule("S010", "提示", "模板记录的政策口径无法识别", TEMPLATE, DETAIL,
         "模板标识页记录的政策口径只能是 jixiao 内置口径的编号；其他内容（未知编号、文件路径）一律不采用，按全国通用口径审核。"),
    Rule("S011", "提示", "非模板工作簿：有内容未能按版式读取或按默认口径理解", TEMPLATE, DETAIL,
         "不是 jixiao 模板的工作簿按 jixiao/spec/layouts 中的版式（如财预〔2020〕10号 附1）按标签读取；没有指标性质符号的"
         "指标值按正向指标、未写完成档次的定性指标按得分比例推定档次、超出模板行数的指标等逐条列出单元格，不会静默猜测。"),
)
