"""Field kinds: what a findings field of each kind takes, how a value is checked and shown.

The fields themselves are content (rules/findings.yaml); Python knows only their kinds:
  number, integer  a number in an inclusive range, with a unit
  boolean          true or false
  choice           one of the field's choices
  choices          a list of the field's choices (an empty list is a value: none of them)
  items            checklist item ids (an unticked item means it was not noticed)
  item_scores      points per scored item (the ICE, item by item), adding up to the `total` field
  day_series       one count a day, days after infusion: [{"day": d, "<value key>": count}, ...]
                   (the lowest count of each day; days and counts each in an inclusive range)
and derivations, for the fields worked out from others (total_of, count_of, ratio_of, counts_in).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import MappingProxyType

from .problems import FindingsError, suggest

KINDS = ("number", "integer", "boolean", "choice", "choices", "items", "item_scores", "day_series")
NO_NORMAL = None  # a measurement: a blank meets no comparison


@dataclass(frozen=True)
class ScoredItem:
    id: str
    label: str
    points: int  # the most points it can score


class DaySeries(tuple):
    """A day_series value: (day, count) pairs in day order, one a day; `key` names the count in documents."""

    key = "value"

    def __new__(cls, pairs, key: str):
        series = super().__new__(cls, pairs)
        series.key = key
        return series

    def to_list(self) -> list:
        return [{"day": day, self.key: count} for day, count in self]

    def within(self, first: int, last: int) -> dict:
        """day -> count for the days from `first` to `last` (inclusive)."""
        return {day: count for day, count in self if first <= day <= last}


@dataclass(frozen=True)
class FieldSpec:
    """One findings field (or a derived one, with `derivation`), as rules/findings.yaml declares it."""

    name: str
    kind: str
    section: str
    label: str
    help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    choices: tuple = ()
    choice_labels: tuple = ()
    normal: object = NO_NORMAL  # how a blank is read for `grade` (a tuple for a list kind)
    typical: tuple | None = None  # (low, high, step): what practice cases draw from
    scored_items: tuple = ()  # ScoredItem, for item_scores
    total: str = ""  # for item_scores: the field that gives the same score as one number
    derivation: object = None  # for a derived field: how it is worked out
    sources: tuple = ()
    line: int = 0
    days: tuple = ()  # for day_series: (first day, last day) accepted
    value_key: str = ""  # for day_series: the count's key in each entry ("anc")
    value_label: str = ""  # for day_series: the count in words, as explanations name it ("ANC")

    @property
    def derived(self) -> bool:
        return self.derivation is not None

    @property
    def numeric(self) -> bool:
        return self.kind in ("number", "integer")

    @property
    def has_normal(self) -> bool:
        return self.normal is not NO_NORMAL

    @property
    def is_series(self) -> bool:
        return self.kind == "day_series"

    @property
    def is_list(self) -> bool:
        return self.kind in ("choices", "items")

    def describe(self) -> str:
        """What the field takes, as error messages say it."""
        if self.numeric:
            noun = "a whole number" if self.kind == "integer" else "a number"
            unit = f" {self.unit}" if self.unit else ""
            return f"takes {noun} from {number_text(self.minimum)} to {number_text(self.maximum)}{unit}"
        if self.is_series:
            counts = f"{number_text(self.minimum)} to {number_text(self.maximum)} {self.unit}".rstrip()
            days = f"{self.days[0]} to {self.days[1]}"
            return f"takes a list of {{\"day\": {days}, \"{self.value_key}\": {counts}}}, one a day"
        return {"boolean": "takes true or false", "choice": "takes one of: " + ", ".join(self.choices),
                "choices": "takes a list of: " + ", ".join(self.choices),
                "items": "takes a list of checklist item ids",
                "item_scores": "takes a mapping of " + ", ".join(i.id for i in self.scored_items)}[self.kind]

    def label_for(self, choice: str) -> str:
        """A choice in the forms' words."""
        return dict(zip(self.choices, self.choice_labels, strict=True)).get(choice, choice.replace("_", " "))

    def shown(self, value) -> str:
        """A value as explanations show it: 38.7 °C, true, [a, b]."""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, DaySeries):
            return "[" + ", ".join(f"day {day}: {number_text(count)}" for day, count in value) + "]"
        if isinstance(value, tuple):
            return "[" + ", ".join(value) + "]"
        if isinstance(value, (int, float)):
            return f"{value:g} {self.unit}".rstrip()
        return str(value)

    def item_spec(self, item: ScoredItem) -> FieldSpec:
        """One scored item as a field of its own: a whole number from 0 to its most points."""
        return FieldSpec(f"{self.name}.{item.id}", "integer", self.section, item.label, minimum=0, maximum=item.points)

    def parse(self, raw, item_ids):
        """The value of a document for this field, checked; raise FindingsError naming the field."""
        return _PARSERS[self.kind](self, raw, item_ids)


def number_text(value) -> str:
    """A number as the shortest text that reads back the same (38.0 -> '38', 38.5 -> '38.5')."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    text = repr(value) if isinstance(value, float) else str(value)
    return text[:-2] if text.endswith(".0") else text


def quoted(raw) -> str:
    """A value someone sent, as an error message shows it: strings in quotes, all cut to 40 characters."""
    if isinstance(raw, str):
        return repr(raw if len(raw) <= 40 else raw[:37] + "...")
    text = str(raw).replace("True", "true").replace("False", "false").replace("None", "null")
    return text if len(text) <= 40 else text[:37] + "..."


def _wrong(spec: FieldSpec, raw) -> FindingsError:
    return FindingsError(spec.name, f"{spec.describe()}, got {quoted(raw)}", allowed=spec.choices or None)


def _parse_number(spec, raw, _items):
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise _wrong(spec, raw)
    if isinstance(raw, float) and not math.isfinite(raw):
        raise _wrong(spec, raw)
    if spec.kind == "integer" and isinstance(raw, float):
        if not raw.is_integer():
            raise _wrong(spec, raw)
        raw = int(raw)
    if not spec.minimum <= raw <= spec.maximum:
        raise _wrong(spec, raw)
    return raw


def _parse_boolean(spec, raw, _items):
    if not isinstance(raw, bool):
        raise _wrong(spec, raw)
    return raw


def _parse_choice(spec, raw, _items):
    if not isinstance(raw, str) or raw not in spec.choices:
        hint = suggest(raw, spec.choices) if isinstance(raw, str) else ""
        raise FindingsError(spec.name, f"{spec.describe()}, got {quoted(raw)}{hint}", allowed=spec.choices)
    return raw


def _parse_list(spec, raw, allowed, what):
    if not isinstance(raw, list):
        raise FindingsError(spec.name, f"{spec.describe()}, got {quoted(raw)}", allowed=allowed)
    seen = []
    for entry in raw:
        if not isinstance(entry, str) or entry not in allowed:
            hint = suggest(entry, allowed) if isinstance(entry, str) else ""
            raise FindingsError(spec.name, f"unknown {what} {quoted(entry)}{hint}", allowed=allowed)
        if entry in seen:
            raise FindingsError(spec.name, f"{quoted(entry)} is listed twice")
        seen.append(entry)
    return tuple(seen)


def _parse_choices(spec, raw, _items):
    return _parse_list(spec, raw, spec.choices, "value")


def _parse_items(spec, raw, item_ids):
    return _parse_list(spec, raw, tuple(item_ids), "checklist item")


def _parse_item_scores(spec, raw, _items):
    ids = tuple(item.id for item in spec.scored_items)
    if not isinstance(raw, dict):
        raise FindingsError(spec.name, f"{spec.describe()}, got {quoted(raw)}", allowed=ids)
    for key in raw:
        if key not in ids:
            raise FindingsError(f"{spec.name}.{key}", f"is not an item of '{spec.label}'" + suggest(key, ids),
                                allowed=ids)
    missing = [item.label for item in spec.scored_items if raw.get(item.id) is None]
    if missing:
        raise FindingsError(spec.name, "needs every item to add up the score; not given: " + "; ".join(missing),
                            allowed=ids)
    scores = {}
    for item in spec.scored_items:
        value = raw[item.id]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= item.points:
            raise FindingsError(f"{spec.name}.{item.id}",
                                f"takes a whole number from 0 to {item.points}, got {quoted(value)}")
        scores[item.id] = value
    return MappingProxyType(scores)


def _parse_day_series(spec, raw, _items):
    key, (first, last) = spec.value_key, spec.days
    if not isinstance(raw, list):
        raise FindingsError(spec.name, f"{spec.describe()}, got {quoted(raw)}")
    counts = {}
    for i, entry in enumerate(raw):
        where = spec.name
        if not isinstance(entry, dict) or set(entry) != {"day", key}:
            raise FindingsError(where, f"entry {i + 1}: each entry is {{\"day\": <day>, \"{key}\": <count>}}, "
                                       f"got {quoted(entry)}")
        day, count = entry["day"], entry[key]
        if isinstance(day, float) and day.is_integer():
            day = int(day)
        if isinstance(day, bool) or not isinstance(day, int) or not first <= day <= last:
            raise FindingsError(where, f"entry {i + 1}: the day is a whole number from {first} to {last}, "
                                       f"got {quoted(day)}")
        if (isinstance(count, bool) or not isinstance(count, (int, float))
                or (isinstance(count, float) and not math.isfinite(count))
                or not spec.minimum <= count <= spec.maximum):
            raise FindingsError(where, f"the {spec.value_label or key} on day {day} is a number from "
                                       f"{number_text(spec.minimum)} to {number_text(spec.maximum)} {spec.unit}, "
                                       f"got {quoted(count)}".replace("  ", " "))
        if day in counts:
            raise FindingsError(where, f"day {day} is listed twice: give one count a day (the lowest)")
        counts[day] = count
    return DaySeries(sorted(counts.items()), key)


_PARSERS = {
    "number": _parse_number, "integer": _parse_number, "boolean": _parse_boolean, "choice": _parse_choice,
    "choices": _parse_choices, "items": _parse_items, "item_scores": _parse_item_scores,
    "day_series": _parse_day_series,
}


# --- Derivations: a derived field's value from the values it comes from ----------------------------------

@dataclass(frozen=True)
class TotalOf:
    """The sum of an item_scores field, or else the number given as its total."""

    items: str
    total: str

    @property
    def sources(self) -> tuple:
        return (self.items, self.total)

    def value(self, values):
        scores = values.get(self.items)
        return sum(scores.values()) if scores is not None else values.get(self.total)

    def known(self, given, unknown) -> bool:
        """Whether the value is settled: one of the two is given (they must agree), or neither can be."""
        return self.items in given or self.total in given or not (self.items in unknown or self.total in unknown)


@dataclass(frozen=True)
class CountOf:
    """How many choices of a list field are listed, leaving out some."""

    of: str
    excluding: frozenset = field(default_factory=frozenset)

    @property
    def sources(self) -> tuple:
        return (self.of,)

    def value(self, values):
        listed = values.get(self.of)
        return None if listed is None else sum(1 for choice in listed if choice not in self.excluding)

    def known(self, given, unknown) -> bool:
        return self.of not in unknown


@dataclass(frozen=True)
class RatioOf:
    """One number divided by another (none when the other is 0)."""

    of: str
    to: str

    @property
    def sources(self) -> tuple:
        return (self.of, self.to)

    def value(self, values):
        top, bottom = values.get(self.of), values.get(self.to)
        return None if top is None or not bottom else top / bottom

    def known(self, given, unknown) -> bool:
        return self.of not in unknown and self.to not in unknown


@dataclass(frozen=True)
class CountsIn:
    """How many days of a day_series have a count within a span of days (none when no day has)."""

    of: str
    days: tuple  # (first, last), inclusive

    @property
    def sources(self) -> tuple:
        return (self.of,)

    def value(self, values):
        series = values.get(self.of)
        counted = 0 if series is None else len(series.within(*self.days))
        return counted or None

    def known(self, given, unknown) -> bool:
        return self.of in given or self.of not in unknown


DERIVATIONS = {"total_of": (TotalOf, "or"), "count_of": (CountOf, "excluding"), "ratio_of": (RatioOf, "to"),
               "counts_in": (CountsIn, "days")}
