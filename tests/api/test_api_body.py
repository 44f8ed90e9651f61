"""The evaluate route: orjson reads the body where it reads it as json would; the answer is the result's to_dict."""

from __future__ import annotations

import json

import orjson
import pytest

from triage.engine import FindingsError, evaluate, parse_findings

EXAMPLE = {"age_years": 58, "days_since_infusion": 3, "checked": ["fever", "chills"], "temperature_c": 38.7,
           "oxygen_device": "nasal_cannula", "oxygen_flow_l_min": 2, "ice_score": 10}


@pytest.fixture(scope="module")
def api(content):
    from triage import create_app

    return create_app({"TESTING": True}, content=content).test_client()


def post(api, body: bytes):
    return api.post("/api/v1/evaluate", data=body, content_type="application/json")


def test_the_body_is_the_json_of_the_engines_result_byte_for_byte(api, content):
    response = post(api, json.dumps(EXAMPLE).encode())
    result = evaluate(content, parse_findings(EXAMPLE, content))
    assert response.status_code == 200 and response.content_type == "application/json"
    assert response.data == orjson.dumps(result.to_dict())


def _json_modules_answer(content, body: bytes):
    try:
        findings = parse_findings(json.loads(body.decode()), content)
    except FindingsError as error:
        return 422, str(error)
    return 200, orjson.dumps(evaluate(content, findings).to_dict())


@pytest.mark.parametrize("body", [
    b'{"age_years": 58.0, "temperature_c": 3.87e1, "ice_score": 1E1}',
    b' {"checked": ["fever"],\t"vasopressors": ["norepinephrine"]}\r\n', b'{"temperature_c": 38, "temperature_c": 39}',
    b'{"checked": [' + b'"fever",' * 70 + b'"fever"]}', b'{"checked": [' + b"[" * 70 + b"]" * 70 + b"]}",
    b'{"temperature_c": 38.000000000000000000001}', b'{"temperature_c": 1e-400}', b'{"temperature_c": -0.0}',
], ids=["number_forms", "whitespace", "repeated_key", "many_brackets", "deep_brackets", "long_number",
        "underflow", "negative_zero"])
def test_a_body_gets_the_answer_the_json_module_would_give(api, content, body):
    status, expected = _json_modules_answer(content, body)
    response = post(api, body)
    assert response.status_code == status
    assert (response.data if status == 200 else response.get_json()["detail"]) == expected


@pytest.mark.parametrize(("body", "got"), [
    (b"null", "null"), (b"[]", "a list"), (b'"findings"', "a string"), (b"38.5", "a number"),
    (b"true", "true or false"),
], ids=["null", "list", "string", "number", "boolean"])
def test_a_body_that_is_not_an_object_is_refused_not_read_as_nothing_entered(api, body, got):
    response = post(api, body)
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert response.get_json()["detail"] == (
        f'the findings must be a JSON object such as {{"temperature_c": 38.5}}, got {got}')


@pytest.mark.parametrize(("body", "status", "detail"), [
    (b'{"age_years": 18446744073709551616}', 422,
     "age_years: takes a whole number from 0 to 120 years, got 18446744073709551616"),
    (b'{"age_years": -9223372036854775809}', 422,
     "age_years: takes a whole number from 0 to 120 years, got -9223372036854775809"),
    (b'{"temperature_c": 1e999}', 422, "temperature_c: takes a number from 30 to 45 \u00b0C, got inf"),
    (b'{"temperature_c": Infinity}', 400, "the body is not valid JSON: Infinity is not a number"),
    (b'{"temperature_c": 38} x', 400, "the body is not valid JSON: Extra data"),
    (b"\xef\xbb\xbf{}", 400, "the body is not valid JSON: Unexpected UTF-8 BOM (decode using utf-8-sig)"),
    (b'{"checked": "\xff"}', 400, "the body is not UTF-8 text"),
    (b'{"temperature_c": ' + b"[" * 1000 + b"]" * 1000 + b"}", 400, "the body is not valid JSON: nested too deeply"),
    (b'{"\\ud800": 1}', 422, "\ud800: is not a findings field"),
    (b'{"checked": ["\\udc00"]}', 422, "checked: unknown checklist item '\\udc00'"),
], ids=["beyond_64_bits", "below_64_bits", "float_overflow", "infinity", "extra_data", "bom", "not_utf8",
        "nested_1000_deep", "lone_surrogate_field", "lone_surrogate_item"])
def test_a_body_orjson_reads_otherwise_gets_the_json_modules_answer(api, body, status, detail):
    response = post(api, body)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["detail"] == detail
