"""Bad input cannot break the API: arbitrary JSON, wrong types, huge numbers, unknown fields, raw bytes.

Never a 500; always a 4xx problem that names the problem; a valid request right after still answers.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.findings_strategy import findings_documents
from triage import paths
from triage.engine import load_content

CONTENT = load_content(paths.rules_dir())

VALID = {"temperature_c": 38.0}
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)
field_names = st.sampled_from(sorted(CONTENT.contract.inputs)) | st.text(max_size=16)
documents = st.dictionaries(field_names, json_values, max_size=6)


@pytest.fixture(scope="module")
def api(content):
    from triage import create_app

    return create_app({"TESTING": True}, content=content).test_client()


def _post(api, data: bytes):
    return api.post("/api/v1/evaluate", data=data, content_type="application/json")


def _still_answers(api):
    response = _post(api, json.dumps(VALID).encode())
    assert response.status_code == 200 and response.get_json()["grades"]["crs"] == 1


def _assert_clear_answer(response):
    assert response.status_code < 500
    if response.status_code != 200:
        assert response.mimetype == "application/problem+json"
        problem = response.get_json()
        assert 400 <= problem["status"] < 500 and problem["detail"]
    else:
        assert response.get_json()["closing"] == "Contact your care team."


SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(documents)
def test_arbitrary_json_documents_never_give_a_500(api, doc):
    _assert_clear_answer(_post(api, json.dumps(doc, allow_nan=True).encode()))
    _still_answers(api)


@SETTINGS
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_give_a_500(api, raw):
    _assert_clear_answer(_post(api, raw))
    _still_answers(api)


@SETTINGS
@given(findings_documents(CONTENT))
def test_every_valid_document_gets_a_result_ending_with_the_closing_line(api, doc):
    response = _post(api, json.dumps(doc).encode())
    assert response.status_code == 200
    assert response.get_json()["closing"] == "Contact your care team."


@pytest.mark.parametrize("raw", [b'{"temperature_c": 1e400}', b'{"age_years": ' + b"9" * 5000 + b"}",
                                 b'{"temperature_c": -Infinity}', b'{"ice_items": {"naming": {"a": [[[]]]}}}',
                                 b'{"checked": "fever"}', b'{"vasopressors": null, "seizure": 3}'],
                         ids=["float_overflow", "huge_integer", "infinity", "nested_ice_item", "string_for_list",
                              "number_for_choice"])
def test_hostile_values_get_a_4xx_naming_the_problem(api, raw):
    response = _post(api, raw)
    assert 400 <= response.status_code < 500
    assert response.get_json()["detail"]
    _still_answers(api)
