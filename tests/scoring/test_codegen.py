"""Compiled expressions (scoring/codegen.py) against a plain tree-walking evaluator with the generic worksheet
semantics: random expressions over awkward values, IF laziness, shared subexpressions, errors, TRUE vs 1, deep nesting."""

from __future__ import annotations

import random

import pytest

from jixiao.scoring import expr as X
from jixiao.scoring.excel import DIV0, VALUE, XLError, compare, truthy
from jixiao.scoring.expr import AND, IF, ISNUMBER, LEN, NOT, OR, ROUND, SUM, Arg, Call, Lit, Op, compiled, eq, evaluate, ne

TESTS = {"=": lambda c: c == 0, "<>": lambda c: c != 0, "<": lambda c: c < 0, "<=": lambda c: c <= 0,
         ">": lambda c: c > 0, ">=": lambda c: c >= 0}


def _each(f, a, b):
    if isinstance(a, list) or isinstance(b, list):
        n = max(len(v) for v in (a, b) if isinstance(v, list))
        return [f(a[i] if isinstance(a, list) else a, b[i] if isinstance(b, list) else b) for i in range(n)]
    return f(a, b)


def reference(node, env):
    """The slow way: every operator through compare()/_arith(), no fast paths, IF lazy."""
    if isinstance(node, Lit):
        return node.value
    if isinstance(node, Arg):
        return env[node.name]
    if isinstance(node, X.Flags):
        return reference(node.node, env)
    if isinstance(node, Op):
        a, b = reference(node.a, env), reference(node.b, env)
        if node.op in TESTS:
            return _each(lambda x, y: X._err(x, y) or TESTS[node.op](compare(x, y)), a, b)
        return _each(lambda x, y: X._arith(node.op, x, y), a, b)
    if node.fn == "IF":
        c = truthy(reference(node.args[0], env))
        if c is True:
            return reference(node.args[1], env)
        if c is False:
            return reference(node.args[2], env) if len(node.args) > 2 else False
        return c
    args = [reference(a, env) for a in node.args]
    if node.fn in ("AND", "OR"):
        flat = [truthy(v) for v in X._flat(args)]
        return X._err(*flat) or (all(flat) if node.fn == "AND" else any(flat))
    return X.FUNCS[node.fn](*args)


def same(a, b) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and all(map(same, a, b))
    return type(a) is type(b) and (a == b or (a != a and b != b))


VALUES = [None, "", " ", "abc", "ABC", "Abc ", "1", "1,200", "是", True, False, 0, 1, 0.0, 1.0, -2.5, 2.675, 0.1 + 0.2, 0.3,
          1e15, VALUE, DIV0, XLError("#N/A")]
ARGS = [Arg(f"x{i}") for i in range(4)]
BINARY = ["=", "<>", "<", "<=", ">", ">=", "+", "-", "*", "/", "&"]


def random_node(rng: random.Random, depth: int, shared: list):
    if depth <= 0 or rng.random() < 0.2:
        if shared and rng.random() < 0.3:
            return rng.choice(shared)                              # the same node reached twice: a DAG
        return rng.choice(ARGS) if rng.random() < 0.6 else Lit(rng.choice(VALUES))
    kind = rng.random()
    sub = lambda: random_node(rng, depth - 1, shared)               # noqa: E731
    if kind < 0.45:
        node = Op(rng.choice(BINARY), sub(), sub())
    elif kind < 0.6:
        node = IF(sub(), sub(), sub()) if rng.random() < 0.7 else IF(sub(), sub())
    elif kind < 0.75:
        node = (AND if rng.random() < 0.5 else OR)(*[sub() for _ in range(rng.randint(1, 4))])
    else:
        fn = rng.choice(["NOT", "ISNUMBER", "LEN", "ROUND", "SUM", "ISTEXT", "ABS"])
        node = Call(fn, (sub(), Lit(rng.choice([0, 1, 2]))) if fn == "ROUND" else (sub(),))
    if rng.random() < 0.3:
        shared.append(node)
    return node


@pytest.mark.parametrize("seed", range(40))
def test_random_expressions_agree_with_the_tree_walker(seed):
    rng = random.Random(seed)
    shared: list = []
    nodes = tuple(random_node(rng, rng.randint(1, 6), shared) for _ in range(4))
    run = compiled(nodes, tuple(a.name for a in ARGS))
    for _ in range(60):
        env = {a.name: rng.choice(VALUES) for a in ARGS}
        if rng.random() < 0.2:
            env["x0"] = [rng.choice(VALUES) for _ in range(3)]
        want = tuple(reference(n, env) for n in nodes)
        got = run(*(env[a.name] for a in ARGS))
        assert all(map(same, got, want)), (nodes, env, got, want)
        assert all(same(evaluate(n, env), w) for n, w in zip(nodes, want))


@pytest.fixture
def probe(monkeypatch):
    """A function PROBE(v) → v that counts its calls (looked up when an expression is compiled)."""
    calls = []
    monkeypatch.setitem(X.FUNCS, "PROBE", lambda v: calls.append(v) or v)
    return calls


def test_if_evaluates_only_the_branch_it_takes(probe):
    a = Arg("a")
    node = IF(a > 0, Call("PROBE", (Lit("yes"),)), Call("PROBE", (Lit("no"),)))
    assert evaluate(node, {"a": 1}) == "yes" and probe == ["yes"]
    assert evaluate(node, {"a": -1}) == "no" and probe == ["yes", "no"]
    assert evaluate(node, {"a": DIV0}) == DIV0 and probe == ["yes", "no"]   # an error condition takes neither


def test_a_shared_subexpression_is_computed_once(probe):
    a = Arg("a")
    s = Call("PROBE", (a * 2,))
    node = AND(s > 1, eq(s, 4), OR(ne(s, 3), IF(s > 0, s, 0) > 0))
    assert evaluate(node, {"a": 2}) is True
    assert probe == [4.0]


def test_true_and_one_differ_where_a_worksheet_tells_them_apart():
    a = Arg("a")
    assert evaluate(eq(a, 1), {"a": True}) is False and evaluate(eq(a, 1), {"a": 1}) is True
    assert evaluate(eq(a, "TRUE"), {"a": True}) is False                 # logical vs text: different ranks
    assert evaluate(a + 1, {"a": True}) == 2.0 and evaluate(ISNUMBER(a), {"a": True}) is False
    assert evaluate(AND(a, True), {"a": 1}) is True and evaluate(AND(a, True), {"a": "1"}) == VALUE


def test_text_compares_case_insensitively_and_blank_is_empty_text():
    a = Arg("a")
    assert evaluate(eq(a, "ABC"), {"a": "abc"}) is True and evaluate(ne("abc", a), {"a": "ABC"}) is False
    assert evaluate(eq(a, ""), {"a": None}) is True and evaluate(eq(a, ""), {"a": 0.0}) is False
    assert evaluate(eq(a, "x"), {"a": DIV0}) == DIV0                       # an error is not text
    assert evaluate(eq(a, "b"), {"a": ["B", None, 1]}) == [True, False, False]
    assert evaluate(a > "a", {"a": 1}) is False and evaluate(a > 1, {"a": "a"}) is True


def test_errors_propagate_through_and_or_and_arithmetic():
    a, b = Arg("a"), Arg("b")
    env = {"a": 1, "b": 0}
    assert evaluate(AND(True, a / b > 0), env) == DIV0 and evaluate(OR(True, a / b > 0), env) == DIV0
    assert evaluate(ROUND(a / b, 2), env) == DIV0 and evaluate(LEN(a / b), env) == DIV0
    assert evaluate(NOT(a / b), env) == DIV0 and evaluate(SUM(a, b) + "x", env) == VALUE


def test_deep_nesting_is_split_into_helpers():
    a = Arg("a")
    node = a
    for i in range(300):
        node = IF(a > i, node + 1, node)
    want = reference(node, {"a": 150})
    assert same(evaluate(node, {"a": 150}), want) and want == 300.0
    cond = eq(a, "x")
    for i in range(200):                             # as deep as the code generator's own recursion allows
        cond = (AND if i % 2 else OR)(cond, ne(a, str(i)), a > i)
    for v in ("x", "X", 5, None, DIV0):
        assert same(evaluate(cond, {"a": v}), reference(cond, {"a": v}))


def test_positional_and_env_functions_agree():
    a, b = Arg("a"), Arg("b")
    nodes = (IF(ISNUMBER(a), ROUND(a * b, 1), ""), AND(eq(a, ""), b > 0))
    run = compiled(nodes, ("b", "a"))
    assert run(2, 1.25) == (2.5, False) and run(1, None) == ("", True)
    assert compiled(nodes, ("b", "a")) is run
