"""The live-session API on both stores: start, join, answer, replace, reveal, next, end, limits."""

from __future__ import annotations

import pytest

SCENARIO = "crs_then_icans"


def start(live, scenario=SCENARIO):
    response = live.post("/api/v1/live", json={"scenario": scenario})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def host(token):
    return {"Authorization": f"Bearer {token}"}


def answer(live, code, step, answers, device="phone-1"):
    return live.post(f"/api/v1/live/{code}/answers", json={"step": step, "answers": answers},
                     headers={"X-Device": device})


def test_a_host_starts_a_session_with_a_six_character_code_and_a_join_address(live):
    started = start(live)
    code = started["code"]
    assert len(code) == 6 and set(code) <= set("ACDEFHJKMNPQRTUVWXY3479")
    assert started["join_url"].endswith(f"/live/{code}") and started["host_token"]
    state = live.get(f"/api/v1/live/{code}").get_json()
    assert (state["scenario"], state["step"], state["steps"], state["revealed"], state["responses"]) == (
        SCENARIO, 1, 3, False, 0)


def test_answers_are_counted_and_answering_again_replaces_the_answer(live):
    code = start(live)["code"]
    assert answer(live, code, 1, {"crs_grade": 1, "urgency": "contact_now"}, "a").status_code == 201
    assert answer(live, code, 1, {"crs_grade": 2, "urgency": "contact_now"}, "b").status_code == 201
    assert answer(live, code, 1, {"crs_grade": 1, "urgency": "emergency"}, "b").status_code == 201
    state = live.get(f"/api/v1/live/{code}").get_json()
    assert state["responses"] == 2
    assert state["tally"]["crs_grade"] == {"1": 2}
    assert state["tally"]["urgency"] == {"contact_now": 1, "emergency": 1}


def test_the_engines_answer_is_hidden_until_the_host_reveals_it(live):
    started = start(live)
    code = started["code"]
    assert "answer" not in live.get(f"/api/v1/live/{code}").get_json()
    assert "The answer" not in live.get(f"/live/{code}").get_data(as_text=True)
    revealed = live.post(f"/api/v1/live/{code}/reveal", headers=host(started["host_token"])).get_json()
    assert revealed["revealed"] is True and revealed["answer"]["crs_grade"] == 1
    assert live.get(f"/api/v1/live/{code}").get_json()["answer"] == revealed["answer"]
    assert "The answer" in live.get(f"/live/{code}").get_data(as_text=True)


def test_an_answer_for_a_step_that_is_not_current_or_already_revealed_is_a_409(live):
    started = start(live)
    code, token = started["code"], started["host_token"]
    assert answer(live, code, 2, {"crs_grade": 1}).status_code == 409
    live.post(f"/api/v1/live/{code}/reveal", headers=host(token))
    assert answer(live, code, 1, {"crs_grade": 1}).status_code == 409
    moved = live.post(f"/api/v1/live/{code}/next", headers=host(token)).get_json()
    assert (moved["step"], moved["revealed"], moved["responses"]) == (2, False, 0)
    assert answer(live, code, 2, {"icans_grade": 0}).status_code == 201


@pytest.mark.parametrize("action", ["reveal", "next", "end"])
def test_only_the_host_moves_the_session_on(live, action):
    code = start(live)["code"]
    missing = live.post(f"/api/v1/live/{code}/{action}")
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"].startswith("Bearer")
    assert live.post(f"/api/v1/live/{code}/{action}", headers=host("not-the-token")).status_code == 403
    other = start(live)
    assert live.post(f"/api/v1/live/{code}/{action}", headers=host(other["host_token"])).status_code == 403
    assert live.get(f"/api/v1/live/{code}").get_json()["step"] == 1


def test_ending_a_session_deletes_everything_it_held(live, live_app):
    started = start(live)
    code = started["code"]
    answer(live, code, 1, {"crs_grade": 1})
    assert live.post(f"/api/v1/live/{code}/end", headers=host(started["host_token"])).status_code == 200
    assert live.get(f"/api/v1/live/{code}").status_code == 404
    store = live_app.extensions["triage.live"].store
    assert store.answers(code, 1) == [] and store.get(code, 0) is None


def test_a_session_idle_for_four_hours_is_gone(live, live_app):
    room = live_app.extensions["triage.live"]
    code = start(live)["code"]
    answer(live, code, 1, {"crs_grade": 1})
    later = room.clock() + 4 * 60 * 60 + 1
    if "Redis" in type(room.store).__name__:
        client = room.store.client
        assert 0 < client.ttl(f"triage:live:session:{code}") <= 4 * 60 * 60
        assert 0 < client.ttl(f"triage:live:answers:{code}:1") <= 4 * 60 * 60
        return
    assert room.store.get(code, later) is None
    assert room.store.answers(code, 1) == []


@pytest.mark.parametrize(("body", "status"), [
    ({"step": 1, "answers": {"crs_grade": 7}}, 422), ({"step": 1, "answers": {"colour": "red"}}, 422),
    ({"step": 1, "answers": {}}, 422), ({"step": "1", "answers": {"crs_grade": 1}}, 422),
    ({"step": 1, "answers": {"signs": ["sneezing"]}}, 422), ({"step": True, "answers": {"crs_grade": 1}}, 422),
], ids=["grade_out_of_range", "unknown_question", "nothing_answered", "step_as_text", "unknown_sign", "step_bool"])
def test_a_malformed_answer_is_refused_with_a_message(live, body, status):
    code = start(live)["code"]
    response = live.post(f"/api/v1/live/{code}/answers", json=body, headers={"X-Device": "d"})
    assert response.status_code == status and response.get_json()["detail"]


def test_bodies_over_4_kb_unknown_codes_and_a_missing_device_are_4xx(live):
    code = start(live)["code"]
    big = {"step": 1, "answers": {"signs": ["fever"] * 1000}}
    assert live.post(f"/api/v1/live/{code}/answers", json=big, headers={"X-Device": "d"}).status_code == 413
    assert answer(live, "QQQQQQ", 1, {"crs_grade": 1}).status_code == 404
    assert live.get("/api/v1/live/not-a-code").status_code == 404
    assert live.post(f"/api/v1/live/{code}/answers", json={"step": 1, "answers": {"crs_grade": 1}}).status_code == 400
    assert live.post("/api/v1/live", json={"scenario": "no_such"}).status_code == 404
    assert live.post("/api/v1/live", data="x", content_type="text/plain").status_code == 415
    assert live.post("/api/v1/live", data="null", content_type="application/json").status_code == 400


def test_answers_per_step_and_sessions_per_host_are_capped(live):
    code = start(live)["code"]
    for device in ("a", "b", "c"):
        assert answer(live, code, 1, {"crs_grade": 1}, device).status_code == 201
    assert answer(live, code, 1, {"crs_grade": 1}, "d").status_code == 429
    assert answer(live, code, 1, {"crs_grade": 2}, "a").status_code == 201  # replacing is not one more
    start(live)
    assert live.post("/api/v1/live", json={"scenario": SCENARIO}).status_code == 429


def test_an_unreachable_store_is_a_plain_503(content, tmp_path):
    from triage import create_app

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the store's folder should be")
    for setting in (f"sqlite:///{blocked}/live.sqlite3", "redis://127.0.0.1:9/0"):
        client = create_app({"TESTING": True, "LIVE_STORE": setting}, content=content).test_client()
        response = client.post("/api/v1/live", json={"scenario": SCENARIO})
        assert response.status_code == 503 and "not available" in response.get_json()["detail"]
        page = client.get("/live/ACDEFH")
        assert page.status_code == 503 and "Live sessions are not available just now" in page.get_data(as_text=True)
