"""The findings contract, declared once: every field, its type, range, unit and labels.

Validation here, the web forms, the JSON Schema and the API vocabulary are all derived from FIELDS.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType

from .problems import FindingsError, suggest

SECTIONS = {
    "general": "About the person",
    "crs": "Cytokine release syndrome (CRS)",
    "icans": "Neurotoxicity (ICANS)",
    "mas_hlh": "MAS/HLH (IEC-HS) laboratory findings",
    "b_cell_aplasia": "B cells and infections",
}


@dataclass(frozen=True)
class FieldSpec:
    """One findings field. kind: number, integer, boolean, choice, choices (a list), items, ice_items."""

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
    derived: bool = False

    def describe(self) -> str:
        """What the field takes, as used in error messages."""
        if self.kind in ("number", "integer"):
            noun = "a whole number" if self.kind == "integer" else "a number"
            unit = f" {self.unit}" if self.unit else ""
            return f"takes {noun} from {_fmt(self.minimum)} to {_fmt(self.maximum)}{unit}"
        if self.kind == "boolean":
            return "takes true or false"
        if self.kind == "choice":
            return "takes one of: " + ", ".join(self.choices)
        if self.kind == "choices":
            return "takes a list of: " + ", ".join(self.choices)
        if self.kind == "items":
            return "takes a list of checklist item ids"
        return "takes a mapping of ICE items"

    def label_for(self, choice: str) -> str:
        return dict(zip(self.choices, self.choice_labels, strict=True)).get(choice, choice.replace("_", " "))


def _fmt(number) -> str:
    return f"{number:g}" if isinstance(number, float) else str(number)


def _n(name, section, label, minimum, maximum, unit="", help="", kind="number"):
    return FieldSpec(name, kind, section, label, help, minimum, maximum, unit)


def _b(name, section, label, help=""):
    return FieldSpec(name, "boolean", section, label, help)


def _c(name, section, label, choices, help="", kind="choice"):
    return FieldSpec(name, kind, section, label, help, choices=tuple(c for c, _ in choices),
                     choice_labels=tuple(text for _, text in choices))


ICE_ITEMS = {  # ICE item -> (label, maximum points); ASTCT 2019 encephalopathy assessment
    "orientation_year": ("Orientation: year", 1),
    "orientation_month": ("Orientation: month", 1),
    "orientation_city": ("Orientation: city", 1),
    "orientation_hospital": ("Orientation: hospital", 1),
    "naming": ("Names three objects (1 point each)", 3),
    "follows_command": ("Follows a simple command", 1),
    "writing": ("Writes a standard sentence", 1),
    "attention": ("Counts backwards from 100 by 10", 1),
}

FIELDS = (
    _n("age_years", "general", "Age", 0, 120, "years", kind="integer",
       help="Under 12, neurotoxicity is assessed with the CAPD instead of the ICE score."),
    _n("days_since_infusion", "general", "Day after infusion", 0, 3650, "days", kind="integer"),
    _c("product_target", "general", "What the CAR T product targets",
       [("CD19", "CD19"), ("BCMA", "BCMA"), ("other", "Other or not known")]),
    FieldSpec("checked", "items", "general", "Signs noticed"),
    _n("temperature_c", "crs", "Temperature", 30, 45, "°C"),
    _b("fever_earlier_this_episode", "crs", "Had a fever of 38.0 °C or more earlier in this episode"),
    _c("fever_suppressing_therapy", "crs", "Given since that fever", kind="choices", choices=[
        ("antipyretic", "A fever-lowering medicine (antipyretic)"),
        ("tocilizumab", "Tocilizumab"), ("corticosteroid", "A corticosteroid")]),
    _c("hypotension", "crs", "Low blood pressure (hypotension)", [
        ("none", "None"), ("not_requiring_vasopressors", "Present, not needing vasopressors"),
        ("requiring_vasopressors", "Needs vasopressors")]),
    _c("vasopressors", "crs", "Vasopressors in use", kind="choices", choices=[
        ("norepinephrine", "Norepinephrine"), ("epinephrine", "Epinephrine"),
        ("phenylephrine", "Phenylephrine"), ("dopamine", "Dopamine"),
        ("vasopressin", "Vasopressin"), ("other", "Another vasopressor")]),
    _c("oxygen_device", "crs", "Oxygen support", [
        ("room_air", "None (room air)"), ("nasal_cannula", "Nasal cannula"),
        ("blow_by", "Blow-by oxygen"), ("high_flow_nasal_cannula", "High-flow nasal cannula"),
        ("simple_facemask", "Simple facemask"), ("nonrebreather", "Non-rebreather mask"),
        ("venturi_mask", "Venturi mask"), ("cpap", "CPAP"), ("bipap", "BiPAP"),
        ("mechanical_ventilation", "Intubation and mechanical ventilation")]),
    _n("oxygen_flow_l_min", "crs", "Oxygen flow", 0, 80, "L/min"),
    _n("ice_score", "icans", "ICE score", 0, 10, kind="integer",
       help="Give the total, or each item in ice_items."),
    FieldSpec("ice_items", "ice_items", "icans", "ICE score, item by item"),
    _n("capd_score", "icans", "CAPD score (children under 12)", 0, 32, kind="integer"),
    _b("unable_to_assess", "icans", "Cannot do the ICE or CAPD because the person cannot be woken"),
    _c("consciousness", "icans", "Level of consciousness", [
        ("alert", "Alert (normal)"), ("awakens_spontaneously", "Drowsy, but wakes on their own"),
        ("awakens_to_voice", "Wakes only when spoken to"),
        ("awakens_to_tactile", "Wakes only when touched"),
        ("unarousable", "Cannot be woken, or only by vigorous or repeated touch")]),
    _b("consciousness_explained_by_other_cause", "icans",
       "The drowsiness has another explanation (for example a sedating medicine)"),
    _c("seizure", "icans", "Seizure", [
        ("none", "None"), ("rapidly_resolving", "A seizure that stopped quickly"),
        ("prolonged_or_repetitive", "Longer than 5 minutes, or repeated without recovery in between")]),
    _c("motor", "icans", "Motor findings", [
        ("none", "None"), ("deep_focal_weakness", "Deep focal weakness (hemiparesis, paraparesis)")]),
    _c("icp", "icans", "Raised intracranial pressure or brain swelling", [
        ("none", "None"), ("focal_edema", "Focal/local oedema on imaging"),
        ("diffuse_edema", "Diffuse oedema on imaging"),
        ("posturing", "Decerebrate or decorticate posturing"),
        ("cranial_nerve_vi_palsy", "Cranial nerve VI palsy"), ("papilledema", "Papilloedema"),
        ("cushings_triad", "Cushing's triad")]),
    _b("tremor_or_myoclonus", "icans", "Tremor or myoclonus"),
    _b("intracranial_hemorrhage", "icans", "Bleeding in the brain (intracranial haemorrhage)"),
    _n("ferritin_ng_ml", "mas_hlh", "Ferritin", 0, 1_000_000, "ng/mL"),
    _n("ferritin_baseline_ng_ml", "mas_hlh", "Ferritin at infusion (baseline)", 0, 1_000_000, "ng/mL"),
    _n("ferritin_uln_ng_ml", "mas_hlh", "Ferritin upper limit of normal", 1, 10_000, "ng/mL"),
    _c("ferritin_trend", "mas_hlh", "Ferritin trend", [
        ("rising_fast", "Rising fast"), ("rising", "Rising"), ("stable", "Stable"),
        ("falling", "Falling")]),
    _n("fibrinogen_mg_dl", "mas_hlh", "Fibrinogen", 0, 2_000, "mg/dL"),
    _n("ast_alt_x_uln", "mas_hlh", "AST or ALT, times the upper limit of normal", 0, 1_000, "× ULN"),
    _b("new_or_worsening_cytopenias", "mas_hlh", "New or worsening low blood counts (cytopenias)"),
    _b("hemophagocytosis", "mas_hlh", "Hemophagocytosis seen in marrow or tissue"),
    _n("triglycerides_fasting_mg_dl", "mas_hlh", "Fasting triglycerides", 0, 10_000, "mg/dL"),
    _c("crs_course", "mas_hlh", "Course of CRS", [
        ("none", "No CRS"), ("active", "Active"), ("resolving", "Resolving"), ("resolved", "Resolved")]),
    _c("cd19_b_cells", "b_cell_aplasia", "CD19 B cells in the blood", [
        ("absent", "Absent"), ("low", "Low"), ("normal", "Normal"), ("not_measured", "Not measured")]),
    _n("igg_mg_dl", "b_cell_aplasia", "Immunoglobulin G (IgG)", 0, 10_000, "mg/dL"),
    _c("infections", "b_cell_aplasia", "Infections since the infusion", [
        ("none", "None"), ("single", "One"), ("recurrent", "Recurrent")]),
)

DERIVED = (
    FieldSpec("ice_total", "integer", "icans", "ICE score (from ice_score or ice_items)", derived=True,
              minimum=0, maximum=10),
    FieldSpec("vasopressors_excluding_vasopressin", "integer", "crs",
              "Number of vasopressors other than vasopressin", derived=True, minimum=0, maximum=5),
    FieldSpec("ferritin_x_uln", "number", "mas_hlh", "Ferritin, times the upper limit of normal",
              derived=True, minimum=0, maximum=1_000_000),
    FieldSpec("ferritin_x_baseline", "number", "mas_hlh", "Ferritin, times its baseline",
              derived=True, minimum=0, maximum=1_000_000),
)

FIELD_BY_NAME = MappingProxyType({spec.name: spec for spec in FIELDS + DERIVED})
INPUT_FIELDS = MappingProxyType({spec.name: spec for spec in FIELDS})


@dataclass(frozen=True)
class Findings:
    """A validated findings document: the given values, the derived values and the checked items."""

    given: MappingProxyType
    values: MappingProxyType
    checked: frozenset

    def to_dict(self) -> dict:
        """The findings as given, in contract field order (for JSON and share links)."""
        return {name: _plain(self.given[name]) for name in INPUT_FIELDS if name in self.given}

    def __bool__(self) -> bool:
        return bool(self.given)


def _plain(value):
    if isinstance(value, MappingProxyType):
        return dict(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def parse_findings(data, item_ids=()) -> Findings:
    """Validate a findings mapping against the contract; raise FindingsError naming the field."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FindingsError("", "a findings document must be a mapping of field names to values")
    given = {}
    for name, raw in data.items():
        spec = INPUT_FIELDS.get(name) if isinstance(name, str) else None
        if spec is None:
            derived = FIELD_BY_NAME.get(name) if isinstance(name, str) else None
            if derived is not None:
                raise FindingsError(str(name), "is worked out by the tool and cannot be given")
            raise FindingsError(str(name), "is not a findings field" + suggest(name, INPUT_FIELDS),
                                allowed=INPUT_FIELDS)
        if raw is None or (spec.kind == "items" and raw == []):
            continue
        given[name] = _PARSERS[spec.kind](spec, raw, item_ids)
    _check_consistency(given)
    values = dict(given)
    values.update(_derive(given))
    values.pop("ice_items", None)
    return Findings(MappingProxyType(given), MappingProxyType(values),
                    frozenset(given.get("checked", ())))


def _wrong(spec, raw):
    shown = repr(raw) if isinstance(raw, str) else _shown(raw)
    return FindingsError(spec.name, f"{spec.describe()}, got {shown}",
                         allowed=spec.choices or None)


def _shown(raw) -> str:
    text = str(raw).replace("True", "true").replace("False", "false").replace("None", "null")
    return text if len(text) <= 40 else text[:37] + "..."


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
        raise FindingsError(spec.name, f"{spec.describe()}, got {_quoted(raw)}{hint}",
                            allowed=spec.choices)
    return raw


def _quoted(raw) -> str:
    return repr(raw) if isinstance(raw, str) else _shown(raw)


def _parse_list(spec, raw, allowed, what):
    if not isinstance(raw, list):
        raise FindingsError(spec.name, f"{spec.describe()}, got {_quoted(raw)}", allowed=allowed)
    seen = []
    for entry in raw:
        if not isinstance(entry, str) or entry not in allowed:
            hint = suggest(entry, allowed) if isinstance(entry, str) else ""
            raise FindingsError(spec.name, f"unknown {what} {_quoted(entry)}{hint}",
                                allowed=allowed)
        if entry in seen:
            raise FindingsError(spec.name, f"{_quoted(entry)} is listed twice")
        seen.append(entry)
    return tuple(seen)


def _parse_choices(spec, raw, _items):
    return _parse_list(spec, raw, spec.choices, "value")


def _parse_items(spec, raw, item_ids):
    return _parse_list(spec, raw, tuple(item_ids), "checklist item")


def _parse_ice_items(spec, raw, _items):
    if not isinstance(raw, dict):
        raise FindingsError(spec.name, f"{spec.describe()}, got {_quoted(raw)}", allowed=ICE_ITEMS)
    for key in raw:
        if key not in ICE_ITEMS:
            raise FindingsError(f"ice_items.{key}", "is not an ICE item" + suggest(key, ICE_ITEMS),
                                allowed=ICE_ITEMS)
    missing = [key for key in ICE_ITEMS if raw.get(key) is None]
    if missing:
        raise FindingsError(spec.name, "needs every item to add up the score; not given: "
                            + "; ".join(ICE_ITEMS[key][0] for key in missing), allowed=ICE_ITEMS)
    items = {}
    for key, (_label, top) in ICE_ITEMS.items():
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
            raise FindingsError(f"ice_items.{key}",
                                f"takes a whole number from 0 to {top}, got {_quoted(value)}")
        items[key] = value
    return MappingProxyType(items)


_PARSERS = {
    "number": _parse_number, "integer": _parse_number, "boolean": _parse_boolean,
    "choice": _parse_choice, "choices": _parse_choices, "items": _parse_items,
    "ice_items": _parse_ice_items,
}


def _check_consistency(given: dict) -> None:
    """Refuse documents that contradict themselves, so no grade rests on an impossible reading."""
    for field, message in _contradictions(given):
        raise FindingsError(field, message)


def _contradictions(g: dict):
    """(field, what is wrong): the other fields named in words, as the forms label them."""
    if "ice_items" in g and "ice_score" in g and sum(g["ice_items"].values()) != g["ice_score"]:
        yield "ice_score", (f"is {g['ice_score']} but the ICE items add up to "
                            f"{sum(g['ice_items'].values())}")
    age = g.get("age_years")
    ice_given = "ice_score" in g or "ice_items" in g
    if ice_given and age is not None and age < 12:
        yield "ice_score", "is for age 12 and over; under 12, give a CAPD score instead (ASTCT 2019)"
    if "capd_score" in g and (age is None or age >= 12):
        yield "capd_score", "is for children under 12; give an age under 12, or an ICE score instead"
    if g.get("unable_to_assess"):
        if g.get("consciousness", "unarousable") != "unarousable":
            yield "unable_to_assess", ("means the person cannot be woken, but the level of consciousness is "
                                       + _chosen("consciousness", g))
        if g.get("ice_score", 0) > 0 or "ice_items" in g or "capd_score" in g:
            yield "unable_to_assess", "cannot go with an ICE or CAPD result above 0"
    device, flow = g.get("oxygen_device"), g.get("oxygen_flow_l_min")
    if device == "room_air" and flow:
        yield "oxygen_flow_l_min", "is above 0 but the oxygen support is " + _chosen("oxygen_device", g)
    if device == "nasal_cannula" and flow is None:
        yield "oxygen_flow_l_min", ("is needed with a nasal cannula: up to 6 L/min is low flow, "
                                    "above 6 is high flow (ASTCT 2019)")
    if g.get("vasopressors") and g.get("hypotension", "requiring_vasopressors") != "requiring_vasopressors":
        yield "vasopressors", "are listed but low blood pressure is " + _chosen("hypotension", g)


def _chosen(name: str, g: dict) -> str:
    """The choice given for field `name`, in the words the forms show: "'None (room air)'"."""
    return f"'{FIELD_BY_NAME[name].label_for(g[name])}'"


def _derive(g: dict) -> dict:
    derived = {}
    if "ice_items" in g:
        derived["ice_total"] = sum(g["ice_items"].values())
    elif "ice_score" in g:
        derived["ice_total"] = g["ice_score"]
    if "vasopressors" in g:
        derived["vasopressors_excluding_vasopressin"] = sum(
            1 for agent in g["vasopressors"] if agent != "vasopressin")
    ferritin = g.get("ferritin_ng_ml")
    if ferritin is not None and "ferritin_uln_ng_ml" in g:
        derived["ferritin_x_uln"] = ferritin / g["ferritin_uln_ng_ml"]
    if ferritin is not None and g.get("ferritin_baseline_ng_ml"):
        derived["ferritin_x_baseline"] = ferritin / g["ferritin_baseline_ng_ml"]
    return derived


def findings_json_schema() -> dict:
    """The findings contract as a JSON Schema (2020-12), derived from FIELDS, for the API's OpenAPI document."""
    properties = {spec.name: _field_schema(spec) for spec in FIELDS}
    return {"type": "object", "additionalProperties": False, "properties": properties,
            "description": "What was observed. Every field is optional; null means not given."}


def _field_schema(spec: FieldSpec) -> dict:
    described = {"description": spec.label + (f" ({spec.unit})" if spec.unit else "")
                 + (f". {spec.help}" if spec.help else "")}
    if spec.kind in ("number", "integer"):
        body = {"type": [spec.kind, "null"], "minimum": spec.minimum, "maximum": spec.maximum}
    elif spec.kind == "boolean":
        body = {"type": ["boolean", "null"]}
    elif spec.kind == "choice":
        body = {"enum": [*spec.choices, None]}
    elif spec.kind == "choices":
        body = {"type": ["array", "null"], "items": {"enum": list(spec.choices)}, "uniqueItems": True}
    elif spec.kind == "items":
        body = {"type": ["array", "null"], "items": {"type": "string"}, "uniqueItems": True}
    else:
        body = {"type": ["object", "null"], "additionalProperties": False, "required": list(ICE_ITEMS),
                "properties": {key: {"type": "integer", "minimum": 0, "maximum": top, "description": label}
                               for key, (label, top) in ICE_ITEMS.items()}}
    return {**described, **body}
