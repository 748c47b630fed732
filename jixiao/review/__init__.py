"""复核与考核: a reproducible re-review sample of self-evaluations with its reviewer workbook and deviation report
(`jixiao review`), and the yearly assessment of departments (部门预算绩效管理工作考核, `jixiao assess`)."""

from __future__ import annotations

from .deviation import Deviation, Report, compare, write_report
from .sample import Pick, draw
from .sheet import ReviewError, Reviewed, read_sheet, write_sheet

__all__ = ["Deviation", "Pick", "Report", "ReviewError", "Reviewed", "compare", "draw", "read_sheet", "write_report",
           "write_sheet"]
