"""The rule catalogue against the templates' flag cells: every coded check is catalogued, points at a cell its rule
knows, and only summaries (counts of other flagged rows) stay uncoded."""

from __future__ import annotations

import re

import pytest

from jixiao.rules.registry import RULES, SEVERITIES
from jixiao.scoring.engine import cell_expression, profile_key
from jixiao.scoring.expr import Arg, Call, Check, Flags, Lit, Node, Op
from jixiao.spec.layout import load_form
from jixiao.spec.loader import form_ids, load_profile, profile_ids

CJK = re.compile(r"[\u4e00-\u9fff]")
COUNTING = re.compile(r"有.*[项行]")


def _walk(node: Node):
    yield node
    if isinstance(node, Flags):
        yield from _walk(node.node)
        for c in node.checks:
            yield from _walk(c.cond)
    elif isinstance(node, Op):
        yield from _walk(node.a)
        yield from _walk(node.b)
    elif isinstance(node, Call):
        for a in node.args:
            yield from _walk(a)


def _args(node: Node) -> set[str]:
    return {n.name for n in _walk(node) if isinstance(n, Arg)}


def _text(message) -> str:
    """A check's message as text; a message built from cells shows its literal parts."""
    if isinstance(message, str):
        return message
    return "".join(str(n.value) for n in _walk(message) if isinstance(n, Lit) and isinstance(n.value, str))


def flag_checks(profile_id: str = "national"):
    """(form id, flag cell, check, refs) of every check of every flag cell of every form."""
    pkey = profile_key(load_profile(profile_id))
    for fid in form_ids():
        form = load_form(fid)
        for cell in form.cells.values():
            if not cell.is_calc:
                continue
            node, refs = cell_expression(form, cell, pkey)
            for flag in (n for n in _walk(node) if isinstance(n, Flags)):
                for check in flag.checks:
                    yield fid, cell, check, refs, form


CHECKS = list(flag_checks())


def _id(item) -> str:
    fid, cell, check, _, _ = item
    return f"{fid}:{cell.id}:{check.code or '-'}"


def test_there_are_flag_checks_in_every_form():
    assert {fid for fid, *_ in CHECKS} == set(form_ids())
    assert all(isinstance(c, Check) for _, _, c, _, _ in CHECKS)


@pytest.mark.parametrize("pid", profile_ids())
def test_every_code_used_is_registered(pid):
    missing = {f"{fid}:{cell.id}:{check.code}" for fid, cell, check, _, _ in flag_checks(pid)
               if check.code is not None and check.code not in RULES}
    assert not missing


@pytest.mark.parametrize("fid", form_ids())
def test_at_names_a_cell_argument_of_the_flag_cell(fid):
    bad = []
    for _, cell, check, refs, form in (c for c in CHECKS if c[0] == fid):
        if check.at is None:
            continue
        if check.at not in refs:
            bad.append(f"{cell.id} {check.code}: at={check.at!r} is not one of {sorted(refs)}")
        elif refs[check.at][0] != "cell" or refs[check.at][1] not in form.cells:
            bad.append(f"{cell.id} {check.code}: at={check.at!r} is a range; the finding would fall back to the flag cell")
    assert not bad


def _is_summary(check: Check, refs: dict, form) -> bool:
    """A count of other flagged rows ("有N项…存在核查提示"), or a repeat of other flag cells only."""
    if COUNTING.search(_text(check.message)):
        return True
    names = _args(check.cond)
    return bool(names) and all(refs[n][0] == "cell" and form.cells[refs[n][1]].props.get("format") == "flag"
                               or refs[n][0] == "range" and _is_flag_column(form, refs[n][1]) for n in names)


def _is_flag_column(form, ref: str) -> bool:
    table, _, key = ref.partition(".")
    return form.tables[table].specs[key].get("format") == "flag"


@pytest.mark.parametrize("fid", form_ids())
def test_uncoded_checks_are_summaries(fid):
    bad = {f"{cell.id}: {_text(check.message)}" for f, cell, check, refs, form in CHECKS
           if f == fid and check.code is None and not _is_summary(check, refs, form)}
    assert not bad


def test_summaries_that_only_repeat_a_flag_cell_are_few():
    """Uncoded checks other than counts: only the 部门整体目标申报表's repeat of its 金额合计 row flag."""
    repeats = {(fid, _text(c.message)) for fid, _, c, _, _ in CHECKS
               if c.code is None and not COUNTING.search(_text(c.message))}
    assert repeats == {("dept_goal", "金额合计不平衡：总额合计应等于财政拨款合计与其他资金合计之和")}


def test_coded_checks_are_not_counts_of_flagged_rows():
    counts = {_id(c) for c in CHECKS if c[2].code is not None and "存在核查提示" in _text(c[2].message)}
    assert not counts


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_is_complete(code):
    r = RULES[code]
    assert re.fullmatch(r"[A-Z]\d{3}", code) and r.family
    assert CJK.search(r.title), code
    assert r.basis.strip(), code
    assert r.severity in SEVERITIES, code
    assert r.message.strip(), code


def test_numbered_codes_stay_within_their_forms():
    """Codes of the per-form ranges (2xx 部门整体, 3xx 监控, 4xx 事前评估和目标审核, 5xx 评价和结果应用) are used only by
    those forms; codes shared more widely are the generic ones (R001, T001, T002) and project rules (1xx)."""
    ranges = {"2": {"dept_goal", "dept_self_eval"}, "3": {"project_monitor"}, "4": {"ex_ante", "goal_review"},
              "5": {"evaluation", "project_self_eval"}}       # the 结果应用 sheet is shared with the project self-eval
    used: dict[str, set[str]] = {}
    for fid, _, check, _, _ in CHECKS:
        if check.code:
            used.setdefault(check.code, set()).add(fid)
    for code, fids in used.items():
        if code[1] in ranges:
            assert fids <= ranges[code[1]], f"{code} used in {sorted(fids)}"
