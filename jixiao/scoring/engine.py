"""Evaluate every computed cell of a form from its entered values, exactly as the template's formulas do."""

from __future__ import annotations

import json
from functools import lru_cache

from ..spec.layout import Cell, Form
from ..spec.loader import enums
from .calcs import CALCS, Ctx
from .excel import XLError, to_text, truthy
from .expr import Arg, Check, Flags, Node, evaluate, evaluate_all, lit


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


class Evaluation:
    """Lazily computes computed cells from the entered values; memoised per cell."""

    def __init__(self, form: Form, profile: dict, inputs: dict[str, object]):
        self.form, self.profile, self.inputs = form, profile, inputs
        self.pkey = profile_key(profile)
        self._memo: dict[str, object] = {}
        self._results: dict[tuple, object] = {}     # (node, argument values) → result: blank rows are evaluated once

    def fix(self, values: dict[str, object]) -> Evaluation:
        """Take these computed cells as given (a non-template form's own settings, e.g. its 执行率 weight)."""
        self._memo.update(values)
        return self

    def value(self, cell_id: str):
        if cell_id in self._memo:
            return self._memo[cell_id]
        cell = self.form.cells[cell_id]
        if not cell.is_calc:
            v = self.inputs.get(cell_id)
            v = None if v == "" else v
        else:
            node, refs = cell_expression(self.form, cell, self.pkey)
            v = self._evaluate(node, self._env(refs))
        self._memo[cell_id] = v
        return v

    def _env(self, refs: dict[str, tuple[str, str]], given: dict[str, object] | None = None) -> dict[str, object]:
        return {name: self._ref(kind, target, given or {}) for name, (kind, target) in refs.items()}

    def local(self, cell_id: str, given: dict[str, object]):
        """cell_id computed from the given values of the cells it refers to (a non-template form's own typed results),
        this evaluation's for the others: each typed result is checked against the unit's own inputs to it, so one
        wrong score is reported at that score and not again at the total and the grade."""
        node, refs = cell_expression(self.form, self.form.cells[cell_id], self.pkey)
        return self._evaluate(node, self._env(refs, given))

    def failed_checks(self, cell_id: str) -> list[tuple[Check, str, str]]:
        """For a flag cell: (check, message, cell id it points at) of every coded check that holds."""
        cell = self.form.cells[cell_id]
        node, refs = cell_expression(self.form, cell, self.pkey)
        if not isinstance(node, Flags):
            return []
        env = self._env(refs)
        checks = [c for c in node.checks if c.code is not None]
        conds = self._evaluate(_conds(node), env)
        out = []
        for check, cond in zip(checks, conds):
            if truthy(cond) is not True:
                continue
            at = refs.get(check.at) if check.at else None
            message = to_text(evaluate(lit(check.text), env))
            out.append((check, message, at[1] if at and at[0] == "cell" else cell_id))
        return out

    def _evaluate(self, node, env: dict[str, object]):
        """evaluate() (evaluate_all() for a tuple of nodes), remembered per node and argument values (typed: TRUE
        and 1 differ in a worksheet), so the blank rows of a table are evaluated once."""
        key = (node, tuple((k, tuple((x.__class__, x) for x in v) if isinstance(v, list) else (v.__class__, v))
                               for k, v in env.items()))
        run = evaluate_all if isinstance(node, tuple) else evaluate
        try:
            return self._results[key]
        except KeyError:
            v = self._results[key] = run(node, env)
            return v
        except TypeError:                           # an unhashable value: not remembered
            return run(node, env)

    def _ref(self, kind: str, target: str, given: dict[str, object] | None = None):
        given = given or {}
        pick = lambda cid: given[cid] if cid in given else self.value(cid)          # noqa: E731
        if kind == "cell":
            return pick(target)
        tid, _, key = target.partition(".")
        table = self.form.tables[tid]
        return [pick(table.cell_id(i, key)) for i in range(table.rows)]

    def computed(self) -> dict[str, object]:
        """Every computed cell's value ('' for a blank result, XLError strings for errors)."""
        return {cid: self.value(cid) for cid, c in self.form.cells.items() if c.is_calc}


@lru_cache(maxsize=None)
def _conds(node: Flags) -> tuple:
    """The conditions of a flag cell's coded checks, evaluated together."""
    return tuple(c.cond for c in node.checks if c.code is not None)


def has_error(values: dict) -> list[str]:
    return [k for k, v in values.items() if isinstance(v, XLError)]
