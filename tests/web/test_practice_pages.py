"""Practice mode: cases reproducible from the seed in the address, graded by the engine, a running score
and a review of mistakes carried in signed progress, and a 400 with the reason for a bad seed."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from triage.engine import practice_case
from triage.web.teaching.progress import MAX_MISTAKES, MAX_TOKEN

from .test_pages import text_lines
from .test_scenario_learner import form_data, hidden, main_text, next_link, posted, section_text

CASE = "/practice?seed=7&i=0"


def state_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["state"][0]


def test_practice_without_a_seed_redirects_to_a_new_random_one(client):
    response = client.get("/practice")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/practice"
    query = parse_qs(location.query)
    assert query["i"] == ["0"] and 0 <= int(query["seed"][0]) <= 2**32 - 1


def test_the_same_seed_and_index_always_give_the_same_case(client, content):
    first, again = (main_text(client.get("/practice?seed=7&i=3").get_data(as_text=True)) for _ in range(2))
    assert first == again
    assert practice_case(content, 7, 3).narrative in first
    assert practice_case(content, 7, 4).narrative not in first
    assert "Practice run 7 Practice case 4 No case answered yet in this run." in first


def test_the_index_defaults_to_the_first_case(client, content):
    assert practice_case(content, 7, 0).narrative in main_text(client.get("/practice?seed=7").get_data(as_text=True))


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("seed=abc", "seed takes a whole number from 0 to 4294967295, got 'abc'"),
        ("seed=-1", "seed takes a whole number from 0 to 4294967295, got '-1'"),
        ("seed=1" + "0" * 40, "seed takes a whole number from 0 to 4294967295, got '1" + "0" * 36 + "...'"),
        ("seed=4294967296", "seed takes a whole number from 0 to 4294967295, got '4294967296'"),
        ("seed=", "seed takes a whole number from 0 to 4294967295, got ''"),
        ("seed=1.5", "seed takes a whole number from 0 to 4294967295, got '1.5'"),
        ("seed=%EF%BC%91", "seed takes a whole number from 0 to 4294967295, got '１'"),
        ("seed=1&seed=2", "seed is given more than once"),
        ("seed=1&i=-1", "i takes a whole number from 0 to 9999, got '-1'"),
        ("seed=1&i=10000", "i takes a whole number from 0 to 9999, got '10000'"),
    ],
    ids=["letters", "negative", "ten_to_the_40", "one_past_the_top", "empty", "decimal", "fullwidth_digit",
         "repeated", "negative_index", "index_past_the_top"],
)
def test_a_bad_seed_or_index_is_a_400_with_the_reason(client, query, reason):
    response = client.get(f"/practice?{query}")
    assert response.status_code == 400
    assert f"The practice address cannot be used: {reason}." in main_text(response.get_data(as_text=True))


@pytest.mark.parametrize("query", ["seed=0", "seed=4294967295", "seed=4294967295&i=9999", "seed=007&i=0"],
                         ids=["lowest_seed", "highest_seed", "highest_index", "leading_zeros"])
def test_seeds_and_indexes_on_both_bounds_are_accepted(client, query):
    assert client.get(f"/practice?{query}").status_code == 200


def test_an_answer_gets_feedback_a_running_score_and_a_next_case(forms, client, content):
    data = form_data(content, practice_case(content, 7, 0).result)
    response = posted(forms, CASE, data)
    html = response.get_data(as_text=True)
    out_of = len(re.findall(r'<li class="mark mark--', html))
    assert response.status_code == 200
    assert f"This case: {out_of} of {out_of} (100%) Your score so far: {out_of} of {out_of} (100%) over 1 case" \
        in main_text(html)
    assert "mark--missed" not in html and "mark--over_called" not in html
    assert text_lines(html)[-1] == "Contact your care team."
    link = next_link(html)
    assert link.startswith("/practice?seed=7&i=1&state=")
    following = main_text(client.get(link).get_data(as_text=True))
    assert f"Practice case 2 Your score so far: {out_of} of {out_of} (100%) over 1 case." in following


def test_a_mistake_is_kept_for_the_review_with_why(forms, client, content):
    drawn = practice_case(content, 7, 0)
    data = form_data(content, drawn.result)
    response = posted(forms, CASE, {**data, "signs": data["signs"][1:]})
    missed = content.items[sorted(drawn.findings.checked)[0]].clinical
    assert f"{missed}: Missed The case describes {missed[0].lower()}{missed[1:]}, a sign" in section_text(
        response.get_data(as_text=True), "signs")
    review = re.search(r'href="(/practice/review\?[^"]+)"', response.get_data(as_text=True)).group(1)
    text = main_text(client.get(review.replace("&amp;", "&")).get_data(as_text=True))
    assert "Review of your mistakes Your score: " in text
    assert f"Case 1 {drawn.narrative} Signs {missed}: Missed" in text
    assert "Grades" not in text.split("Case 1", 1)[1]  # the review keeps only what was not right


def test_the_review_with_no_mistakes_says_so(client):
    text = main_text(client.get("/practice/review?seed=7").get_data(as_text=True))
    assert "No case answered yet in this run. No mistakes to review." in text


def test_answering_a_case_again_leaves_the_score_unchanged(forms, client, content):
    data = form_data(content, practice_case(content, 7, 0).result)
    after = state_of(next_link(posted(forms, CASE, data).get_data(as_text=True)))
    html = posted(forms, CASE, {**data, "state": after}).get_data(as_text=True)
    assert "You answered this case before in this run, so your score is unchanged." in main_text(html)
    assert "over 1 case" in main_text(html)


def test_the_review_keeps_only_the_most_recent_mistakes_and_the_progress_stays_small(forms, content):
    state = ""
    for index in range(MAX_MISTAKES + 3):
        html = posted(forms, f"/practice?seed=9&i={index}", {
            "signs": list(content.items), "syndromes": list(content.syndromes), "grade_crs": "4", "grade_icans": "4",
            "urgency": "emergency", "state": state}).get_data(as_text=True)
        state = state_of(next_link(html))
        assert len(state) <= MAX_TOKEN
    review = forms.client.get(f"/practice/review?seed=9&i={index + 1}&state={state}").get_data(as_text=True)
    shown = re.findall(r'<h2 id="case-(\d+)">', review)
    assert 0 < len(shown) <= MAX_MISTAKES
    assert shown[0] == str(index)
    assert f"over {MAX_MISTAKES + 3} cases" in main_text(review)


@pytest.mark.parametrize(
    ("path", "state", "reason"),
    [
        (CASE, "forged.token", "it has been changed or damaged"),
        ("/practice?seed=8&i=1", "SEED_7", "it belongs to another practice run"),
        ("/practice/review?seed=8", "SEED_7", "it belongs to another practice run"),
        ("/practice?seed=7&i=1", "x" * 4000, "it is longer than any real progress"),
    ],
    ids=["tampered", "other_run", "other_run_review", "too_long"],
)
def test_progress_that_was_changed_or_is_for_another_run_is_a_400(forms, client, content, path, state, reason):
    seed_7 = state_of(next_link(posted(forms, CASE, form_data(content, practice_case(content, 7, 0).result))
                                .get_data(as_text=True)))
    state = seed_7 if state == "SEED_7" else state
    if path.startswith("/practice/review"):
        response = client.get(f"{path}&state={state}")
    else:
        token = hidden(client.get(CASE).get_data(as_text=True), "csrf_token")
        response = client.post(path, data={"csrf_token": token, "state": state})
    assert response.status_code == 400
    assert f"The progress carried by this page cannot be used: {reason}." in main_text(response.get_data(as_text=True))


def test_an_unknown_item_in_a_practice_answer_is_a_field_error(forms):
    response = posted(forms, CASE, {"signs": ["fever", "sneezing"], "grade_crs": "1", "grade_icans": "none"})
    assert response.status_code == 422
    assert re.search(r'<div class="field-error" id="signs-error">\s*<p><span class="visually-hidden">Error: </span>'
                     r"Unknown checklist item &#39;sneezing&#39;</p>", response.get_data(as_text=True))


def test_an_answer_posted_without_a_seed_is_a_400(forms, client):
    response = client.post("/practice", data={"csrf_token": forms.token(CASE), "grade_crs": "1"})
    assert response.status_code == 400
    assert "The practice address cannot be used: seed is missing." in main_text(response.get_data(as_text=True))


def test_a_practice_answer_without_the_csrf_token_is_refused(client):
    response = client.post(CASE, data={"grade_crs": "1"})
    assert response.status_code == 400
    assert "This form was open too long, or did not come from this site" in response.get_data(as_text=True)
