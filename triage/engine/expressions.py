"""The Python a condition compiles to: expressions, the constants they name, and functions made of them.

Like Jinja with a template, the condition language compiles each condition into Python source once, at
load, so that evaluating is running plain Python rather than walking a tree of closures. A condition has
one expression for its test and one for its explanation each way (met, not met); a combinator joins its
children's, and a reference inlines the ones it names, so a whole rule set tests in one call (outcomes).

An expression reads only these names:
  v  the field values, given and derived (a field that is not given is absent, never None)
  c  the checked items     g  the grades     f  the flags (True or False)     n  nothing was given
  x  a scratch name: a leaf binds it (x := ...) and reads it at once
  the constants it names (sets, made by constant()) and the helpers below.
Everything else in it is a literal written with repr() from validated content, so no content text is
ever read as code.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from .findings import FieldSpec

_constant_names = (f"_k{i}" for i in itertools.count())


def constant(value) -> dict:
    """A value an expression names rather than writes (a set): {its new name: value}."""
    return {next(_constant_names): value}


def joined(parts, separator: str) -> str:
    """The expressions `parts` joined by an operator, e.g. ' and ', as one expression."""
    return "(" + separator.join(parts) + ")"


def concat(*parts: str) -> str:
    """An expression for the concatenation of string expressions."""
    return "(" + " + ".join(parts) + ")"


def text(literal: str) -> str:
    """A string literal for `literal`."""
    return repr(literal)


def kept(pairs) -> str:
    """A tuple expression of (explanation if test passes else None) for each (test, explanation) pair."""
    return "(" + "".join(f"({why} if {test} else None), " for test, why in pairs) + ")"


def kept_joined(pairs, separator: str) -> str:
    """An expression joining the explanations whose test passes, of each (test, explanation) pair."""
    return f"{text(separator)}.join(filter(None, {kept(pairs)}))"  # filter(None, ...): never empty, so None only


def shown(spec: FieldSpec) -> str:
    """An expression for the value x of field `spec` as explanations show it: 38.7 °C, true, [a, b]."""
    if spec.kind in ("number", "integer"):
        return "f'{x:g}'" + (f" + {text(' ' + spec.unit)}" if spec.unit else "")
    if spec.kind == "boolean":
        return "('true' if x else 'false')"
    if spec.kind in ("choices", "items"):
        return "('[' + ', '.join(x) + ']')"
    return "x"


def _counted(needed: int, parts: tuple) -> str:
    """How many of `parts` are met (not None) of how many, and why each met one is."""
    met = [part for part in parts if part is not None]
    return f"{len(met)} of {len(parts)} met (needs {needed})" + (": " + "; ".join(met) if met else "")


HELPERS = {"sorted": sorted, "filter": filter, "_counted": _counted}


def function(parameters: str, expression: str, constants: dict) -> Callable:
    """A function of (ctx, *parameters) that returns `expression`, read over the context."""
    code = (f"def compiled(ctx{parameters}):\n"
            f"    v, c, g, f, n = ctx.values, ctx.checked, ctx.grades, ctx.flags, ctx.nothing_given\n"
            f"    return {expression}\n")
    namespace = {"__builtins__": {}, **HELPERS, **constants}
    exec(code, namespace)  # noqa: S102 - built from validated content, literals by repr() (module docstring)
    return namespace["compiled"]


def outcomes(conditions) -> Callable:
    """One function: ctx -> the tuple of each condition's test(ctx), in order."""
    constants = {name: value for condition in conditions for name, value in condition.constants.items()}
    return function("", "(" + "".join(condition.source + ", " for condition in conditions) + ")", constants)
