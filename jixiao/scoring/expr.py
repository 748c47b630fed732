"""A small formula language: each rule is written once, rendered as a native worksheet formula and evaluated in Python."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Mapping, NamedTuple

from . import codegen as _codegen
from .excel import (
    DIV0, VALUE, XLError, approx_add, approx_equal, approx_sub, asc, compare, excel_round, is_number, lo_sum, to_number, to_text,
    truthy,
)


class Node:
    """An expression; arithmetic and ordering operators build new nodes."""

    def __add__(self, o): return Op("+", self, lit(o))
    def __radd__(self, o): return Op("+", lit(o), self)
    def __sub__(self, o): return Op("-", self, lit(o))
    def __rsub__(self, o): return Op("-", lit(o), self)
    def __mul__(self, o): return Op("*", self, lit(o))
    def __rmul__(self, o): return Op("*", lit(o), self)
    def __truediv__(self, o): return Op("/", self, lit(o))
    def __rtruediv__(self, o): return Op("/", lit(o), self)
    def __lt__(self, o): return Op("<", self, lit(o))
    def __le__(self, o): return Op("<=", self, lit(o))
    def __gt__(self, o): return Op(">", self, lit(o))
    def __ge__(self, o): return Op(">=", self, lit(o))
    def __and__(self, o): return Op("&", self, lit(o))
    def __rand__(self, o): return Op("&", lit(o), self)
    __hash__ = object.__hash__


@dataclass(eq=False)
class Lit(Node):
    value: object


@dataclass(eq=False)
class Arg(Node):
    name: str


@dataclass(eq=False)
class Op(Node):
    op: str
    a: Node
    b: Node


@dataclass(eq=False)
class Call(Node):
    fn: str
    args: tuple


def lit(v) -> Node:
    return v if isinstance(v, Node) else Lit(v)


def eq(a, b) -> Node: return Op("=", lit(a), lit(b))
def ne(a, b) -> Node: return Op("<>", lit(a), lit(b))


def _fn(name: str) -> Callable[..., Node]:
    return lambda *args: Call(name, tuple(lit(a) for a in args))


IF, AND, OR, NOT = _fn("IF"), _fn("AND"), _fn("OR"), _fn("NOT")
ISNUMBER, ISTEXT, ROUND, MIN, MAX, ABS = _fn("ISNUMBER"), _fn("ISTEXT"), _fn("ROUND"), _fn("MIN"), _fn("MAX"), _fn("ABS")
SUM, COUNT, SUMIFS, SUMPRODUCT = _fn("SUM"), _fn("COUNT"), _fn("SUMIFS"), _fn("SUMPRODUCT")
LEN, FIND, MID, LEFT = _fn("LEN"), _fn("FIND"), _fn("MID"), _fn("LEFT")
SUBSTITUTE, ASC = _fn("SUBSTITUTE"), _fn("ASC")


def any_of(x, options) -> Node:
    """x equals one of the options."""
    return OR(*[eq(x, o) for o in options])


class Check(NamedTuple):
    """One check of a flag cell: its condition, the short message the template shows, and the rule code that
    turns it into a finding (None for template-only summaries such as "有N项指标存在核查提示").
    `at` names the argument whose cell the finding points to (default: the flag cell itself).
    `shown`, when given, is what the cell shows instead of `message`: a message built from the entered values
    (“请把“≥50个”分开填写：…”) that falls back to `message`, which stays the rule's fixed text (catalogue, add-in)."""

    cond: Node
    message: object
    code: str | None = None
    at: str | None = None
    shown: Node | None = None

    @property
    def text(self):
        """What the flag cell shows when the check holds."""
        return self.message if self.shown is None else self.shown


@dataclass(eq=False)
class Flags(Node):
    """A flag cell: the '；'-joined messages of its checks; keeps the checks so validators can run them one by one."""

    checks: tuple
    node: Node


def flags(*checks) -> Node:
    """Messages of the checks that hold, joined by '；' (MID drops the leading separator).
    Each check is a Check or a tuple (cond, message[, code[, at[, shown]]])."""
    checks = tuple(c if isinstance(c, Check) else Check(*c) for c in checks)
    parts = [IF(c.cond, Lit("；") & c.text, "") for c in checks]
    if not parts:
        return Lit("")
    joined = parts[0]
    for p in parts[1:]:
        joined = joined & p
    return Flags(checks, MID(joined, 2, 1000))


def fold(node: Node) -> Node:
    """node with every part that reads no cell worked out: a rule reused with constant arguments (the self-evaluation's
    score with 指标性质 "≥") renders as the short formula a person can read, and evaluates the same."""
    if isinstance(node, Op):
        a, b = fold(node.a), fold(node.b)
        out = Op(node.op, a, b)
        return Lit(evaluate(out, {})) if isinstance(a, Lit) and isinstance(b, Lit) else out
    if not isinstance(node, Call):
        return node
    args = tuple(fold(x) for x in node.args)
    if node.fn == "IF" and isinstance(args[0], Lit) and isinstance(args[0].value, bool):
        return args[1] if args[0].value else (args[2] if len(args) > 2 else Lit(False))
    if node.fn in ("AND", "OR"):
        decided = node.fn == "OR"                  # OR is decided by a TRUE, AND by a FALSE
        if any(isinstance(x, Lit) and x.value is decided for x in args):
            return Lit(decided)
        args = tuple(x for x in args if not (isinstance(x, Lit) and x.value is (not decided))) or (Lit(not decided),)
    out = Call(node.fn, args)
    return Lit(evaluate(out, {})) if all(isinstance(x, Lit) for x in args) else out


def children(n: Node) -> tuple:
    if isinstance(n, Op):
        return (n.a, n.b)
    if isinstance(n, Call):
        return n.args
    if isinstance(n, Flags):
        return (n.node,)
    return ()


@lru_cache(maxsize=None)
def reads(nodes: tuple) -> frozenset:
    """The names of the arguments the nodes read."""
    seen, names, stack = set(), set(), list(nodes)
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        if isinstance(n, Arg):
            names.add(n.name)
        stack.extend(children(n))
    return frozenset(names)


# ---- rendering -------------------------------------------------------------------------------------------------

_PREC = {"=": 1, "<>": 1, "<": 1, "<=": 1, ">": 1, ">=": 1, "&": 2, "+": 3, "-": 3, "*": 4, "/": 4}


def _render_lit(v) -> str:
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if is_number(v):
        return repr(int(v)) if float(v).is_integer() else repr(float(v))
    return '"' + str(v).replace('"', '""') + '"'


def render(node: Node, refs: Mapping[str, str], prec: int = 0) -> str:
    """Formula text (without '=') with each Arg replaced by its cell or range reference."""
    if isinstance(node, Lit):
        return _render_lit(node.value)
    if isinstance(node, Arg):
        return refs[node.name]
    if isinstance(node, Flags):
        return render(node.node, refs, prec)
    if isinstance(node, Call):
        return f"{node.fn}(" + ",".join(render(a, refs) for a in node.args) + ")"
    p = _PREC[node.op]
    text = f"{render(node.a, refs, p)}{node.op}{render(node.b, refs, p + 1)}"
    return f"({text})" if p < prec else text


# ---- evaluation ------------------------------------------------------------------------------------------------

def _err(*vals):
    for v in vals:
        if isinstance(v, XLError):
            return v
    return None


def _elementwise(f, *vals):
    for v in vals:
        if v.__class__ is list:
            break
    else:
        return f(*vals)
    n = max(len(v) for v in vals if isinstance(v, list))
    return [f(*(v[i] if isinstance(v, list) else v for v in vals)) for i in range(n)]


def _arith(op, a, b):
    if op == "&":
        return _err(a, b) or to_text(a) + to_text(b)
    x, y = to_number(a), to_number(b)
    return _err(x, y) or _NUMERIC[op](x, y)


_NUMBERS = {float, int, bool}                   # what an operator takes as float(v) (to_number)
_NUMERIC = {"+": approx_add, "-": approx_sub, "*": lambda x, y: x * y, "/": lambda x, y: DIV0 if y == 0 else x / y}


def _flat(vals):
    for v in vals:
        if isinstance(v, list):
            yield from v
        else:
            yield v


def _numbers(vals):
    """Numbers among range values (SUM/COUNT/MIN/MAX ignore text and blanks there)."""
    return [float(v) for v in _flat(vals) if is_number(v)]


def evaluate(node: Node, env: Mapping[str, object]):
    """Evaluate with worksheet semantics; ranges are lists, blanks None, errors XLError values.

    Each node is compiled once into Python code (kept on the node, scoring/codegen.py): a rule evaluated for every
    row of every file walks no tree, and a subexpression the rule uses in several places is computed once."""
    run = node.__dict__.get("_run")
    if run is None:
        run = node._run = _codegen.compile_roots((node,), single=True)
    return run(env)


def compiled(nodes: tuple, params: tuple, single: bool = False) -> Callable:
    """A function of the params' values (positional) → the nodes' values (a tuple; the value itself when single),
    sharing their common subexpressions; compiled once per nodes and params."""
    key = (tuple(map(id, nodes)), params, single)
    hit = _COMPILED.get(key)
    if hit is None:                 # the nodes are kept with it: their ids stay theirs
        hit = _COMPILED[key] = (nodes, _codegen.compile_roots(nodes, single, params))
    return hit[1]


_COMPILED: dict[tuple, tuple] = {}


def _binary(op: str):
    """The function of an operator on two values, element by element where either is a range."""
    test = _TESTS.get(op)
    if test is None:
        def g(a, b):
            return _arith(op, a, b)
        numeric = _NUMERIC.get(op)

        def run(a, b):
            ca, cb = a.__class__, b.__class__
            if numeric is not None and ca in _NUMBERS and cb in _NUMBERS:
                return numeric(float(a), float(b))                      # numbers: nothing to coerce
            if ca is str and cb is str and op == "&":
                return a + b
            return _elementwise(g, a, b) if ca is list or cb is list else g(a, b)
        return run

    def g(a, b):
        e = _err(a, b)
        return e if e else test(compare(a, b))

    def run(a, b):
        ca, cb = a.__class__, b.__class__                        # the common cases first, without the type ranks
        if (ca is float or ca is int) and (cb is float or cb is int):
            a, b = float(a), float(b)
            return test(0 if approx_equal(a, b) else -1 if a < b else 1)
        if ca is str:                                            # plain text (an XLError is its own class)
            if cb is str:
                a, b = a.casefold(), b.casefold()
                return test(0 if a == b else -1 if a < b else 1)
            if b is None:                                        # a blank is "" beside text
                return test(1 if a else 0)
            if cb is float or cb is int:                         # text sorts after numbers
                return test(1)
        elif cb is str:
            if a is None:
                return test(-1 if b else 0)
            if ca is float or ca is int:
                return test(-1)
        if ca is list or cb is list:
            return _elementwise(run, a, b)
        return g(a, b)
    return run


_TESTS = {"=": lambda c: c == 0, "<>": lambda c: c != 0, "<": lambda c: c < 0, "<=": lambda c: c <= 0,
          ">": lambda c: c > 0, ">=": lambda c: c >= 0}
OPS = {op: _binary(op) for op in _PREC}


def and_or(every: bool, values: tuple):
    """AND/OR over every argument (ranges flattened), an error if any is one."""
    for v in values:
        if v.__class__ is not bool:
            break
    else:                                                        # logical values only: the common case
        return all(values) if every else any(values)
    bools = [truthy(v) for v in (_flat(values) if any(v.__class__ is list for v in values) else values)]
    e = _err(*bools)
    if e:
        return e
    return all(bools) if every else any(bools)


def _round(x, n):
    x, n = to_number(x), to_number(n)
    return _err(x, n) or excel_round(x, int(n))


def _minmax(f):
    def g(*vals):
        if _err(*_flat(vals)):
            return _err(*_flat(vals))
        nums = [to_number(v) if not isinstance(v, list) else None for v in vals]
        nums = [x for x in nums if x is not None] + _numbers([v for v in vals if isinstance(v, list)])
        return f(nums) if nums else 0.0
    return g


def _find(needle, hay, start=1):
    """FIND; an empty needle is #VALUE! as in LibreOffice (Excel answers 1: rules never search for "")."""
    e = _err(needle, hay, start)
    if e:
        return e
    needle = to_text(needle)
    pos = to_text(hay).find(needle, int(to_number(start)) - 1) if needle else -1
    return VALUE if pos < 0 else pos + 1


def _mid(text, start, n):
    e = _err(text, to_number(start), to_number(n))
    if e:
        return e
    s, k = int(to_number(start)), int(to_number(n))
    if s < 1 or k < 0:
        return VALUE
    return to_text(text)[s - 1:s - 1 + k]


def _left(text, n=1):
    e = _err(text, to_number(n))
    if e:
        return e
    k = int(to_number(n))
    return VALUE if k < 0 else to_text(text)[:k]


def _substitute(text, old, new):
    e = _err(text, old, new)
    if e:
        return e
    old = to_text(old)
    return to_text(text).replace(old, to_text(new)) if old else to_text(text)


def _sumifs(sum_range, crit_range, crit):
    if crit.__class__ is str:                   # plain text: compared as text (compare() does) without ranks
        folded = crit.casefold()
        match = lambda c: c.casefold() == folded if c.__class__ is str else compare(c, crit) == 0    # noqa: E731
    else:
        match = lambda c: compare(c, crit) == 0                                                      # noqa: E731
    return lo_sum(float(v) for v, c in zip(sum_range, crit_range) if is_number(v) and match(c))


def _sumproduct(*arrays):
    rows = zip(*arrays)
    return lo_sum(math.prod(float(x) if is_number(x) else 0.0 for x in row) for row in rows)


def _each(f):
    """f of one value, element by element of a range."""
    return lambda v: _elementwise(f, v) if v.__class__ is list else f(v)


FUNCS = {
    "NOT": _each(lambda x: _err(truthy(x)) or (not truthy(x))),
    "ISNUMBER": _each(is_number),
    "ISTEXT": _each(lambda x: isinstance(x, str) and not isinstance(x, XLError)),
    "ROUND": _round,
    "MIN": _minmax(min),
    "MAX": _minmax(max),
    "ABS": lambda v: _err(to_number(v)) or abs(to_number(v)),
    "SUM": lambda *vals: _err(*_flat(vals)) or lo_sum(_numbers(vals)),
    "COUNT": lambda *vals: float(len(_numbers(vals))),
    "LEN": _each(lambda x: _err(x) or float(len(to_text(x)))),
    "FIND": lambda *a: _elementwise(_find, *a),
    "MID": _mid,
    "LEFT": _left,
    "SUBSTITUTE": _substitute,
    "ASC": lambda v: _err(v) or asc(to_text(v)),
    "SUMIFS": _sumifs,
    "SUMPRODUCT": _sumproduct,
}
