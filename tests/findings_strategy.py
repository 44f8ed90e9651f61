"""A Hypothesis strategy for valid findings documents, derived from the content's findings contract."""

from __future__ import annotations

from hypothesis import strategies as st

from triage.engine import FindingsError


def _value(spec, item_ids):
    if spec.kind == "number":
        return st.floats(spec.minimum, spec.maximum, allow_nan=False, allow_infinity=False)
    if spec.kind == "integer":
        return st.integers(int(spec.minimum), int(spec.maximum))
    if spec.kind == "boolean":
        return st.booleans()
    if spec.kind == "choice":
        return st.sampled_from(spec.choices)
    if spec.kind == "choices":
        return st.lists(st.sampled_from(spec.choices), unique=True)
    if spec.kind == "items":
        return st.lists(st.sampled_from(sorted(item_ids)), unique=True, max_size=8)
    if spec.kind == "day_series":
        entry = st.fixed_dictionaries({"day": st.integers(*spec.days),
                                       spec.value_key: st.integers(int(spec.minimum), int(spec.maximum))})
        return st.lists(entry, max_size=40, unique_by=lambda e: e["day"])
    return st.fixed_dictionaries({item.id: st.integers(0, item.points) for item in spec.scored_items})


def accepted(content, doc: dict) -> dict:
    """The document with each field the contract refuses dropped, until the contract accepts it."""
    doc = dict(doc)
    while True:
        try:
            content.parse_findings(doc)
            return doc
        except FindingsError as error:
            field = error.field.split(".")[0]
            if field not in doc:
                return {}
            del doc[field]


def any_documents(content):
    """Any subset of the fields, each with a value in range (cross-field rules may be broken)."""
    optional = {name: _value(spec, content.items) for name, spec in content.contract.inputs.items()}
    return st.fixed_dictionaries({}, optional=optional)


def findings_documents(content):
    """Valid findings documents: any subset of the fields, each in range, keeping the cross-field rules."""
    return any_documents(content).map(lambda doc: accepted(content, doc))
