"""WTForms field classes that know their findings field (FieldSpec) and say errors in its words.

Each has `spec`, `findings_value()` (None when nothing was entered) and `fill(value)` (prefill from
a share URL). Controls are drawn by templates/_macros/forms.html, not by WTForms widgets.
"""

from __future__ import annotations

from wtforms import Field, Form
from wtforms.fields import BooleanField, FormField
from wtforms.validators import StopValidation, ValidationError

from triage.engine import FindingsError, number_text

from .text_input import parse_number, parse_series, series_text

BLANK = ("", "Not recorded")
RADIO_LIMIT = 6  # choice lists longer than this (blank included) are drawn as a <select>


class SpecField:
    def __init__(self, *args, spec=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec

    def findings_value(self):
        return self.data if self.data not in (None, "", [], False) else None

    def fill(self, value) -> None:
        self.data = value


class NumberField(SpecField, Field):
    """A text box read strictly as the spec's number; out of range says what the field takes."""

    def __init__(self, label=None, validators=None, spec=None, ranged=True, **kwargs):
        super().__init__(label, validators, spec=spec, **kwargs)
        self.ranged = ranged

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else number_text(self.data)

    def process_formdata(self, valuelist) -> None:
        text = valuelist[0].strip() if valuelist else ""
        self.data = None
        if text:
            try:
                self.data = parse_number(self.spec, text)
            except FindingsError as error:
                raise ValueError(error.message) from None

    def pre_validate(self, form) -> None:
        low, high = self.spec.minimum, self.spec.maximum
        if self.ranged and self.data is not None and not low <= self.data <= high:
            raise StopValidation(f"{self.spec.describe()}, got {number_text(self.data)}")


class FlagField(SpecField, BooleanField):
    """A checkbox: ticked is true; unticked is not recorded (never a silent 'false')."""

    def findings_value(self):
        return True if self.data else None


class ChoiceField(SpecField, Field):
    """One value from a list (or none): radios, or a <select> when the list is long."""

    def __init__(self, label=None, validators=None, spec=None, choices=None, **kwargs):
        kwargs.setdefault("default", "")
        super().__init__(label, validators, spec=spec, **kwargs)
        if choices is None:
            choices = [BLANK] + list(zip(spec.choices, spec.choice_labels, strict=True))
        self.choices = list(choices)
        self.render_as = "radios" if len(self.choices) <= RADIO_LIMIT else "select"

    def process_formdata(self, valuelist) -> None:
        if valuelist:
            self.data = valuelist[0]

    def pre_validate(self, form) -> None:
        values = [value for value, _ in self.choices]
        if self.data not in values:
            what = self.spec.describe() if self.spec else "takes one of: " + ", ".join(values)
            raise ValidationError(f"{what}, got {self.data!r}")


class MultiChoiceField(SpecField, Field):
    """Checkboxes for a list field: the spec's choices, or checklist item ids for `checked`."""

    def __init__(self, label=None, validators=None, spec=None, choices=(), **kwargs):
        super().__init__(label, validators, spec=spec, **kwargs)
        self.choices = list(choices)

    def process_formdata(self, valuelist) -> None:
        self.data = list(valuelist)

    def pre_validate(self, form) -> None:
        known = {value for value, _ in self.choices}
        what = "checklist item" if self.spec.kind == "items" else "value"
        for value in self.data or ():
            if value not in known:
                raise ValidationError(f"unknown {what} {value!r}")

    def fill(self, value) -> None:
        self.data = list(value)


class SeriesField(SpecField, Field):
    """A day series as a small table (a day box and a count box a row) and a box to paste "day,count"
    lines or "3:450,4:300" into; both are read, and the contract checks the days and counts."""

    BLANK_ROWS = 3  # empty rows offered below the rows entered

    def process(self, formdata, data=None, extra_filters=None) -> None:  # noqa: ARG002 - WTForms' signature
        self.process_errors, self.rows, self.pasted, self.data = [], [], "", None
        if formdata is None:
            return
        days = formdata.getlist(f"{self.name}-day")
        counts = formdata.getlist(f"{self.name}-count")
        self.rows = [(d.strip(), c.strip()) for d, c in zip(days, counts, strict=False) if d.strip() or c.strip()]
        self.pasted = formdata.get(self.name, "")
        try:
            entries = parse_series(self.spec, self.pasted)
            for day, count in self.rows:
                if not day or not count:
                    raise FindingsError(self.spec.name, f"a row needs both a day and a count, got day {day or '?'}, "
                                                        f"count {count or '?'}")
                entries += parse_series(self.spec, f"{day}:{count}")
        except FindingsError as error:
            self.process_errors.append(error.message)
            return
        self.data = sorted(entries, key=lambda entry: entry["day"]) or None

    def findings_value(self):
        return self.data

    def fill(self, value) -> None:
        self.data = list(value)
        self.rows = [(str(entry["day"]), number_text(entry[self.spec.value_key])) for entry in value]
        self.pasted = ""

    @property
    def shown_rows(self) -> list:
        """The rows to draw: those entered (or filled in from a share link), then a few blank ones."""
        return list(self.rows) + [("", "")] * self.BLANK_ROWS

    @property
    def text(self) -> str:
        return series_text(self.spec, self.data or ())


def scores_form(spec) -> type[Form]:
    """A form of one whole-number box per scored item of an item_scores field (the ICE, item by item)."""
    return type(f"{spec.name.title()}Form", (Form,), {
        item.id: NumberField(item.label, spec=spec.item_spec(item)) for item in spec.scored_items})


class IceField(SpecField, FormField):
    """Scored items, one box each (the ICE, item by item); the total adds itself up. All blank is 'not done'."""

    def __init__(self, label=None, validators=None, spec=None, **kwargs):
        super().__init__(scores_form(spec), label, validators, spec=spec, **kwargs)
        self.group_errors = []

    def findings_value(self):
        values = {item.id: self.form[item.id].data for item in self.spec.scored_items}
        return None if all(v is None for v in values.values()) else values

    def fill(self, value) -> None:
        for key, points in value.items():
            if key in self.form:
                self.form[key].data = points

    @property
    def total(self) -> int | None:
        values = self.findings_value()
        if values is None or None in values.values():
            return None
        return sum(values.values())
