"""Content lint over every YAML file: sourced, complete, no doses, own words, glossary complete."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SOURCES_DIR = ROOT.parent / "shared" / "sources"
CLOSING = "Contact your care team."


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _yaml_files(rules_dir):
    return sorted(p for p in rules_dir.rglob("*.yaml") if "examples" not in p.parts)


def _all_text(rules_dir):
    for path in _yaml_files(rules_dir):
        for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            yield path, text


def test_the_bundled_rules_load(content):
    assert content.closing == CLOSING
    assert [c.syndrome for c in content.checklists] == ["crs", "icans", "mas_hlh", "b_cell_aplasia"]


def test_every_item_rule_window_approach_and_term_cites_a_source(content):
    cited = [*content.items.values(), *content.rules, *content.glossary.values(), *content.syndromes.values()]
    for syndrome in content.syndromes.values():
        cited += [*syndrome.windows, *syndrome.management]
    missing = [getattr(thing, "id", thing) for thing in cited if not thing.sources]
    assert missing == []


def test_every_item_is_used_by_a_rule(content):
    used = set().union(*(rule.condition.items for rule in content.rules))
    assert set(content.items) - used == set()


def test_every_syndrome_has_timing_management_and_both_summaries(content):
    for syndrome in content.syndromes.values():
        assert syndrome.windows and syndrome.management, syndrome.id
        assert syndrome.summary.count(". ") <= 1, syndrome.id
        # caregivers get short sentences (grade 6: tests/content/test_caregiver_readability.py), not many words
        assert len(syndrome.plain_summary.split()) <= 60, syndrome.id


def test_every_urgency_message_ends_with_the_closing_line(content):
    assert [level.message.endswith(CLOSING) for level in content.levels] == [True] * len(content.levels)


DOSE = re.compile(
    r"\b\d+(?:\.\d+)?\s*(?:mg(?!/dL)|mcg|µg|micrograms?|milligrams?|g/kg|units?/kg|IU|mL/kg)\b"
    r"|\b(?:every|q)\s*\d+\s*(?:h|hours?)\b|\bmg/kg\b|\bmg/m2\b|\bdose of\b",
    re.IGNORECASE,
)


def test_no_doses_anywhere_in_the_content(rules_dir):
    found = [(path.name, m.group(0)) for path, text in _all_text(rules_dir) for m in DOSE.finditer(text)]
    assert found == []


def test_the_content_never_tells_anyone_to_wait(rules_dir):
    waits = [(path.name, text) for path, text in _all_text(rules_dir)
             for m in re.finditer(r"\bwait", text, re.IGNORECASE)
             if not re.search(r"(?:not|never)\s+(?:\w+\s+)?$", text[: m.start()], re.IGNORECASE)]
    assert waits == []


# Two or more capitals (with digits or hyphens), except Roman numerals such as "cranial nerve VI".
ABBREVIATION = re.compile(r"\b(?![IVX]+\b)[A-Z][A-Z0-9]{1,}(?:-[A-Z0-9]+)*\b")


def test_every_abbreviation_the_content_uses_is_in_the_glossary(content):
    known = {t.term for t in content.glossary.values()} | {a for t in content.glossary.values() for a in t.aliases}
    texts = [i.plain for i in content.items.values()] + [i.clinical for i in content.items.values()]
    for s in content.syndromes.values():
        texts += [s.name, s.summary, s.plain_summary, s.timing_note] + [w.label for w in s.windows]
        texts += [a.text for a in s.management]
    texts += [r.criterion for r in content.rules]
    used = {m.group(0) for text in texts for m in ABBREVIATION.finditer(text)}
    assert sorted(used - known) == []


def _words(text):
    return re.findall(r"[a-z0-9]+", text.lower())


@pytest.mark.skipif(not SOURCES_DIR.is_dir(), reason="shared/sources is not beside the checkout")
def test_no_eight_word_run_is_copied_from_a_source(rules_dir):
    runs = set()
    for path in SOURCES_DIR.glob("*.txt"):
        words = _words(path.read_text(encoding="utf-8", errors="replace"))
        runs |= {tuple(words[i:i + 8]) for i in range(len(words) - 7)}
    copied = []
    for path, text in _all_text(rules_dir):
        words = _words(text)
        copied += [(path.name, " ".join(words[i:i + 8])) for i in range(len(words) - 7)
                   if tuple(words[i:i + 8]) in runs]
    assert copied == []
