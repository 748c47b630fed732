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
        self.consts: dict[str, object] = {"_U": _UNSET, "_truthy": X.truthy, "_and_or": X.and_or}
        self.args: dict[str, str] = {}           # Arg name → local
        self.names: dict[int, str] = {}          # id(shared node) → local
        self.uses: dict[int, int] = {}
        self.depth: dict[int, int] = {}
        self.temps = 0
        self.helpers: list[tuple[str, str]] = []
        for r in roots:
            self._count(r)

    def _kids(self, n) -> tuple:
        X = self.X
        if isinstance(n, X.Op):
            return (n.a, n.b)
        if isinstance(n, X.Call):
            return n.args
        if isinstance(n, X.Flags):
            return (n.node,)
        return ()

    def _count(self, root) -> None:
        stack = [root]
        while stack:
            n = stack.pop()
            k = id(n)
            self.uses[k] = self.uses.get(k, 0) + 1
            if self.uses[k] == 1:
                stack.extend(self._kids(n))

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
            return f"{self._const(X.OPS[n.op])}({self.expr(n.a, level)}, {self.expr(n.b, level)})"
        fn, args = n.fn, n.args
        if fn == "IF":
            cond, then = args[0], args[1]
            other = self.expr(args[2], level) if len(args) > 2 else "False"
            t = self._temp()
            return (f"({self.expr(then, level)} if ({t} := _truthy({self.expr(cond, level)})) is True "
                    f"else ({other} if {t} is False else {t}))")
        if fn in ("AND", "OR"):
            return f"_and_or({fn == 'AND'}, ({''.join(self.expr(a, level) + ', ' for a in args)}))"
        return f"{self._const(X.FUNCS[fn])}({', '.join(self.expr(a, level) for a in args)})"


def compile_roots(roots: tuple, single: bool = False) -> Callable:
    """A function env → tuple of the roots' values (the value itself when single)."""
    g = _Gen(roots)
    results = [g.expr(r) for r in roots]
    shared = [name for name, _ in g.helpers]
    lines = ["def _run(env):"]
    lines += [f"    {local} = env[{name!r}]" for name, local in g.args.items()]
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
