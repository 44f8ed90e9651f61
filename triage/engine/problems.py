"""Errors that know where they happened: content problems (exit 1) and bad findings (exit 2)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


def suggest(word: str, choices) -> str:
    """Return " (did you mean 'x'?)" for the closest choice, or an empty string."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a content file, rendered as `path:line: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    """The rules could not be loaded; carries every problem found, sorted by file and line."""

    exit_code = 1

    def __init__(self, problems):
        self.problems = tuple(sorted(set(problems)))
        super().__init__("\n".join(str(p) for p in self.problems))

    def summary(self) -> str:
        files = {p.path for p in self.problems}
        noun = "problem" if len(self.problems) == 1 else "problems"
        return f"{len(self.problems)} {noun} in {len(files)} file{'s' if len(files) != 1 else ''}"


class FindingsError(ValueError):
    """A findings document broke the contract; names the field and, where useful, what is allowed."""

    exit_code = 2

    def __init__(self, field: str, message: str, allowed=None):
        self.field = field
        self.message = message
        self.allowed = tuple(allowed) if allowed is not None else None
        super().__init__(f"{field}: {message}" if field else message)
