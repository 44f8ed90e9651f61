"""Bad input cannot break the forms: arbitrary fields, huge numbers, raw bytes, oversized bodies.

Never a 500; always a 4xx (or the form again with its errors); a valid request right after still works.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage import paths
from triage.engine import load_content

FORMS = ("/caregiver", "/workbench")
FIELD_NAMES = sorted(load_content(paths.rules_dir()).contract.inputs)
names = st.sampled_from(FIELD_NAMES + ["temperature", "temperature_unit", "ice_items-naming", "view"])
values = st.text(max_size=30) | st.integers().map(str) | st.sampled_from(["nan", "inf", "1e400", "-0", "9" * 500])
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _valid_still_works(forms, client):
    response = forms.post("/caregiver", {"checked": ["fever"], "temperature": "38.0", "temperature_unit": "C"})
    assert response.status_code == 303
    assert "Contact your care team." in client.get(response.headers["Location"]).get_data(as_text=True)


@SETTINGS
@given(path=st.sampled_from(FORMS), pairs=st.lists(st.tuples(names | st.text(max_size=10), values), max_size=10))
def test_arbitrary_form_fields_never_give_a_500(forms, client, path, pairs):
    data = {}
    for key, value in pairs:
        data.setdefault(key, []).append(value)
    response = forms.post(path, data)
    assert response.status_code in (303, 400, 413, 422)
    _valid_still_works(forms, client)


@SETTINGS
@given(path=st.sampled_from(FORMS), raw=st.binary(max_size=400))
def test_raw_bytes_as_a_form_body_never_give_a_500(forms, client, path, raw):
    token = forms.token(path)
    body = b"csrf_token=" + token.encode() + b"&" + raw
    response = client.post(path, data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (303, 400, 413, 422)
    _valid_still_works(forms, client)


@pytest.mark.parametrize("path", FORMS)
def test_an_oversized_form_is_a_413_and_the_next_request_works(forms, client, path):
    response = forms.post(path, {"checked": ["fever"] * 20_000})
    assert response.status_code == 413
    _valid_still_works(forms, client)
