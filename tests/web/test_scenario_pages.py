"""The scenario library, the presenter view, debrief, handout and answer key: what a trainer sees."""

from __future__ import annotations

import re

import pytest

from .test_pages import page_text, text_lines

SCENARIO = "crs_then_icans"  # 3 steps: day 2 CRS 1; day 4 CRS 2 + ICANS 2; day 5 CRS 2 + ICANS 3
PAGES = ["/scenarios", f"/scenarios/{SCENARIO}", f"/scenarios/{SCENARIO}/debrief",
         f"/scenarios/{SCENARIO}/handout", f"/scenarios/{SCENARIO}/answers"]


def main_text(response) -> str:
    html = response.get_data(as_text=True)
    return page_text(html[html.index("<main"):html.index("</main>")])


@pytest.mark.parametrize("path", PAGES)
def test_every_scenario_page_is_educational_ends_with_the_closing_line_and_sets_no_cookie(client, content, path):
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Educational, not for clinical decisions." in html
    assert text_lines(html)[-1] == "Contact your care team." == content.closing
    assert "style=" not in html and "<style" not in html and "<script>" not in html
    assert "Set-Cookie" not in response.headers  # no form, no session: nothing is kept about the visit


def test_the_library_lists_every_scenario_with_its_audience_objectives_and_steps(client, content):
    text = main_text(client.get("/scenarios"))
    assert text.startswith("Scenario library")
    for scenario in content.scenarios.values():
        assert scenario.title in text
        for objective in scenario.objectives:
            assert objective in text
    assert ("Fever on day 2, confusion on day 4 For nursing students and trainers · 3 steps "
            "Grade CRS and ICANS separately when both are present.") in text
    assert "At home in the first week: what to notice and when to call For caregivers and trainers · 3 steps" in text


def test_the_overview_offers_facilitator_and_learner_modes_the_handout_and_the_answer_key(client):
    html = client.get(f"/scenarios/{SCENARIO}").get_data(as_text=True)
    for href, text in [(f"/scenarios/{SCENARIO}/present/1", "Present it to a group"),
                       (f"/scenarios/{SCENARIO}/learn/1", "Work through it alone"),
                       (f"/scenarios/{SCENARIO}/handout", "Printable handout"),
                       (f"/scenarios/{SCENARIO}/answers", "Answer key")]:
        assert re.search(rf'href="{re.escape(href)}">{text}</a>', html), text
    assert "Mr Dubois is 66" in html


def test_a_presenter_step_hides_the_answer_until_it_is_revealed(client):
    response = client.get(f"/scenarios/{SCENARIO}/present/2")
    html, text = response.get_data(as_text=True), main_text(response)
    assert 'class="present"' in html and 'class="site-header"' not in html and "site-footer" not in html
    assert ("Fever on day 2, confusion on day 4 · step 2 of 3 Educational, not for clinical decisions. Contact your "
            "care team. Day 4 after infusion He needs nasal cannula oxygen at 3 L/min") in text
    assert f'<a class="button" data-reveal href="/scenarios/{SCENARIO}/present/2?reveal=1#answer">' in html
    assert ("He is awake and alert. Ask the group first What are the two grades, and what decides each one? "
            "← Previous step Reveal the answer Next step →") in text
    for hidden in ("The answer", "What decides it", "Criteria met", "Which ICE items did he lose"):
        assert hidden not in text
    assert re.search(rf'rel="next" href="/scenarios/{SCENARIO}/present/3">Next step →</a>', html)
    assert re.search(rf'rel="prev" href="/scenarios/{SCENARIO}/present/1">← Previous step</a>', html)


def test_the_speaker_notes_give_each_questions_model_answer_with_its_source(client, content):
    text = main_text(client.get(f"/scenarios/{SCENARIO}/present/2"))
    question = content.scenarios[SCENARIO].steps[1].ask_first[0]
    assert (f"Speaker notes: model answers {question.ask} {question.answer} (ASTCT 2019 consensus, CRS grading "
            "table, hypoxia row; ICANS table, ICE row (clinical.md (a), (c)))") in text


def test_a_revealed_step_shows_each_grade_with_its_deciding_finding_the_urgency_and_the_prompts(client):
    text = main_text(client.get(f"/scenarios/{SCENARIO}/present/2?reveal=1"))
    assert ("The answer Syndrome and answer What decides it CRS grade 2 Temperature 38.2 °C; oxygen support: nasal "
            "cannula; oxygen flow 3 L/min: fever with hypoxia needing low-flow nasal cannula (6 L/min or less) or "
            "blow-by oxygen, so CRS grade 2.") in text
    assert "ICANS at least grade 2, up to grade 4 ICE score 6: ICE score 3 to 6, so ICANS grade 2." in text
    assert "Tell the CAR T team now – a temperature of 38.0 °C (100.4 °F) or more (temperature 38.2 °C" in text
    assert "Discuss Which ICE items did he lose, and how many points are they worth?" in text
    assert "Full reasoning and sources Criteria met Fever of 38.0 °C or more" in text
    assert "Sources ASTCT 2019 consensus, CRS grading table, grade 1 column" in text
    assert "Ask the group first" not in text  # the questions were asked; their answers are in the notes


def test_no_presenter_page_shows_a_rule_id_a_field_name_or_a_file_path(client, content):
    for scenario in content.scenarios.values():
        for step in scenario.steps:
            for query in ("", "?reveal=1"):
                text = main_text(client.get(f"/scenarios/{scenario.id}/present/{step.number}{query}"))
                found = re.search(r"\b[a-z]+_[a-z0-9_]+\b|rules/", text)
                assert found is None, (scenario.id, step.number, query, found and found.group())


def test_the_presenter_view_offers_to_run_the_scenario_live(client):
    html = client.get(f"/scenarios/{SCENARIO}/present/1").get_data(as_text=True)
    assert re.search(rf'<form method="post" action="/scenarios/{SCENARIO}/live"><input id="csrf_token" '
                     r'name="csrf_token" type="hidden" value="[^"]+"><button class="button button--secondary" '
                     r'type="submit">Run live</button></form>', html)


@pytest.mark.parametrize(("old", "new"), [
    (f"/scenarios/{SCENARIO}/facilitate/2", f"/scenarios/{SCENARIO}/present/2"),
    (f"/scenarios/{SCENARIO}/facilitate/3?reveal=1", f"/scenarios/{SCENARIO}/present/3?reveal=1"),
], ids=["step", "revealed"])
def test_the_facilitator_addresses_lead_to_the_presenter_view(client, old, new):
    response = client.get(old)
    assert response.status_code == 301 and response.headers["Location"] == new


def test_the_last_step_leads_to_the_debrief_with_its_sources(client, content):
    html = client.get(f"/scenarios/{SCENARIO}/present/3").get_data(as_text=True)
    assert f'rel="next" href="/scenarios/{SCENARIO}/debrief">Debrief →</a>' in html
    text = main_text(client.get(f"/scenarios/{SCENARIO}/debrief"))
    for point in content.scenarios[SCENARIO].debrief:
        assert point.text in text
    assert ("ICANS often follows CRS within days, but it can also come with it, later, or without it. "
            "Source: CAR T overview, Specific Treatment Risks;") in text


def _asked_first(step, title) -> str:
    return f" {title} {' '.join(q.ask for q in step.ask_first)}" if step.ask_first else ""


def test_the_handout_tells_every_step_and_asks_its_first_questions_without_any_answer(client, content):
    scenario = content.scenarios[SCENARIO]
    response = client.get(f"/scenarios/{SCENARIO}/handout")
    text = main_text(response)
    assert 'class="page-handout"' in response.get_data(as_text=True)
    assert any(step.ask_first for step in scenario.steps) and any(step.prompts for step in scenario.steps)
    for step in scenario.steps:
        assert (f"Step {step.number}: day {step.day} {step.narrative}{_asked_first(step, 'Questions')} "
                "Signs you recognise") in text
        for prompt in step.prompts:  # they may build on the answer
            assert prompt not in text
    for answer in ("decided by", "grade 2", "Tell the CAR T team now", "Rules met"):
        assert answer not in text


def test_the_answer_key_gives_every_steps_answer_model_answers_prompts_and_the_debrief(client, content):
    scenario = content.scenarios[SCENARIO]
    text = main_text(client.get(f"/scenarios/{SCENARIO}/answers"))
    for step in scenario.steps:
        assert f"Step {step.number}: day {step.day} {step.narrative}" in text
        for question in step.ask_first:
            assert f"{question.ask} {question.answer} (" in text
        assert all(prompt in text for prompt in step.prompts)
    assert "ICANS at least grade 3, up to grade 4 ICE score 2: ICE score 0 to 2 in a person who is awake" in text
    assert "How urgent: Urgent review now – " in text
    assert "Debrief" in text and scenario.debrief[-1].text in text
    assert not re.search(r"\b[a-z]+_[a-z0-9_]+\b|rules/", text)


def test_a_caregiver_answer_key_says_the_urgency_in_the_caregivers_words(client):
    text = main_text(client.get("/scenarios/caregiver_first_days/answers"))
    assert "How urgent: Call 911 or your local emergency number now – cannot be woken" in text
    assert "Urgent review now" not in text


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/scenarios/no_such_case", "There is no scenario called 'no_such_case' in the library."),
        ("/scenarios/no_such_case/facilitate/1", "There is no scenario called 'no_such_case' in the library."),
        (f"/scenarios/{SCENARIO}/facilitate/0", "This scenario has steps 1 to 3; there is no step 0."),
        (f"/scenarios/{SCENARIO}/facilitate/4", "This scenario has steps 1 to 3; there is no step 4."),
        (f"/scenarios/{SCENARIO}/learn/4", "This scenario has steps 1 to 3; there is no step 4."),
        ("/scenarios/no_such_case/handout", "There is no scenario called 'no_such_case' in the library."),
        ("/scenarios/no_such_case/answers", "There is no scenario called 'no_such_case' in the library."),
        ("/scenarios/no_such_case/debrief", "There is no scenario called 'no_such_case' in the library."),
        ("/scenarios/no_such_case/present/1", "There is no scenario called 'no_such_case' in the library."),
        (f"/scenarios/{SCENARIO}/present/4", "This scenario has steps 1 to 3; there is no step 4."),
        (f"/scenarios/{SCENARIO}/facilitate/-1", ""),
        (f"/scenarios/{SCENARIO}/facilitate/two", ""),
    ],
    ids=["unknown", "unknown_facilitate", "step_0", "step_past_the_end", "learn_past_the_end", "unknown_handout",
         "unknown_answers", "unknown_debrief", "unknown_present", "present_past_the_end", "negative_step",
         "step_not_a_number"],
)
def test_an_unknown_scenario_or_step_is_a_404_page_that_says_so(client, path, reason):
    response = client.get(path)
    assert response.status_code == 404
    text = main_text(response)
    assert text.startswith("Page not found")
    assert reason in text


def test_a_reveal_value_other_than_1_keeps_the_answer_hidden(client):
    text = main_text(client.get(f"/scenarios/{SCENARIO}/present/1?reveal=yes"))
    assert "The answer" not in text and "Reveal the answer" in text


def test_the_navigation_links_to_the_scenarios_and_to_practice(client):
    html = client.get("/scenarios").get_data(as_text=True)
    assert '<a href="/scenarios" aria-current="page">Scenarios</a>' in html
    assert '<a href="/practice">Practice</a>' in html


@pytest.mark.parametrize(("query", "shown"), [
    ("", 18),
    ("?audience=caregiver", 2),
    ("?syndrome=mas_hlh&length=short", 1),
    ("?audience=caregiver&length=long&syndrome=icans", 1),
], ids=["all", "caregivers", "mas_short", "three_filters"])
def test_the_library_filters_by_audience_syndrome_and_length_with_plain_links(client, content, query, shown):
    html = client.get(f"/scenarios{query}").get_data(as_text=True)
    assert f"Showing {shown} of {len(content.scenarios)} scenarios." in main_text(client.get(f"/scenarios{query}"))
    assert html.count('class="scenario-card"') == shown
    assert html.count(">Present<span") == html.count(">Learn<span") == shown


def test_a_filter_link_keeps_the_other_filters(client):
    html = client.get("/scenarios?audience=caregiver").get_data(as_text=True)
    assert '<a href="/scenarios?audience=caregiver&amp;length=short">1 or 2 steps</a>' in html
    assert '<a href="/scenarios?audience=caregiver" aria-current="true">Caregivers</a>' in html
    assert '<a href="/scenarios">Any</a>' in html  # the audience row's "Any" drops only the audience


def test_an_unknown_filter_value_is_a_400_naming_the_values_allowed(client):
    response = client.get("/scenarios?length=epic")
    assert response.status_code == 400
    assert "The library cannot be filtered by that length: use one of short, long." in main_text(response)


def test_the_home_page_links_to_every_syndrome_page(client, content):
    html = client.get("/").get_data(as_text=True)
    for syndrome in content.syndromes.values():
        assert f'<a href="/syndromes/{syndrome.id}">{syndrome.name}</a>' in html
