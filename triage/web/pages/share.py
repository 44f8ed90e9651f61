"""The shareable result URL: findings to a query string and back, with nothing stored on the server.

Lists repeat their key (checked=fever&checked=chills), scored items are dotted (ice_items.naming=2),
booleans are true/false, a day series is day:count pairs (anc_by_day=3:450,4:300, percent-encoded as
any value). Reading is strict: a repeated single value, an unreadable number or an unknown field is a
FindingsError naming the field (a 400 page), never a guess.
"""

from __future__ import annotations

import re
from urllib.parse import quote_plus

from triage.engine import Contract, FieldSpec, FindingsError, number_text

from ..text_input import parse_number, parse_series, quoted, series_text

VIEWS = ("caregiver", "student")
LISTS = ("items", "choices")
URL_SAFE = r"[A-Za-z0-9_.~-]*"  # what quote_plus leaves as it is


def read_view(args) -> str:
    """The `view` parameter: caregiver (the default) or student."""
    values = args.getlist("view")
    if len(values) > 1:
        raise FindingsError("view", "is given more than once")
    view = values[0] if values else VIEWS[0]
    if view not in VIEWS:
        raise FindingsError("view", f"takes one of: {', '.join(VIEWS)}, got {quoted(view)}", allowed=VIEWS)
    return view


def findings_from_query(args, contract: Contract) -> dict:
    """A raw findings mapping for the contract from query arguments (a MultiDict); `view` is skipped."""
    data, scores = {}, {}
    for key in args:
        values = [value for value in args.getlist(key) if value != ""]
        if key == "view" or not values:
            continue
        name, dot, item = key.partition(".")
        spec = contract.inputs.get(name)
        if dot and spec is not None and spec.kind == "item_scores":
            scores.setdefault(name, {})[item] = _item_value(spec, item, _single(key, values))
        elif spec is None:
            data[key] = values[0]  # the contract names it and suggests the nearest field
        elif spec.kind in LISTS:
            data[key] = values
        elif spec.is_series:
            data[key] = parse_series(spec, _single(key, values))
        elif spec.kind == "item_scores":
            raise FindingsError(key, f"give each item as {key}.<item>=<points>",
                                allowed=[i.id for i in spec.scored_items])
        else:
            data[key] = _scalar(spec, _single(key, values))
    for name, given in scores.items():
        data[name] = {item.id: given.get(item.id) for item in contract.inputs[name].scored_items} | given
    return data


def _single(key: str, values: list) -> str:
    if len(values) > 1:
        raise FindingsError(key, "is given more than once; it takes one value")
    return values[0]


def _item_value(spec: FieldSpec, key: str, text: str):
    item = next((i for i in spec.scored_items if i.id == key), None)
    if item is None:
        return text  # the contract names the unknown item
    return parse_number(spec.item_spec(item), text)


def _scalar(spec: FieldSpec, text: str):
    if spec.kind in ("number", "integer"):
        return parse_number(spec, text)
    if spec.kind == "boolean":
        if text not in ("true", "false"):
            raise FindingsError(spec.name, f"takes true or false, got {quoted(text)}")
        return text == "true"
    return text


def query_from_findings(findings: dict, view: str, contract: Contract) -> str:
    """The canonical query string: view first, then the fields in contract order."""
    pairs = [("view", view)]
    for name, spec in contract.inputs.items():
        value = findings.get(name)
        if value is None:
            continue
        if spec.kind == "item_scores":
            pairs += [(f"{name}.{item.id}", str(value[item.id])) for item in spec.scored_items if item.id in value]
        elif spec.kind in LISTS:
            pairs += [(name, str(entry)) for entry in value]
        elif spec.is_series:
            pairs.append((name, series_text(spec, value)))
        elif spec.kind == "boolean":
            pairs.append((name, "true" if value else "false"))
        elif spec.numeric:
            pairs.append((name, number_text(value)))
        else:
            pairs.append((name, str(value)))
    # The keys are the contract's field names (and view): nothing in them to quote.
    return "&".join(f"{key}={_quoted(value)}" for key, value in pairs)


def _quoted(text: str) -> str:
    """quote_plus(text), skipping the work for what it leaves as it is: every id and number here."""
    return text if re.fullmatch(URL_SAFE, text) else quote_plus(text)
