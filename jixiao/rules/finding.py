"""Findings (facts plus a location) and the per-file and batch reports that collect them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .registry import RULES, SEVERITIES

STATUS_ORDER = ("强制", "提示", "建议", "通过")


def _show(v) -> str:
    """A value as a person reads it: 12.0 → 12, 0.95 stays 0.95."""
    if isinstance(v, float):
        return f"{v:.10g}"
    return str(v)


@dataclass
class Finding:
    code: str
    file: str = ""
    sheet: str = ""
    cell: str = ""                 # "L14"
    label: str = ""                # 产出指标/数量指标/学生受资助人数 or 项目资金（万元）/年度资金总额/全年预算数
    value: object = None           # what the unit entered
    expected: object = None        # what was expected
    difference: object = None      # value − expected where both are numbers
    detail: str = ""               # anything else the message needs

    @property
    def rule(self):
        return RULES[self.code]

    @property
    def severity(self) -> str:
        return self.rule.severity

    @property
    def where(self) -> str:
        loc = f"「{self.sheet}」{self.cell}" if self.sheet and self.cell else (f"「{self.sheet}」" if self.sheet else "")
        return loc

    @property
    def message(self) -> str:
        """The Chinese message: location first, then the rule's template filled with this finding's facts."""
        facts = {k: ("" if v is None else _show(v)) for k, v in asdict(self).items()}
        text = self.rule.message.format(**facts)
        extra = []
        if self.value not in (None, "") and _show(self.value) not in text:
            extra.append(f"填报值：{_show(self.value)}")
        if self.expected not in (None, "") and _show(self.expected) not in text:
            extra.append(f"应为：{_show(self.expected)}")
        if extra:
            text += "（" + "；".join(extra) + "）"
        label = f"（{self.label}）" if self.label and self.label not in text else ""
        return f"{self.where}{label}：{text}" if self.where or label else text

    def to_dict(self) -> dict:
        d = asdict(self)
        d.update(severity=self.severity, title=self.rule.title, message=self.message)
        return d


@dataclass
class FileReport:
    """One input file: what it is, who sent it, what was found."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    form_id: str | None = None
    unit_code: str | None = None
    unit_name: str | None = None
    total_score: float | None = None
    grade: str | None = None
    facts: dict = field(default_factory=dict)       # provenance and anything else worth reporting
    extract: object = field(default=None, repr=False, compare=False)   # Options.extract's result, from the worker

    @property
    def status(self) -> str:
        """The worst severity found, or 通过."""
        sev = {f.severity for f in self.findings}
        return next((s for s in SEVERITIES if s in sev), "通过")

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.findings:
            out[f.code] = out.get(f.code, 0) + 1
        return out
