"""Caregiver text reads at school grade 6 or below (Flesch-Kincaid, by textstat), in one spelling (US, as the
911 number and the US label facts are), and a caregiver result keeps its main text short.

Flesch-Kincaid says nothing useful about a label of three words ("Unusual bleeding" scores 20.6), so the
per-string check reads every caregiver text of a sentence or more (12 words and up); the labels are read
where a caregiver meets them, in whole rendered results, which are checked too.
"""

from __future__ import annotations

import html
import re

import pytest
import textstat

from triage import create_app, paths
from triage.engine import load_content

CONTENT = load_content(paths.rules_dir())
MOST = 6.0
SENTENCE = 12  # words


def caregiver_texts():
    for s in CONTENT.syndromes.values():
        yield f"{s.id}: plain_summary", s.plain_summary
        yield f"{s.id}: plain_care", s.plain_care
    for level in CONTENT.levels:
        yield f"urgency level {level.id}: message", level.message
    for field, words in CONTENT.not_entered.items():
        yield f"not entered: {field}", words
    for group in CONTENT.caregiver_form:
        yield f"caregiver form {group.id}: help", group.help


TEXTS = [(name, text) for name, text in caregiver_texts() if text and len(text.split()) >= SENTENCE]


@pytest.mark.parametrize(("name", "text"), TEXTS, ids=[name for name, _ in TEXTS])
def test_each_caregiver_text_reads_at_grade_6_or_below(name, text):
    assert textstat.flesch_kincaid_grade(text) <= MOST, text


@pytest.fixture(scope="module")
def client():
    return create_app({"TESTING": True}, content=CONTENT).test_client()


def outside_details(page: str) -> str:
    """The page's main text as a reader meets it before opening any <details>; each block a sentence."""
    main = page[page.index("<main"):page.index("</main>")]
    main = re.sub(r"<details.*?</details>", " ", main, flags=re.S)
    main = re.sub(r"</(p|li|h1|h2|h3|dd|dt|div|td|th)>", ". ", main)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


FORM_ITEMS = [item.id for group in CONTENT.caregiver_form for item in group.items]
QUERIES = ([f"checked={item}&days_since_infusion=5" for item in FORM_ITEMS]
           + ["temperature_c=38.5&days_since_infusion=3", "temperature_c=35.5", "temperature_c=37.0",
              "checked=fever&checked=confusion&checked=headache&checked=chills&temperature_c=39.2"])


@pytest.mark.parametrize("query", QUERIES)
def test_a_caregiver_result_reads_at_grade_6_in_at_most_400_words_and_ends_with_the_closing(client, query):
    response = client.get("/result?view=caregiver&" + query)
    assert response.status_code == 200
    text = outside_details(response.get_data(as_text=True))
    assert textstat.flesch_kincaid_grade(text) <= MOST, text
    assert len(text.split()) <= 400
    assert text.rstrip(". ").endswith("Contact your care team")
    assert not re.search(r"\bgrade \d|\bGrade \d|tocilizumab|anakinra|siltuximab|steroid", text)


BRITISH = r"\b(diarrhoea|behaviour|centre|programme|colour|tumour|oedema|anaemia|haemorrhage|favour)\w*"


@pytest.mark.parametrize("path", ["/caregiver", "/card", *(f"/result?view=caregiver&checked={i}" for i in FORM_ITEMS)])
def test_caregiver_pages_keep_to_us_spelling(client, path):
    text = outside_details(client.get(path).get_data(as_text=True))
    assert not re.findall(BRITISH, text, flags=re.I), path
