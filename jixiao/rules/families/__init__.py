"""The rule catalogue as data: one module per family (S 结构与模板, R 必填, T 类型与格式, A 表内运算, X 表间与名册, L 跨表一致性,
G 评分与指标, C 汇总, B 收件与文件), each a tuple of Rule; basis.py holds the policy texts they cite.

Numbering inside R/T/A/G: 0xx every form, 1xx 项目支出目标申报表和自评表, 2xx 部门整体目标申报表和自评表, 3xx 运行监控表,
4xx 事前绩效评估表和绩效目标审核表, 5xx 绩效评价指标体系、分析工作底稿和结果应用. A check that is literally the rule of another
entry carries that entry's code (R001/T001/T002 for blank, text-in-number and off-list cells; G109/G111/G112). Codes are
never reused. The conditions live where the checks run (jixiao/scoring/calcs flag cells, rules/cells.py, …); a rule's
catalogue facts live here only.
"""

from __future__ import annotations

from importlib import import_module

ORDER = "SRTAXLGCB"


def declared() -> list:
    """Every Rule of every family, family by family."""
    return [r for letter in ORDER for r in import_module(f"{__name__}.{letter.lower()}").RULES]
