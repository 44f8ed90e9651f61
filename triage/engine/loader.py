"""load_content: read, schema-check, cross-check and compile every rules/ file, all or nothing.

Scenarios load with the rest: their schema, sources and findings are checked with everything else;
their written answers and the coverage table are checked against the engine last, once the rules
themselves have loaded without a problem (a broken rule would make every answer look wrong).
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from .conditions import CompileError, Scope, compile_condition
from .content import (
    Approach,
    Checklist,
    Citation,
    Content,
    Grading,
    Item,
    Rule,
    Source,
    Syndrome,
    Term,
    TimingWindow,
    UrgencyLevel,
)
from .coverage import coverage_problems, scenario_coverage
from .findings import FIELD_BY_NAME, parse_findings
from .problems import ContentError, FindingsError, Problem, suggest
from .rules_folder import read_rules_folder
from .scenarios import build_scenarios, check_expectations
from .yamlsource import Document

SYNDROME_ORDER = ("crs", "icans", "mas_hlh", "b_cell_aplasia")


def load_content(rules_dir) -> Content:
    """Load every content file under `rules_dir`; raise ContentError listing every problem."""
    rules_dir = Path(rules_dir)
    docs, problems = read_rules_folder(rules_dir)
    if problems:
        raise ContentError(problems)
    builder = _Builder(docs)
    content = builder.build()
    if builder.problems:
        raise ContentError(builder.problems)
    problems = check_expectations(content)
    problems += coverage_problems(scenario_coverage(content), f"{rules_dir.name}/scenarios")
    if problems:
        raise ContentError(problems)
    return content


class _Builder:
    """Builds the model from schema-valid documents, collecting every cross-file problem."""

    def __init__(self, docs):
        self.docs = docs
        self.problems: list[Problem] = []
        self.sources: dict[str, Source] = {}
        self.rule_ids: dict[str, str] = {}  # every rule's id, grading and urgency alike -> where it is

    def build(self) -> Content:
        meta = self.docs["content"][0]
        self.sources = {sid: Source(sid, **entry) for sid, entry in meta.data["sources"].items()}
        checklists, items = self._checklists()
        glossary = self._glossary()
        syndromes = self._syndromes(glossary)
        scope = Scope(frozenset(items), frozenset(SYNDROME_ORDER))
        scope.item_ids_in_order = tuple(items)
        gradings = self._gradings(scope)
        levels, default, urgency = self._urgency(scope, meta.data["closing"])
        self._check_items_used(items, gradings, urgency)
        examples = self._examples(items)
        scenarios = self._scenarios(items)
        return Content(meta.data["content_version"], meta.data["closing"], meta.data["disclaimer"],
                       MappingProxyType(self.sources), checklists, MappingProxyType(items),
                       MappingProxyType(syndromes), MappingProxyType(gradings), levels, default,
                       urgency, MappingProxyType(glossary), MappingProxyType(examples), scenarios)

    def problem(self, doc: Document, location, message: str) -> None:
        self.problems.append(doc.problem(location, message))

    def cite(self, doc: Document, location, raw) -> tuple:
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

    def _unique(self, seen: dict, doc: Document, location, kind: str, key: str) -> bool:
        if key in seen:
            self.problem(doc, location, f"duplicate {kind} id '{key}' (first at {seen[key]})")
            return False
        seen[key] = f"{doc.path}:{doc.line(location)}"
        return True

    def _checklists(self):
        checklists, items, seen = [], {}, {}
        for doc in self.docs["checklist"]:
            data = doc.data
            self._check_stem(doc, data["id"])
            built = []
            for i, raw in enumerate(data["items"]):
                if self._unique(seen, doc, ("items", i, "id"), "item", raw["id"]):
                    item = Item(raw["id"], raw["plain"], raw["clinical"], raw["group"], data["id"],
                                self.cite(doc, ("items", i, "source"), raw["source"]))
                    items[item.id] = item
                    built.append(item)
            checklists.append(Checklist(data["id"], data["syndrome"], data["title"], data["plain_title"],
                                        tuple(built)))
        checklists.sort(key=lambda c: SYNDROME_ORDER.index(c.syndrome))
        return tuple(checklists), items

    def _check_stem(self, doc: Document, expected: str) -> None:
        stem = Path(doc.path).stem
        if stem != expected:
            self.problem(doc, ("id",), f"id '{expected}' does not match the file name '{stem}.yaml'")

    def _glossary(self):
        terms, seen = {}, {}
        for doc in self.docs["glossary"]:
            for i, raw in enumerate(doc.data["terms"]):
                if self._unique(seen, doc, ("terms", i, "id"), "glossary term", raw["id"]):
                    terms[raw["id"]] = Term(raw["id"], raw["term"], tuple(raw.get("aliases", ())),
                                            raw["plain"], raw["clinical"],
                                            self.cite(doc, ("terms", i, "source"), raw["source"]))
        return terms

    def _syndromes(self, glossary):
        syndromes = {}
        for doc in self.docs["syndrome"]:
            data = doc.data
            self._check_stem(doc, data["id"])
            windows = tuple(self._window(doc, i, raw) for i, raw in enumerate(data["timing"]["windows"]))
            management = tuple(
                Approach(raw["text"], tuple(raw.get("grades", ())),
                         self.cite(doc, ("management", i, "source"), raw["source"]))
                for i, raw in enumerate(data["management"]))
            for i, term in enumerate(data["glossary"]):
                if term not in glossary:
                    self.problem(doc, ("glossary", i), f"unknown glossary term '{term}'" + suggest(term, glossary))
            syndromes[data["id"]] = Syndrome(
                data["id"], data["name"], data["short_name"], data["summary"], data["plain_summary"],
                self.cite(doc, ("source",), data["source"]), windows, data["timing"].get("note", ""),
                management, tuple(data["glossary"]))
        for missing in (s for s in SYNDROME_ORDER if s not in syndromes):
            self.problems.append(Problem("rules/syndromes", 1, f"syndrome '{missing}' has no file {missing}.yaml"))
        return {s: syndromes[s] for s in SYNDROME_ORDER if s in syndromes}

    def _window(self, doc, i, raw):
        if raw["to_day"] is not None and raw["to_day"] < raw["from_day"]:
            self.problem(doc, ("timing", "windows", i, "to_day"), "to_day is before from_day")
        return TimingWindow(raw["from_day"], raw["to_day"], raw["label"],
                            self.cite(doc, ("timing", "windows", i, "source"), raw["source"]))

    def _compile(self, doc, location, node, scope):
        try:
            return compile_condition(node, location, scope)
        except CompileError as error:
            if error.message:
                self.problem(doc, error.location, error.message)
            return None

    def _gradings(self, scope):
        by_syndrome: dict[str, list] = {s: [] for s in SYNDROME_ORDER}
        for doc in self.docs["grading"]:
            by_syndrome[doc.data["syndrome"]].append(doc)
        gradings = {}
        for syndrome, docs in by_syndrome.items():
            rules, graded_by, scales = [], set(), []
            for doc in docs:
                scales.append(doc.data["scale"])
                self.cite(doc, ("source",), doc.data["source"])
                graded_by.update(self._graded_by(doc))
                file_scope = Scope(scope.item_ids, scope.syndromes, {})
                for name, node in doc.data.get("conditions", {}).items():
                    file_scope.named[name] = self._compile(doc, ("conditions", name), node, file_scope)
                for i, raw in enumerate(doc.data["rules"]):
                    rule = self._rule(doc, ("rules", i), raw, syndrome, file_scope)
                    if rule is not None:
                        rules.append(rule)
            named = frozenset().union(*(r.condition.items for r in rules if r.kind == "signs"))
            sign_items = tuple(item for item in scope.item_ids_in_order if item in named)
            gradings[syndrome] = Grading(syndrome, tuple(scales), frozenset(graded_by), tuple(rules), sign_items)
        return gradings

    def _graded_by(self, doc):
        names = doc.data.get("graded_by", [])
        for i, name in enumerate(names):
            if name not in FIELD_BY_NAME:
                self.problem(doc, ("graded_by", i), f"'{name}' is not a findings field" + suggest(name, FIELD_BY_NAME))
        return names

    def _rule(self, doc, location, raw, syndrome, scope):
        if not self._unique(self.rule_ids, doc, location + ("id",), "rule", raw["id"]):
            return None
        kind, grade = raw.get("kind"), raw.get("grade")
        if (kind == "grade") != (grade is not None):
            self.problem(doc, location + ("grade",) if grade is not None else location,
                         f"rule '{raw['id']}': " + ("a grade rule needs 'grade'" if kind == "grade"
                                                     else f"a {kind} rule has no 'grade'"))
        condition = self._compile(doc, location + ("when",), raw["when"], scope)
        sources = self.cite(doc, location + ("source",), raw["source"])
        if condition is None:
            return None
        return Rule(raw["id"], kind, syndrome, grade, raw["criterion"], condition, sources, doc.path,
                    doc.line(location))

    def _urgency(self, scope, closing):
        doc = self.docs["urgency"][0]  # load_content has checked that urgency.yaml exists
        levels = []
        for i, raw in enumerate(doc.data["levels"]):
            if not raw["message"].endswith(closing):
                self.problem(doc, ("levels", i, "message"), f"message must end with '{closing}'")
            levels.append(UrgencyLevel(raw["id"], raw["title"], raw["message"],
                                       self.cite(doc, ("levels", i, "source"), raw["source"])))
        level_ids = [level.id for level in levels]
        default = doc.data["default_level"]
        if default not in level_ids:
            self.problem(doc, ("default_level",), f"unknown level '{default}'" + suggest(default, level_ids))
        urgency_scope = Scope(scope.item_ids, scope.syndromes, {}, allow_grades=True)
        rules = []
        for i, raw in enumerate(doc.data["rules"]):
            if raw["level"] not in level_ids:
                self.problem(doc, ("rules", i, "level"),
                             f"unknown level '{raw['level']}'" + suggest(raw["level"], level_ids))
            if not self._unique(self.rule_ids, doc, ("rules", i, "id"), "rule", raw["id"]):
                continue
            condition = self._compile(doc, ("rules", i, "when"), raw["when"], urgency_scope)
            sources = self.cite(doc, ("rules", i, "source"), raw["source"])
            if condition is not None:
                rules.append(Rule(raw["id"], "urgency", "", None, raw["criterion"], condition, sources,
                                  doc.path, doc.line(("rules", i)), level=raw["level"]))
        order = {level: n for n, level in enumerate(level_ids)}
        rules.sort(key=lambda rule: order.get(rule.level, len(order)))
        return tuple(levels), default, tuple(rules)

    def _check_items_used(self, items, gradings, urgency):
        used = set()
        for rule in [r for g in gradings.values() for r in g.rules] + list(urgency):
            used |= rule.condition.items
        for doc in self.docs["checklist"]:
            for i, raw in enumerate(doc.data["items"]):
                if raw["id"] in items and raw["id"] not in used:
                    self.problem(doc, ("items", i, "id"), f"item '{raw['id']}' is not used by any rule")

    def _scenarios(self, items):
        for doc in self.docs["scenario"]:
            self._check_stem(doc, doc.data["id"])
        return build_scenarios(self.docs["scenario"], items, self.cite, self.problem)

    def _examples(self, items):
        examples = {}
        for doc in self.docs["findings"]:
            try:
                examples[Path(doc.path).stem] = parse_findings(doc.data, items)
            except FindingsError as error:
                key = error.field.split(".")[0]
                location = (key,) if isinstance(doc.data, dict) and key in doc.data else ()
                self.problem(doc, location, f"not a valid findings document: {error}")
        return examples
