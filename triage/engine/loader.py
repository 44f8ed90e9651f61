"""load_content: every rules/ file read, checked and built, all or nothing, in four stages.

1. read   each file parsed with its lines and checked against its kind's JSON Schema (rules_folder);
2. build  one small function per file kind makes its part of the model, writing every problem to a
          shared Collector (the findings contract first: conditions and findings read it);
3. cross  checks across files: syndromes listed and described, every checklist item used;
4. teach  the scenarios' written answers and the coverage table, recomputed with the engine, once
          the rules themselves have loaded without a problem (a broken rule makes every answer wrong).
Each stage that finds a problem stops the load with all of them, as `file:line: message`.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from .collector import Collector
from .conditions import Scope
from .content import (
    Approach,
    Checklist,
    Content,
    FormGroup,
    Grading,
    Item,
    Practice,
    PracticeGroup,
    Rule,
    Source,
    Syndrome,
    Term,
    TimingWindow,
    UrgencyLevel,
)
from .contract_file import build_contract
from .coverage import build_coverage, coverage_problems
from .problems import ContentError, FindingsError, suggest
from .rules_folder import read_rules_folder
from .scenarios import build_scenarios, check_expectations
from .yamlsource import Document


def load_content(rules_dir) -> Content:
    """Load every content file under `rules_dir`; raise ContentError listing every problem."""
    rules_dir = Path(rules_dir)
    docs, problems = read_rules_folder(rules_dir)
    if problems:
        raise ContentError(problems)
    build = _Build(docs)
    content = build.content()
    if build.collector.problems:
        raise ContentError(build.collector.problems)
    problems = check_expectations(content) + coverage_problems(content)
    if problems:
        raise ContentError(problems)
    return content


class _Build:
    """Stages 2 and 3: the model from schema-valid documents, every problem collected."""

    def __init__(self, docs: dict):
        self.docs = docs
        self.meta = docs["content"][0]
        sources = {sid: Source(sid, **entry) for sid, entry in self.meta.data["sources"].items()}
        self.collector = Collector(sources)
        self.rule_ids: dict[str, str] = {}  # every rule id, grading and urgency alike -> where it is

    def content(self) -> Content:
        meta, collector = self.meta.data, self.collector
        contract = build_contract(self.docs["findings_contract"][0], collector)
        listed = self._listed_syndromes()
        checklists, items = self._checklists(listed)
        glossary = self._glossary()
        syndromes = self._syndromes(listed, glossary)
        scope = Scope(dict(contract.fields), frozenset(items), frozenset(listed))
        gradings = self._gradings(listed, scope, tuple(items))
        levels, default, urgency = self._urgency(scope, meta["closing"])
        self._check_items_used(items, gradings, urgency)
        examples = self._examples(contract, items)
        scenarios = build_scenarios(self.docs["scenario"], contract, items, collector)
        coverage = build_coverage(self.docs["coverage"], scope, gradings, levels, collector)
        return Content(meta["content_version"], meta["closing"], meta["disclaimer"],
                       MappingProxyType(collector.sources), contract, checklists, MappingProxyType(items),
                       MappingProxyType(syndromes), MappingProxyType(gradings), levels, default, urgency,
                       MappingProxyType(glossary), MappingProxyType(examples), scenarios, coverage,
                       self._practice(listed, scope), *self._caregiver_form(items, contract))

    def _practice(self, listed, scope) -> Practice:
        raw = self.meta.data.get("practice", {"fields": []})
        for i, name in enumerate(raw["fields"]):
            if name not in scope.fields or scope.fields[name].derived:
                self.collector.problem(self.meta, ("practice", "fields", i), f"'{name}' is not a findings field"
                                       + suggest(name, scope.fields))
        groups = []
        for i, group in enumerate(raw.get("groups", [])):
            for n, syndrome in enumerate(group["syndromes"]):
                if listed.get(syndrome) != "grade":
                    self.collector.problem(self.meta, ("practice", "groups", i, "syndromes", n),
                                           f"'{syndrome}' is not a graded syndrome" + suggest(syndrome, listed))
            when = self.collector.condition(self.meta, ("practice", "groups", i, "when"), group["when"], scope)
            if when is not None:
                groups.append(PracticeGroup(group["label"], tuple(group["syndromes"]), when))
        for n, syndrome in enumerate(raw.get("leave_out", [])):
            if listed.get(syndrome) != "grade":
                self.collector.problem(self.meta, ("practice", "leave_out", n),
                                       f"'{syndrome}' is not a graded syndrome" + suggest(syndrome, listed))
        return Practice(tuple(raw["fields"]), tuple(groups), tuple(raw.get("leave_out", ())))

    def _caregiver_form(self, items, contract) -> tuple:
        """rules/caregiver_form.yaml: its groups, emergency box first (known, non-laboratory items, each once),
        and the plain words for fields not entered."""
        groups, seen, words = [], {}, {}
        for doc in self.docs.get("caregiver_form", ()):
            for name, text in doc.data.get("not_entered", {}).items():
                if name not in contract.fields:
                    self.collector.problem(doc, ("not_entered", name), f"'{name}' is not a findings field"
                                           + suggest(name, contract.fields))
                words[name] = text
            for g, raw in enumerate(doc.data["groups"]):
                built = []
                for i, item_id in enumerate(raw["items"]):
                    where, problem = ("groups", g, "items", i), self.collector.problem
                    if item_id not in items:
                        problem(doc, where, f"unknown checklist item '{item_id}'" + suggest(item_id, items))
                    elif items[item_id].group == "lab":
                        problem(doc, where, f"'{item_id}' is a laboratory item: caregivers do not see it")
                    elif self.collector.unique(seen, doc, where, "form item", item_id):
                        built.append(items[item_id])
                groups.append(FormGroup(raw["id"], raw["title"], raw.get("help", ""), raw.get("emergency", False),
                                        tuple(built)))
        groups.sort(key=lambda group: not group.emergency)
        return tuple(groups), MappingProxyType(words)

    def _listed_syndromes(self) -> dict:
        """rules/content.yaml's syndromes, in order: id -> how the result reports it (grade or flag)."""
        listed = {}
        for i, raw in enumerate(self.meta.data["syndromes"]):
            if raw["id"] in listed:
                self.collector.problem(self.meta, ("syndromes", i, "id"), f"syndrome '{raw['id']}' is listed twice")
            listed.setdefault(raw["id"], raw["reported_as"])
        return listed

    def _known_syndrome(self, doc: Document, location, syndrome: str, listed) -> bool:
        if syndrome in listed:
            return True
        self.collector.problem(doc, location, f"syndrome '{syndrome}' is not listed in content.yaml"
                               + suggest(syndrome, listed))
        return False

    def _check_stem(self, doc: Document, expected: str) -> None:
        stem = Path(doc.path).stem
        if stem != expected:
            self.collector.problem(doc, ("id",), f"id '{expected}' does not match the file name '{stem}.yaml'")

    def _checklists(self, listed):
        checklists, items, seen = [], {}, {}
        for doc in self.docs["checklist"]:
            data = doc.data
            self._check_stem(doc, data["id"])
            self._known_syndrome(doc, ("syndrome",), data["syndrome"], listed)
            built = []
            for i, raw in enumerate(data["items"]):
                if self.collector.unique(seen, doc, ("items", i, "id"), "item", raw["id"]):
                    item = Item(raw["id"], raw["plain"], raw["clinical"], raw["group"], data["id"],
                                self.collector.cite(doc, ("items", i, "source"), raw["source"]))
                    items[item.id] = item
                    built.append(item)
            checklists.append(Checklist(data["id"], data["syndrome"], data["title"], data["plain_title"],
                                        tuple(built)))
        order = list(listed)
        checklists.sort(key=lambda c: order.index(c.syndrome) if c.syndrome in order else len(order))
        return tuple(checklists), items

    def _glossary(self):
        terms, seen = {}, {}
        for doc in self.docs["glossary"]:
            for i, raw in enumerate(doc.data["terms"]):
                if self.collector.unique(seen, doc, ("terms", i, "id"), "glossary term", raw["id"]):
                    terms[raw["id"]] = Term(raw["id"], raw["term"], tuple(raw.get("aliases", ())), raw["plain"],
                                            raw["clinical"], self.collector.cite(doc, ("terms", i, "source"),
                                                                                 raw["source"]))
        return terms

    def _syndromes(self, listed, glossary):
        found = {}
        for doc in self.docs["syndrome"]:
            data = doc.data
            self._check_stem(doc, data["id"])
            if self._known_syndrome(doc, ("id",), data["id"], listed):
                found[data["id"]] = self._syndrome(doc, data, listed[data["id"]], glossary)
        for i, syndrome_id in enumerate(listed):
            if syndrome_id not in found:
                self.collector.problem(self.meta, ("syndromes", i), f"syndrome '{syndrome_id}' has no file "
                                       f"syndromes/{syndrome_id}.yaml")
        return {s: found[s] for s in listed if s in found}

    def _syndrome(self, doc, data, reported_as, glossary) -> Syndrome:
        cite = self.collector.cite
        windows = tuple(self._window(doc, i, raw) for i, raw in enumerate(data["timing"]["windows"]))
        management = tuple(Approach(raw["text"], tuple(raw.get("grades", ())),
                                    cite(doc, ("management", i, "source"), raw["source"]),
                                    raw.get("students_only", False))
                           for i, raw in enumerate(data["management"]))
        for i, term in enumerate(data["glossary"]):
            if term not in glossary:
                self.collector.problem(doc, ("glossary", i), f"unknown glossary term '{term}'"
                                       + suggest(term, glossary))
        return Syndrome(data["id"], data["name"], data["short_name"], reported_as, data["summary"],
                        data["plain_summary"], cite(doc, ("source",), data["source"]), windows,
                        data["timing"].get("note", ""), management, tuple(data["glossary"]),
                        data.get("plain_name", ""), data.get("plain_care", ""))

    def _window(self, doc, i, raw):
        if raw["to_day"] is not None and raw["to_day"] < raw["from_day"]:
            self.collector.problem(doc, ("timing", "windows", i, "to_day"), "to_day is before from_day")
        return TimingWindow(raw["from_day"], raw["to_day"], raw["label"],
                            self.collector.cite(doc, ("timing", "windows", i, "source"), raw["source"]))

    def _gradings(self, listed, scope, item_order):
        by_syndrome: dict[str, list] = {s: [] for s in listed}
        for doc in self.docs["grading"]:
            if self._known_syndrome(doc, ("syndrome",), doc.data["syndrome"], listed):
                by_syndrome[doc.data["syndrome"]].append(doc)
        gradings = {}
        for syndrome, docs in by_syndrome.items():
            rules, graded_by = [], set()
            for doc in docs:
                self.collector.cite(doc, ("source",), doc.data["source"])
                graded_by.update(self._graded_by(doc, scope))
                rules += self._grading_rules(doc, syndrome, scope)
            named = frozenset().union(*(r.condition.items for r in rules if r.kind == "signs"))
            gradings[syndrome] = Grading(syndrome, tuple(d.data["scale"] for d in docs), frozenset(graded_by),
                                         tuple(rules), tuple(i for i in item_order if i in named))
            if len(rules) == sum(len(d.data["rules"]) for d in docs):  # a broken rule is reported already
                self._check_reported(syndrome, listed[syndrome], gradings[syndrome])
        return gradings

    def _check_reported(self, syndrome, reported_as, grading: Grading) -> None:
        index = next(i for i, raw in enumerate(self.meta.data["syndromes"]) if raw["id"] == syndrome)
        kinds = {rule.kind for rule in grading.rules}
        if reported_as == "grade" and ("grade" not in kinds or not grading.graded_by):
            self.collector.problem(self.meta, ("syndromes", index, "reported_as"), f"'{syndrome}' is reported as a "
                                   "grade, but no grading file gives it grade rules and graded_by")
        if reported_as == "flag" and ("flag" not in kinds or "grade" in kinds):
            self.collector.problem(self.meta, ("syndromes", index, "reported_as"), f"'{syndrome}' is reported as "
                                   "features present or absent: its grading files need a flag rule and no grade rule")

    def _grading_rules(self, doc, syndrome, scope) -> list:
        file_scope = Scope(scope.fields, scope.item_ids, scope.syndromes)
        for name, node in doc.data.get("conditions", {}).items():
            file_scope.named[name] = self.collector.condition(doc, ("conditions", name), node, file_scope)
        return [rule for i, raw in enumerate(doc.data["rules"])
                if (rule := self._rule(doc, ("rules", i), raw, syndrome, file_scope)) is not None]

    def _graded_by(self, doc, scope):
        names = doc.data.get("graded_by", [])
        for i, name in enumerate(names):
            if name not in scope.fields:
                self.collector.problem(doc, ("graded_by", i), f"'{name}' is not a findings field"
                                       + suggest(name, scope.fields))
        return names

    def _rule(self, doc, location, raw, syndrome, scope):
        if not self.collector.unique(self.rule_ids, doc, location + ("id",), "rule", raw["id"]):
            return None
        kind, grade = raw.get("kind"), raw.get("grade")
        if (kind == "grade") != (grade is not None):
            self.collector.problem(doc, location + ("grade",) if grade is not None else location,
                                   f"rule '{raw['id']}': " + ("a grade rule needs 'grade'" if kind == "grade"
                                                              else f"a {kind} rule has no 'grade'"))
        condition = self.collector.condition(doc, location + ("when",), raw["when"], scope)
        sources = self.collector.cite(doc, location + ("source",), raw["source"])
        if condition is None:
            return None
        return Rule(raw["id"], kind, syndrome, grade, raw["criterion"], condition, sources, doc.path,
                    doc.line(location))

    def _urgency(self, scope, closing):
        doc = self.docs["urgency"][0]
        levels = []
        for i, raw in enumerate(doc.data["levels"]):
            if not raw["message"].endswith(closing):
                self.collector.problem(doc, ("levels", i, "message"), f"message must end with '{closing}'")
            clinical = raw["clinical"]
            if not clinical["message"].endswith(closing):
                self.collector.problem(doc, ("levels", i, "clinical", "message"), f"message must end with '{closing}'")
            levels.append(UrgencyLevel(raw["id"], raw["title"], raw["message"],
                                       self.collector.cite(doc, ("levels", i, "source"), raw["source"]),
                                       clinical["title"], clinical["message"]))
        level_ids = [level.id for level in levels]
        default = doc.data["default_level"]
        if default not in level_ids:
            self.collector.problem(doc, ("default_level",), f"unknown level '{default}'" + suggest(default, level_ids))
        urgency_scope = Scope(scope.fields, scope.item_ids, scope.syndromes, allow_grades=True)
        rules = []
        for i, raw in enumerate(doc.data["rules"]):
            if raw["level"] not in level_ids:
                self.collector.problem(doc, ("rules", i, "level"),
                                       f"unknown level '{raw['level']}'" + suggest(raw["level"], level_ids))
            if not self.collector.unique(self.rule_ids, doc, ("rules", i, "id"), "rule", raw["id"]):
                continue
            condition = self.collector.condition(doc, ("rules", i, "when"), raw["when"], urgency_scope)
            sources = self.collector.cite(doc, ("rules", i, "source"), raw["source"])
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
                    self.collector.problem(doc, ("items", i, "id"), f"item '{raw['id']}' is not used by any rule")

    def _examples(self, contract, items):
        examples = {}
        for doc in self.docs["example"]:
            try:
                examples[Path(doc.path).stem] = contract.parse(doc.data, items)
            except FindingsError as error:
                key = error.field.split(".")[0]
                location = (key,) if isinstance(doc.data, dict) and key in doc.data else ()
                self.collector.problem(doc, location, f"not a valid findings document: {error}")
        return examples

