"""The scenario library, facilitator mode, debrief, handout and answer key: what a trainer sees."""

from __future__ import annotations

import re

import pytest

from .test_pages import page_text, text_lines

SCENARIO = "crs_then_icans"  # 3 steps: day 2 CRS 1; day 4 CRS 2 + ICANS 2; day 5 CRS 2 + ICANS 3
PAGES = ["/scenarios", f"/scenarios/{SCENARIO}", f"/scenarios/{SCENARIO}/facilitate/1",
         f"/scenarios/{SCENARIO}/facilitate/2?reveal=1", f"/scenarios/{SCENARIO}/debrief",
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
    for href, text in [(f"/scenarios/{SCENARIO}/facilitate/1", "Run it with a group"),
                       (f"/scenarios/{SCENARIO}/learn/1", "Work through it alone"),
                       (f"/scenarios/{SCENARIO}/handout", "Printable handout"),
                       (f"/scenarios/{SCENARIO}/answers", "Answer key")]:
        assert re.search(rf'href="{re.escape(href)}">{text}</a>', html), text
    assert "Mr Dubois is 66" in html


def test_a_facilitator_step_hides_the_answer_until_it_is_revealed(client):
    response = client.get(f"/scenarios/{SCENARIO}/facilitate/2")
    html, text = response.get_data(as_text=True), main_text(response)
    assert 'class="page-facilitate"' in html
    assert "Step 2: day 4 Step 2 of 3 Day 2 (done) Day 4 Day 5 He needs nasal cannula oxygen at 3 L/min" in text
    assert f'<a class="button" data-reveal href="/scenarios/{SCENARIO}/facilitate/2?reveal=1#answer">' in html
    assert ("He is awake and alert. Ask the group first What are the two grades, and what decides each one? "
            "Reveal the answer") in text
    for hidden in ("The answer", "decided by", "Rules met", "Which ICE items did he lose"):  # a prompt for later
        assert hidden not in text
    assert re.search(rf'rel="next" href="/scenarios/{SCENARIO}/facilitate/3">Next step</a>', html)
    assert re.search(rf'rel="prev" href="/scenarios/{SCENARIO}/facilitate/1">Previous step</a>', html)


def test_a_revealed_step_shows_the_engines_answer_the_trace_the_prompts_and_the_sources(client):
    text = main_text(client.get(f"/scenarios/{SCENARIO}/facilitate/2?reveal=1"))
    assert "Signs to recognise Fever (temperature ≥ 38.0 °C) Hypoxia Confusion or disorientation" in text
    assert ("CRS grade: grade 2 CRS is grade 2: decided by crs_grade_2_hypoxia — Fever with hypoxia needing "
            "low-flow nasal cannula (6 L/min or less) or blow-by oxygen") in text
    assert "ICANS grade: grade 2 ICANS is grade 2: decided by icans_grade_2_ice — ICE score 3 to 6" in text
    assert "How urgent Tell the CAR T team now" in text
    assert "Rules met Fever of 38.0 °C or more" in text
    assert "Key rules not met Fever with hypotension needing one vasopressor" in text
    assert "ICE score 0 to 2 in a person who is awake" in text and "Not met: ice_total is 6, needs ≤ 2" in text
    assert "Sources ASTCT 2019 consensus, CRS grading table, grade 1 column" in text
    assert "ASTCT 2019 consensus, CRS grading table, grade 2, hypoxia row" in text
    assert "Ask the group first What are the two grades, and what decides each one? The answer" in text
    assert "Discuss Which ICE items did he lose, and how many points are they worth? Rules met" in text


def test_the_last_step_leads_to_the_debrief_with_its_sources(client, content):
    html = client.get(f"/scenarios/{SCENARIO}/facilitate/3").get_data(as_text=True)
    assert f'rel="next" href="/scenarios/{SCENARIO}/debrief">Debrief</a>' in html
    text = main_text(client.get(f"/scenarios/{SCENARIO}/debrief"))
    for point in content.scenarios[SCENARIO].debrief:
        assert point.text in text
    assert ("ICANS often follows CRS within days, but it can also come with it, later, or without it. "
            "Source: CAR T overview, Specific Treatment Risks;") in text


def _asked_first(step, title) -> str:
    return f" {title} {' '.join(step.ask_first)}" if step.ask_first else ""


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


def test_the_answer_key_gives_every_steps_answer_prompts_and_the_debrief(client, content):
    scenario = content.scenarios[SCENARIO]
    text = main_text(client.get(f"/scenarios/{SCENARIO}/answers"))
    for step in scenario.steps:
        assert f"Step {step.number}: day {step.day} {step.narrative}{_asked_first(step, 'Ask first')} Signs to" in text
        assert all(prompt in text for prompt in step.prompts)
    assert "ICANS grade: grade 3 ICANS is grade 3: decided by icans_grade_3_ice" in text
    assert "How urgent Urgent review now" in text
    assert "Debrief" in text and scenario.debrief[-1].text in text


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
        (f"/scenarios/{SCENARIO}/facilitate/-1", ""),
        (f"/scenarios/{SCENARIO}/facilitate/two", ""),
    ],
    ids=["unknown", "unknown_facilitate", "step_0", "step_past_the_end", "learn_past_the_end", "unknown_handout",
         "unknown_answers", "unknown_debrief", "negative_step", "step_not_a_number"],
)
def test_an_unknown_scenario_or_step_is_a_404_page_that_says_so(client, path, reason):
    response = client.get(path)
    assert response.status_code == 404
    text = main_text(response)
    assert text.startswith("Page not found")
    assert reason in text


def test_a_reveal_value_other_than_1_keeps_the_answer_hidden(client):
    text = main_text(client.get(f"/scenarios/{SCENARIO}/facilitate/1?reveal=yes"))
    assert "The answer" not in text and "Reveal the answer" in text


def test_the_navigation_links_to_the_scenarios_and_to_practice(client):
    html = client.get("/scenarios").get_data(as_text=True)
    assert '<a href="/scenarios" aria-current="page">Scenarios</a>' in html
    assert '<a href="/practice">Practice</a>' in html
