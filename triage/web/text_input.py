"""What people type, read strictly: numbers as a field's kind takes them, and text quoted back in errors."""

from __future__ import annotations

import math
import re

from triage.engine import FieldSpec, FindingsError, number_text

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


MAX_SERIES_TEXT = 4000  # about a year of daily counts
HEADER = re.compile(r"\s*day\b", re.IGNORECASE)


def parse_series(spec: FieldSpec, text: str) -> list:
    """A day series typed or pasted: "3:450,4:300" (a share link's form) or one "day,count" line a day
    (a header line starting with "day" is skipped). The entries as the contract takes them; the contract
    checks the days and counts. FindingsError naming the field when an entry cannot be read."""
    text = text.strip()
    if not text:
        return []
    if len(text) > MAX_SERIES_TEXT:
        raise FindingsError(spec.name, f"is too long: at most {MAX_SERIES_TEXT} characters")
    if ":" in text:
        pairs = [chunk.split(":") for chunk in re.split(r"[,;\n]+", text) if chunk.strip()]
    else:
        lines = [line for line in text.splitlines() if line.strip()]
        if lines and HEADER.match(lines[0]):
            lines = lines[1:]
        pairs = [re.split(r"[,;\t ]+", line.strip()) for line in lines]
    entries = []
    for pair in pairs:
        if len(pair) != 2 or not re.fullmatch(INTEGER, pair[0].strip()) or not re.fullmatch(NUMBER, pair[1].strip()):
            raise FindingsError(spec.name, f"write each day as day:count (3:450) or a line 'day,count', "
                                           f"got {quoted(':'.join(pair))}")
        count = float(pair[1])
        entries.append({"day": int(pair[0]), spec.value_key: int(count) if count.is_integer() else count})
    return entries


def series_text(spec: FieldSpec, entries) -> str:
    """The series as "3:450,4:300" (entries as the contract gives them)."""
    return ",".join(f"{entry['day']}:{number_text(entry[spec.value_key])}" for entry in entries)


def quoted(text: str) -> str:
    """Text someone sent, as an error message quotes it: in quotes, cut to 40 characters."""
    return repr(text if len(text) <= 40 else text[:37] + "...")
