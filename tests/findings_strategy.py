"""A Hypothesis strategy for valid findings documents, derived from the contract itself."""

from __future__ import annotations

from hypothesis import strategies as st

from triage.engine import ICE_ITEMS, INPUT_FIELDS


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
    return st.fixed_dictionaries({key: st.integers(0, top) for key, (_, top) in ICE_ITEMS.items()})


def _consistent(doc: dict) -> dict:
    """Remove the combinations the contract refuses, so every drawn document is valid."""
    if "ice_items" in doc and "ice_score" in doc:
        doc["ice_score"] = sum(doc["ice_items"].values())
    if "capd_score" in doc and ("ice_score" in doc or "ice_items" in doc):
        doc.pop("capd_score")
    if "capd_score" in doc and doc.get("age_years", 99) >= 12:
        doc["age_years"] = doc.get("age_years", 0) % 12
    if ("ice_score" in doc or "ice_items" in doc) and doc.get("age_years", 12) < 12:
        doc["age_years"] = 12 + doc["age_years"]
    if doc.get("unable_to_assess"):
        doc["consciousness"] = "unarousable"
        doc.pop("ice_items", None)
        doc.pop("capd_score", None)
        if "ice_score" in doc:
            doc["ice_score"] = 0
    if doc.get("oxygen_device") == "room_air":
        doc.pop("oxygen_flow_l_min", None)
    if doc.get("oxygen_device") == "nasal_cannula":
        doc.setdefault("oxygen_flow_l_min", 2)
    if doc.get("vasopressors") and "hypotension" in doc:
        doc["hypotension"] = "requiring_vasopressors"
    return doc


def findings_documents(item_ids):
    """Valid findings documents: any subset of the fields, each with a value in range."""
    optional = {name: _value(spec, item_ids) for name, spec in INPUT_FIELDS.items()}
    return st.fixed_dictionaries({}, optional=optional).map(_consistent)
