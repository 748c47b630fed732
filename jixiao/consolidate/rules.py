"""Codes of family C (汇总) raised by consolidation; the rules themselves: jixiao/rules/families/c.py."""

NODE_UNBALANCED, BAD_CONSOLIDATION, EDITED, LATE, MISSING = "C001", "C002", "C003", "C004", "C005"
SUPERSEDED, MIXED_YEARS, OTHER_FORM, NOT_FOUND, LAYOUT, DUPLICATE = "C006", "C007", "C008", "C009", "C010", "C011"
LOW_TARGET, COST_OUTLIER, GRADE_DROP = "C101", "C102", "C103"        # C1xx 历史比对 (jixiao.history)
