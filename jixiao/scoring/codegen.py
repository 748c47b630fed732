"""Compile expressions (scoring/expr.py) into Python functions.

One function per set of roots: each argument is read from env once, every operator and function is a direct call,
IF evaluates only the branch it takes, and a subexpression reached from several places (the rules build DAGs: a
row's score is used by a dozen of its checks) is computed at its first use and kept in a local variable."""

from __future__ import annotations

from typing import Callable

_UNSET = object()
_MAX_INLINE_DEPTH = 60          # deeper expressions are split into helper functions (the parser's nesting limit)


class _Gen:
    def __init__(self, roots: tuple):
        from . import expr as X
        self.X = X
        self.consts: dict[str, object] = {"_U": _UNSET, "_truthy": X.truthy, "_and_or": X.and_or, "_str": str,
                                          "_bool": bool}
        self.args: dict[str, str] = {}           # Arg name → local
        self.names: dict[int, str] = {}          # id(shared node) → local
        self.uses: dict[int, int] = {}
        self.depth: dict[int, int] = {}
        self.temps = 0
        self.helpers: list[tuple[str, str]] = []
        for r in roots:
            self._count(r)

    def _count(self, root) -> None:
        stack = [root]
        while stack:
            n = stack.pop()
            k = id(n)
            self.uses[k] = self.uses.get(k, 0) + 1
            if self.uses[k] == 1:
                stack.extend(self.X.children(n))

    def _const(self, value) -> str:
        name = f"c{len(self.consts)}"
        self.consts[name] = value
        return name

    def _temp(self) -> str:
        self.temps += 1
        return f"t{self.temps}"

    def expr(self, n, level: int = 0) -> str:
        X = self.X
        if isinstance(n, X.Lit):
            return self._const(n.value)
        if isinstance(n, X.Arg):
            if n.name not in self.args:
                self.args[n.name] = f"a{len(self.args)}"
            return self.args[n.name]
        k = id(n)
        if self.uses.get(k, 0) > 1 or level > _MAX_INLINE_DEPTH:
            name = self.names.get(k)
            if name is None:                     # computed by its own helper the first time it is needed
                name = self.names[k] = f"s{len(self.names)}"
                self.helpers.append((name, self._raw(n, 0)))
            return f"({name} if {name} is not _U else ({name} := h_{name}()))"
        return self._raw(n, level + 1)

    def _raw(self, n, level: int) -> str:
        X = self.X
        if isinstance(n, X.Flags):
            return self.expr(n.node, level)
        if isinstance(n, X.Op):
            op = self._const(X.OPS[n.op])
            if n.op in ("=", "<>"):
                text = self._text_test(n, op, level)
                if text:
                    return text
            return f"{op}({self.expr(n.a, level)}, {self.expr(n.b, level)})"
        fn, args = n.fn, n.args
        if fn == "IF":
            cond, then = args[0], args[1]
            other = self.expr(args[2], level) if len(args) > 2 else "False"
            t = self._temp()
            return (f"({self.expr(then, level)} if ({t} := _truthy({self.expr(cond, level)})) is True "
                    f"else ({other} if {t} is False else {t}))")
        if fn in ("AND", "OR") and args:    # logical values inline (& evaluates every argument), the rest by and_or
            ts = [self._temp() for _ in args]
            logical = " & ".join(f"(({t} := {self.expr(a, level)}).__class__ is _bool)" for t, a in zip(ts, args))
            joined = f" {fn.lower()} ".join(ts)
            return f"(({joined}) if {logical} else _and_or({fn == 'AND'}, ({''.join(t + ', ' for t in ts)})))"
        return f"{self._const(X.FUNCS[fn])}({', '.join(self.expr(a, level) for a in args)})"

    def _text_test(self, n, op: str, level: int) -> str | None:
        """x = "text" (or <>) inline where x is plain text, as the worksheet compares text: case-insensitively."""
        X = self.X
        lit = next((x for x in (n.b, n.a) if isinstance(x, X.Lit) and x.value.__class__ is str), None)
        if lit is None:
            return None
        t, c = self._temp(), self._const(lit.value)
        other = self.expr(n.a if lit is n.b else n.b, level)
        call = f"{op}({t}, {c})" if lit is n.b else f"{op}({c}, {t})"
        test = "==" if n.op == "=" else "!="
        return f"({t}.casefold() {test} {self._const(lit.value.casefold())} if ({t} := {other}).__class__ is _str else {call})"


def compile_roots(roots: tuple, single: bool = False, params: tuple | None = None) -> Callable:
    """A function env → tuple of the roots' values (the value itself when single); with params, a function of
    those arguments' values, positional, instead of env."""
    g = _Gen(roots)
    if params is not None:
        g.args = {name: f"a{i}" for i, name in enumerate(params)}
    results = [g.expr(r) for r in roots]
    shared = [name for name, _ in g.helpers]
    if params is None:
        lines = ["def _run(env):"] + [f"    {local} = env[{name!r}]" for name, local in g.args.items()]
    else:
        lines = [f"def _run({', '.join(g.args.values())}):"]
    if shared:
        lines.append(f"    {' = '.join(shared)} = _U")
    for name, body in g.helpers:
        lines.append(f"    def h_{name}():")
        lines.append(f"        nonlocal {', '.join(shared)}")
        lines.append(f"        return {body}")
    ret = results[0] if single else "(" + "".join(r + ", " for r in results) + ")"
    lines.append(f"    return {ret}")
    namespace = dict(g.consts)
    exec(compile("\n".join(lines), "<jixiao-expr>", "exec"), namespace)    # noqa: S102 — our own generated code
    return namespace["_run"]
