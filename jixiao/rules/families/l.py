"""Family L (跨表一致性): a self-evaluation's or monitoring table's indicators against the approved goal table."""

from ..registry import Rule
from .basis import EVAL, GOAL, MONITOR

APPROVED = (EVAL + "：单位自评的绩效指标为预算批复时确定的绩效指标，定量指标与年初指标值比较；" + MONITOR
            + "：以批复的绩效目标为依据开展监控；" + GOAL + "：绩效目标确需调整的，按程序报批")
WHERE = "目标表见 {detail}"

RULES = (
    Rule("L101", "强制", "已批复的绩效指标在本表中缺失", APPROVED,
         "已批复的绩效指标「{label}」（批复指标值 {expected}）在本表中没有填列。" + WHERE,
         "按项目编码和年度找到已批复的项目支出绩效目标申报表（jixiao check --goals），逐项核对三级指标：批复的指标"
         "不得在自评表、运行监控表中删去；确需调整的须有批准的绩效目标调整（--goal-changes）。"),
    Rule("L102", "强制", "本表有已批复目标表中没有的指标", APPROVED,
         "指标「{label}」不在已批复的绩效目标申报表中，不得自行增加指标。" + WHERE),
    Rule("L103", "强制", "年度指标值比批复值放宽", APPROVED,
         "年度指标值填为 {value}，比已批复的 {expected} 放宽（{label}）。" + WHERE,
         "正向指标（≥、＞）的指标值低于批复值、反向指标（≤、＜）的指标值高于批复值，即在自评或监控时降低了目标；"
         "百分数按同一口径比较（“96%”与 96 相同）。"),
    Rule("L104", "提示", "年度指标值与批复值不一致", APPROVED,
         "年度指标值填为 {value}，与已批复的 {expected} 不一致（{label}）。" + WHERE,
         "指标值比批复值更严（正向指标更高、反向指标更低）、“＝”指标或定性指标的表述改动：请按批复值填写或说明。"),
    Rule("L105", "提示", "计分口径与目标表不一致", APPROVED,
         "「{label}」的计分口径与已批复的目标表不一致：{detail}",
         "一级指标、二级指标、指标性质、度量单位与批复不同，或目标表有分值时分值不同：都会改变该指标的计分。"),
    Rule("L106", "提示", "找不到本项目已批复的绩效目标申报表", APPROVED,
         "未找到项目「{label}」（项目编码 {value}，{expected}年度）已批复的绩效目标申报表，指标未核对。{detail}",
         "按项目编码和年度对应（未填项目编码时按单位编码和项目名称）；给出的目标表或历史库中没有该项目时提示。"),
    Rule("L107", "建议", "已按批准的绩效目标调整核对", APPROVED, "{detail}",
         "与批复不同之处有批准的绩效目标调整（--goal-changes：项目编码、指标、调整后指标值、批准日期、调整原因）"
         "且与调整后指标值一致的，不作为问题，只说明按调整核对。"),
)
