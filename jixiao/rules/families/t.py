"""Family T (类型与格式): every rule of the family, declared once, as data."""

from ..registry import Rule
from .basis import DETAIL, ENTRY, EVAL, GOAL_INDICATORS, JIXIAO_TEMPLATE, MONITOR, SYS

RULES = (
    Rule("T001", "强制", "数字单元格中填了文字", ENTRY, "「{label}」应为数字，填报内容为“{value}”"),
    Rule("T002", "强制", "不是下拉列表中的选项", ENTRY, "「{label}」应从下拉列表中选择，填报内容为“{value}”"),
    Rule("T003", "强制", "日期格式不正确", ENTRY, "「{label}」应为日期，填报内容为“{value}”"),
    Rule("T004", "强制", "内容超过长度限制", ENTRY, "「{label}」超过{expected}字"),
    Rule("T005", "强制", "名称或指标值为模板占位符", "预算管理一体化系统：指标值不得保留占位符；“指标1”“XX”等须替换为实际内容",
         "「{label}」仍是模板占位符“{value}”，请填写实际内容"),
    Rule("T101", "强制", "三级指标名称超过100字", SYS + "：指标名称不能大于100个字", DETAIL),
    Rule("T102", "强制", "指标性质不在规定范围", SYS + "：计算符号取 ≥ ＞ ＝ ＜ ≤ 定性 定量（其他）", DETAIL),
    Rule("T103", "强制", "定量指标的指标值不是数字", GOAL_INDICATORS, DETAIL, "定量指标的符号、数值、单位应分列填写，例如“≥50个”分为“≥”“50”“个”。"),
    Rule("T104", "强制", "指标值为模板占位符", SYS + "：指标值不得包含 * _ - 等占位符号", DETAIL),
    Rule("T105", "强制", "实际完成值不是数字", EVAL, DETAIL),
    Rule("T301", "强制", "定量指标的1—N月执行情况不是数字", MONITOR + "；定量指标的执行情况与年度指标值同口径，只填数字（模板填表说明）", DETAIL),
    Rule("T302", "强制", "定量指标的全年预计完成情况不是数字", MONITOR + "；定量指标的预计完成情况与年度指标值同口径，只填数字（模板填表说明）", DETAIL),
    Rule("T501", "强制", "评价指标三级指标名称超过100字", JIXIAO_TEMPLATE + "：三级指标名称不超过100字（与预算管理一体化系统指标名称长度限制一致）", DETAIL),
    Rule("T502", "强制", "评价指标性质不是“定量”或“定性”", EVAL + "：绩效评价采用定量与定性相结合的方式", DETAIL),
    Rule("T503", "强制", "评价类型不是部门评价或财政评价", EVAL + "：绩效评价分为单位自评、部门评价和财政评价；本表用于部门评价和财政评价", DETAIL),
)
