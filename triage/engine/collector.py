"""The problem collector every stage of loading writes to: a problem is `file:line: message`."""

from __future__ import annotations

from .conditions import ConditionError, Scope, parse_condition
from .content import Citation
from .problems import Problem, suggest
from .yamlsource import Document


class Collector:
    """Every problem found while building the content, and the helpers that find them."""

    def __init__(self, sources: dict):
        self.problems: list[Problem] = []
        self.sources = sources  # source id -> Source, for citations

    def problem(self, doc: Document, location, message: str) -> None:
        self.problems.append(doc.problem(location, message))

    def cite(self, doc: Document, location, raw) -> tuple:
        """The citations at `location` ({ref, section} or a list of them), each ref checked."""
        entries = raw if isinstance(raw, list) else [raw]
        citations = []
        for i, entry in enumerate(entries):
            here = tuple(location) + ((i,) if isinstance(raw, list) else ()) + ("ref",)
            source = self.sources.get(entry["ref"])
            if source is None:
                self.problem(doc, here, f"unknown source '{entry['ref']}'" + suggest(entry["ref"], self.sources))
                continue
            citations.append(Citation(entry["ref"], entry["section"], source.short, source.title))
        return tuple(citations)

    def unique(self, seen: dict, doc: Document, location, kind: str, key: str) -> bool:
        """False, with a problem, when `key` was seen before; `seen` maps each key to where it was."""
        if key in seen:
            self.problem(doc, location, f"duplicate {kind} id '{key}' (first at {seen[key]})")
            return False
        seen[key] = f"{doc.path}:{doc.line(location)}"
        return True

    def condition(self, doc: Document, location, node, scope: Scope):
        """The parsed condition, or None with its problem (one already reported elsewhere is not repeated)."""
        try:
            return parse_condition(node, location, scope)
        except ConditionError as error:
            if error.message:
                self.problem(doc, error.location, error.message)
            return None
