"""What people type, read strictly: numbers as a field's kind takes them, and text quoted back in errors."""

from __future__ import annotations

import math
import re

from triage.engine import FieldSpec, FindingsError

NUMBER = r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"
INTEGER = r"[+-]?\d+"
MAX_NUMBER_TEXT = 24


def parse_number(spec: FieldSpec, text: str):
    """Read `text` as spec's number kind (range is left to the contract); FindingsError if unreadable."""
    text = text.strip()
    pattern = INTEGER if spec.kind == "integer" else NUMBER
    if len(text) > MAX_NUMBER_TEXT or not re.fullmatch(pattern, text):
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
