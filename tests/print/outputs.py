"""Every kind of workbook jixiao writes, made from the bundled samples as the README's main job makes them.

Used by test_print.py and by `python -m tests.print.images` (the page images in docs/print/).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from jixiao.cli.app import app
from jixiao.consolidate.public import plan_publication
from jixiao.consolidate.public_workbook import write_internal, write_public
from jixiao.spec.loader import load_profile

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
DEPARTMENTS = ("区卫生健康委", "区科学技术局")        # two departments keep the bureau's 来源 to a few dozen pages


def _cli(*args) -> None:
    r = CliRunner().invoke(app, [str(a) for a in args])
    assert r.exit_code in (0, 1), (args, r.output)       # 1: problems found, which is the point of a check


def build(out: Path) -> dict[str, list[Path]]:
    """{kind: workbooks} for every output kind: templates, a pre-filled form, 审核汇总, 反馈表, department and bureau
    consolidations, the 公开版, a 公开版 draft and the internal list, the 整改台账, the 指标库, the 复核工作表 and
    its 偏差报告, and the 部门考核."""
    roster = SAMPLES / "名册.xlsx"
    _cli("template", "fill", "项目支出绩效自评表", "--from", SAMPLES / "goal", "-o", out / "预填自评表")
    checked = out / "审核结果"
    _cli("check", SAMPLES / "inbox", "--roster", roster, "--out", checked, "--bureau", "某某区财政局")
    history = out / "历史.duckdb"
    _cli("consolidate", SAMPLES / "上年" / "自评表", "--roster", roster, "--history", history, "--no-data",
         "-o", out / "上年汇总.xlsx")
    for dept in DEPARTMENTS:
        _cli("consolidate", checked, "--roster", roster, "--form", "项目支出绩效自评表", "--department", dept,
             "--history", history, "--no-data", "-o", out / "部门汇总" / f"{dept}汇总.xlsx")
    bureau = out / "全区汇总.xlsx"
    for departments in (out / "部门汇总" / f"{DEPARTMENTS[0]}汇总.xlsx", out / "部门汇总"):     # the rerun adds 变更
        _cli("consolidate", departments, "--roster", roster, "--level", "bureau", "--no-history", "--no-data",
             "-o", bureau)
    pub = plan_publication(bureau)
    codes = [r.get("project_code") for picks in pub.suggestions().values() for r in picks]
    passed = plan_publication(bureau, include=codes)
    assert passed.ok, "建议补充的项目应使公开比例达标"
    strict = {**load_profile("national"), "publish": {"threshold": 500, "coverage_min": 0.99}}
    short = plan_publication(bureau, profile=strict)
    assert not short.ok
    internal = write_internal(short, out / "公开版内部清单.xlsx")
    _cli("ledger", "build", checked, "--roster", roster, "--date", "2026-03-10", "--today", "2026-03-20",
         "-o", out / "整改台账.xlsx")
    _cli("indicators", "--history", history, "-o", out / "绩效指标库.xlsx")
    _cli("review", "sample", history, "--seed", "2025", "-o", out / "复核工作表.xlsx")
    _reviewed(out / "复核工作表.xlsx")
    _cli("review", "report", out / "复核工作表.xlsx", "-o", out / "复核偏差报告.xlsx")
    _cli("assess", checked, "--roster", roster, "--ledger", out / "整改台账.xlsx", "--publish", internal,
         "--deadline", "2026-03-06", "-o", out / "部门考核.xlsx")
    return {
        "模板": sorted((ROOT / "xlsx_templates").glob("*.xlsx")),
        "预填自评表": sorted((out / "预填自评表").glob("*.xlsx")),
        "审核汇总": [checked / "审核汇总.xlsx"],
        "反馈表": sorted((checked / "反馈表").glob("*.xlsx")),
        "部门汇总": sorted((out / "部门汇总").glob("*.xlsx")),
        "全区汇总": [bureau],
        "公开版": [write_public(passed, out / "全区公开版.xlsx")],
        "公开版草稿": [write_public(short, out / "全区公开版（草稿）.xlsx", draft=True)],
        "公开版内部清单": [internal],
        "整改台账": [out / "整改台账.xlsx"],
        "指标库": [out / "绩效指标库.xlsx"],
        "复核工作表": [out / "复核工作表.xlsx"],
        "复核偏差报告": [out / "复核偏差报告.xlsx"],
        "部门考核": [out / "部门考核.xlsx"],
    }


def _reviewed(path: Path) -> None:
    """The reviewer's work: every sampled project re-scored 3 points lower, with a note."""
    wb = load_workbook(path)
    ws = wb["复核工作表"]
    head = [c.value for c in ws[2]]
    for r in range(3, ws.max_row + 1):
        own = ws.cell(r, head.index("自评得分") + 1).value
        ws.cell(r, head.index("复核得分") + 1).value = round(own - 3, 2) if isinstance(own, (int, float)) else None
        ws.cell(r, head.index("复核意见") + 1).value = "部分指标完成值佐证不足，核减得分"
    wb.save(path)
