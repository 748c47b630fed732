"""The sample inbox: the committed files are what the generator plans, and checking them finds exactly what was planted.

Regenerating the workbooks takes LibreOffice about two minutes, so (a) regenerates only the LibreOffice-free part — the
roster and expected.json — and compares file names; the planted expectations never come from running the checker.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.demo.samples import SEED, SEP, Plan, write_plan
from jixiao.intake.roster import load_roster
from jixiao.batch import check_paths
from jixiao.rules.registry import RULES, SEVERITIES

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
# Rules no file in an inbox can raise, and why.
UNTRIGGERABLE = {
    "B007": "输入路径不存在或无权读取：这是调用参数的问题，不是报送文件的问题（只有死链接才能在文件夹里引发，不宜提交到仓库）",
    "B008": "不是普通文件（FIFO、设备）：无法提交到仓库，tests/intake/test_hostile_intake.py 现场创建",
    "B009": "指向输入文件夹以外的链接：tests/intake/test_hostile_intake.py 现场创建",
    "B010": "一次审核取出的内容超过总量上限（默认 4 GiB）：tests/intake/test_hostile_intake.py 用调低的上限触发",
    "B020": "处理进程超时或崩溃：最后一道防线，任何正常或损坏的文件都不应触发；tests/batch/test_isolation.py 用限时、限内存触发",
    "T006": "非数、无穷大或超出 10¹⁵ 的数值：由 tests/hostile/reader_cases.py（huge_budget、non_finite_numbers）触发",
    "S011": "非模板工作簿的版式说明：示例收件箱全是模板文件；tests/workbook/test_layouts.py 触发",
    "S010": "模板标识页记录了未知口径：恶意或手工改动的模板标识，见 tests/batch/test_hostile_batch.py",
}
# Rules of forms that no unit in this inbox submits: 2xx 部门整体目标申报表/自评表, 4xx 事前绩效评估表/绩效目标审核表,
# 5xx 绩效评价指标体系及分析工作底稿 (the 5xx 结果应用 checks shared with the self-evaluation are planted here). Their
# planted workbooks are in tests/rules/test_form_findings.py, whose coverage test asserts this very set.
NOT_IN_INBOX = {c for c in RULES if c[0] != "C" and c[1] in "245"} - {"G510", "R511", "R512", "R513"}
# Family C is raised by `jixiao consolidate`, not by `jixiao check`: tests/consolidate/test_rule_coverage.py.
CONSOLIDATION = {c for c in RULES if c[0] == "C"}
CROSSFORM = {c for c in RULES if c[0] == "L"}          # raised only with --goals: tests/crossform/


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads((SAMPLES / "expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    roster = load_roster(SAMPLES / "名册.xlsx")
    return check_paths([SAMPLES / "inbox"], tmp_path_factory.mktemp("work"), roster=roster)


def origin(report) -> str:
    return report.facts.get("origin") or report.file


def found_by_origin(batch) -> dict[str, tuple[set[str], str]]:
    """Codes and worst status per origin (a file may come back in more than one report, e.g. a duplicate)."""
    out: dict[str, tuple[set, set]] = {}
    for fr in batch.files:
        codes, statuses = out.setdefault(origin(fr), (set(), set()))
        codes |= {f.code for f in fr.findings}
        statuses.add(fr.status)
    return {o: (c, next((s for s in SEVERITIES if s in st), "通过")) for o, (c, st) in out.items()}


def test_regenerated_plan_matches_the_committed_samples(tmp_path, expected):
    write_plan(Plan(SEED), tmp_path)
    for name in ("expected.json", "名册.csv", "名册.xlsx"):
        assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes(), f"{name} 与生成结果不一致，请重新生成示例"
    assert sorted(p.name for p in (SAMPLES / "inbox").iterdir()) == expected["inbox"]
    files = [*(SAMPLES / "goal").iterdir(), SAMPLES / "self_eval_example.xlsx"]
    extras = [p.relative_to(SAMPLES).as_posix() for p in files if p.is_file()]
    assert sorted(extras) == expected["extras"]
    planted = {c for f in expected["files"].values() for c in f["codes"]}
    assert sorted(set(RULES) - planted - CONSOLIDATION - CROSSFORM) == sorted(UNTRIGGERABLE.keys() | NOT_IN_INBOX)


def test_sample_inbox_size_and_mix(expected):
    size = sum(p.stat().st_size for p in SAMPLES.rglob("*") if p.is_file())
    assert size < 15 * 2**20
    kinds = expected["summary"]["by_kind"]
    assert expected["summary"]["files"] >= 120 and kinds["clean"] >= 40 and kinds["sloppy"] >= 40
    names = expected["inbox"]
    assert sum(n.endswith(".msg") for n in names) >= 20 and sum(n.endswith(".mbox") for n in names) == 1


def test_every_submission_raises_what_was_planted(batch, expected):
    found = found_by_origin(batch)
    assert sorted(set(expected["files"]) - set(found)) == [], "计划中的文件没有出现在报告中"
    assert sorted(set(found) - set(expected["files"])) == [], "报告中有计划外的文件"
    wrong = {o: {"planted": e["codes"], "found": sorted(found[o][0]), "status": [e["status"], found[o][1]]}
             for o, e in expected["files"].items() if not set(e["codes"]) <= found[o][0] or e["status"] != found[o][1]}
    assert wrong == {}


def test_every_input_file_is_accounted_for(batch, expected):
    inputs = sorted(p.name for p in (SAMPLES / "inbox").iterdir())
    reported = {origin(fr).split(SEP)[0].removeprefix("inbox/") for fr in batch.files}
    assert sorted(reported) == inputs
    assert len({origin(fr) for fr in batch.files}) == len(expected["files"])


def test_missing_units_are_the_planted_ones(batch, expected):
    planted = sorted((m["unit"], m["form"]) for m in expected["missing"])
    assert sorted((u.code, form) for u, form in batch.missing) == planted


def test_corrected_resubmissions_supersede_the_first_version(batch, expected):
    pairs = {(origin(old), origin(new)) for old, new in batch.superseded}
    assert expected["superseded"] and set(expected["superseded"].items()) <= pairs


def test_every_rule_is_triggered_by_a_sample(batch):
    found = {f.code for fr in batch.files for f in fr.findings}
    untriggered = sorted(set(RULES) - found - CONSOLIDATION - CROSSFORM)
    assert untriggered == sorted(UNTRIGGERABLE.keys() | NOT_IN_INBOX), f"未被任何示例触发的规则：{untriggered}"
