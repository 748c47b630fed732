"""Every number on 单位汇总 traces through 来源 to source cells whose values add up to it: on the test fixtures'
clean inbox and on the bundled sample inbox (mail, Outlook .msg, mbox and zip attachments, the README's main job)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from consolidate_data import NOW
from jixiao.consolidate import consolidate, write_workbook
from jixiao.intake import collect
from jixiao.intake.roster import load_roster
from jixiao.intake.submission import file_digest

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _table(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))[1:]                   # under the title row
    return [dict(zip(rows[0], r)) for r in rows[1:] if any(v is not None for v in r)]


class Sources:
    """The source workbooks named in 来源 (attachments extracted from their mails), opened once each."""

    def __init__(self, inbox: Path, work: Path):
        self.paths = {sub.origin: sub.path for sub in collect([inbox], work).submissions}
        self.books: dict = {}

    def path(self, origin: str) -> Path:
        return self.paths[origin]

    def value(self, origin: str, sheet: str, cell: str):
        """What the unit entered; for a formula typed into an input cell (=4+5), the value its workbook saved."""
        if origin not in self.books:
            self.books[origin] = [load_workbook(self.paths[origin], data_only=d) for d in (False, True)]
        typed, saved = (wb[sheet][cell].value for wb in self.books[origin])
        return saved if isinstance(typed, str) and typed.startswith("=") else typed


@pytest.fixture(scope="module", params=["fixtures", "samples"])
def book(request, clean_inbox, roster, tmp_path_factory):
    """(consolidation, its sheets as rows, the source files) for the fixtures' inbox or samples/inbox."""
    tmp = tmp_path_factory.mktemp("trace")
    if request.param == "fixtures":
        inbox, units, name = clean_inbox, roster, "名册.csv"
    else:
        inbox, units, name = SAMPLES / "inbox", load_roster(SAMPLES / "名册.xlsx"), "名册.xlsx"
    c = consolidate([inbox], units, form="project_self_eval", now=NOW, workers=2)
    path = write_workbook(c, tmp / "汇总.xlsx", roster_name=name)
    wb = load_workbook(path, read_only=True)
    sheets = {sheet: _table(wb[sheet]) for sheet in ("单位汇总", "项目明细", "来源")}
    wb.close()
    return c, sheets, Sources(inbox, tmp / "work")


def test_every_number_on_the_summary_traces_to_source_cells(book):
    c, s, sources = book
    assert c.show_departments and not c.unbalanced
    src = {(r["行号"], r["字段"]): r for r in s["来源"]}
    detail = {r["行号"]: r for r in s["项目明细"]}
    heads = list(s["单位汇总"][0])
    amounts = [h for h in heads if h.endswith("（万元）")]
    numeric = heads[heads.index("项目数"):]
    checked = 0

    def projects(row_id: str) -> list[str]:
        """Expand 组成行 recursively down to 项目明细 rows."""
        if row_id.startswith("P"):
            return [row_id]
        listed = src[(row_id, "项目数")]["组成行"]
        return [p for child in listed.split(",") for p in projects(child)]

    def exact(p: str, head: str) -> Decimal:
        """The project's amount from the source workbook: the input cells its computed total is made of."""
        prov = src[(p, head)]
        assert prov["所在工作表"] == "项目明细" and prov["单元格"] and prov["SHA-256"]
        assert file_digest(sources.path(prov["来源文件"]))[0] == prov["SHA-256"]
        cells = [x.strip().split("!") for x in prov["计算依据（单元格）"].split(",")]
        values = [sources.value(prov["来源文件"], sh, ce) for sh, ce in cells]
        total = sum((Decimal(str(v)) for v in values if v is not None), Decimal(0))
        assert total == Decimal(str(prov["源值"]))
        return total

    for row in s["单位汇总"]:
        rid = row["行号"]
        for head in numeric:                               # each numeric cell has its own 来源 line
            assert src[(rid, head)]["组成行"], (rid, head)
            assert src[(rid, head)]["源值"] == row[head]
        ps = projects(rid)
        assert row["项目数"] == len(ps)
        for head in amounts:
            shown = Decimal(str(row[head]))
            total = sum(exact(p, head) for p in ps)
            assert abs(shown - total) < Decimal("0.01"), (rid, head, shown, total)      # 舍位平衡: within a cent
            assert sum(Decimal(str(detail[p][head])) for p in ps) == shown                # and the rows add up
            checked += 1
        budget = sum(exact(p, "全年预算数（万元）") for p in ps)
        executed = sum(exact(p, "全年执行数（万元）") for p in ps)
        assert Decimal(str(row["执行率"])) == (executed / budget).quantize(Decimal("0.0001"), ROUND_HALF_UP)
        for grade in ("优", "良", "中", "差"):
            assert row[f"{grade}（个）"] == sum(1 for p in ps if detail[p]["等级"] == grade)
        scores = [Decimal(str(detail[p]["总分"])) for p in ps]
        assert Decimal(str(row["平均分"])) == (sum(scores) / len(scores)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert checked == 3 * len(s["单位汇总"])


def test_project_rows_trace_cell_by_cell(book):
    _, s, sources = book
    typed = [r for r in s["来源"] if r["所在工作表"] in ("项目明细", "指标明细") and r["单元格"]
             and not r["JSON 路径"].startswith("computed.")]
    assert len(typed) > 200
    for r in typed:
        assert sources.value(r["来源文件"], r["工作表"], r["单元格"]) == r["源值"], r
    roster_rows = [r for r in s["来源"] if str(r["来源文件"] or "").startswith("名册.")]
    assert {r["字段"] for r in roster_rows} == {"主管部门编码", "主管部门"}


def test_sheet_amounts_balance_at_every_level(book):
    _, s, _ = book
    rows = s["单位汇总"]
    amounts = [h for h in rows[0] if h.endswith("（万元）")]
    total = next(r for r in rows if r["层级"] == "合计")
    depts = [r for r in rows if r["层级"] == "部门小计"]
    for head in amounts + ["项目数"]:
        assert sum(Decimal(str(d[head])) for d in depts) == Decimal(str(total[head]))
        for d in depts:
            units = [u for u in rows if u["层级"] == "单位" and u["主管部门编码"] == d["主管部门编码"]]
            assert sum(Decimal(str(u[head])) for u in units) == Decimal(str(d[head]))
