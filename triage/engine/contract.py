"""The findings contract (rules/findings.yaml): what a findings document may hold, checked once.

parse(data) gives a frozen Findings or a FindingsError naming the field in the forms' words; the
JSON Schema of a findings document, cross-field rules included, is derived from the same contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType

from .conditions import All, Any, Condition, Facts, FieldGiven, FieldTest, Not, Ref
from .fields import DaySeries, FieldSpec
from .problems import FindingsError, suggest


@dataclass(frozen=True)
class Constraint:
    """A cross-field rule: when `when` holds (by default: `field` holds a value other than its normal
    reading), `then` must hold; otherwise the document is refused, naming `field` with `message`."""

    field: str
    when: Condition | None  # None: the default
    then: Condition
    message: str  # may name other fields as {name}: replaced by their value, in the forms' words
    sources: tuple
    line: int

    @cached_property
    def literals(self) -> tuple:
        """The comparisons `then` requires outright, as (FieldTest, outcome)."""
        return tuple(_literals(self.then))

    @property
    def settles_blank(self) -> bool:
        """With the default `when`, a blank `field` whose `then` is ruled out can hold only its normal reading."""
        return self.when is None


@dataclass(frozen=True)
class Findings:
    """A validated findings document: the values given (in contract order), those plus the derived
    values worked out from them, and the checklist items ticked."""

    given: MappingProxyType
    values: MappingProxyType
    checked: frozenset

    def to_dict(self) -> dict:
        """The findings as given, in contract order (for JSON and share links)."""
        return {name: _plain(value) for name, value in self.given.items()}

    def __bool__(self) -> bool:
        return bool(self.given)


class _Words(dict):
    """{name} in a constraint's message: the value given for that field, in the forms' words."""

    def __init__(self, contract: Contract, values: dict):
        super().__init__()
        self.contract, self.values = contract, values

    def __missing__(self, name: str) -> str:
        if name not in self.values:
            return "not given"
        spec, value = self.contract.spec(name), self.values[name]
        return f"'{spec.label_for(value)}'" if spec.kind == "choice" else spec.shown(value)


def _plain(value):
    if isinstance(value, DaySeries):
        return value.to_list()
    if isinstance(value, MappingProxyType):
        return dict(value)
    return list(value) if isinstance(value, tuple) else value


@dataclass(frozen=True)
class Contract:
    """Every findings field, in order, with the derived fields and the cross-field constraints."""

    sections: MappingProxyType  # section id -> title
    day_field: str  # the field that places a document on the timeline: the day after infusion
    inputs: MappingProxyType  # field name -> FieldSpec: what a document may give
    derived: MappingProxyType  # field name -> FieldSpec with its derivation
    constraints: tuple

    @property
    def fields(self) -> MappingProxyType:
        """Every field conditions may read: inputs, then derived."""
        return MappingProxyType({**self.inputs, **self.derived})

    def spec(self, name: str) -> FieldSpec:
        return self.inputs.get(name) or self.derived[name]

    @cached_property
    def normals(self) -> MappingProxyType:
        """How blanks are read for `grade`: field -> its normal value, for the fields that have one."""
        return MappingProxyType({name: spec.normal for name, spec in self.inputs.items() if spec.has_normal})

    @cached_property
    def assessable(self) -> frozenset:
        """The fields whose blank is "not assessed": all but checklist items (unticked means not noticed)."""
        return frozenset(name for name, spec in self.inputs.items() if spec.kind != "items")

    def read(self, findings: Findings) -> Facts:
        """What conditions read about a document, every blank as its normal value. Which blanks are open
        is worked out only when three-valued answers are wanted (open_blanks): until then it is None."""
        values = {**self.normals, **findings.given}
        values.update(self.derive(values))
        return Facts(values, findings.values, findings.checked, None, not findings.given)

    @cached_property
    def series(self) -> frozenset:
        """The day_series fields: one given is still partly open (a day it has no count for)."""
        return frozenset(name for name, spec in self.inputs.items() if spec.is_series)

    def blanks(self, findings: Findings) -> frozenset:
        """The fields a document leaves blank that could be assessed (checklist items aside), and the
        day series it gives (the days they miss are blank)."""
        return self.assessable.difference(findings.given).union(self.series.intersection(findings.given))

    def open_blanks(self, facts: Facts) -> None:
        """Work out facts.unknown, the blanks left open, and facts.implied.

        A blank is open unless a constraint settles it: a field that may hold a value other than its normal
        reading only when something the other findings rule out (vasopressors only with hypotension that
        needs them) can hold nothing but its normal reading."""
        given = facts.given
        blank = self.assessable.difference(given).union(self.series.intersection(given))
        facts.unknown = self._open(given, blank)
        facts.implied = self._implied(facts)
        settled = {c.field for c in self.settling if c.field in blank and c.then.test3(facts) is False}
        if settled:
            facts.unknown = self._open(given, blank - settled)

    @cached_property
    def settling(self) -> tuple:
        """The constraints that settle a blank `field` (those with the default `if`)."""
        return tuple(c for c in self.constraints if c.settles_blank)

    def _implied(self, facts: Facts) -> dict:
        """What the cross-field rules that apply to the fields given require of open blanks, where they
        require plain comparisons: (field, op, bound) -> True or False (an ICE score given: not under 12)."""
        implied, document, unknown = {}, Facts(facts.given, facts.given, facts.checked), facts.unknown
        for constraint in self.constraints:
            if constraint.literals and self.applies(constraint, document):
                for leaf, outcome in constraint.literals:
                    if leaf.name in unknown:
                        implied[leaf.key] = outcome
        return implied

    def _open(self, given, blank) -> frozenset:
        """The blank fields, with the derived fields that they leave unsettled."""
        return blank.union(name for name, spec in self.derived.items() if not spec.derivation.known(given, blank))

    def input_names(self, names) -> tuple:
        """Fields as a document gives them, in contract order: a derived field stands for its sources."""
        wanted = set()
        for name in names:
            wanted.update(self.derived[name].derivation.sources if name in self.derived else (name,))
        return tuple(name for name in self.inputs if name in wanted)

    def derive(self, values: dict) -> dict:
        """The derived values that `values` (field -> value) give."""
        derived = {}
        for name, spec in self.derived.items():
            value = spec.derivation.value(values)
            if value is not None:
                derived[name] = value
        return derived

    def parse(self, data, item_ids) -> Findings:
        """Validate a findings mapping (None counts as empty); raise FindingsError naming the field."""
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise FindingsError("", "a findings document must be a mapping of field names to values")
        parsed = {}
        for name, raw in data.items():
            spec = self.inputs.get(name) if isinstance(name, str) else None
            if spec is None:
                if isinstance(name, str) and name in self.derived:
                    raise FindingsError(name, "is worked out by the tool and cannot be given")
                raise FindingsError(str(name), "is not a findings field" + suggest(name, self.inputs),
                                    allowed=self.inputs)
            if raw is None or (spec.kind in ("items", "day_series") and raw == []):
                continue
            parsed[name] = spec.parse(raw, item_ids)
        given = {name: parsed[name] for name in self.inputs if name in parsed}
        self._check_totals(given)
        values = {**given, **self.derive(given)}
        self._check_constraints(values, frozenset(given.get("checked", ())))
        return Findings(MappingProxyType(given), MappingProxyType(values), frozenset(given.get("checked", ())))

    def _check_totals(self, given: dict) -> None:
        for spec in self.inputs.values():
            if spec.kind == "item_scores" and spec.name in given and spec.total in given:
                raise FindingsError(spec.total, f"give the {self.inputs[spec.total].label} or the "
                                                f"{spec.label}, not both")

    def _check_constraints(self, values: dict, checked: frozenset) -> None:
        facts = Facts(values, values, checked)
        for constraint in self.constraints:
            if self.applies(constraint, facts) and not constraint.then.test(facts):
                raise FindingsError(constraint.field, constraint.message.format_map(_Words(self, values)))

    def applies(self, constraint: Constraint, facts: Facts) -> bool:
        """Whether a constraint's `when` holds for a document."""
        if constraint.when is not None:
            return constraint.when.test(facts)
        spec = self.inputs[constraint.field]
        return constraint.field in facts.given and (
            not spec.has_normal or facts.given[constraint.field] != spec.normal)

    # --- The same contract as a JSON Schema (2020-12) ----------------------------------------------------

    def json_schema(self, item_ids=()) -> dict:
        """A findings document as JSON Schema: every field optional (null means not given), and every
        cross-field rule as if/then, so that a document the schema accepts is one the engine accepts."""
        rules = [{"if": self._when_schema(c), "then": condition_schema(c.then),
                  "description": f"{c.field}: {c.message}"} for c in self.constraints]
        rules += [{"not": {"allOf": [_given_schema(spec), _given_schema(self.inputs[spec.total])]},
                   "description": f"give {spec.total} or {spec.name}, not both"}
                  for spec in self.inputs.values() if spec.kind == "item_scores"]
        return {"type": "object", "additionalProperties": False,
                "properties": {name: field_schema(spec, item_ids) for name, spec in self.inputs.items()},
                "allOf": rules, "description": "What was observed. Every field is optional; null means not given."}

    def _when_schema(self, constraint: Constraint) -> dict:
        if constraint.when is not None:
            return condition_schema(constraint.when)
        spec = self.inputs[constraint.field]
        if not spec.has_normal:
            return _given_schema(spec)
        if spec.is_list:
            body = {"type": "array", "minItems": 1}
        elif spec.kind == "boolean":
            body = {"const": not spec.normal}
        else:
            body = {"enum": [c for c in spec.choices if c != spec.normal]}
        return {"required": [spec.name], "properties": {spec.name: body}}


def _literals(condition, outcome=True):
    """The comparisons a condition requires outright: (FieldTest, outcome) for a comparison, its `not`,
    or an `all` of them; nothing for anything else."""
    if isinstance(condition, FieldTest):
        return [(condition, outcome)]
    if isinstance(condition, Not):
        return _literals(condition.child, not outcome)
    if isinstance(condition, All) and outcome:
        return [pair for child in condition.children for pair in _literals(child, True)]
    return []


def field_schema(spec: FieldSpec, item_ids=()) -> dict:
    """One field's JSON Schema (null allowed: it means not given)."""
    words = spec.label + (f" ({spec.unit})" if spec.unit else "") + (f". {spec.help}" if spec.help else "")
    if spec.has_normal:
        words += f". A blank is read as {spec.shown(spec.normal)} for the grade."
    if spec.numeric:
        body = {"type": [spec.kind, "null"], "minimum": spec.minimum, "maximum": spec.maximum}
    elif spec.kind == "boolean":
        body = {"type": ["boolean", "null"]}
    elif spec.kind == "choice":
        body = {"enum": [*spec.choices, None]}
    elif spec.is_list:
        choices = list(spec.choices) if spec.kind == "choices" else sorted(item_ids)
        body = {"type": ["array", "null"], "items": {"enum": choices}, "uniqueItems": True}
    elif spec.is_series:
        entry = {"type": "object", "additionalProperties": False, "required": ["day", spec.value_key],
                 "properties": {"day": {"type": "integer", "minimum": spec.days[0], "maximum": spec.days[1],
                                        "description": "Day after infusion (one entry a day)"},
                                spec.value_key: {"type": "number", "minimum": spec.minimum,
                                                 "maximum": spec.maximum,
                                                 "description": f"{spec.value_label}, the lowest of the day "
                                                                f"({spec.unit})"}}}
        body = {"type": ["array", "null"], "items": entry}
    else:
        body = {"type": ["object", "null"], "additionalProperties": False,
                "required": [i.id for i in spec.scored_items],
                "properties": {i.id: {"type": "integer", "minimum": 0, "maximum": i.points, "description": i.label}
                               for i in spec.scored_items}}
    return {"description": words, **body}


def _given_schema(spec: FieldSpec) -> dict:
    body = {"type": "array", "minItems": 1} if spec.kind == "items" else {"not": {"type": "null"}}
    return {"required": [spec.name], "properties": {spec.name: body}}


def condition_schema(condition: Condition) -> dict:
    """A condition on findings fields as JSON Schema: a comparison needs its field given (not null)."""
    if isinstance(condition, All):
        return {"allOf": [condition_schema(c) for c in condition.children]}
    if isinstance(condition, Any):
        return {"anyOf": [condition_schema(c) for c in condition.children]}
    if isinstance(condition, Not):
        return {"not": condition_schema(condition.child)}
    if isinstance(condition, Ref):
        return condition_schema(condition.child)
    if isinstance(condition, FieldGiven):
        given = _given_schema(condition.spec)
        return given if condition.wanted else {"not": given}
    if isinstance(condition, FieldTest):
        return {"required": [condition.spec.name], "properties": {condition.spec.name: _test_schema(condition)}}
    raise ValueError("a cross-field rule can use only field comparisons, all, any and not")


_BOUNDS = {"lt": "exclusiveMaximum", "lte": "maximum", "gt": "exclusiveMinimum", "gte": "minimum"}


def _test_schema(test: FieldTest) -> dict:
    spec, op, bound = test.spec, test.op, test.bound
    if spec.numeric:
        typed = {"type": spec.kind}
        if op in _BOUNDS:
            return {**typed, _BOUNDS[op]: bound}
        return {**typed, "const": bound} if op == "eq" else {**typed, "not": {"const": bound}}
    if op == "is":
        return {"const": bound}
    if op in ("contains", "contains_any"):
        return {"type": "array", "contains": {"enum": sorted(bound)}}
    kept = {"eq": lambda c: c == bound, "ne": lambda c: c != bound, "in": lambda c: c in bound,
            "not_in": lambda c: c not in bound}[op]
    return {"enum": [c for c in spec.choices if kept(c)]}
