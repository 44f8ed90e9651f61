"""The shareable result URL: findings to a query string and back, with nothing stored on the server.

Lists repeat their key (checked=fever&checked=chills), ICE items are dotted (ice_items.naming=2),
booleans are true/false. Reading is strict: a repeated single value, an unreadable number or an
unknown field is a FindingsError naming the field (a 400 page), never a guess.
"""

from __future__ import annotations

import math
import re
from urllib.parse import quote_plus

from triage.engine import ICE_ITEMS, INPUT_FIELDS, FieldSpec, FindingsError

VIEWS = ("caregiver", "student")
ICE_PREFIX = "ice_items."
LISTS = ("items", "choices")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")
_MAX_NUMBER_TEXT = 24
_URL_SAFE = re.compile(r"[A-Za-z0-9_.~-]*")  # what quote_plus leaves as it is
_CONTRACT_ORDER = {name: index for index, name in enumerate(INPUT_FIELDS)}


def number_text(value) -> str:
    """A number as the shortest text that reads back the same (38.0 -> '38', 38.5 -> '38.5')."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    text = repr(value) if isinstance(value, float) else str(value)
    return text[:-2] if text.endswith(".0") else text


def parse_number(spec: FieldSpec, text: str):
    """Read `text` as spec's number kind (range is left to the contract); FindingsError if unreadable."""
    text = text.strip()
    pattern = _INTEGER if spec.kind == "integer" else _NUMBER
    if len(text) > _MAX_NUMBER_TEXT or not pattern.fullmatch(text):
        raise FindingsError(spec.name, f"{spec.describe()}, got {quoted(text)}")
    if spec.kind == "integer":
        return int(text)
    value = float(text)
    if not math.isfinite(value):
        raise FindingsError(spec.name, f"{spec.describe()}, got {quoted(text)}")
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def quoted(text: str) -> str:
    """Text someone sent, as an error message quotes it: in quotes, cut to 40 characters."""
    return repr(text if len(text) <= 40 else text[:37] + "...")


def ice_spec(key: str) -> FieldSpec:
    """The contract of one ICE item, as a whole number from 0 to its maximum points."""
    label, top = ICE_ITEMS[key]
    return FieldSpec(f"{ICE_PREFIX}{key}", "integer", "icans", label, minimum=0, maximum=top)


def read_view(args) -> str:
    """The `view` parameter: caregiver (the default) or student."""
    values = args.getlist("view")
    if len(values) > 1:
        raise FindingsError("view", "is given more than once")
    view = values[0] if values else VIEWS[0]
    if view not in VIEWS:
        raise FindingsError("view", f"takes one of: {', '.join(VIEWS)}, got {quoted(view)}", allowed=VIEWS)
    return view


def findings_from_query(args) -> dict:
    """A raw findings mapping for parse_findings from query arguments (a MultiDict); `view` is skipped."""
    data, ice = {}, {}
    for key in args:
        values = [value for value in args.getlist(key) if value != ""]
        if key == "view" or not values:
            continue
        if key.startswith(ICE_PREFIX):
            ice[key[len(ICE_PREFIX):]] = _ice_value(key[len(ICE_PREFIX):], _single(key, values))
            continue
        spec = INPUT_FIELDS.get(key)
        if spec is None:
            data[key] = values[0]  # parse_findings names it and suggests the nearest field
        elif spec.kind in LISTS:
            data[key] = values
        elif spec.kind == "ice_items":
            raise FindingsError(key, "give each item as ice_items.<item>=<points>", allowed=ICE_ITEMS)
        else:
            data[key] = _scalar(spec, _single(key, values))
    if ice:
        data["ice_items"] = {key: ice.get(key) for key in ICE_ITEMS} | ice
    return data


def _single(key: str, values: list) -> str:
    if len(values) > 1:
        raise FindingsError(key, "is given more than once; it takes one value")
    return values[0]


def _ice_value(key: str, text: str):
    if key not in ICE_ITEMS:
        return text  # parse_findings names the unknown item
    return parse_number(ice_spec(key), text)


def _scalar(spec: FieldSpec, text: str):
    if spec.kind in ("number", "integer"):
        return parse_number(spec, text)
    if spec.kind == "boolean":
        if text not in ("true", "false"):
            raise FindingsError(spec.name, f"takes true or false, got {quoted(text)}")
        return text == "true"
    return text


def query_from_findings(findings: dict, view: str) -> str:
    """The canonical query string: view first, then the fields in contract order."""
    pairs = [("view", view)]
    for name in sorted(findings.keys() & INPUT_FIELDS.keys(), key=_CONTRACT_ORDER.get):
        value, spec = findings[name], INPUT_FIELDS[name]
        if value is None:
            continue
        if spec.kind == "ice_items":
            pairs += [(f"{ICE_PREFIX}{key}", str(value[key])) for key in ICE_ITEMS if key in value]
        elif spec.kind in LISTS:
            pairs += [(name, str(entry)) for entry in value]
        elif spec.kind == "boolean":
            pairs.append((name, "true" if value else "false"))
        elif spec.kind in ("number", "integer"):
            pairs.append((name, number_text(value)))
        else:
            pairs.append((name, str(value)))
    # The keys are the contract's field names (and view): nothing in them to quote.
    return "&".join(f"{key}={_quoted(value)}" for key, value in pairs)


def _quoted(text: str) -> str:
    """quote_plus(text), skipping the work for what it leaves as it is: every id and number here."""
    return text if _URL_SAFE.fullmatch(text) else quote_plus(text)
