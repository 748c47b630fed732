"""Catalogue entries of the checks that live in the templates' flag cells (jixiao/scoring/calcs): same code, same test.

The condition of each check is written once, in the calc module; the template shows its short message live and the
validator turns it into a finding with the rule's severity. Here only the catalogue facts are declared.
"""

from .registry import rule

MSG = "{detail}"
SYS = "预算管理一体化系统绩效模块保存校验（生产系统做法）"
GOAL = "财政部《中央部门预算绩效目标管理办法》（财预〔2015〕88号）：绩效指标应细化、量化，定量指标须有指标值和计量单位"
EVAL = "财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）"

# indicator definitions (goal tables and self-evaluations)
rule("R101", "强制", "一级指标未选择", GOAL, MSG)
rule("R102", "强制", "二级指标未选择", GOAL, MSG)
rule("G101", "强制", "二级指标与一级指标不匹配", GOAL + "；一级、二级指标按指标框架对应", MSG)
rule("R103", "强制", "三级指标名称未填写", GOAL, MSG)
rule("T101", "强制", "三级指标名称超过100字", SYS + "：指标名称不能大于100个字", MSG)
rule("R104", "强制", "指标性质未选择", GOAL, MSG)
rule("T102", "强制", "指标性质不在规定范围", SYS + "：计算符号取 ≥ ＞ ＝ ＜ ≤ 定性 定量（其他）", MSG)
rule("R105", "强制", "指标值未填写", GOAL, MSG)
rule("T103", "强制", "定量指标的指标值不是数字", GOAL, MSG,
     "定量指标的符号、数值、单位应分列填写，例如“≥50个”分为“≥”“50”“个”。")
rule("T104", "强制", "指标值为模板占位符", SYS + "：指标值不得包含 * _ - 等占位符号", MSG)
rule("R106", "强制", "定量指标缺少度量单位", SYS + "：定量指标计量单位必填", MSG)
rule("R107", "强制", "“定量（其他）”缺少指标值说明", SYS + "：计算符号为“定量（其他）”时指标值说明必填", MSG)

# self-evaluation scoring
rule("R108", "强制", "指标分值未填写", EVAL + "：单位自评各项指标应确定权重（分值）", MSG)
rule("R109", "强制", "实际完成值未填写", EVAL + "：对照年初指标值逐项填报完成情况", MSG)
rule("T105", "强制", "实际完成值不是数字", EVAL, MSG)
rule("R110", "强制", "定性指标未选择完成档次", EVAL + "：定性指标分达成、部分达成、未达成三档", MSG)
rule("R111", "强制", "定性指标未评定得分", EVAL, MSG)
rule("G102", "强制", "定性得分不在所选档次区间", EVAL + "；南京《绩效评价操作规程》（宁财绩〔2020〕260号）第二十四条："
     "三档分别按分值的100%—80%（含）、80%—60%（含）、60%以下确定", MSG)
rule("G103", "强制", "得分超过分值", SYS + "：得分不得大于权重", MSG)
rule("G104", "强制", "扣分未说明偏差原因", EVAL + "：未完成目标或偏离较大的，应分析原因并提出改进措施", MSG)
rule("G105", "提示", "完成值远高于指标值", EVAL + "：完成值高于指标值较多的要分析原因，因指标值设定明显偏低的按偏离度调减分值",
     MSG)
rule("G106", "建议", "未超额完成却标记“指标值设定偏低”", EVAL, MSG)
rule("G107", "强制", "分值合计不等于100", EVAL + " 附1：自评表总分100分", MSG)
rule("G108", "提示", "一级指标分值与原则性权重不符", EVAL + "：原则上产出50%、效益30%、满意度10%、预算执行率10%，"
     "特殊情况可适当调整", MSG)
rule("R112", "强制", "预算执行数据未填写", EVAL + "：预算执行率 = 全年执行数/全年预算数", MSG)
rule("G109", "强制", "尚有指标未评分", EVAL + "：总分为各项指标得分汇总；未评分不同于0分", MSG)
rule("G110", "提示", "预算执行率偏低未说明原因", "四川省部门预算项目支出绩效自评表填表说明：预算执行率未达到90%的需说明原因"
     "（地方口径，--profile sichuan）", MSG)
rule("G111", "提示", "缺少产出指标", GOAL + "；产出指标应当设置", MSG)
rule("G112", "提示", "缺少效益指标", GOAL + "；效益指标应当设置", MSG)
rule("G113", "建议", "缺少满意度指标", GOAL + "；满意度指标视情况设置", MSG)

from . import forms_more  # noqa: E402,F401
