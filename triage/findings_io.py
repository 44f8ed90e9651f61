"""Read a findings document from YAML or JSON text, refusing duplicate keys and custom tags."""

from __future__ import annotations

import json

from .engine import FindingsError
from .engine.yamlsource import read_document


def _no_duplicates(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise FindingsError(key, "is given twice")
        result[key] = value
    return result


def read_findings_text(text: str, name: str = "findings"):
    """Plain data from JSON (tried first) or YAML; raises FindingsError naming the line for YAML."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            return json.loads(text, object_pairs_hook=_no_duplicates)
        except json.JSONDecodeError as error:
            raise FindingsError("", f"{name}:{error.lineno}: JSON syntax: {error.msg}") from None
    doc, problems = read_document(name, text)
    if problems:
        raise FindingsError("", str(problems[0]))
    return doc.data
