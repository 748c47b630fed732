"""Evaluate every computed cell of a form from its entered values, exactly as the template's formulas do."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Callable, NamedTuple

from ..spec.layout import Cell, Form
from ..spec.loader import enums
from .calcs import CALCS, Ctx
from .excel import XLError, to_text, truthy
from .expr import Arg, Check, Flags, Node, compiled, evaluate, reads


def context(profile: dict) -> Ctx:
    return Ctx(profile=profile, enums=enums())


def _freeze(v):
    """Spec arguments as a hashable value (dicts become sorted pairs, lists tuples)."""
    if isinstance(v, dict):
        return tuple(sorted((k, _freeze(x)) for k, x in v.items()))
    if isinstance(v, list):
        return tuple(_freeze(x) for x in v)
    return v


_PROFILES: dict[str, dict] = {}
_UNSET = object()


def profile_key(profile: dict) -> str:
    """A hashable key for a profile (its canonical JSON), remembered so rules can be cached per profile."""
    key = json.dumps(profile, sort_keys=True, ensure_ascii=False)
    _PROFILES.setdefault(key, profile)
    return key


@lru_cache(maxsize=4096)
def _node(calc: str, args: tuple, pkey: str) -> Node:
    """One expression per (rule, argument shape, profile); rows of a table share it."""
    d = CALCS[calc]
    kwargs = {}
    for name, ref in args:
        if name in d.static:
            kwargs[name] = ref
        elif isinstance(ref, tuple):
            kwargs[name] = [Arg(f"{name}_{i}") for i in range(len(ref))]
        else:
            kwargs[name] = Arg(name)
    return d.build(context(_PROFILES[pkey]), **kwargs)


def cell_expression(form: Form, cell: Cell, pkey: str) -> tuple[Node, dict[str, tuple[str, str]]]:
    """The rule's expression for a computed cell (profile given by profile_key) and what each argument refers to."""
    memo = form.__dict__.setdefault("_expressions", {})
    key = (cell.id, pkey)
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = _cell_expression(form, cell, pkey)
    return hit


def _cell_expression(form: Form, cell: Cell, pkey: str) -> tuple[Node, dict[str, tuple[str, str]]]:
    args = cell.props.get("args", {})
    static = CALCS[cell.props["calc"]].static
    node = _node(cell.props["calc"], _freeze(args), pkey)
    refs = {}
    for name, ref in args.items():
        if name in static:
            continue
        if isinstance(ref, list):
            for i, r in enumerate(ref):
                refs[f"{name}_{i}"] = form.resolve(cell, r)
        else:
            refs[name] = form.resolve(cell, ref)
    return node, refs


class Plan(NamedTuple):
    """How a computed cell is evaluated: a compiled function of the values of `args` (the cells it reads, in order)."""
    run: Callable
    args: tuple                                 # (kind, target) per parameter; kind "input" for an entered cell
    refs: dict[str, tuple[str, str]]            # every argument of the rule → what it refers to
    checks: tuple = ()                          # the coded checks whose conditions `run` gives (a flag cell's plan)


def _plan(form: Form, cell: Cell, pkey: str, checks: bool = False) -> Plan:
    """The cell's value (or, with checks, its coded checks' conditions), remembered on the form."""
    memo = form.__dict__.setdefault("_plans", {})
    key = (cell.id, pkey, checks)
    hit = memo.get(key)
    if hit is None:
        node, refs = cell_expression(form, cell, pkey)
        coded = tuple(c for c in node.checks if c.code is not None) if checks and isinstance(node, Flags) else ()
        roots = tuple(c.cond for c in coded) if checks else (node,)
        names = tuple(n for n in refs if n in reads(roots))
        args = tuple(("input", t) if k == "cell" and not form.cells[t].is_calc else (k, t) for k, t in map(refs.get, names))
        hit = memo[key] = Plan(compiled(roots, names, single=not checks), args, refs, coded)
    return hit


class Evaluation:
    """Lazily computes computed cells from the entered values; memoised per cell."""

    def __init__(self, form: Form, profile: dict, inputs: dict[str, object]):
        self.form, self.profile, self.inputs = form, profile, inputs
        self.pkey = profile_key(profile)
        self._memo: dict[str, object] = {}
        self._columns: dict[str, list] = {}
        self._results: dict[tuple, object] = {}     # (function, argument values, their types) → result: rows
                                                    # with the same entries (the blank ones) are evaluated once

    def fix(self, values: dict[str, object]) -> Evaluation:
        """Take these computed cells as given (a non-template form's own settings, e.g. its 执行率 weight)."""
        self._memo.update(values)
        return self

    def value(self, cell_id: str):
        v = self._memo.get(cell_id, _UNSET)
        if v is not _UNSET:
            return v
        cell = self.form.cells[cell_id]
        if not cell.is_calc:
            v = self.inputs.get(cell_id)
            v = None if v == "" else v
        else:
            v = self._run(_plan(self.form, cell, self.pkey))
        self._memo[cell_id] = v
        return v

    def _env(self, refs: dict[str, tuple[str, str]], names: frozenset) -> dict[str, object]:
        return {name: self._ref(kind, target) for name, (kind, target) in refs.items() if name in names}

    def local(self, cell_id: str, given: dict[str, object]):
        """cell_id computed from the given values of the cells it refers to (a non-template form's own typed results),
        this evaluation's for the others: each typed result is checked against the unit's own inputs to it, so one
        wrong score is reported at that score and not again at the total and the grade."""
        return self._run(_plan(self.form, self.form.cells[cell_id], self.pkey), given)

    def failed_checks(self, cell_id: str) -> list[tuple[Check, str, str]]:
        """For a flag cell: (check, message, cell id it points at) of every coded check that holds."""
        cell = self.form.cells[cell_id]
        plan = _plan(self.form, cell, self.pkey, checks=True)
        if not plan.checks:
            return []
        out = []
        for check, cond in zip(plan.checks, self._run(plan)):
            if cond is False or (cond is not True and truthy(cond) is not True):
                continue
            at = plan.refs.get(check.at) if check.at else None
            text = check.text
            if isinstance(text, Node):                  # a message built from values (only for a check that holds)
                text = evaluate(text, self._env(plan.refs, reads((text,))))
            out.append((check, to_text(text), at[1] if at and at[0] == "cell" else cell_id))
        return out

    def _run(self, plan: Plan, given: dict[str, object] | None = None):
        """The plan's function of its arguments' values, remembered per function and values (typed: TRUE and 1
        differ in a worksheet), so the blank rows of a table are evaluated once."""
        ref = self._ref
        values = [ref(kind, target, given) for kind, target in plan.args]
        types = tuple(map(type, values))
        if list in types:                           # a range: its values and their types
            key = (plan.run, tuple(tuple(v) if t is list else v for v, t in zip(values, types)),
                   tuple(tuple(map(type, v)) if t is list else t for v, t in zip(values, types)))
        else:
            key = (plan.run, tuple(values), types)
        try:
            return self._results[key]
        except KeyError:
            v = self._results[key] = plan.run(*values)
            return v
        except TypeError:                           # an unhashable value: not remembered
            return plan.run(*values)

    def _ref(self, kind: str, target: str, given: dict[str, object] | None = None):
        if kind == "input":                         # value() without the call
            if given and target in given:
                return given[target]
            v = self._memo.get(target, _UNSET)
            if v is _UNSET:
                v = self.inputs.get(target)
                return None if v == "" else v
            return v
        if kind == "cell":
            return given[target] if given and target in given else self.value(target)
        value = self.value
        if given:
            return [given[cid] if cid in given else value(cid) for cid in _column(self.form, target)]
        column = self._columns.get(target)
        if column is None:                          # a range read by several cells is gathered once
            column = self._columns[target] = [value(cid) for cid in _column(self.form, target)]
        return column

    def computed(self) -> dict[str, object]:
        """Every computed cell's value ('' for a blank result, XLError strings for errors)."""
        return {cid: self.value(cid) for cid, c in self.form.cells.items() if c.is_calc}


def calc_cells(form: Form, flags: bool) -> list[tuple[str, Cell]]:
    """The form's flag cells (flags) or its other computed cells, in order, remembered on the form."""
    memo = form.__dict__.setdefault("_calc_cells", {})
    if flags not in memo:
        memo[flags] = [(cid, c) for cid, c in form.cells.items()
                       if c.is_calc and (c.props.get("format") == "flag") == flags]
    return memo[flags]


def _column(form: Form, target: str) -> list[str]:
    """The cell ids of a table column ("table.key"), remembered on the form."""
    memo = form.__dict__.setdefault("_column_ids", {})
    ids = memo.get(target)
    if ids is None:
        tid, _, key = target.partition(".")
        table = form.tables[tid]
        ids = memo[target] = [table.cell_id(i, key) for i in range(table.rows)]
    return ids


def has_error(values: dict) -> list[str]:
    return [k for k, v in values.items() if isinstance(v, XLError)]
