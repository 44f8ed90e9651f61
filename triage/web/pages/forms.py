"""The caregiver checklist and the student workbench, composed from FIELDS and the checklists.

No form is written by hand: each findings field becomes a field of its kind, checklist items become
the `checked` checkboxes, and the contract (parse_findings) has the last word, its errors shown
next to the field they name.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from triage.engine import Content, Findings, FindingsError, number_text

from ..fields import ChoiceField, FlagField, IceField, MultiChoiceField, NumberField, SeriesField
from ..security import GuardedForm

CAREGIVER_FIELDS = ("checked", "days_since_infusion", "temperature_c")
# Shown with JavaScript off, so the age split between ICE and CAPD is in the labels themselves.
LABELS = {
    "ice_items": "Age 12 and over: ICE, item by item",
    "ice_score": "Age 12 and over: ICE total, only if the items are not entered",
    "capd_score": "Under 12: CAPD score",
}
UNITS = {"C": "°C", "F": "°F"}


@dataclass(frozen=True)
class ChecklistGroup:
    id: str
    syndrome: str
    title: str
    items: tuple  # (item id, label)
    help: str = ""
    emergency: bool = False


class FindingsForm(GuardedForm):
    """A form whose fields carry a FieldSpec; turns its data into a findings mapping."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return self._check_temperature() and valid

    def _check_temperature(self) -> bool:
        field, unit = self._field("temperature"), self._field("temperature_unit")
        if field is None or field.data is None or field.errors:
            return True
        low, high = (_in_unit(bound, unit.data) for bound in (field.spec.minimum, field.spec.maximum))
        if low <= field.data <= high:
            return True
        field.errors.append(f"takes a number from {number_text(low)} to {number_text(high)} "
                            f"{UNITS.get(unit.data, '°C')}, got {number_text(field.data)}")
        return False

    def _field(self, name: str):
        return self[name] if name in self else None  # noqa: SIM401 (a WTForms Form has no get())

    def findings(self) -> dict:
        data = {}
        for field in self:
            value = field.findings_value() if getattr(field, "spec", None) else None
            if value is not None:
                data[field.spec.name] = value
        if "temperature_c" in data:
            data["temperature_c"] = to_celsius(data["temperature_c"], self.temperature_unit.data)
        return data

    def fill(self, findings: dict) -> None:
        """Prefill from a findings mapping (a share URL's), temperatures in °C."""
        for field in self:
            spec = getattr(field, "spec", None)
            if spec is not None and spec.name in findings:
                field.fill(findings[spec.name])

    def refused(self, name: str) -> bool:
        """Whether the field that gives findings field `name` already has an error of its own."""
        field = self._field({"temperature_c": "temperature"}.get(name, name))
        return field is not None and bool(field.errors or getattr(field, "group_errors", None))

    def attach(self, error: FindingsError) -> None:
        """Show a contract error next to the field it names (or above the form)."""
        name, _, item = error.field.partition(".")
        name = {"temperature_c": "temperature"}.get(name, name)
        if name == "ice_score" and self._field("ice_score") is not None and self.ice_score.data is None:
            name = "ice_items"
        field = self._field(name)
        if field is None:
            self.form_errors.append(str(error))
        elif item and isinstance(field, IceField) and item in field.form:
            field.form[item].errors.append(error.message)
        elif isinstance(field, IceField):
            field.group_errors.append(error.message)
        else:
            field.errors.append(error.message)


def to_celsius(value, unit: str) -> float:
    """°C as entered, or °F converted and rounded half-up to one decimal (100.4 °F -> 38.0 °C)."""
    if unit != "F":
        return value
    celsius = (Decimal(number_text(value)) - 32) * 5 / 9
    return float(celsius.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _in_unit(celsius, unit: str) -> float:
    return celsius * 9 / 5 + 32 if unit == "F" else celsius


def compose_form(content: Content, view: str) -> type[FindingsForm]:
    """A FindingsForm subclass for `view` (caregiver or student), fields in contract order."""
    inputs = content.contract.inputs
    names = CAREGIVER_FIELDS if view == "caregiver" else tuple(inputs)
    attrs = {}
    for name in names:
        spec = inputs[name]
        label = LABELS.get(name, spec.label)
        if name == "temperature_c":
            attrs["temperature"] = NumberField(label, spec=spec, ranged=False)
            attrs["temperature_unit"] = ChoiceField("Unit", choices=list(UNITS.items()), default="C")
        elif spec.kind == "items":
            choices = [(i, label) for group in checklist_groups(content, view) for i, label in group.items]
            attrs[name] = MultiChoiceField(label, spec=spec, choices=choices)
        else:
            attrs[name] = _FIELD_KINDS[spec.kind](label, spec=spec, description=spec.help)
    return type(f"{view.title()}Form", (FindingsForm,), attrs)


_FIELD_KINDS = {
    "number": NumberField, "integer": NumberField, "boolean": FlagField, "choice": ChoiceField,
    "choices": lambda label, spec, description: MultiChoiceField(
        label, spec=spec, choices=list(zip(spec.choices, spec.choice_labels, strict=True)), description=description),
    "item_scores": IceField, "day_series": SeriesField,
}


def checklist_groups(content: Content, view: str) -> tuple:
    """Caregivers: rules/caregiver_form.yaml's groups (emergency box first), in plain words. Students: the
    checklists as titled groups, in clinical words."""
    if view == "caregiver" and content.caregiver_form:
        return tuple(ChecklistGroup(g.id, "", g.title, tuple((i.id, i.plain) for i in g.items), g.help, g.emergency)
                     for g in content.caregiver_form)
    groups = []
    for checklist in content.checklists:
        if view == "caregiver":
            items = tuple((i.id, i.plain) for i in checklist.items if i.group != "lab")
            title = checklist.plain_title
        else:
            items, title = tuple((i.id, i.clinical) for i in checklist.items), checklist.title
        if items:
            groups.append(ChecklistGroup(checklist.id, checklist.syndrome, title, items))
    return tuple(groups)


def read_form(form: FindingsForm, content: Content) -> Findings | None:
    """The submitted findings, or None with every error attached to the form: the fields' own errors and the
    contract's, all at once (each field the contract refuses is set aside and the rest checked again)."""
    valid = form.validate()
    data = {name: value for name, value in form.findings().items() if not form.refused(name)}
    findings = None
    while findings is None:
        try:
            findings = content.parse_findings(data)
        except FindingsError as error:
            form.attach(error)
            name = error.field.split(".")[0]
            if name not in data:
                return None
            data = {key: value for key, value in data.items() if key != name}
            valid = False
    return findings if valid else None


def workbench_sections(form: FindingsForm, content: Content) -> list:
    """The contract's sections in order, each (id, title, checklist groups, fields) for the template to draw."""
    groups = checklist_groups(content, "student")
    sections = []
    for section_id, title in content.contract.sections.items():
        fields = [f for f in form if getattr(f, "spec", None) and f.spec.section == section_id
                  and f.spec.kind != "items"]
        here = [g for g in groups if g.syndrome == section_id]
        sections.append((section_id, title, here, fields))
    return sections


def error_list(form: FindingsForm) -> list:
    """(anchor id, label, message) for the error summary, in page order."""
    found = [("", "", message) for message in form.form_errors]
    for field in form:
        if isinstance(field, IceField):
            found += [(f"{field.id}-orientation_year", field.label.text, m) for m in field.group_errors]
            found += [(sub.id, sub.label.text, m) for sub in field.form for m in sub.errors]
        else:
            found += [(anchor_of(field), field.label.text, m) for m in field.errors]
    return found


def anchor_of(field) -> str:
    """The id of the control an error link should focus: the first box of a group."""
    if isinstance(field, MultiChoiceField):
        return f"{field.id}-{field.choices[0][0]}" if field.choices else field.id
    if getattr(field, "render_as", "") == "radios":
        return f"{field.id}-0"
    return field.id
