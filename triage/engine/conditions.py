"""The condition language, compiled once at load into Python (expressions.py) with its text and explanation.

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

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from .expressions import concat, constant, function, joined, kept, kept_joined, shown, text
from .findings import FIELD_BY_NAME, FieldSpec
from .problems import suggest

NUMERIC_OPS = {  # op -> (Python's operator, the symbol explanations show)
    "eq": ("==", "="), "ne": ("!=", "≠"), "lt": ("<", "<"), "lte": ("<=", "≤"), "gt": (">", ">"),
    "gte": (">=", "≥"),
}
CHOICE_OPS = ("eq", "ne", "in", "not_in")
LIST_OPS = ("contains", "contains_any")
COMBINATORS = ("all", "any", "not", "at_least", "ref")
LEAVES = ("field", "checked", "checked_any", "grade", "flag", "nothing_given")
MAX_DEPTH = 12


class Context:
    """What conditions read: field values, checked items, and (for urgency) grades and flags."""

    __slots__ = ("values", "checked", "grades", "flags", "nothing_given")

    def __init__(self, values, checked, grades=None, flags=None, nothing_given=False):
        self.values = values
        self.checked = checked
        self.grades = grades or {}
        self.flags = flags or {}
        self.nothing_given = nothing_given


@dataclass(frozen=True)
class Condition:
    """A compiled condition: `test(ctx)` is fast; `explain(ctx)` says why it is or is not met.

    `why(ctx, met)` is the explanation when the outcome of `test(ctx)` is already known (`met`), as the
    trace knows it. Both are Python expressions (expressions.py), made into functions when first used.
    """

    source: str  # the test
    reasons: tuple  # the explanation when it is not met, and when it is met
    text: str
    constants: dict = field(default_factory=dict, repr=False, compare=False)  # name in the expressions -> value
    items: frozenset = frozenset()  # the checklist items it reads
    fields: frozenset = frozenset()  # the findings fields (given or derived) it reads
    findings_only: bool = False  # True when it reads only `fields` and `items` (not grades, flags...)
    depth: int = 1  # how deep it nests, counting what its references name

    @cached_property
    def test(self) -> Callable:
        return function("", self.source, self.constants)

    @cached_property
    def why(self) -> Callable:
        unmet, met = self.reasons
        return function(", met", f"({met} if met else {unmet})", self.constants)

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
    condition = _COMPILERS[kinds[0]](node, tuple(location), scope)
    if condition.depth > MAX_DEPTH:  # Python's parser refuses expressions nested much deeper
        raise CompileError(location, f"conditions nest at most {MAX_DEPTH} deep, counting what 'ref' names")
    return condition


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


def _inherited(children) -> dict:
    """What a combinator or reference takes from its children: what they read and the constants they name."""
    return {"items": frozenset().union(*(child.items for child in children)),
            "fields": frozenset().union(*(child.fields for child in children)),
            "findings_only": all(child.findings_only for child in children),
            "constants": {name: value for child in children for name, value in child.constants.items()},
            "depth": 1 + max(child.depth for child in children)}


# A combinator's explanation names each child that decided it: all children when every one is met (all)
# or none is (any); otherwise only those met (any, at_least) or not met (all), tested again to find them.

def _met_ones(children) -> str:
    return kept_joined(((child.source, child.reasons[1]) for child in children), "; ")


def _unmet_ones(children) -> str:
    return kept_joined(((f"not {child.source}", child.reasons[0]) for child in children), "; ")


def _compile_all(node, location, scope):
    _only(node, location, ("all",))
    children = _children(node, "all", location, scope)
    every_met = joined([child.reasons[1] for child in children], " + '; ' + ")
    return Condition(joined([child.source for child in children], " and "),
                     (_unmet_ones(children), every_met),
                     "all of: " + "; ".join(c.text for c in children), **_inherited(children))


def _compile_any(node, location, scope):
    _only(node, location, ("any",))
    children = _children(node, "any", location, scope)
    none_met = concat(text("none of: "), joined([child.reasons[0] for child in children], " + '; ' + "))
    return Condition(joined([child.source for child in children], " or "),
                     (none_met, _met_ones(children)),
                     "any of: " + " | ".join(c.text for c in children), **_inherited(children))


def _compile_not(node, location, scope):
    _only(node, location, ("not",))
    child = compile_condition(node["not"], location + ("not",), scope)
    unmet, met = (concat(text("not ("), reason, text(")")) for reason in reversed(child.reasons))
    return Condition(f"(not {child.source})", (unmet, met), f"not ({child.text})", **_inherited([child]))


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
    counted = f"_counted({n}, {kept((child.source, child.reasons[1]) for child in children)})"
    return Condition("(" + " + ".join(child.source for child in children) + f" >= {n})",  # True + True == 2
                     (counted, counted), f"at least {n} of: " + " | ".join(c.text for c in children),
                     **_inherited(children))


def _compile_ref(node, location, scope):
    _only(node, location, ("ref",))
    name = node["ref"]
    if name in scope.named and scope.named[name] is None:
        raise CompileError(location, "")  # already reported where that condition is defined
    if name not in scope.named:
        raise CompileError(location + ("ref",), f"unknown named condition '{name}'"
                           + suggest(name, scope.named))
    inner = scope.named[name]  # inlined, so two files may each name a different condition alike
    unmet, met = (concat(text(f"{name} {said} ("), reason, text(")"))
                  for said, reason in zip(("not met", "met"), inner.reasons, strict=True))
    return Condition(inner.source, (unmet, met), name, **_inherited([inner]))


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
    constants = constant(wanted)
    (name,) = constants
    return Condition(f"(not {name}.isdisjoint(c))",  # met exactly when some wanted item is checked
                     (text(f"not checked: {', '.join(ids)}"), f"('checked ' + ', '.join(sorted({name} & c)))"),
                     "checked: " + ", ".join(ids) if not many else "checked any of: " + ", ".join(ids),
                     constants, items=wanted, findings_only=True)


def _compile_nothing_given(node, location, scope):
    _only(node, location, ("nothing_given",))
    if node["nothing_given"] is not True:
        raise CompileError(location + ("nothing_given",), "write 'nothing_given: true'")
    return Condition("(n is True)", (text("findings were entered"), text("nothing was entered")),
                     "nothing was entered")


def _compile_flag(node, location, scope):
    _only(node, location, ("flag",))
    name = node["flag"]
    if not scope.allow_grades:
        raise CompileError(location, "flags can be used only in urgency rules")
    if name not in scope.syndromes:
        raise CompileError(location + ("flag",), f"unknown syndrome '{name}'" + suggest(name, scope.syndromes))
    return Condition(f"(f.get({name!r}) is True)", (text(f"{name} features absent"), text(f"{name} features present")),
                     f"{name} features present")


def _compile_grade(node, location, scope):
    name = node["grade"]
    if not scope.allow_grades:
        raise CompileError(location, "grades can be used only in urgency rules")
    if name not in scope.syndromes:
        raise CompileError(location + ("grade",), f"unknown syndrome '{name}'" + suggest(name, scope.syndromes))
    op, bound = _single_op(node, location, ("grade",), tuple(NUMERIC_OPS))
    if isinstance(bound, bool) or not isinstance(bound, int) or not 0 <= bound <= 4:
        raise CompileError(location + (op,), f"a grade is a whole number from 0 to 4, got {bound!r}")
    python, symbol = NUMERIC_OPS[op]
    said = concat(text(f"{name} grade "), f"('not graded' if (x := g.get({name!r})) is None else f'{{x}}')",
                  text(f" (needs {symbol} {bound})"))
    return Condition(f"((x := g.get({name!r})) is not None and x {python} {bound!r})", (said, said),
                     f"{name} grade {symbol} {bound}")


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


def _leaf(spec, need, source, constants=None):
    """A field leaf; `need` is what it asks of the field, e.g. '≥ 38 °C' or 'one of cpap, bipap'."""
    name = spec.name
    absent = f"(x := v.get({name!r})) is None"
    given = concat(text(f"{name} is "), shown(spec))
    met = f"({text(f'{name} not given')} if {absent} else {given})"
    unmet = f"({text(f'{name} not given (needs {need})')} if {absent} else {concat(given, text(f', needs {need}'))})"
    return Condition(source, (unmet, met), f"{name} {need}", constants or {}, fields=frozenset([name]),
                     findings_only=True)


# A leaf's test. A field that is not given is absent from v (never None), so `v.get(name)` is None
# exactly when it is not given, and a comparison with a field that is not given is never met.

def _numeric_leaf(spec, op, bound):
    python, symbol = NUMERIC_OPS[op]
    source = f"((x := v.get({spec.name!r})) is not None and x {python} {bound!r})"
    return _leaf(spec, f"{symbol} {_shown(spec, bound)}", source)


def _is_leaf(spec, op, wanted):
    return _leaf(spec, _shown(spec, wanted), f"(v.get({spec.name!r}) is {wanted!r})")


def _given_leaf(spec, op, wanted):
    return _leaf(spec, "given" if wanted else "not given", f"({spec.name!r} {'in' if wanted else 'not in'} v)")


def _choice_leaf(spec, op, value):
    if op == "eq":
        return _leaf(spec, value, f"(v.get({spec.name!r}) == {value!r})")
    if op == "ne":
        return _leaf(spec, f"anything but {value}", f"((x := v.get({spec.name!r})) is not None and x != {value!r})")
    constants = constant(value)
    (values,) = constants
    if op == "in":
        return _leaf(spec, f"one of {', '.join(sorted(value))}", f"(v.get({spec.name!r}) in {values})", constants)
    return _leaf(spec, f"none of {', '.join(sorted(value))}",
                 f"((x := v.get({spec.name!r})) is not None and x not in {values})", constants)


def _list_leaf(spec, op, value):
    wanted = frozenset([value]) if isinstance(value, str) else value
    need = f"to include {'any of ' if op == 'contains_any' else ''}{', '.join(sorted(wanted))}"
    constants = constant(wanted)
    (name,) = constants
    return _leaf(spec, need, f"(not {name}.isdisjoint(v.get({spec.name!r}, ())))", constants)


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
