"""The condition language, compiled once at load into closures with their text and explanation.

A condition is one of:
  all: [c, ...]   any: [c, ...]   not: c   at_least: {n: N, of: [c, ...]}   ref: <named condition>
  {field: <findings field>, <op>: value}  with op one of eq, ne, lt, lte, gt, gte, in, not_in, is,
                                          contains, contains_any, given
  {checked: <item id>}   {checked_any: [<item id>, ...]}
  {grade: <syndrome>, <op>: N}            (urgency only: grades are worked out first)
  {flag: <syndrome>}                      (urgency only)
  {nothing_given: true}
Each leaf states its bound: gte is "at least", gt is "more than". No epsilon anywhere.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field

from .findings import FIELD_BY_NAME, FieldSpec
from .problems import suggest

NUMERIC_OPS = {
    "eq": (operator.eq, "="), "ne": (operator.ne, "≠"), "lt": (operator.lt, "<"),
    "lte": (operator.le, "≤"), "gt": (operator.gt, ">"), "gte": (operator.ge, "≥"),
}
CHOICE_OPS = ("eq", "ne", "in", "not_in")
LIST_OPS = ("contains", "contains_any")
COMBINATORS = ("all", "any", "not", "at_least", "ref")
LEAVES = ("field", "checked", "checked_any", "grade", "flag", "nothing_given")


class Context:
    """What conditions read: field values, checked items, and (for urgency) grades and flags."""

    __slots__ = ("values", "checked", "grades", "flags", "nothing_given", "explained")

    def __init__(self, values, checked, grades=None, flags=None, nothing_given=False):
        self.values = values
        self.checked = checked
        self.grades = grades or {}
        self.flags = flags or {}
        self.nothing_given = nothing_given
        self.explained = {}  # named condition (by identity) -> its explanation, once per evaluation


@dataclass(frozen=True)
class Condition:
    """A compiled condition: `test(ctx)` is fast; `explain(ctx)` says why it is or is not met.

    `why(ctx, met)` is the explanation when the outcome of `test(ctx)` is already known (`met`): the
    trace and the combinators pass it down instead of testing every subtree again.
    """

    test: Callable = field(repr=False)
    text: str
    why: Callable = field(repr=False, compare=False)
    items: frozenset = frozenset()  # the checklist items it reads
    fields: frozenset = frozenset()  # the findings fields (given or derived) it reads
    findings_only: bool = False  # True when it reads only `fields` and `items` (not grades, flags...)

    def explain(self, ctx) -> str:
        return self.why(ctx, self.test(ctx))


class CompileError(Exception):
    def __init__(self, location, message):
        self.location = tuple(location)
        self.message = message


@dataclass
class Scope:
    """What a condition may refer to while it is compiled."""

    item_ids: frozenset
    syndromes: frozenset
    named: dict = field(default_factory=dict)
    allow_grades: bool = False
    item_ids_in_order: tuple = ()


def compile_condition(node, location, scope: Scope) -> Condition:
    """Compile a condition tree or raise CompileError pointing at the offending node."""
    if not isinstance(node, dict) or not node:
        raise CompileError(location, "a condition must be a mapping such as {field: ..., gte: ...}")
    kinds = [key for key in node if key in COMBINATORS or key in LEAVES]
    if len(kinds) != 1:
        allowed = COMBINATORS + LEAVES
        unknown = [key for key in node if key not in allowed and key not in _ALL_OPS]
        if unknown:
            raise CompileError(location, f"unknown condition key '{unknown[0]}'"
                               + suggest(unknown[0], allowed + _ALL_OPS))
        raise CompileError(location, "a condition needs exactly one of: " + ", ".join(allowed))
    kind = kinds[0]
    return _COMPILERS[kind](node, tuple(location), scope)


_ALL_OPS = tuple(NUMERIC_OPS) + ("in", "not_in", "is", "contains", "contains_any", "given")


def _only(node, location, keys):
    for key in node:
        if key not in keys:
            raise CompileError(location + (key,), f"unknown key '{key}' here" + suggest(key, keys))


def _children(node, key, location, scope):
    entries = node[key]
    if not isinstance(entries, list) or not entries:
        raise CompileError(location + (key,), f"'{key}' needs a non-empty list of conditions")
    return [compile_condition(entry, location + (key, i), scope) for i, entry in enumerate(entries)]


def _reads(children) -> dict:
    """What a combinator or reference reads: what its children read."""
    return {"items": frozenset().union(*(child.items for child in children)),
            "fields": frozenset().union(*(child.fields for child in children)),
            "findings_only": all(child.findings_only for child in children)}


# The explanations of a combinator's children. Loops, not comprehensions: this is the hot path of every
# result's trace, and a comprehension costs a function call of its own.

def _each(whys, ctx, met) -> list:
    """Of every child, each known to be met (or each known not to be)."""
    texts = []
    for w in whys:
        texts.append(w(ctx, met))
    return texts


def _met(pairs, ctx) -> list:
    """Of the children that are met; `pairs` is (test, why) of each child."""
    texts = []
    for t, w in pairs:
        if t(ctx):
            texts.append(w(ctx, True))
    return texts


def _unmet(pairs, ctx) -> list:
    """Of the children that are not met."""
    texts = []
    for t, w in pairs:
        if not t(ctx):
            texts.append(w(ctx, False))
    return texts


def _compile_all(node, location, scope):
    _only(node, location, ("all",))
    children = _children(node, "all", location, scope)
    tests = tuple(child.test for child in children)

    def test(ctx):
        for t in tests:
            if not t(ctx):
                return False
        return True

    whys = tuple(child.why for child in children)
    pairs = tuple((child.test, child.why) for child in children)

    def why(ctx, met):
        if met:  # every child is met: say why each is
            return "; ".join(_each(whys, ctx, True))
        return "; ".join(_unmet(pairs, ctx))

    return Condition(test, "all of: " + "; ".join(c.text for c in children), why,
                     **_reads(children))


def _compile_any(node, location, scope):
    _only(node, location, ("any",))
    children = _children(node, "any", location, scope)
    tests = tuple(child.test for child in children)

    def test(ctx):
        for t in tests:
            if t(ctx):
                return True
        return False

    whys = tuple(child.why for child in children)
    pairs = tuple((child.test, child.why) for child in children)

    def why(ctx, met):
        if met:
            return "; ".join(_met(pairs, ctx))
        return "none of: " + "; ".join(_each(whys, ctx, False))  # none of them is met

    return Condition(test, "any of: " + " | ".join(c.text for c in children), why,
                     **_reads(children))


def _compile_not(node, location, scope):
    _only(node, location, ("not",))
    child = compile_condition(node["not"], location + ("not",), scope)
    inner, inner_why = child.test, child.why
    return Condition(lambda ctx: not inner(ctx), f"not ({child.text})",
                     lambda ctx, met: f"not ({inner_why(ctx, not met)})", **_reads([child]))


def _compile_at_least(node, location, scope):
    _only(node, location, ("at_least",))
    body = node["at_least"]
    here = location + ("at_least",)
    if not isinstance(body, dict) or set(body) != {"n", "of"}:
        raise CompileError(here, "'at_least' needs exactly {n: <count>, of: [conditions]}")
    children = _children(body, "of", here, scope)
    n = body["n"]
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= len(children):
        raise CompileError(here + ("n",), f"n must be a whole number from 1 to {len(children)}")
    tests = tuple(child.test for child in children)

    def test(ctx):
        return sum(1 for t in tests if t(ctx)) >= n

    pairs = tuple((child.test, child.why) for child in children)

    def why(ctx, _met):
        met = _met(pairs, ctx)
        return f"{len(met)} of {len(children)} met (needs {n})" + (": " + "; ".join(met) if met else "")

    return Condition(test, f"at least {n} of: " + " | ".join(c.text for c in children), why,
                     **_reads(children))


def _compile_ref(node, location, scope):
    _only(node, location, ("ref",))
    name = node["ref"]
    if name in scope.named and scope.named[name] is None:
        raise CompileError(location, "")  # already reported where that condition is defined
    if name not in scope.named:
        raise CompileError(location + ("ref",), f"unknown named condition '{name}'"
                           + suggest(name, scope.named))
    inner = scope.named[name]

    key = id(inner)  # not the name: two files may each name a different condition alike

    def why(ctx, met):  # `met` is inner's own outcome: a reference tests what it names
        text = ctx.explained.get(key)
        if text is None:  # (the closure keeps `inner` alive, so no other condition can take its id)
            text = ctx.explained[key] = f"{name} {'met' if met else 'not met'} ({inner.why(ctx, met)})"
        return text

    return Condition(inner.test, name, why, **_reads([inner]))


def _compile_checked(node, location, scope):
    many = "checked_any" in node
    key = "checked_any" if many else "checked"
    _only(node, location, (key,))
    ids = node[key]
    if not many:
        ids = [ids]
    elif not isinstance(ids, list) or not ids:
        raise CompileError(location + (key,), "'checked_any' needs a non-empty list of item ids")
    for i, item in enumerate(ids):
        if not isinstance(item, str) or item not in scope.item_ids:
            where = location + ((key, i) if many else (key,))
            raise CompileError(where, f"unknown checklist item '{item}'"
                               + suggest(item, scope.item_ids))
    wanted = frozenset(ids)
    text = "checked: " + ", ".join(ids) if not many else "checked any of: " + ", ".join(ids)

    def test(ctx):
        return not wanted.isdisjoint(ctx.checked)

    missing = f"not checked: {', '.join(ids)}"

    def why(ctx, met):  # met exactly when some wanted item is checked
        return "checked " + ", ".join(sorted(wanted & ctx.checked)) if met else missing

    return Condition(test, text, why, items=wanted, findings_only=True)


def _compile_nothing_given(node, location, scope):
    _only(node, location, ("nothing_given",))
    if node["nothing_given"] is not True:
        raise CompileError(location + ("nothing_given",), "write 'nothing_given: true'")
    return Condition(lambda ctx: ctx.nothing_given, "nothing was entered",
                     lambda ctx, met: "nothing was entered" if met else "findings were entered")


def _compile_flag(node, location, scope):
    _only(node, location, ("flag",))
    name = node["flag"]
    if not scope.allow_grades:
        raise CompileError(location, "flags can be used only in urgency rules")
    if name not in scope.syndromes:
        raise CompileError(location + ("flag",), f"unknown syndrome '{name}'" + suggest(name, scope.syndromes))
    present, absent = f"{name} features present", f"{name} features absent"
    return Condition(lambda ctx: bool(ctx.flags.get(name)), present,
                     lambda ctx, met: present if met else absent)


def _compile_grade(node, location, scope):
    name = node["grade"]
    if not scope.allow_grades:
        raise CompileError(location, "grades can be used only in urgency rules")
    if name not in scope.syndromes:
        raise CompileError(location + ("grade",), f"unknown syndrome '{name}'" + suggest(name, scope.syndromes))
    op, bound = _single_op(node, location, ("grade",), tuple(NUMERIC_OPS))
    if isinstance(bound, bool) or not isinstance(bound, int) or not 0 <= bound <= 4:
        raise CompileError(location + (op,), f"a grade is a whole number from 0 to 4, got {bound!r}")
    compare, symbol = NUMERIC_OPS[op]

    def test(ctx):
        grade = ctx.grades.get(name)
        return grade is not None and compare(grade, bound)

    needs = f" (needs {symbol} {bound})"

    def why(ctx, _met):
        grade = ctx.grades.get(name)
        return f"{name} grade {'not graded' if grade is None else grade}{needs}"

    return Condition(test, f"{name} grade {symbol} {bound}", why)


def _single_op(node, location, fixed, ops):
    rest = [key for key in node if key not in fixed]
    if len(rest) != 1 or rest[0] not in ops:
        bad = next((k for k in rest if k not in ops), None)
        if bad is not None:
            raise CompileError(location + (bad,), f"unknown operator '{bad}'" + suggest(bad, ops)
                               + "; use one of " + ", ".join(ops))
        raise CompileError(location, "a comparison needs exactly one operator: " + ", ".join(ops))
    return rest[0], node[rest[0]]


def _compile_field(node, location, scope):
    name = node["field"]
    spec = FIELD_BY_NAME.get(name) if isinstance(name, str) else None
    if spec is None or spec.kind == "ice_items":
        hint = " (use 'checked' or 'checked_any')" if name == "checked" else suggest(name, FIELD_BY_NAME)
        raise CompileError(location + ("field",), f"'{name}' is not a findings field{hint}")
    ops = _ops_for(spec)
    op, value = _single_op(node, location, ("field",), ops)
    value = _check_value(spec, op, value, location + (op,))
    return _FIELD_LEAVES[op](spec, op, value)


def _ops_for(spec: FieldSpec):
    if spec.kind == "items":
        return ("given",)
    if spec.kind in ("number", "integer"):
        return tuple(NUMERIC_OPS) + ("given",)
    if spec.kind == "boolean":
        return ("is", "given")
    if spec.kind == "choice":
        return CHOICE_OPS + ("given",)
    return LIST_OPS + ("given",)


def _check_value(spec, op, value, location):
    if op == "given" or op == "is":
        if not isinstance(value, bool):
            raise CompileError(location, f"'{op}' takes true or false, got {value!r}")
        return value
    if spec.kind in ("number", "integer"):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
                spec.minimum <= value <= spec.maximum):
            raise CompileError(location, f"{spec.name} {spec.describe()}, got {value!r}")
        return value
    values = value if op in ("in", "not_in", "contains_any") else [value]
    if op in ("in", "not_in", "contains_any") and (not isinstance(value, list) or not value):
        raise CompileError(location, f"'{op}' takes a non-empty list of values")
    for v in values:
        if v not in spec.choices:
            raise CompileError(location, f"{spec.name} has no value {v!r}" + suggest(v, spec.choices)
                               + "; allowed: " + ", ".join(spec.choices))
    return frozenset(value) if isinstance(value, list) else value


def _shown(spec, value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]" if value else "[]"
    return f"{value:g} {spec.unit}".rstrip() if isinstance(value, (int, float)) else str(value)


def _leaf(spec, need, test):
    """A field leaf; `need` is what it asks of the field, e.g. '≥ 38 °C' or 'one of cpap, bipap'."""
    name = spec.name
    missing_met, missing_unmet = f"{name} not given", f"{name} not given (needs {need})"
    unmet = f", needs {need}"

    def why(ctx, met):
        actual = ctx.values.get(name)
        if actual is None:
            return missing_met if met else missing_unmet
        shown = f"{name} is {_shown(spec, actual)}"
        return shown if met else shown + unmet

    return Condition(test, f"{name} {need}", why, fields=frozenset([name]), findings_only=True)


def _numeric_leaf(spec, op, bound):
    compare, symbol = NUMERIC_OPS[op]
    name = spec.name

    def test(ctx):
        value = ctx.values.get(name)
        return value is not None and compare(value, bound)

    return _leaf(spec, f"{symbol} {_shown(spec, bound)}", test)


def _is_leaf(spec, op, wanted):
    name = spec.name
    return _leaf(spec, _shown(spec, wanted), lambda ctx: ctx.values.get(name) is wanted)


def _given_leaf(spec, op, wanted):
    name = spec.name
    return _leaf(spec, "given" if wanted else "not given", lambda ctx: (name in ctx.values) is wanted)


def _choice_leaf(spec, op, value):
    name = spec.name
    if op in ("eq", "ne"):
        want = op == "eq"
        need = value if want else f"anything but {value}"
        return _leaf(spec, need, lambda ctx: name in ctx.values and (ctx.values[name] == value) is want)
    want = op == "in"
    need = f"{'one of' if want else 'none of'} {', '.join(sorted(value))}"
    return _leaf(spec, need, lambda ctx: name in ctx.values and (ctx.values[name] in value) is want)


def _list_leaf(spec, op, value):
    name = spec.name
    wanted = frozenset([value]) if isinstance(value, str) else value
    need = f"to include {'any of ' if op == 'contains_any' else ''}{', '.join(sorted(wanted))}"
    return _leaf(spec, need, lambda ctx: not wanted.isdisjoint(ctx.values.get(name, ())))


def _dispatch_compare(spec, op, value):
    if spec.kind in ("number", "integer"):
        return _numeric_leaf(spec, op, value)
    return _choice_leaf(spec, op, value)


_FIELD_LEAVES = {
    **{op: _dispatch_compare for op in NUMERIC_OPS}, "in": _choice_leaf, "not_in": _choice_leaf,
    "is": _is_leaf, "given": _given_leaf, "contains": _list_leaf, "contains_any": _list_leaf,
}

_COMPILERS = {
    "all": _compile_all, "any": _compile_any, "not": _compile_not, "at_least": _compile_at_least,
    "ref": _compile_ref, "field": _compile_field, "checked": _compile_checked,
    "checked_any": _compile_checked, "grade": _compile_grade, "flag": _compile_flag,
    "nothing_given": _compile_nothing_given,
}
