"""公开版: which projects of a consolidation may be published (涉密 out, ≥ threshold in) and the coverage check."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from ..errors import JixiaoError
from ..intake.roster import RosterError, norm_header, read_rows, norm_code
from ..intake.submission import file_digest
from ..rules.finding import Finding
from ..spec.loader import load_profile
from .readback import read_consolidation
from .records import ProjectRecord, Source
from .rounding import to_decimal

BASIS = ("项目预算金额达到规定金额的须公开绩效目标，公开涉及的项目资金原则上不低于本部门（单位）项目支出的规定比例；"
         "涉密信息、敏感信息除外（上海市普陀区《2023年度全面实施预算绩效管理情况说明》）。")
DRAFT = "草稿（未达到公开比例，不得公开）"
SECRET_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt", ".tsv")
SECRET_HEADERS = {"project": ("项目编码", "项目代码"), "unit": ("单位编码", "单位代码", "预算单位编码", "预算单位代码"),
                  "department": ("主管部门编码", "主管部门代码", "部门编码", "部门代码"), "any": ("编码", "代码")}
_SECRET_INDEX = {norm_header(label): kind for kind, labels in SECRET_HEADERS.items() for label in labels}
THRESHOLD, VOLUNTARY = "达到公开门槛", "指定公开"
MARKED = "汇总表“涉密”列为“是”（单位填报或汇总后标注）"


class PublishError(JixiaoError, ValueError):
    """The 公开版 cannot be made (not our workbook, unbalanced, unreadable list); the message is Chinese."""


class CoverageError(PublishError):
    """公开比例 not reached: no 公开版 is written (only a draft, when asked for)."""


@dataclass
class SecretList:
    """Codes of 涉密 projects, units and departments; a bare code (no header) may be any of the three."""

    source: str = ""
    codes: dict = field(default_factory=lambda: {k: set() for k in SECRET_HEADERS})

    def reason(self, r: ProjectRecord) -> str | None:
        c = self.codes
        for kind, code, label in (("project", norm_code(r.get("project_code")), "项目编码"),
                                  ("unit", r.unit_code, "单位编码"), ("department", r.dept_code, "主管部门编码")):
            if code and (code in c[kind] or code in c["any"]):
                return f"涉密清单「{self.source}」（{label} {code}）"
        return None

    def unused(self, records: list[ProjectRecord]) -> list[str]:
        """Entries that match no project: probably a typo, listed for the clerk."""
        seen = {"project": {norm_code(r.get("project_code")) for r in records}, "unit": {r.unit_code for r in records},
                "department": {r.dept_code for r in records}}
        seen["any"] = set().union(*seen.values())
        return sorted(code for kind, codes in self.codes.items() for code in codes if code not in seen[kind])


def load_secret_list(path) -> SecretList:
    """A 涉密 list: .xlsx (first sheet), .csv or .txt; columns 项目编码/单位编码/主管部门编码, or one code per line."""
    path = Path(path)
    if path.suffix.lower() not in SECRET_SUFFIXES:
        raise PublishError(f"涉密清单 {path.name} 格式不支持：请使用 .xlsx、.csv 或 .txt（每行一个编码）")
    try:
        rows = read_rows(path)
    except (RosterError, OSError) as e:
        raise PublishError(f"涉密清单 {path.name} 无法读取：{e}") from e
    out = SecretList(path.name)
    head, cols = -1, {}
    for i, row in enumerate(rows[:10]):
        found = {_SECRET_INDEX[h]: j for j, h in reversed(list(enumerate(map(norm_header, row))))
                 if h in _SECRET_INDEX}
        if found:
            head, cols = i, found
            break
    for row in rows[head + 1:]:
        if head < 0:
            first = next((c for c in row if c), "")
            if first and not first.startswith("#"):
                out.codes["any"].add(norm_code(first))
            continue
        for kind, j in cols.items():
            if j < len(row) and norm_code(row[j]):
                out.codes[kind].add(norm_code(row[j]))
    return out


def load_secret_lists(paths) -> SecretList | None:
    """Several 涉密 lists as one (None when there are none)."""
    lists = [load_secret_list(p) for p in paths or ()]
    if not lists:
        return None
    out = SecretList("、".join(x.source for x in lists))
    for x in lists:
        for kind, codes in x.codes.items():
            out.codes[kind] |= codes
    return out


@dataclass
class Coverage:
    """公开比例 of one department (or 合计): published budget / budget of all projects that are not 涉密."""

    dept_name: str
    projects: int = 0
    published_projects: int = 0
    total: Decimal = Decimal(0)
    published: Decimal = Decimal(0)
    required: Decimal = Decimal("0.5")

    @property
    def ratio(self) -> Decimal | None:
        return self.published / self.total if self.total > 0 else None

    @property
    def ok(self) -> bool:
        return self.total <= 0 or self.published >= self.total * self.required

    def add(self, budget: Decimal, published: bool) -> None:
        self.projects += 1
        self.total += budget
        if published:
            self.published_projects += 1
            self.published += budget


@dataclass
class Publication:
    source: Path
    sha256: str
    meta: dict
    form_id: str
    profile: dict
    threshold: Decimal
    share: Decimal
    published: list = field(default_factory=list)      # (record, basis)
    withheld: list = field(default_factory=list)       # below the threshold, not 涉密
    secret: list = field(default_factory=list)         # (record, reason)
    coverage: list = field(default_factory=list)       # Coverage per department
    overall: Coverage | None = None
    findings: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # for the clerk only (may name 涉密 entries)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.coverage)

    @property
    def generated_at(self) -> datetime:
        """The consolidation's own time, so the same input always gives the same bytes."""
        try:
            return datetime.fromisoformat(self.meta.get("generated_at", ""))
        except ValueError:
            return datetime(2000, 1, 1)

    def suggestions(self) -> dict[str, list[ProjectRecord]]:
        """Per department short of the share: the fewest largest withheld projects that would close the gap."""
        out = {}
        for cov in self.coverage:
            if cov.ok:
                continue
            gap, picks = cov.total * cov.required - cov.published, []
            for r in sorted((r for r in self.withheld if _dept(r) == cov.dept_name), key=lambda r: -_budget(r)):
                if gap <= 0:
                    break
                picks.append(r)
                gap -= _budget(r)
            out[cov.dept_name] = picks
        return out


def _budget(r: ProjectRecord) -> Decimal:
    return to_decimal(r.get("budget")) or Decimal(0)


def _dept(r: ProjectRecord) -> str:
    return r.dept_name or r.dept_code or "（未填主管部门）"


def plan_publication(path, secret: SecretList | None = None, profile: str | dict | None = None,
                     include=()) -> Publication:
    """Read a consolidation workbook and decide what the 公开版 holds; PublishError if it cannot be used."""
    path = Path(path)
    sha = file_digest(path)[0]
    rb = read_consolidation(path, Source(path.name, sha, kind="consolidation"))
    if not rb.usable:
        raise PublishError("；".join(f.message for f in rb.findings) or f"「{path.name}」不是 jixiao 生成的汇总表。")
    strong = [f for f in rb.findings if f.severity == "强制"]
    if strong:
        raise PublishError(f"汇总表「{path.name}」节点检查不平衡（{len(strong)} 处，如：{strong[0].message}），"
                           "请重新运行 jixiao consolidate 后再生成公开版。")
    prof = profile if isinstance(profile, dict) else load_profile(profile or rb.meta.get("profile_id") or "national")
    rules = prof["publish"]
    pub = Publication(path, sha, rb.meta, rb.form_id, prof, to_decimal(rules["threshold"]),
                      to_decimal(rules["coverage_min"]), findings=list(rb.findings))
    wanted = {norm_code(c) for c in include if norm_code(c)}
    depts: dict[str, Coverage] = {}
    for r in rb.projects:
        reason = MARKED if r.get("secret") else (secret.reason(r) if secret else None)
        if reason:
            pub.secret.append((r, reason))
            if norm_code(r.get("project_code")) in wanted:
                pub.warnings.append(f"项目 {r.get('project_code')} 为涉密项目，不能指定公开，已排除。")
            continue
        budget, code = _budget(r), norm_code(r.get("project_code"))
        basis = THRESHOLD if budget >= pub.threshold else VOLUNTARY if code and code in wanted else None
        if basis:
            pub.published.append((r, basis))
        else:
            pub.withheld.append(r)
        depts.setdefault(_dept(r), Coverage(_dept(r), required=pub.share)).add(budget, basis is not None)
    pub.coverage = list(depts.values())
    pub.overall = Coverage("合计", required=pub.share)
    for c in pub.coverage:
        pub.overall.projects += c.projects
        pub.overall.published_projects += c.published_projects
        pub.overall.total += c.total
        pub.overall.published += c.published
    known = {norm_code(r.get("project_code")) for r in rb.projects}
    pub.warnings += [f"指定公开的项目编码 {c} 在汇总表中不存在。" for c in sorted(wanted - known)]
    if secret:
        pub.warnings += [f"涉密清单中的编码 {c} 与汇总表中的项目、单位、主管部门均不匹配，请核对。"
                         for c in secret.unused(rb.projects)]
    return pub
