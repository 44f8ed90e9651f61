"""The condition language: a small tree of frozen nodes, parsed and type-checked once, at load.

A condition in YAML is one of:
  all: [c, ...]   any: [c, ...]   not: c   at_least: {n: N, of: [c, ...]}   ref: <named condition>
  {field: <findings field>, <op>: value}  op: eq, ne, lt, lte, gt, gte (numbers; eq, ne, in, not_in for
                                          choices), is (booleans), contains, contains_any (lists), given
  {checked: <item id>}   {checked_any: [<item id>, ...]}
  {only_given: [<field>, ...]}                                the document gives no other field
  {grade: <syndrome>, <op>: N}   {flag: <syndrome>}            (urgency and coverage only)
  {note: <rule id>}   {urgency: [<level id>, ...]}             (coverage only)
  {nothing_given: true}
  {series: <day_series field>, within: [A, B], days_at_or_below: X, <op>: N}
        the days from A to B (inclusive) with the count at or below X, a rise above it of fewer than
        `recovery` days (default 3) in between two such days counted too (a missing day between two
        counts at or below X is at or below it); a missing day that no two counts frame is open
  {series: <day_series field>, within: [A, B], counts_at_or_below: X, <op>: N}
        the counts given from day A to B at or below X (only the counts given: never open)
Each leaf states its bound: gte is "at least", gt is "more than". No epsilon anywhere.

Every node answers three questions about a document's Facts:
  test(facts)    met or not, with every blank read as its field's normal value (what `grade` uses);
  test3(facts)   True, False, or None when the blanks (facts.unknown) leave it open: Kleene logic;
  explain(facts) why, in words, naming the values read.
and weigh(facts, want): test3's outcome together with, when it is open, the blank fields that could move
it towards `want` (its raisers), in one pass.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field

from .fields import FieldSpec, number_text
from .problems import suggest

MAX_DEPTH = 12  # the deepest condition in the content nests 7 levels
NOTHING = frozenset()
NUMERIC_OPS = {"eq": (operator.eq, "="), "ne": (operator.ne, "≠"), "lt": (operator.lt, "<"),
               "lte": (operator.le, "≤"), "gt": (operator.gt, ">"), "gte": (operator.ge, "≥")}
CHOICE_OPS = ("eq", "ne", "in", "not_in")
LIST_OPS = ("contains", "contains_any")
COMBINATORS = ("all", "any", "not", "at_least", "ref")
LEAVES = ("field", "checked", "checked_any", "only_given", "grade", "flag", "note", "urgency", "nothing_given",
          "series")
_ALL_OPS = tuple(NUMERIC_OPS) + ("in", "not_in", "is", "contains", "contains_any", "given", "within", "recovery",
                                  "days_at_or_below", "counts_at_or_below")


class Facts:
    """What conditions read about one document.

    values   each field's reading: the value given, else its normal value; derived fields worked out
             from those (a measurement left blank is absent, so no comparison on it is met)
    given    the fields given, and the derived fields worked out from them alone
    checked  the checklist items ticked
    unknown  the blank fields that leave a condition open (test3); derived ones included (None until
             Contract.open_blanks has worked them out)
    implied  what the cross-field rules say of some open blanks: (field, op, bound) -> outcome
    grades, flags, ranges, flags3   for urgency and coverage: each syndrome's grade, flag, grade range
                                    (lowest, highest) and flag in three values
    notes, level                    for coverage: the note rules that fired, the urgency level
    """

    __slots__ = ("values", "given", "checked", "unknown", "implied", "nothing_given", "grades", "flags", "ranges",
                 "flags3", "notes", "level")

    def __init__(self, values, given, checked, unknown=frozenset(), nothing_given=False):
        self.values, self.given, self.checked, self.unknown = values, given, checked, unknown
        self.implied = {}
        self.nothing_given = nothing_given
        self.grades, self.flags, self.ranges, self.flags3 = {}, {}, {}, {}
        self.notes, self.level = frozenset(), ""


class ConditionError(Exception):
    """A condition that cannot be parsed: where in the file (a path of keys) and what is wrong."""

    def __init__(self, location, message):
        super().__init__(message)
        self.location = tuple(location)
        self.message = message


@dataclass(frozen=True, slots=True)
class Condition:
    """A parsed condition. Subclasses define test, test3, explain and text; these defaults serve leaves
    whose outcome the blanks cannot leave open."""

    def test3(self, facts):
        return self.test(facts)

    def weigh(self, facts, want: bool) -> tuple:
        """(test3's outcome, the open blanks that could move it towards `want`: empty unless it is open)."""
        return self.test3(facts), NOTHING

    # What a condition reads: asked while the rules load, never while they are tested.
    @property
    def fields(self) -> frozenset:
        """The findings fields it reads (derived ones by their own name)."""
        return frozenset()

    @property
    def items(self) -> frozenset:
        """The checklist items it reads."""
        return frozenset()

    @property
    def findings_only(self) -> bool:
        """True when it reads nothing but the fields and items it names (not outcomes, nor the whole document)."""
        return True

    @property
    def depth(self) -> int:
        return 1


# --- Combinators -----------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Combinator(Condition):
    children: tuple

    @property
    def fields(self):
        return frozenset().union(*(c.fields for c in self.children))

    @property
    def items(self):
        return frozenset().union(*(c.items for c in self.children))

    @property
    def findings_only(self):
        return all(c.findings_only for c in self.children)

    @property
    def depth(self):
        return 1 + max(c.depth for c in self.children)

    def weigh(self, facts, want):
        """Kleene's `all` (`any`: `decides` True) with the raisers of every child still open."""
        outcome, raisers, decides = not self.decides, set(), self.decides
        for child in self.children:
            met, found = child.weigh(facts, want)
            if met is decides:
                return decides, NOTHING
            if met is None:
                outcome = None
                raisers.update(found)
        return outcome, (raisers if outcome is None else NOTHING)


@dataclass(frozen=True, slots=True)
class All(_Combinator):
    decides = False  # one child that is not met decides an `all`

    def test(self, facts):
        for child in self.children:  # noqa: SIM110 - a third of the time of all() over a generator
            if not child.test(facts):
                return False
        return True

    def test3(self, facts):
        outcome = True
        for child in self.children:
            met = child.test3(facts)
            if met is False:
                return False
            if met is None:
                outcome = None
        return outcome

    def explain(self, facts, met=None):
        if met is None:
            met = self.test(facts)
        return "; ".join(c.explain(facts, met) for c in self.children if met or not c.test(facts))

    @property
    def text(self):
        return "all of: " + "; ".join(c.text for c in self.children)


@dataclass(frozen=True, slots=True)
class Any(_Combinator):
    decides = True  # one child that is met decides an `any`

    def test(self, facts):
        for child in self.children:  # noqa: SIM110 - a third of the time of any() over a generator
            if child.test(facts):
                return True
        return False

    def test3(self, facts):
        outcome = False
        for child in self.children:
            met = child.test3(facts)
            if met is True:
                return True
            if met is None:
                outcome = None
        return outcome

    def explain(self, facts, met=None):
        if met is None:
            met = self.test(facts)
        if not met:
            return "none of: " + "; ".join(c.explain(facts, False) for c in self.children)
        return "; ".join(c.explain(facts, True) for c in self.children if c.test(facts))

    @property
    def text(self):
        return "any of: " + " | ".join(c.text for c in self.children)


@dataclass(frozen=True, slots=True)
class AtLeast(_Combinator):
    n: int = 1

    def test(self, facts):
        return sum(1 for child in self.children if child.test(facts)) >= self.n

    def test3(self, facts):
        outcomes = [child.test3(facts) for child in self.children]
        if outcomes.count(True) >= self.n:
            return True
        return None if outcomes.count(True) + outcomes.count(None) >= self.n else False

    def explain(self, facts, met=None):
        reasons = [c.explain(facts, True) for c in self.children if c.test(facts)]
        counted = f"{len(reasons)} of {len(self.children)} met (needs {self.n})"
        return counted + (": " + "; ".join(reasons) if reasons else "")

    @property
    def text(self):
        return f"at least {self.n} of: " + " | ".join(c.text for c in self.children)

    def weigh(self, facts, want):
        weighed = [child.weigh(facts, want) for child in self.children]
        outcome = self.test3(facts)
        return outcome, (set().union(*(r for met, r in weighed if met is None)) if outcome is None else NOTHING)


@dataclass(frozen=True, slots=True)
class _OneChild(Condition):
    child: Condition

    fields = property(lambda self: self.child.fields)
    items = property(lambda self: self.child.items)
    findings_only = property(lambda self: self.child.findings_only)
    depth = property(lambda self: 1 + self.child.depth)


@dataclass(frozen=True, slots=True)
class Not(_OneChild):
    def test(self, facts):
        return not self.child.test(facts)

    def test3(self, facts):
        met = self.child.test3(facts)
        return None if met is None else not met

    def explain(self, facts, met=None):
        if met is None:
            met = self.test(facts)
        return f"not ({self.child.explain(facts, not met)})"

    def weigh(self, facts, want):
        met, raisers = self.child.weigh(facts, not want)
        return (None if met is None else not met), raisers

    text = property(lambda self: f"not ({self.child.text})")


@dataclass(frozen=True, slots=True)
class Ref(_OneChild):
    """A named condition of the same file, shown by its name."""

    name: str = ""

    def test(self, facts):
        return self.child.test(facts)

    def test3(self, facts):
        return self.child.test3(facts)

    def explain(self, facts, met=None):
        if met is None:
            met = self.test(facts)
        return f"{self.name} {'met' if met else 'not met'} ({self.child.explain(facts, met)})"

    def weigh(self, facts, want):
        return self.child.weigh(facts, want)

    text = property(lambda self: self.name)


# --- Leaves on findings fields ---------------------------------------------------------------------------

def _is_in(value, values) -> bool:
    return value in values


def _not_in(value, values) -> bool:
    return value not in values


def _overlaps(listed, wanted) -> bool:
    return not wanted.isdisjoint(listed)


@dataclass(frozen=True, slots=True)
class FieldTest(Condition):
    """A comparison with the value of one field; a field read as absent meets none."""

    spec: FieldSpec
    op: str  # as written: gte, in, contains_any...
    compare: object  # (value, bound) -> bool
    bound: object
    need: str  # what it asks, in words: "≥ 38 °C", "one of cpap, bipap"
    name: str = field(init=False, repr=False, compare=False)  # the field's name, read on every test

    def __post_init__(self):
        object.__setattr__(self, "name", self.spec.name)

    def test(self, facts):
        value = facts.values.get(self.name)
        return value is not None and self.compare(value, self.bound)



    def test3(self, facts):
        if self.spec.name in facts.unknown:
            return facts.implied.get(self.key) if facts.implied else None
        return self.test(facts)

    def weigh(self, facts, want):
        met = self.test3(facts)
        if met is None and self.test(facts) != want:  # read as normal it is not `want`: giving it could change that
            return None, (self.spec.name,)
        return met, NOTHING

    @property
    def key(self) -> tuple:
        """The comparison itself, the same wherever it is written: (field, op, bound)."""
        return (self.spec.name, self.op, self.bound)

    def explain(self, facts, met=None):
        if met is None:
            met = self.test(facts)
        name = self.spec.name
        if name in facts.given:
            said = f"{name} is {self.spec.shown(facts.given[name])}"
        elif self.spec.has_normal:
            said = f"{name} not given, read as {self.spec.shown(self.spec.normal)}"
        else:
            return f"{name} not given" + ("" if met else f" (needs {self.need})")
        return said if met else f"{said}, needs {self.need}"

    text = property(lambda self: f"{self.spec.name} {self.need}")
    fields = property(lambda self: frozenset((self.spec.name,)))


@dataclass(frozen=True, slots=True)
class FieldGiven(Condition):
    """Whether the document gives a field: a fact about the document, never open."""

    spec: FieldSpec
    wanted: bool

    def test(self, facts):
        return (self.spec.name in facts.given) is self.wanted

    def explain(self, facts, met=None):
        if met is None:
            met = self.test(facts)
        name = self.spec.name
        if name not in facts.given:
            return f"{name} not given" + ("" if met else " (needs given)")
        said = f"{name} is {self.spec.shown(facts.given[name])}"
        return said if met else f"{said}, needs not given"

    text = property(lambda self: f"{self.spec.name} {'given' if self.wanted else 'not given'}")
    fields = property(lambda self: frozenset((self.spec.name,)))


@dataclass(frozen=True, slots=True)
class Checked(Condition):
    """Some of the wanted checklist items are ticked; an unticked item was not noticed, so never open."""

    wanted: frozenset
    ids: tuple  # as written, for the text

    def test(self, facts):
        return not self.wanted.isdisjoint(facts.checked)

    def explain(self, facts, met=None):
        if met is None:
            met = self.test(facts)
        if met:
            return "checked " + ", ".join(sorted(self.wanted & facts.checked))
        return "not checked: " + ", ".join(self.ids)

    @property
    def text(self):
        return ("checked: " if len(self.ids) == 1 else "checked any of: ") + ", ".join(self.ids)

    items = property(lambda self: self.wanted)


@dataclass(frozen=True, slots=True)
class OnlyGiven(Condition):
    """The document gives no field but these (derived fields aside): a fact about the document."""

    allowed: frozenset  # the fields named, and every derived field

    findings_only = False  # it reads every field given

    def test(self, facts):
        return facts.given.keys() <= self.allowed

    def explain(self, facts, met=None):
        others = sorted(facts.given.keys() - self.allowed)
        return "gives also " + ", ".join(others) if others else "gives nothing else"

    text = property(lambda self: "gives only some fields")


@dataclass(frozen=True, slots=True)
class NothingGiven(Condition):
    findings_only = False  # it reads every field given

    def test(self, facts):
        return facts.nothing_given

    def explain(self, facts, met=None):
        return "nothing was entered" if facts.nothing_given else "findings were entered"

    text = "nothing was entered"


# --- Leaves on a day series (the neutrophil counts of ICAHT) ---------------------------------------------

BELOW, ABOVE, MISSING = "below", "above", None


def day_states(counts: dict, first: int, last: int, threshold) -> list:
    """Each day from `first` to `last`: BELOW (count at or below `threshold`), ABOVE, or MISSING; a missing
    day between two counts at or below the threshold is BELOW."""
    states = [MISSING if d not in counts else BELOW if counts[d] <= threshold else ABOVE
              for d in range(first, last + 1)]
    previous = None  # the state of the last day with a count
    for i, state in enumerate(states):
        if state is MISSING:
            continue
        if state is BELOW and previous is BELOW:
            for j in range(i - 1, -1, -1):
                if states[j] is not MISSING:
                    break
                states[j] = BELOW
        previous = state
    return states


def below_runs(states: list, recovery: int, first: int) -> list:
    """The stretches (first day, last day) at or below, joined across rises of fewer than `recovery` days."""
    runs = []
    for i, state in enumerate(states):
        if state is not BELOW:
            continue
        day = first + i
        if runs and day - runs[-1][1] - 1 < recovery:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [tuple(run) for run in runs]


def run_days(runs: list) -> int:
    return sum(last - start + 1 for start, last in runs)


@dataclass(frozen=True, slots=True)
class SeriesTest(Condition):
    """A measure of a day series within a span of days, compared with a bound."""

    spec: FieldSpec
    measure: str  # days_at_or_below or counts_at_or_below
    threshold: float
    within: tuple  # (first, last)
    op: str
    bound: int
    recovery: int = 3

    def _series(self, facts):
        series = facts.values.get(self.spec.name)
        return None if series is None else series.within(*self.within)

    def amount(self, facts, missing=ABOVE):
        """The measure, a missing day read as `missing` (for days_at_or_below), and what it counted."""
        counts = self._series(facts)
        if counts is None:
            return None, []
        if self.measure == "counts_at_or_below":
            low = [(day, count) for day, count in counts.items() if count <= self.threshold]
            return len(low), low
        first, last = self.within
        states = [missing if s is MISSING else s for s in day_states(counts, first, last, self.threshold)]
        runs = below_runs(states, self.recovery, first)
        return run_days(runs), runs

    def _met(self, amount) -> bool:
        return amount is not None and NUMERIC_OPS[self.op][0](amount, self.bound)

    def test(self, facts):
        return self._met(self.amount(facts)[0])

    def test3(self, facts):
        name = self.spec.name
        if name not in facts.given:
            return None if facts.unknown and name in facts.unknown else False
        if self.measure == "counts_at_or_below":
            return self.test(facts)
        low, high = self.amount(facts, ABOVE)[0], self.amount(facts, BELOW)[0]
        outcomes = {self._met(amount) for amount in range(low, high + 1)}
        return outcomes.pop() if len(outcomes) == 1 else None

    def weigh(self, facts, want):
        met = self.test3(facts)
        if met is None and self.test(facts) != want:
            return None, (self.spec.name,)
        return met, NOTHING

    def explain(self, facts, met=None):
        amount, counted = self.amount(facts)
        what = self.spec.value_label or self.spec.name
        first, last = self.within
        if amount is None:
            return f"no {what} counts from day {first} to {last}"
        if self.measure == "counts_at_or_below":
            listed = ", ".join(f"{number_text(count)} on day {day}" for day, count in counted)
            said = (f"{amount} {what} count{'' if amount == 1 else 's'} ≤ {number_text(self.threshold)} "
                    f"after day {first - 1}" + (f" ({listed})" if listed else ""))
        else:
            spans = ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in counted)
            said = (f"{what} ≤ {number_text(self.threshold)} for {amount} day{'' if amount == 1 else 's'}"
                    + (f" (day{'s' if amount > 1 else ''} {spans})" if counted else f" in days {first}–{last}"))
        return said if met or (met is None and self.test(facts)) else f"{said}, needs {self.need}"

    @property
    def need(self) -> str:
        unit = "days" if self.measure == "days_at_or_below" else "counts"
        return f"{NUMERIC_OPS[self.op][1]} {self.bound} {unit}"

    @property
    def text(self):
        what = self.spec.value_label or self.spec.name
        first, last = self.within
        if self.measure == "counts_at_or_below":
            return f"{self.need} of {what} ≤ {number_text(self.threshold)} from day {first} to {last}"
        return f"{what} ≤ {number_text(self.threshold)} for {self.need} from day {first} to {last}"

    fields = property(lambda self: frozenset((self.spec.name,)))


# --- Leaves on outcomes (urgency rules and coverage cells) -----------------------------------------------

@dataclass(frozen=True, slots=True)
class _Outcome(Condition):
    findings_only = False


@dataclass(frozen=True, slots=True)
class GradeOf(_Outcome):
    syndrome: str
    op: str
    bound: int

    def test(self, facts):
        grade = facts.grades.get(self.syndrome)
        return grade is not None and NUMERIC_OPS[self.op][0](grade, self.bound)

    def test3(self, facts):
        low, high = facts.ranges.get(self.syndrome, (None, None))
        if low is None:
            return self.test(facts)
        outcomes = {NUMERIC_OPS[self.op][0](grade, self.bound) for grade in range(low, high + 1)}
        return outcomes.pop() if len(outcomes) == 1 else None

    def explain(self, facts, met=None):
        grade = facts.grades.get(self.syndrome)
        shown = "not graded" if grade is None else str(grade)
        return f"{self.syndrome} grade {shown} (needs {NUMERIC_OPS[self.op][1]} {self.bound})"

    text = property(lambda self: f"{self.syndrome} grade {NUMERIC_OPS[self.op][1]} {self.bound}")


@dataclass(frozen=True, slots=True)
class FlagOf(_Outcome):
    syndrome: str

    def test(self, facts):
        return facts.flags.get(self.syndrome) is True

    def test3(self, facts):
        return facts.flags3.get(self.syndrome, self.test(facts))

    def explain(self, facts, met=None):
        return f"{self.syndrome} features {'present' if self.test(facts) else 'absent'}"

    text = property(lambda self: f"{self.syndrome} features present")


@dataclass(frozen=True, slots=True)
class NoteFired(_Outcome):
    rule: str

    def test(self, facts):
        return self.rule in facts.notes

    def explain(self, facts, met=None):
        return f"note {self.rule} {'shown' if self.test(facts) else 'not shown'}"

    text = property(lambda self: f"note {self.rule} shown")


@dataclass(frozen=True, slots=True)
class LevelIs(_Outcome):
    levels: tuple

    def test(self, facts):
        return facts.level in self.levels

    def explain(self, facts, met=None):
        return f"urgency is {facts.level or 'not worked out'}"

    text = property(lambda self: "urgency is one of " + ", ".join(self.levels))


# --- Parsing ---------------------------------------------------------------------------------------------

@dataclass
class Scope:
    """What a condition may name while it is parsed."""

    fields: dict  # field name -> FieldSpec (derived fields too)
    item_ids: frozenset = frozenset()
    syndromes: frozenset = frozenset()
    named: dict = field(default_factory=dict)  # name -> Condition (None: broken, reported where defined)
    allow_grades: bool = False  # grade and flag leaves (urgency rules, coverage cells)
    allow_outcomes: bool = False  # note and urgency leaves (coverage cells)
    rules: frozenset = frozenset()  # note rule ids, for note leaves
    levels: tuple = ()  # urgency level ids, for urgency leaves


def parse_condition(node, location, scope: Scope) -> Condition:
    """The Condition a YAML node describes, or ConditionError pointing at the offending key."""
    if not isinstance(node, dict) or not node:
        raise ConditionError(location, "a condition must be a mapping such as {field: ..., gte: ...}")
    kinds = [key for key in node if key in COMBINATORS or key in LEAVES]
    if len(kinds) != 1:
        allowed = COMBINATORS + LEAVES
        unknown = [key for key in node if key not in allowed and key not in _ALL_OPS]
        if unknown:
            raise ConditionError(location, f"unknown condition key '{unknown[0]}'"
                                 + suggest(unknown[0], allowed + _ALL_OPS))
        raise ConditionError(location, "a condition needs exactly one of: " + ", ".join(allowed))
    condition = _PARSERS[kinds[0]](node, tuple(location), scope)
    if condition.depth > MAX_DEPTH:
        raise ConditionError(location, f"conditions nest at most {MAX_DEPTH} deep, counting what 'ref' names")
    return condition


def _only(node, location, keys):
    for key in node:
        if key not in keys:
            raise ConditionError(location + (key,), f"unknown key '{key}' here" + suggest(key, keys))


def _children(node, key, location, scope) -> tuple:
    entries = node[key]
    if not isinstance(entries, list) or not entries:
        raise ConditionError(location + (key,), f"'{key}' needs a non-empty list of conditions")
    return tuple(parse_condition(entry, location + (key, i), scope) for i, entry in enumerate(entries))


def _parse_all(node, location, scope):
    _only(node, location, ("all",))
    return All(_children(node, "all", location, scope))


def _parse_any(node, location, scope):
    _only(node, location, ("any",))
    return Any(_children(node, "any", location, scope))


def _parse_not(node, location, scope):
    _only(node, location, ("not",))
    return Not(parse_condition(node["not"], location + ("not",), scope))


def _parse_at_least(node, location, scope):
    _only(node, location, ("at_least",))
    body, here = node["at_least"], location + ("at_least",)
    if not isinstance(body, dict) or set(body) != {"n", "of"}:
        raise ConditionError(here, "'at_least' needs exactly {n: <count>, of: [conditions]}")
    children = _children(body, "of", here, scope)
    n = body["n"]
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= len(children):
        raise ConditionError(here + ("n",), f"n must be a whole number from 1 to {len(children)}")
    return AtLeast(children, n)


def _parse_ref(node, location, scope):
    _only(node, location, ("ref",))
    name = node["ref"]
    if name in scope.named and scope.named[name] is None:
        raise ConditionError(location, "")  # already reported where that condition is defined
    if name not in scope.named:
        raise ConditionError(location + ("ref",), f"unknown named condition '{name}'" + suggest(name, scope.named))
    return Ref(scope.named[name], name)


def _parse_checked(node, location, scope):
    many = "checked_any" in node
    key = "checked_any" if many else "checked"
    _only(node, location, (key,))
    ids = node[key]
    if not many:
        ids = [ids]
    elif not isinstance(ids, list) or not ids:
        raise ConditionError(location + (key,), "'checked_any' needs a non-empty list of item ids")
    for i, item in enumerate(ids):
        if not isinstance(item, str) or item not in scope.item_ids:
            where = location + ((key, i) if many else (key,))
            raise ConditionError(where, f"unknown checklist item '{item}'" + suggest(item, scope.item_ids))
    return Checked(frozenset(ids), tuple(ids))


def _parse_only_given(node, location, scope):
    _only(node, location, ("only_given",))
    names = node["only_given"]
    if not isinstance(names, list) or not names:
        raise ConditionError(location + ("only_given",), "'only_given' needs a non-empty list of fields")
    for i, name in enumerate(names):
        if name not in scope.fields or scope.fields[name].derived:
            raise ConditionError(location + ("only_given", i), f"'{name}' is not a findings field"
                                 + suggest(name, scope.fields))
    return OnlyGiven(frozenset(names) | {n for n, spec in scope.fields.items() if spec.derived})


def _parse_nothing_given(node, location, scope):
    _only(node, location, ("nothing_given",))
    if node["nothing_given"] is not True:
        raise ConditionError(location + ("nothing_given",), "write 'nothing_given: true'")
    return NothingGiven()


SERIES_MEASURES = ("days_at_or_below", "counts_at_or_below")


def _parse_series(node, location, scope):
    name = node["series"]
    spec = scope.fields.get(name) if isinstance(name, str) else None
    if spec is None or not spec.is_series:
        series = [n for n, s in scope.fields.items() if s.is_series]
        raise ConditionError(location + ("series",), f"'{name}' is not a day_series field" + suggest(name, series))
    measures = [key for key in node if key in SERIES_MEASURES]
    if len(measures) != 1:
        raise ConditionError(location, "a series condition needs one of: " + ", ".join(SERIES_MEASURES))
    measure = measures[0]
    op, bound = _single_op(node, location, ("series", "within", "recovery", measure), tuple(NUMERIC_OPS))
    within = node.get("within")
    if (not isinstance(within, list) or len(within) != 2 or any(isinstance(d, bool) or not isinstance(d, int)
                                                                 for d in within)
            or not spec.days[0] <= within[0] <= within[1] <= spec.days[1]):
        raise ConditionError(location + ("within",), f"'within' takes [first day, last day], from {spec.days[0]} "
                                                     f"to {spec.days[1]}, got {within!r}")
    threshold = node[measure]
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not (
            spec.minimum <= threshold <= spec.maximum):
        raise ConditionError(location + (measure,), f"the threshold is a count from {number_text(spec.minimum)} "
                                                    f"to {number_text(spec.maximum)}, got {threshold!r}")
    if isinstance(bound, bool) or not isinstance(bound, int) or bound < 0:
        raise ConditionError(location + (op,), f"'{op}' takes a whole number of days or counts, got {bound!r}")
    recovery = node.get("recovery", 3)
    if isinstance(recovery, bool) or not isinstance(recovery, int) or recovery < 1:
        raise ConditionError(location + ("recovery",), f"'recovery' takes a whole number of days, got {recovery!r}")
    return SeriesTest(spec, measure, threshold, tuple(within), op, bound, recovery)


def _syndrome_of(node, key, location, scope) -> str:
    if not scope.allow_grades:
        raise ConditionError(location, f"{key}s can be used only in urgency rules")
    name = node[key]
    if name not in scope.syndromes:
        raise ConditionError(location + (key,), f"unknown syndrome '{name}'" + suggest(name, scope.syndromes))
    return name


def _parse_flag(node, location, scope):
    _only(node, location, ("flag",))
    return FlagOf(_syndrome_of(node, "flag", location, scope))


def _parse_grade(node, location, scope):
    name = _syndrome_of(node, "grade", location, scope)
    op, bound = _single_op(node, location, ("grade",), tuple(NUMERIC_OPS))
    if isinstance(bound, bool) or not isinstance(bound, int) or not 0 <= bound <= 4:
        raise ConditionError(location + (op,), f"a grade is a whole number from 0 to 4, got {bound!r}")
    return GradeOf(name, op, bound)


def _parse_note(node, location, scope):
    _only(node, location, ("note",))
    if not scope.allow_outcomes:
        raise ConditionError(location, "notes can be read only by coverage cells")
    rule = node["note"]
    if rule not in scope.rules:
        raise ConditionError(location + ("note",), f"unknown note rule '{rule}'" + suggest(rule, scope.rules))
    return NoteFired(rule)


def _parse_urgency(node, location, scope):
    _only(node, location, ("urgency",))
    levels = node["urgency"]
    if not scope.allow_outcomes:
        raise ConditionError(location, "the urgency level can be read only by coverage cells")
    if not isinstance(levels, list) or not levels:
        raise ConditionError(location + ("urgency",), "'urgency' needs a non-empty list of level ids")
    for i, level in enumerate(levels):
        if level not in scope.levels:
            raise ConditionError(location + ("urgency", i), f"unknown urgency level '{level}'"
                                 + suggest(level, scope.levels))
    return LevelIs(tuple(levels))


def _single_op(node, location, fixed, ops):
    rest = [key for key in node if key not in fixed]
    if len(rest) != 1 or rest[0] not in ops:
        bad = next((k for k in rest if k not in ops), None)
        if bad is not None:
            raise ConditionError(location + (bad,), f"unknown operator '{bad}'" + suggest(bad, ops)
                                 + "; use one of " + ", ".join(ops))
        raise ConditionError(location, "a comparison needs exactly one operator: " + ", ".join(ops))
    return rest[0], node[rest[0]]


def ops_for(spec: FieldSpec) -> tuple:
    """The operators a field of this kind takes."""
    if spec.kind == "items":
        return ("given",)
    if spec.kind in ("item_scores", "day_series"):
        return ("given",)
    if spec.numeric:
        return tuple(NUMERIC_OPS) + ("given",)
    if spec.kind == "boolean":
        return ("is", "given")
    if spec.kind == "choice":
        return CHOICE_OPS + ("given",)
    return LIST_OPS + ("given",)


def _parse_field(node, location, scope):
    name = node["field"]
    spec = scope.fields.get(name) if isinstance(name, str) else None
    if spec is None:
        hint = " (use 'checked' or 'checked_any')" if name == "checked" else suggest(name, scope.fields)
        raise ConditionError(location + ("field",), f"'{name}' is not a findings field{hint}")
    op, value = _single_op(node, location, ("field",), ops_for(spec))
    value = _checked_value(spec, op, value, location + (op,))
    return field_test(spec, op, value)


def field_test(spec: FieldSpec, op: str, value) -> Condition:
    """The leaf for `field op value`, the value already checked against the field's kind."""
    if op == "given":
        return FieldGiven(spec, value)
    if op == "is":
        return FieldTest(spec, op, operator.is_, value, spec.shown(value))
    if spec.numeric:
        compare, symbol = NUMERIC_OPS[op]
        return FieldTest(spec, op, compare, value, f"{symbol} {spec.shown(value)}")
    if op in LIST_OPS:
        wanted = frozenset([value]) if isinstance(value, str) else value
        need = f"to include {'any of ' if op == 'contains_any' else ''}{', '.join(sorted(wanted))}"
        return FieldTest(spec, op, _overlaps, wanted, need)
    if op == "eq":
        return FieldTest(spec, op, operator.eq, value, value)
    if op == "ne":
        return FieldTest(spec, op, operator.ne, value, f"anything but {value}")
    words = "one of" if op == "in" else "none of"
    return FieldTest(spec, op, _is_in if op == "in" else _not_in, value, f"{words} {', '.join(sorted(value))}")


def _checked_value(spec, op, value, location):
    if op in ("given", "is"):
        if not isinstance(value, bool):
            raise ConditionError(location, f"'{op}' takes true or false, got {value!r}")
        return value
    if spec.numeric:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
                spec.minimum <= value <= spec.maximum):
            raise ConditionError(location, f"{spec.name} {spec.describe()}, got {value!r}")
        return value
    many = op in ("in", "not_in", "contains_any")
    if many and (not isinstance(value, list) or not value):
        raise ConditionError(location, f"'{op}' takes a non-empty list of values")
    for v in value if many else [value]:
        if v not in spec.choices:
            raise ConditionError(location, f"{spec.name} has no value {v!r}" + suggest(v, spec.choices)
                                 + "; allowed: " + ", ".join(spec.choices))
    return frozenset(value) if many else value


_PARSERS = {
    "all": _parse_all, "any": _parse_any, "not": _parse_not, "at_least": _parse_at_least, "ref": _parse_ref,
    "field": _parse_field, "checked": _parse_checked, "checked_any": _parse_checked, "only_given": _parse_only_given,
    "grade": _parse_grade,
    "flag": _parse_flag, "note": _parse_note, "urgency": _parse_urgency, "nothing_given": _parse_nothing_given,
    "series": _parse_series,
}


# --- What decided: the leaves a met condition stands on --------------------------------------------------

def leaves_met(condition: Condition, facts) -> tuple:
    """The leaves on findings that make a met `condition` met, in writing order: every child of an `all`,
    the met children of an `any` or `at_least`; what a `not` rules out is left out (it is no finding)."""
    if isinstance(condition, (FieldTest, FieldGiven, Checked)):
        return (condition,) if condition.test(facts) else ()
    if isinstance(condition, Ref):
        return leaves_met(condition.child, facts)
    if isinstance(condition, All):
        if not condition.test(facts):
            return ()
        return tuple(leaf for child in condition.children for leaf in leaves_met(child, facts))
    if isinstance(condition, (Any, AtLeast)):
        return tuple(leaf for child in condition.children if child.test(facts) for leaf in leaves_met(child, facts))
    return ()


def leaves(condition: Condition, positive: bool = True):
    """Every leaf of `condition` with whether it counts for the condition (False under an odd number of nots)."""
    if isinstance(condition, Not):
        yield from leaves(condition.child, not positive)
    elif isinstance(condition, Ref):
        yield from leaves(condition.child, positive)
    elif isinstance(condition, _Combinator):
        for child in condition.children:
            yield from leaves(child, positive)
    else:
        yield condition, positive
