"""Bad or forged input cannot break learner or practice mode: arbitrary answers, seeds and progress tokens
give the form again with its errors (422) or a 4xx page, never a 500."""

from __future__ import annotations

from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PATHS = ("/scenarios/crs_then_icans/learn/1", "/practice?seed=7&i=0")
names = st.sampled_from(["signs", "syndromes", "grade_crs", "grade_icans", "urgency", "state"])
values = st.text(max_size=30) | st.sampled_from(["fever", "crs", "0", "4", "none", "emergency", "9" * 300])
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(path=st.sampled_from(PATHS), pairs=st.lists(st.tuples(names | st.text(max_size=10), values), max_size=10))
def test_arbitrary_answers_never_give_a_500(forms, path, pairs):
    data = {}
    for key, value in pairs:
        data.setdefault(key, []).append(value)
    response = forms.post(path, data)
    assert response.status_code in (303, 400, 413, 422)
    if response.status_code == 303:  # a valid answer: its feedback page, at its own address
        assert forms.client.get(response.headers["Location"]).status_code == 200


@SETTINGS
@given(seed=st.text(max_size=45) | st.integers().map(str), index=st.text(max_size=8) | st.integers().map(str),
       state=st.text(max_size=60))
def test_arbitrary_practice_addresses_never_give_a_500(client, seed, index, state):
    for path in ("/practice", "/practice/review"):
        response = client.get(f"{path}?{urlencode({'seed': seed, 'i': index, 'state': state})}")
        assert response.status_code in (200, 400)


@SETTINGS
@given(number=st.integers(min_value=0, max_value=10**30), state=st.text(max_size=60))
def test_arbitrary_steps_and_progress_never_give_a_500(client, number, state):
    for path in (f"/scenarios/crs_then_icans/learn/{number}", "/scenarios/crs_then_icans/learn/score"):
        response = client.get(f"{path}?{urlencode({'state': state})}")
        assert response.status_code in (200, 303, 400, 404)
