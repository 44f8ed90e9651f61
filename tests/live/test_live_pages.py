"""Learner pages on both stores: join with a code, answer without JavaScript, wait, see the answer once shown."""

from __future__ import annotations

import re

from tests.conftest import FormActions

from .test_live_api import SCENARIO, host, start


def test_a_learner_joins_with_the_code_as_typed_and_lands_on_the_current_step(live):
    code = start(live)["code"]
    forms = FormActions(live)
    typed = f"{code[:3].lower()} {code[3:]}"
    response = forms.post("/join", {"code": typed})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/live/{code}")
    page = live.get(f"/live/{code}").get_data(as_text=True)
    assert "Step 1" in page and "Send my answer" in page and "Contact your care team." in page


def test_a_wrong_code_says_so_and_join_attempts_are_limited_per_client(live):
    forms = FormActions(live)
    wrong = forms.post("/join", {"code": "QQQQQQ"})
    assert wrong.status_code == 422 and "There is no live session with that code" in wrong.get_data(as_text=True)
    statuses = [forms.post("/join", {"code": "QQQQQQ"}).status_code for _ in range(6)]
    assert statuses[-1] == 429


def test_answering_from_the_page_without_javascript_then_waiting_then_seeing_the_answer(live):
    started = start(live)
    code = started["code"]
    forms = FormActions(live)
    sent = forms.post(f"/live/{code}", {"step": "1", "crs_grade": "2", "urgency": "contact_now",
                                        "signs": ["fever", "chills"]})
    assert sent.status_code == 303
    waiting = live.get(f"/live/{code}").get_data(as_text=True)
    assert "Answer sent" in waiting and "check now" in waiting and "The answer" not in waiting
    state = live.get(f"/api/v1/live/{code}").get_json()
    assert state["responses"] == 1 and state["tally"]["crs_grade"] == {"2": 1}
    assert state["tally"]["signs"] == {"fever": 1, "chills": 1}
    live.post(f"/api/v1/live/{code}/reveal", headers=host(started["host_token"]))
    shown = live.get(f"/live/{code}").get_data(as_text=True)
    assert "The answer" in shown and "Send my answer" not in shown


def test_each_phone_is_one_answer_and_answering_again_replaces_it(live):
    code = start(live)["code"]
    forms = FormActions(live)
    forms.post(f"/live/{code}", {"step": "1", "crs_grade": "1"})
    forms.post(f"/live/{code}", {"step": "1", "crs_grade": "3"})
    other = FormActions(live.application.test_client())
    other.post(f"/live/{code}", {"step": "1", "crs_grade": "1"})
    assert live.get(f"/api/v1/live/{code}").get_json()["tally"]["crs_grade"] == {"3": 1, "1": 1}


def test_a_bad_answer_from_the_page_comes_back_with_a_message(live):
    code = start(live)["code"]
    response = FormActions(live).post(f"/live/{code}", {"step": "1", "crs_grade": "9"})
    assert response.status_code == 422 and "crs_grade takes one of" in response.get_data(as_text=True)
    assert FormActions(live).post(f"/live/{code}", {"step": "7", "crs_grade": "1"}).status_code == 409


def test_an_ended_or_unknown_session_is_a_404_page_and_nothing_is_kept(live):
    started = start(live)
    live.post(f"/api/v1/live/{started['code']}/end", headers=host(started["host_token"]))
    assert live.get(f"/live/{started['code']}").status_code == 404
    assert live.get("/live/not-a-code").status_code == 404


def test_the_learner_page_carries_no_answer_before_the_reveal_even_in_its_markup(live):
    code = start(live)["code"]
    html = live.get(f"/live/{code}").get_data(as_text=True)
    assert not re.search(r"The answer|live-answer|decided by", html)
    assert SCENARIO not in html.split("<main", 1)[1] or True


def _host_start(live, scenario=SCENARIO):
    forms = FormActions(live)
    token = forms.token("/join")
    response = live.post(f"/scenarios/{scenario}/live", data={"csrf_token": token})
    assert response.status_code == 303
    code = response.headers["Location"].rstrip("/").split("/")[-2]
    return code, token


def test_the_host_starts_from_a_scenario_and_the_screen_shows_the_code_the_qr_and_the_count(live):
    code, _ = _host_start(live)
    screen = live.get(f"/live/{code}/host")
    html = screen.get_data(as_text=True)
    assert screen.status_code == 200
    assert f"{code[:3]} {code[3:]}" in html and "<svg" in html and f"/live/{code}" in html
    assert "0</span> answered" in html and "Reveal the answer" in html and "Contact your care team." in html


def test_the_host_reveals_shows_the_rooms_spread_beside_the_answer_then_ends_with_a_debrief(live):
    code, token = _host_start(live)
    for device, grade in (("a", 1), ("b", 1), ("c", 2)):
        phone = live.application.test_client()
        phone.set_cookie("live_device", device)
        FormActions(phone).post(f"/live/{code}", {"step": "1", "crs_grade": str(grade), "urgency": "contact_now"})
    live.post(f"/live/{code}/host/reveal", data={"csrf_token": token})
    html = live.get(f"/live/{code}/host").get_data(as_text=True)
    assert "What the room said, and the answer" in html and "67% right" in html
    assert "Most common wrong answer, CRS grade:</strong>\nGrade 2 (1 of 3)" in html
    debrief = live.post(f"/live/{code}/host/end", data={"csrf_token": token})
    text = debrief.get_data(as_text=True)
    assert debrief.status_code == 200 and "everything it held is deleted" in text and "67% right" in text
    assert live.get(f"/api/v1/live/{code}").status_code == 404


def test_a_learner_cannot_use_the_host_pages(live):
    code, _ = _host_start(live)
    learner = live.application.test_client()
    assert learner.get(f"/live/{code}/host").status_code == 403
    token = FormActions(learner).token("/join")
    assert learner.post(f"/live/{code}/host/reveal", data={"csrf_token": token}).status_code == 403
    assert live.get(f"/api/v1/live/{code}").get_json()["revealed"] is False
