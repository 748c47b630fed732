"""Every computed cell of every form: one definition per rule, used by the templates (formula) and Python (value).

A rule is a function (ctx, **cells) -> expression, registered with @calc; the builder renders the expression as a
native worksheet formula and the engine evaluates it in Python with worksheet semantics. One module per form family.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..expr import IF, Node


@dataclass(frozen=True)
class Ctx:
    """What a rule may depend on besides its cells: the policy profile and the shared enumerations."""

    profile: dict
    enums: dict


@dataclass(frozen=True)
class CalcDef:
    name: str
    build: Callable[..., Node]
    static: tuple[str, ...] = field(default=())
    doc: str = ""


CALCS: dict[str, CalcDef] = {}


def calc(name: str, static: tuple[str, ...] = ()):
    """Register a rule; `static` names the arguments that are constants in the spec rather than cell references."""
    def deco(f):
        if name in CALCS:
            raise ValueError(f"calc {name} defined twice")
        CALCS[name] = CalcDef(name, f, static, (f.__doc__ or "").strip())
        return f
    return deco


def guard(cond: Node, expr: Node) -> Node:
    """expr only where cond holds (AND evaluates every argument, so guard arithmetic on unchecked cells)."""
    return IF(cond, expr, False)


from . import assessment, department, evaluation, monitor, project  # noqa: E402,F401  (register the rules)
