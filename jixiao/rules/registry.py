"""The rule catalogue: every check has a stable code, a severity, a Chinese title, its policy basis and a message."""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("强制", "提示", "建议")      # 强制 blocks; 提示 passes with a written explanation; 建议 is advice
FAMILIES = {
    "S": "结构与模板", "R": "必填", "T": "类型与格式", "A": "表内运算", "X": "表间与名册",
    "G": "评分与指标", "C": "汇总", "B": "收件与文件",
}


@dataclass(frozen=True)
class Rule:
    code: str               # family letter + three digits, never reused
    severity: str
    title: str
    basis: str              # the policy document or practice it comes from
    message: str            # str.format template over a finding's fields: {label}, {value}, {expected}, {detail} …
    description: str = ""

    @property
    def family(self) -> str:
        return FAMILIES[self.code[0]]


RULES: dict[str, Rule] = {}

# Every module that declares rules, in catalogue order. all_rules() imports exactly these, so the catalogue (and its
# fingerprint) never depends on which modules a caller happened to import first.
DECLARED_IN = ("jixiao.rules.structure", "jixiao.rules.cells", "jixiao.rules.arithmetic", "jixiao.rules.forms",
               "jixiao.rules.forms_more", "jixiao.rules.roster_rules", "jixiao.intake.rules",
               "jixiao.consolidate.rules")


def all_rules() -> dict[str, Rule]:
    """The complete catalogue: every declaring module imported (once), whatever was imported before."""
    import importlib
    for name in DECLARED_IN:
        importlib.import_module(name)
    return RULES


def rule(code: str, severity: str, title: str, basis: str, message: str, description: str = "") -> Rule:
    """Register a rule; codes are checked for shape and uniqueness at import time."""
    if len(code) != 4 or code[0] not in FAMILIES or not code[1:].isdigit():
        raise ValueError(f"bad rule code {code!r}")
    if code in RULES:
        raise ValueError(f"rule {code} registered twice")
    if severity not in SEVERITIES:
        raise ValueError(f"rule {code}: severity {severity!r}")
    r = Rule(code, severity, title, basis, message, description)
    RULES[code] = r
    return r


def selected(codes: list[str] | None, select: list[str] | None, ignore: list[str] | None) -> set[str]:
    """Codes kept by --select/--ignore, each given as a code (G003) or a prefix (G, G0)."""
    codes = list(RULES) if codes is None else codes

    def match(code: str, pats) -> bool:
        return any(code.startswith(p.strip().upper()) for p in pats if p.strip())

    keep = {c for c in codes if not select or match(c, select)}
    return {c for c in keep if not (ignore and match(c, ignore))}
