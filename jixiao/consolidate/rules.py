"""Family C (汇总) rules: node balance, our own workbooks read back, and what a consolidation leaves out."""

from __future__ import annotations

from ..rules.registry import RULES, rule

NODE = "久其报表节点检查：上级数等于下级数之和"
MERGE = "汇总规范：逐项可追溯，未纳入汇总的文件和单位逐一列明，不得静默丢弃"
OURS = "jixiao 的工程规则，不出自财政预算绩效管理文件。"

# code: (severity, title, basis, message, description)
_C_RULES = {
    "C001": ("强制", "节点不平衡", NODE,
             "{label}：上级数 {value} 不等于下级数之和 {expected}（差额 {difference}）。{detail}",
             "汇总表中上级（单位、部门、合计）的数额应等于其下级之和；不等通常是汇总后手工改动了合计数。"),
    "C002": ("强制", "汇总表无法使用", MERGE, "{detail}",
             "送来的部门汇总表缺少“项目明细”等工作表、表头被改动或缺少生成标识，无法逐项读取。" + OURS),
    "C003": ("提示", "汇总表明细与生成时不一致", MERGE,
             "汇总表的明细数据与生成时记录的校验值不一致，可能在生成后被手工改动；请向报送部门核实。{detail}",
             "jixiao 生成汇总表时记录明细数据的校验值；读回时重新计算并比对。" + OURS),
    "C004": ("提示", "逾期报送", "按报送通知规定的截止时间报送",
             "{label} 于 {value} 报送，晚于截止时间 {expected}（已纳入汇总）。",
             "收到时间取邮件时间，普通文件取文件修改时间。"),
    "C005": ("提示", "未报送", MERGE,
             "名册中的「{label}」（单位编码 {value}）未报送{detail}，汇总中不含该单位。",
             "名册中应报送本表单的单位没有任何数据纳入汇总。"),
    "C006": ("建议", "已被后来报送的版本替代", MERGE,
             "同一项目后来又报送了「{detail}」，以最新报送为准，本文件不计入汇总。",
             "同一单位、同一表单、同一年度、同一项目（项目编码，未填时按项目名称）以收到时间最晚者为准。"),
    "C007": ("提示", "汇总数据含多个年度", MERGE, "汇总数据含多个年度：{detail}，请确认是否混入了其他年度的报表。"),
    "C008": ("提示", "非本次汇总表单", MERGE, "「{detail}」不是本次汇总的表单，未纳入汇总。"),
    "C009": ("强制", "找不到审核时的文件", MERGE,
             "找不到审核时的文件，或文件在审核后已被改动（SHA-256 不一致），未纳入汇总。{detail}",
             "汇总只使用审核过的那一份文件：按审核记录的 SHA-256 核对。" + OURS),
    "C010": ("强制", "表格结构被改动，无法按模板位置读取", MERGE,
             "表格结构被改动（工作表或表头缺失、行列被插入或删除），数据无法按模板位置读取，未纳入汇总。{detail}"),
    "C011": ("建议", "重复报送（内容完全相同）", MERGE,
             "与先前收到的「{detail}」内容完全相同，只计入一次。",
             "两份收件字节完全相同（SHA-256 一致）时只汇总先收到的一份；与 jixiao check 的“重复报送”是同一个判断。" + OURS),
}

for _code, (_sev, _title, _basis, _msg, *_desc) in _C_RULES.items():
    if _code not in RULES:            # tolerate a re-import (e.g. importlib.reload in tests)
        rule(_code, _sev, _title, _basis, _msg, *_desc)

NODE_UNBALANCED, BAD_CONSOLIDATION, EDITED, LATE, MISSING = "C001", "C002", "C003", "C004", "C005"
SUPERSEDED, MIXED_YEARS, OTHER_FORM, NOT_FOUND, LAYOUT, DUPLICATE = "C006", "C007", "C008", "C009", "C010", "C011"

# C1xx 历史比对: the consolidation against the history database (jixiao.history)
HISTORY_STANDARD = ("《项目支出绩效评价管理办法》（财预〔2020〕10号）：历史标准……为体现绩效改进的原则，"
                    "在可实现的条件下应当确定相对较高的评价标准")
COST = ("成本预算绩效：核定单位成本，同类项目横向比较（上海市普陀区2023年度全面实施预算绩效管理情况说明）；"
        "财预〔2021〕101号：经济成本指标（总成本、单位成本）")
_HISTORY_RULES = {
    "C101": ("提示", "指标值低于上年实际完成值", HISTORY_STANDARD,
             "本年度指标值 {value} 低于上年实际完成值 {expected}，可能设定偏低（历史标准）。{detail}",
             "同一单位同一项目（项目编码或项目名称相同）同名、同度量单位的正向指标（≥、＞），本年度指标值低于上年自评实际"
             "完成值（超过政策口径 history.low_target_margin 的幅度）。指标值偏低是“超额完成”的常见原因。"),
    "C102": ("提示", "单位成本偏离同类项目", COST,
             "单位成本 {value} 元，偏离同类项目的中位数 {expected} 元。{detail}",
             "单位成本 = 全年执行数（目标申报表为预算数）÷ 数量指标实际完成值（目标申报表为指标值），单位为元。同年度、同表单、"
             "同名同度量单位的数量指标为同类（政策口径 history.cost_peers 为 project 时还须项目名称相同）；除本单位外至少还有 "
             "cost_min_peers 个单位时，与同类的中位数（含本单位）比较，高于 cost_high 倍或低于 cost_low 倍时提示。一个项目有"
             "多个数量指标时，每个都按项目全部资金计算。"),
    "C103": ("提示", "自评等级较上年明显下降", HISTORY_STANDARD,
             "自评等级由上年的「{expected}」降为「{value}」。{detail}",
             "同一单位同一项目的自评等级较上年下降政策口径 history.grade_drop 级及以上（如优→中），须分析原因。"),
}
for _code, (_sev, _title, _basis, _msg, *_desc) in _HISTORY_RULES.items():
    if _code not in RULES:
        rule(_code, _sev, _title, _basis, _msg, *_desc)

LOW_TARGET, COST_OUTLIER, GRADE_DROP = "C101", "C102", "C103"
