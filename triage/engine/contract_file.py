"""rules/findings.yaml into a Contract: fields, derived fields and constraints, every problem collected."""

from __future__ import annotations

import string
from dataclasses import replace
from types import MappingProxyType

from .collector import Collector
from .conditions import Scope
from .contract import Constraint, Contract, condition_schema
from .fields import DERIVATIONS, NO_NORMAL, FieldSpec, ScoredItem
from .problems import suggest
from .yamlsource import Document


def build_contract(doc: Document, collector: Collector) -> Contract:
    data = doc.data
    sections = {}
    for i, raw in enumerate(data["sections"]):
        if raw["id"] in sections:
            collector.problem(doc, ("sections", i, "id"), f"duplicate section id '{raw['id']}'")
        sections[raw["id"]] = raw["title"]
    seen: dict = {}
    inputs = {}
    for i, raw in enumerate(data["fields"]):
        spec = _field(doc, ("fields", i), raw, sections, collector)
        if collector.unique(seen, doc, ("fields", i, "id"), "field", spec.name):
            inputs[spec.name] = spec
    for spec in inputs.values():
        _check_total(doc, spec, inputs, collector)
    derived = {}
    for i, raw in enumerate(data.get("derived", [])):
        spec = _derived(doc, ("derived", i), raw, sections, inputs, collector)
        if spec is not None and collector.unique(seen, doc, ("derived", i, "id"), "field", spec.name):
            derived[spec.name] = spec
    scope = Scope({**inputs, **derived})
    constraints = tuple(c for i, raw in enumerate(data.get("constraints", []))
                        if (c := _constraint(doc, ("constraints", i), raw, scope, inputs, collector)) is not None)
    day = data["day"]
    if day not in inputs or inputs[day].kind != "integer":
        collector.problem(doc, ("day",), f"'{day}' is not an integer findings field" + suggest(day, inputs))
    return Contract(MappingProxyType(sections), day, MappingProxyType(inputs), MappingProxyType(derived), constraints)


def _field(doc, here, raw, sections, collector) -> FieldSpec:
    kind = raw["kind"]
    if raw["section"] not in sections:
        collector.problem(doc, here + ("section",), f"unknown section '{raw['section']}'" + suggest(raw["section"],
                                                                                                     sections))
    choices = raw.get("choices", [])
    low, high = (raw.get("range") or {}).get("min"), (raw.get("range") or {}).get("max")
    if (kind in ("number", "integer", "day_series")) != (low is not None):
        collector.problem(doc, here, f"field '{raw['id']}': " + (f"a {kind} field needs 'range'" if low is None
                                                                  else f"a {kind} field has no 'range'"))
    if (kind == "day_series") != ("days" in raw and "value" in raw):
        collector.problem(doc, here, f"field '{raw['id']}': " + ("a day_series field needs 'days' and 'value'"
                                                                  if kind == "day_series"
                                                                  else f"a {kind} field has no 'days' or 'value'"))
    if (kind in ("choice", "choices")) != bool(choices):
        collector.problem(doc, here, f"field '{raw['id']}': " + (f"a {kind} field needs 'choices'" if not choices
                                                                  else f"a {kind} field has no 'choices'"))
    if kind == "item_scores" and not raw.get("items"):
        collector.problem(doc, here, f"field '{raw['id']}': an item_scores field needs 'items' and 'total'")
    if low is not None and high is not None and high < low:
        collector.problem(doc, here + ("range", "max"), "max is below min")
    spec = FieldSpec(
        raw["id"], kind, raw["section"], raw["label"], raw.get("help", ""), low, high, raw.get("unit", ""),
        tuple(c["id"] for c in choices), tuple(c["label"] for c in choices), NO_NORMAL,
        _typical(raw.get("typical")), tuple(ScoredItem(i["id"], i["label"], i["points"]) for i in raw.get("items", [])),
        raw.get("total", ""), None, collector.cite(doc, here + ("source",), raw["source"]),
        doc.line(here), _days(raw.get("days")), (raw.get("value") or {}).get("key", ""),
        (raw.get("value") or {}).get("label", ""))
    if "normal" in raw:
        spec = _with_normal(doc, here, spec, raw["normal"], collector)
    if spec.typical and spec.numeric and not (low <= spec.typical[0] <= spec.typical[1] <= high):
        collector.problem(doc, here + ("typical",), f"typical values must lie within the range {low} to {high}")
    return spec


def _days(raw):
    return () if raw is None else (raw["min"], raw["max"])


def _typical(raw):
    return None if raw is None else (raw["min"], raw["max"], raw.get("step", 1))


def _with_normal(doc, here, spec: FieldSpec, normal, collector) -> FieldSpec:
    """The field with its normal reading, checked against its kind."""
    where = here + ("normal",)
    if spec.kind in ("items", "item_scores", "day_series") or spec.numeric:
        collector.problem(doc, where, f"a {spec.kind} field has no normal reading: a blank is not assessed")
        return spec
    if spec.kind == "boolean" and not isinstance(normal, bool):
        collector.problem(doc, where, f"the normal reading of '{spec.name}' must be true or false")
    elif spec.kind == "choice" and normal not in spec.choices:
        collector.problem(doc, where, f"'{spec.name}' has no choice {normal!r}" + suggest(normal, spec.choices))
    elif spec.kind == "choices":
        if not isinstance(normal, list) or any(n not in spec.choices for n in normal):
            collector.problem(doc, where, f"the normal reading of '{spec.name}' must be a list of its choices")
            return spec
        normal = tuple(normal)
    return replace(spec, normal=normal)


def _check_total(doc, spec: FieldSpec, inputs: dict, collector) -> None:
    if spec.kind != "item_scores":
        return
    total = inputs.get(spec.total)
    most = sum(item.points for item in spec.scored_items)
    where = ("fields", list(inputs).index(spec.name), "total")
    if total is None or total.kind != "integer":
        collector.problem(doc, where, f"'{spec.total}' is not an integer field" + suggest(spec.total, inputs))
    elif (total.minimum, total.maximum) != (0, most):
        collector.problem(doc, where, f"'{spec.total}' must range from 0 to {most}, the most the items score")


def _derived(doc, here, raw, sections, inputs, collector) -> FieldSpec | None:
    spec = _field(doc, here, raw, sections, collector)
    how = raw["from"]
    names = [key for key in how if key in DERIVATIONS]
    if len(names) != 1:
        collector.problem(doc, here + ("from",), "'from' needs one of: " + ", ".join(DERIVATIONS))
        return None
    cls, second = DERIVATIONS[names[0]]
    if set(how) != {names[0], second}:
        collector.problem(doc, here + ("from",), f"'{names[0]}' goes with '{second}' and nothing else")
        return None
    extra = {"count_of": frozenset, "counts_in": tuple}.get(names[0], lambda x: x)(how[second])
    derivation = cls(how[names[0]], extra)
    for source in derivation.sources:
        if source not in inputs:
            collector.problem(doc, here + ("from",), f"'{source}' is not a findings field" + suggest(source, inputs))
            return None
    return replace(spec, derivation=derivation)


def _constraint(doc, here, raw, scope, inputs, collector) -> Constraint | None:
    if raw["field"] not in inputs:
        collector.problem(doc, here + ("field",), f"'{raw['field']}' is not a findings field"
                          + suggest(raw["field"], inputs))
        return None
    when = collector.condition(doc, here + ("if",), raw["if"], scope) if "if" in raw else None
    then = collector.condition(doc, here + ("then",), raw["then"], scope)
    if then is None or ("if" in raw and when is None):
        return None
    for key, condition in (("then", then), ("if", when)):
        try:
            condition_schema(condition) if condition is not None else None
        except ValueError as error:
            collector.problem(doc, here + (key,), str(error))
            return None
    for _, name, _, _ in string.Formatter().parse(raw["message"]):
        if name is not None and name not in inputs:
            collector.problem(doc, here + ("message",), f"the message names '{{{name}}}', not a findings field")
    return Constraint(raw["field"], when, then, raw["message"], collector.cite(doc, here + ("source",), raw["source"]),
                      doc.line(here))
