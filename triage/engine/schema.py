"""Validate a content file against its JSON Schema (rules/schema/<kind>.schema.json) as Problems."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft7Validator
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from .problems import Problem, suggest
from .yamlsource import Document

_TYPE_NAMES = {"object": "a mapping", "array": "a list", "string": "text", "integer": "a whole number",
               "number": "a number", "boolean": "true or false", "null": "null"}


@lru_cache(maxsize=8)
def _validators(schema_dir: str) -> dict:
    """One validator per schema file; $refs are relative file names, resolved as an editor would."""
    schemas = {}
    for path in sorted(Path(schema_dir).resolve().glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        schemas[path.name.removesuffix(".schema.json")] = {**schema, "$id": path.as_uri()}
    registry = Registry().with_resources(
        (schema["$id"], Resource(contents=schema, specification=DRAFT7)) for schema in schemas.values())
    return {kind: Draft7Validator(schema, registry=registry) for kind, schema in schemas.items()}


def validate_document(doc: Document, kind: str, schema_dir) -> list[Problem]:
    """Every schema violation in `doc`, each at the line of the offending key."""
    validator = _validators(str(schema_dir))[kind]
    problems = []
    for error in sorted(validator.iter_errors(doc.data), key=lambda e: list(map(str, e.absolute_path))):
        problems.extend(_problems(doc, error))
    return problems


def _entry(path) -> str:
    """'step 2' for the second entry of a list under 'steps'; otherwise the key's name."""
    path = list(path)
    if len(path) >= 2 and isinstance(path[-1], int) and isinstance(path[-2], str):
        return f"{path[-2].removesuffix('s')} {path[-1] + 1}"
    return _name(path)


def _name(path) -> str:
    path = list(path)
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return "the file" if not path else "this entry"


def _problems(doc: Document, error) -> list[Problem]:
    path = tuple(error.absolute_path)
    v, value, instance = error.validator, error.validator_value, error.instance
    if v == "additionalProperties" and isinstance(instance, dict):
        known = tuple(error.schema.get("properties", {}))
        return [doc.problem(path + (key,), f"unknown key '{key}'" + suggest(key, known))
                for key in instance if key not in known]
    if v == "required" and isinstance(instance, dict):
        owner = f"'{instance['id']}'" if isinstance(instance.get("id"), str) else _entry(path)
        return [doc.problem(path, f"{owner} is missing '{key}'") for key in value if key not in instance]
    if v == "anyOf" and isinstance(instance, dict) and all(e.validator == "required" for e in error.context):
        keys = ", ".join(f"'{key}'" for e in error.context for key in e.validator_value)
        return [doc.problem(path, f"{_entry(path)} needs at least one of {keys}")]
    if v in ("oneOf", "anyOf") and error.context:
        # Prefer the branch that got furthest into the value (a citation with a bad 'section' is
        # reported there, not as "must be a list").
        # Of those, a branch of the value's own type (a mapping judged by the mapping branch) says more.
        deepest = max(len(e.absolute_path) for e in error.context)
        candidates = [e for e in error.context if len(e.absolute_path) == deepest]
        return _problems(doc, best_match([e for e in candidates if e.validator != "type"] or candidates))
    return [doc.problem(path, _message(path, v, value, instance))]


def _message(path, v, value, instance) -> str:
    name = _name(path)
    shown = repr(instance) if not isinstance(instance, (dict, list)) else _TYPE_NAMES[
        "object" if isinstance(instance, dict) else "array"]
    if v == "type":
        kinds = value if isinstance(value, list) else [value]
        return f"'{name}' must be {' or '.join(_TYPE_NAMES.get(k, k) for k in kinds)}, got {shown}"
    if v in ("enum", "const"):
        allowed = value if v == "enum" else [value]
        hint = suggest(instance, allowed) if isinstance(instance, str) else ""
        return f"'{name}' must be one of: {', '.join(map(str, allowed))}; got {shown}{hint}"
    if v == "pattern":
        return f"{shown} is not a valid id (lower-case letters, digits and underscores, starting with a letter)"
    if v in ("minItems", "minLength", "minProperties"):
        return f"'{name}' must not be empty"
    if v in ("minimum", "maximum"):
        bound = "at least" if v == "minimum" else "at most"
        return f"'{name}' must be {bound} {value}, got {shown}"
    return f"'{name}': {shown} is not allowed here ({v})"
