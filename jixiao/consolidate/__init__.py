"""Consolidation: unit → department → bureau workbooks with provenance, 舍位平衡 and 节点检查."""

from .core import LEVELS, ConsolidateError, consolidate
from .model import Consolidation, Issue
from .nodecheck import check_tree
from .readback import is_consolidation, read_consolidation
from .records import IndicatorRecord, ProjectRecord, Source, form_records
from .rounding import balance, yuan_to_wan
from .workbook import write_workbook

__all__ = ["LEVELS", "ConsolidateError", "consolidate", "Consolidation", "Issue", "check_tree", "is_consolidation",
           "read_consolidation", "IndicatorRecord", "ProjectRecord", "Source", "form_records", "balance",
           "yuan_to_wan", "write_workbook"]
