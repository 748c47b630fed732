"""Family A (表内运算): every rule of the family, declared once, as data."""

from ..registry import Rule
from .basis import DEPT_GOAL, DETAIL, FORMULAS, OWN, RECOMPUTED, SYS

RULES = (
    Rule("A001", "强制", "计算结果与规则不符", FORMULAS, RECOMPUTED),
    Rule("A002", "强制", "合计数与各项之和不符", "财预〔2015〕88号：资金总额应等于财政拨款和其他资金之和", RECOMPUTED),
    Rule("A003", "强制", "预算执行率与执行数、预算数不符", "财预〔2020〕10号：执行率 = 全年执行数/全年预算数", RECOMPUTED),
    Rule("A004", "强制", "等级与总分不符", "财预〔2020〕10号：90（含）以上优、80（含）以上良、60（含）以上中、60以下差", RECOMPUTED),
    Rule("A005", "强制", "总分与各项得分之和不符", "财预〔2020〕10号：总分为各项指标得分汇总", RECOMPUTED),
    Rule("A006", "强制", "指标得分与评分规则不符", "财预〔2020〕10号：定量指标按完成比例计分；宁财绩〔2020〕260号 第二十四条", RECOMPUTED),
    Rule("A007", "强制", "预算执行率得分与规则不符", "财预〔2020〕10号：执行率得分 = 执行率 × 分值，最高不超过分值", RECOMPUTED),
    Rule("A201", "强制", "任务总额不等于财政拨款与其他资金之和", DEPT_GOAL + "；" + SYS + "：资金总额应等于财政拨款和其他资金总和（允许误差见表单定义，默认0.005万元）",
         DETAIL),
    Rule("A202", "强制", "金额合计不平衡", DEPT_GOAL + "；" + SYS + "：资金总额应等于财政拨款和其他资金总和（允许误差见表单定义，默认0.005万元）", DETAIL),
    Rule("A301", "提示", "1—N月执行数超过全年预算数", OWN + "：执行数一般不超过调整后全年预算数", DETAIL),
    Rule("A302", "提示", "全年预计执行数超过全年预算数", OWN + "：预计执行数一般不超过调整后全年预算数", DETAIL),
    Rule("A303", "提示", "全年预计执行数小于1—N月执行数", OWN + "：全年预计执行数应包含已执行的1—N月执行数", DETAIL),
)
