"""The rule catalogue: every check has a stable code, a severity, a Chinese title, its policy basis and a message."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

SEVERITIES = ("强制", "提示", "建议")      # 强制 blocks; 提示 passes with a written explanation; 建议 is advice
FAMILIES = {
    "S": "结构与模板", "R": "必填", "T": "类型与格式", "A": "表内运算", "X": "表间与名册", "L": "跨表一致性",
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


class _Catalogue(Mapping):
    """code → Rule for every rule of every family (jixiao/rules/families/), loaded and checked on first use, so
    the catalogue never depends on which modules a caller happened to import."""

    def __init__(self):
        self._rules: dict[str, Rule] | None = None

    def _load(self) -> dict[str, Rule]:
        if self._rules is None:
            from .families import declared
            rules: dict[str, Rule] = {}
            for r in declared():
                _check(r, rules)
                rules[r.code] = r
            self._rules = dict(sorted(rules.items()))
        return self._rules

    def __getitem__(self, code: str) -> Rule:
        return self._load()[code]

    def __iter__(self):
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


def _check(r: Rule, seen: dict) -> None:
    if len(r.code) != 4 or r.code[0] not in FAMILIES or not r.code[1:].isdigit():
        raise ValueError(f"bad rule code {r.code!r}")
    if r.code in seen:
        raise ValueError(f"rule {r.code} declared twice")
    if r.severity not in SEVERITIES:
        raise ValueError(f"rule {r.code}: severity {r.severity!r}")


RULES: Mapping[str, Rule] = _Catalogue()


def all_rules() -> Mapping[str, Rule]:
    """The complete catalogue (RULES itself: it is always complete)."""
    return RULES


def selected(codes: list[str] | None, select: list[str] | None, ignore: list[str] | None) -> set[str]:
    """Codes kept by --select/--ignore, each given as a code (G003) or a prefix (G, G0)."""
    codes = list(RULES) if codes is None else codes

    def match(code: str, pats) -> bool:
        return any(code.startswith(p.strip().upper()) for p in pats if p.strip())

    keep = {c for c in codes if not select or match(c, select)}
    return {c for c in keep if not (ignore and match(c, ignore))}
