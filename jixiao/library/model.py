"""The library's entries: an indicator with its category, unit, past distributions, standard and scoring note."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..intake.roster import norm_text
from ..spec.loader import enums

HISTORY, INDUSTRY_STD, PLAN = "历史标准", "行业标准", "计划标准"
COMMON, PAST = "共性指标", "历年指标"
SCOPES = ("项目", "部门整体", "评价")


@dataclass
class Stats:
    n: int = 0
    min: float | None = None
    median: float | None = None
    max: float | None = None


@dataclass
class Entry:
    source: str                  # 共性指标 | 历年指标
    scope: str                   # 项目 | 部门整体 | 评价
    industry: str                # 行业 (主管部门), "" for a common indicator
    level1: str
    level2: str
    name: str
    nature: str
    unit: str
    standard: str                # 历史标准 | 行业标准 | 计划标准
    scoring: str                 # 评分说明
    formula: str = ""            # 计算公式或依据
    targets: Stats = field(default_factory=Stats)
    actuals: Stats = field(default_factory=Stats)
    units: int = 0               # 单位数
    projects: int = 0            # 项目数
    project_names: tuple = ()
    years: str = ""              # 2023—2025

    @property
    def reference(self) -> float | None:
        """参考指标值: the median past actual of a rate (度量单位 %) — 历史标准, 「可实现条件下取相对较高标准」;
        quantities follow each project's size and have none."""
        percent = {norm_text(u) for u in enums()["percent_units"]}
        return self.actuals.median if self.actuals.n and norm_text(self.unit) in percent else None

    def text(self) -> str:
        """Everything a keyword may match."""
        return norm_text(" ".join([self.industry, self.level1, self.level2, self.name, self.unit, self.formula,
                                   *self.project_names]))
