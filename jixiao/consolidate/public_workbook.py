"""The 公开版 workbook (说明, 公开项目, 绩效指标: only what the public may read) and the clerk's internal list (what was
left out, 公开比例)."""

from __future__ import annotations

import csv
from decimal import ROUND_CEILING, Decimal
from pathlib import Path

from openpyxl import Workbook

from ..report.model import atomic_open, clean, form_title
from ..workbook import printing
from ..workbook.safe import csv_safe
from .public import BASIS, DRAFT, VOLUNTARY, CoverageError, Publication
from .records import INDICATOR_KEYS
from .rounding import round_half_up
from .sheets import AMOUNT_FMT, COUNT_FMT, INFO_COLUMNS, RATE_FMT, amount_header, indicator_columns, project_columns
from .workbook import Table, save_deterministic

INFO, PROJECTS, GOALS, COVERAGE, INTERNAL = "说明", "公开项目", "绩效指标", "公开比例", "内部清单（不公开）"
PRIVATE = {"row_id", "dept_code", "unit_code", "secret", "status", "origin", "origin_sha256", "layout"}
CONTENT = {"project_goal": "项目绩效目标：绩效指标及指标值",
           "project_monitor": "项目绩效目标及运行监控情况：指标值、1—N月执行情况、全年预计完成情况",
           "project_self_eval": "项目绩效目标及自评结果：指标值、实际完成值、分值、得分、总分、等级"}
INTERNAL_COLUMNS = [("category", "类别", 10, None), ("dept_name", "主管部门", 14, None), ("unit_code", "单位编码", 8, None),
                    ("unit_name", "单位名称", 16, None), ("project_code", "项目编码", 15, None),
                    ("project_name", "项目名称", 22, None), ("budget", "预算数（万元）", 12, AMOUNT_FMT),
                    ("note", "说明", 40, None)]
SECRET, SUGGEST, WITHHELD, CHECK = "涉密不公开", "建议补充公开", "未达门槛未公开", "需核对"


def public_project_columns(form_id: str) -> list:
    """项目明细's columns without internal ones (codes of units, review status, source files), plus 公开依据."""
    return ([("seq", "序号", 6, None)] + [c for c in project_columns(form_id) if c[0] not in PRIVATE]
            + [("basis", "公开依据", 12, None)])


def public_indicator_columns(form_id: str) -> list:
    return ([("seq", "项目序号", 6, None), ("unit_name", "单位名称", 16, None), ("project_name", "项目名称", 20, None)]
            + [c for c in indicator_columns(form_id) if c[0] in INDICATOR_KEYS])


def coverage_columns() -> list:
    return [("dept_name", "主管部门", 16, None), ("projects", "项目数（不含涉密）", 10, COUNT_FMT),
            ("published_projects", "公开项目数", 8, COUNT_FMT), ("total", "项目资金（万元，不含涉密）", 14, AMOUNT_FMT),
            ("published", "公开项目资金（万元）", 14, AMOUNT_FMT), ("ratio", "公开比例", 9, RATE_FMT),
            ("required", "要求不低于", 9, RATE_FMT), ("result", "结论", 32, None)]


def _percent(x) -> str:
    return "—" if x is None else f"{Decimal(x) * 100:.2f}%"


def _gap(cov) -> Decimal:
    return (cov.total * cov.required - cov.published).quantize(Decimal("0.01"), ROUND_CEILING)


def _verdict(cov) -> str:
    if cov.total <= 0:
        return "无非涉密项目支出，不适用"
    return "符合" if cov.ok else f"未达到：还须公开至少 {_gap(cov)} 万元的项目"


def coverage_text(pub: Publication) -> str:
    """One line per department: 「区教育局 63.20%（要求不低于 50.00%），符合」."""
    return "；".join(f"{c.dept_name} {_percent(c.ratio)}（要求不低于 {_percent(c.required)}），{_verdict(c)}"
                     for c in pub.coverage) or "无项目"


def public_title(pub: Publication, draft: bool = False) -> str:
    """「2025年度项目支出绩效自评表（公开版）」, led by the 草稿 mark on a draft."""
    years = sorted({str(r.get("year")) for r, _ in pub.published if r.get("year") is not None})
    title = f"{years[0] + '年度' if len(years) == 1 else ''}{form_title(pub.form_id)}（公开版）"
    return f"{DRAFT}{title}" if draft else title


def _info(pub: Publication, wb: Workbook, title: str, banner: str | None) -> None:
    """What is published and on which basis: nothing internal (no file names, digests, settings, shortfalls)."""
    years = sorted({str(r.get("year")) for r, _ in pub.published if r.get("year") is not None})
    budget = amount_header(pub.form_id, "budget").replace("（万元）", "")
    chosen = sum(1 for _, basis in pub.published if basis == VOLUNTARY)
    scope = (f"{budget}达到 {pub.threshold} 万元（含）的项目 {len(pub.published) - chosen} 个"
             + (f"，另指定公开 {chosen} 个" if chosen else "") + "。")
    secret = f"涉密（敏感）项目 {len(pub.secret)} 个不予公开，不列明细。" if pub.secret else "无。"
    lines = [
        ("公开内容", f"{'、'.join(years) + '年度' if years else ''}{form_title(pub.form_id)}：{CONTENT[pub.form_id]}。"),
        ("公开范围", scope),
        ("涉密项目", secret),
        ("金额单位", "万元。"),
        ("依据", f"{pub.profile.get('name', '')}。{BASIS}"),
    ]
    t = Table(wb, INFO, INFO_COLUMNS, title, filter=False, banner=banner)
    for k, v in lines:
        t.add({"item": k, "text": v})
    t.finish()


def write_public(pub: Publication, path, draft: bool = False) -> Path:
    """Write the 公开版; the same consolidation workbook and choices always give the same bytes.

    When 公开比例 is not reached there is no 公开版: CoverageError, unless `draft`, which writes one whose every sheet
    says 「草稿（未达到公开比例，不得公开）」 in its title row and at the head of every printed page."""
    if not pub.ok and not draft:
        raise CoverageError("公开比例未达到要求。请按列出的建议（或 --report 内部清单）用 --include 项目编码 补充公开项目后"
                            "重新运行；只供内部审阅时可加 --draft，生成每页标明“草稿（未达到公开比例，不得公开）”的版本。")
    marked = draft and not pub.ok
    title, banner = public_title(pub, marked), DRAFT if marked else None
    wb = Workbook(write_only=True)
    printing.use_font(wb)
    wb.properties.creator = wb.properties.lastModifiedBy = ""
    wb.properties.created = wb.properties.modified = pub.generated_at
    wb.properties.title = title
    _info(pub, wb, title, banner)
    projects = Table(wb, PROJECTS, public_project_columns(pub.form_id), title, banner=banner)
    goals = Table(wb, GOALS, public_indicator_columns(pub.form_id), title, banner=banner)
    for n, (r, basis) in enumerate(pub.published, 1):
        base = {"seq": n, "unit_name": r.get("unit_name"), "project_name": r.get("project_name")}
        projects.add({**r.values, **base, "dept_name": r.dept_name, "basis": basis})
        for ind in sorted(r.indicators, key=lambda i: i.index):
            goals.add({**ind.values, **base})
    for t in (projects, goals):
        t.finish()
    return save_deterministic(wb, Path(path), pub.generated_at)


def internal_rows(pub: Publication):
    """What the clerk needs and the public must not see: 涉密 projects by name, projects to add, entries to check."""
    def row(category, r, note):
        return {"category": category, "dept_name": r.dept_name, "unit_code": r.unit_code,
                "unit_name": r.get("unit_name"), "project_code": r.get("project_code"),
                "project_name": r.get("project_name"), "budget": r.get("budget"), "note": note}
    yield from (row(SECRET, r, why) for r, why in pub.secret)
    suggested = pub.suggestions()
    for dept, picks in suggested.items():
        yield from (row(SUGGEST, r, f"{dept}公开比例不足，按金额从大到小补充") for r in picks)
    chosen = {id(r) for picks in suggested.values() for r in picks}
    yield from (row(WITHHELD, r, f"未达 {pub.threshold} 万元") for r in pub.withheld if id(r) not in chosen)
    yield from ({"category": CHECK, "note": w} for w in pub.warnings)
    yield from ({"category": CHECK, "note": f.message} for f in pub.findings)


def coverage_rows(pub: Publication):
    """公开比例 per department (and 合计 when there are several), with the verdict: for the clerk, not the public."""
    for c in pub.coverage + ([pub.overall] if len(pub.coverage) > 1 else []):
        yield {**vars(c), "ratio": round_half_up(c.ratio, 4), "result": _verdict(c) if c is not pub.overall else "",
               "total_row": c is pub.overall}


def write_internal(pub: Publication, path) -> Path:
    """The internal list as .xlsx (内部清单 and 公开比例 sheets, deterministic like the 公开版) or .csv (the list only;
    UTF-8 with BOM, formulas neutralised)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        with atomic_open(path, encoding="utf-8-sig", newline="") as fh:
            out = csv.writer(fh, lineterminator="\r\n")
            out.writerow([head for _, head, *_ in INTERNAL_COLUMNS])
            for r in internal_rows(pub):
                out.writerow([csv_safe(clean(r.get(key))) for key, *_ in INTERNAL_COLUMNS])
        return path
    wb = Workbook(write_only=True)
    printing.use_font(wb)
    wb.properties.created = wb.properties.modified = pub.generated_at
    title = f"{public_title(pub).replace('（公开版）', '')}公开版内部清单（不得公开）"
    t = Table(wb, INTERNAL, INTERNAL_COLUMNS, title)
    for r in internal_rows(pub):
        t.add(r)
    cov = Table(wb, COVERAGE, coverage_columns(), title)
    for r in coverage_rows(pub):
        cov.add(r, total=r["total_row"])
    for x in (t, cov):
        x.finish()
    return save_deterministic(wb, path, pub.generated_at)
