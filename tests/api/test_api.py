"""The JSON API: the same result as the CLI, problem+json errors naming the field, no cookies."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from triage.engine import evaluate, parse_findings

EXAMPLE = {"age_years": 58, "days_since_infusion": 3, "checked": ["fever", "chills"], "temperature_c": 38.7,
           "oxygen_device": "nasal_cannula", "oxygen_flow_l_min": 2, "ice_score": 10}


@pytest.fixture(scope="module")
def api_app(content):
    from triage import create_app

    return create_app({"TESTING": True}, content=content)


@pytest.fixture
def api(api_app):
    return api_app.test_client()


@pytest.fixture(scope="module")
def openapi(api_app):
    return api_app.test_client().get("/api/v1/openapi.json").get_json()


def conforms(openapi, schema_name, data):
    """Validate `data` against a component schema of the served OpenAPI document (JSON Schema 2020-12)."""
    registry = Registry().with_resource("urn:openapi", Resource(contents=openapi, specification=DRAFT202012))
    validator = Draft202012Validator({"$ref": f"urn:openapi#/components/schemas/{schema_name}"}, registry=registry)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


def post(api, body, content_type="application/json"):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return api.post("/api/v1/evaluate", data=data, content_type=content_type)


def test_evaluate_returns_the_same_result_as_the_engine(api, content, openapi):
    response = post(api, EXAMPLE)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    data = response.get_json()
    assert data == json.loads(json.dumps(evaluate(content, parse_findings(EXAMPLE, content)).to_dict()))
    assert data["grades"] == {"crs": 2, "icans": 0, "icaht_early": None, "icaht_late": None}
    assert list(data)[-1] == "closing" and data["closing"] == "Contact your care team."
    conforms(openapi, "Result", data)


def test_the_trace_is_opt_in_and_lists_every_rule_with_its_outcome(api, content, openapi):
    result = evaluate(content, parse_findings(EXAMPLE, content))
    plain = post(api, EXAMPLE).get_json()
    assert "trace" not in plain and plain["grades"] == {"crs": 2, "icans": 0, "icaht_early": None, "icaht_late": None}
    assert api.post("/api/v1/evaluate?trace=false", json=EXAMPLE).get_json() == plain
    traced = api.post("/api/v1/evaluate?trace=true", json=EXAMPLE).get_json()
    assert traced == json.loads(json.dumps(result.to_dict(trace=True)))
    assert [e["rule"] for e in traced["trace"]] == [rule.id for rule in content.rules]
    assert {e["outcome"] for e in traced["trace"]} <= {"met", "not_met", "unknown"}
    conforms(openapi, "Result", traced)
    (trace,) = openapi["paths"]["/api/v1/evaluate"]["post"]["parameters"]
    assert trace["name"] == "trace" and trace["schema"]["enum"] == ["true", "false"]


@pytest.mark.parametrize(("query", "field", "detail"), [
    ("trace=no", "trace", "trace takes true or false, got 'no'"),
    ("trace=false&trace=true", "trace", "trace is given more than once"),
    ("traces=false", "traces", "'traces' is not a query parameter here (did you mean 'trace'?); the only one is"),
    ("view=student", "view", "'view' is not a query parameter here; the only one is trace (true or false)"),
])
def test_a_wrong_query_parameter_is_a_400_problem_naming_it(api, openapi, query, field, detail):
    response = api.post(f"/api/v1/evaluate?{query}", json=EXAMPLE)
    assert response.status_code == 400
    problem = response.get_json()
    assert problem["field"] == field and problem["detail"].startswith(detail)
    conforms(openapi, "Problem", problem)
    assert post(api, EXAMPLE).status_code == 200


def test_an_empty_document_is_valid_and_says_nothing_was_entered(api, openapi):
    data = post(api, {}).get_json()
    assert data["urgency"]["level"] == "nothing_entered"
    conforms(openapi, "Result", data)


@pytest.mark.parametrize(
    ("body", "status", "field", "detail"),
    [
        ({"temperature_c": 50}, 422, "temperature_c", "temperature_c: takes a number from 30 to 45 °C, got 50"),
        ({"oxygen_device": "mask"}, 422, "oxygen_device", "oxygen_device: takes one of: "),
        ({"tempreature_c": 38}, 422, "tempreature_c", "tempreature_c: is not a findings field (did you mean"),
        ({"checked": ["fevr"]}, 422, "checked", "checked: unknown checklist item 'fevr' (did you mean 'fever'?)"),
        ([1, 2], 422, None, "the findings must be a JSON object such as"),
        (b'{"temperature_c": 38', 400, None, "the body is not valid JSON: "),
        (b'{"temperature_c": NaN}', 400, None, "the body is not valid JSON: NaN is not a number"),
        (b"\xff\xfe", 400, None, "the body is not UTF-8 text"),
        (b"[" * 100_00 + b"]" * 100_00, 400, None, "the body is not valid JSON"),
    ],
    ids=["out_of_range", "unknown_choice", "unknown_field", "unknown_item", "not_a_mapping", "broken_json",
         "nan", "not_utf8", "deeply_nested"],
)
def test_bad_findings_get_a_problem_naming_the_field(api, openapi, body, status, field, detail):
    response = post(api, body)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == status and problem.get("field") == field
    assert problem["detail"].startswith(detail)
    conforms(openapi, "Problem", problem)


def test_an_unknown_choice_lists_the_allowed_values(api):
    problem = post(api, {"hypotension": "low"}).get_json()
    assert problem["allowed"] == ["none", "not_requiring_vasopressors", "requiring_vasopressors"]


def test_a_body_that_is_not_json_gets_415(api):
    response = post(api, "temperature_c=38", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert response.get_json()["detail"].startswith("send the findings as JSON")


def test_an_oversized_body_gets_413_as_a_problem(api):
    response = post(api, b'{"checked": [' + b'"fever",' * 10_000 + b'"fever"]}')
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize(("path", "schema"), [("/api/v1/checklists", "Checklists"), ("/api/v1/syndromes", "Syndromes"),
                                              ("/api/v1/glossary", "Glossary"), ("/api/v1/scenarios", "Scenarios")])
def test_the_read_only_routes_answer_as_documented(api, openapi, path, schema):
    response = api.get(path)
    assert response.status_code == 200
    conforms(openapi, schema, response.get_json())


def test_checklists_list_every_item(api, content):
    data = api.get("/api/v1/checklists").get_json()
    assert sum(len(c["items"]) for c in data["checklists"]) == len(content.items)


def test_an_unknown_route_or_method_is_a_problem(api):
    assert api.get("/api/v1/nothing").mimetype == "application/problem+json"
    response = api.get("/api/v1/evaluate")
    assert response.status_code == 405 and response.mimetype == "application/problem+json"


def test_the_api_needs_no_csrf_token_and_sets_no_cookie(api):
    response = post(api, EXAMPLE)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert api.get("/api/v1/glossary").headers.get("Set-Cookie") is None


def test_the_openapi_document_describes_every_route(api_app, openapi):
    assert openapi["openapi"] == "3.1.0"
    routes = {(rule.rule.replace("<", "{").replace(">", "}"), method.lower()) for rule in api_app.url_map.iter_rules()
              if rule.rule.startswith("/api/") for method in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(path, method) for path, operations in openapi["paths"].items() for method in operations}
    assert routes == documented
    for path, operations in openapi["paths"].items():
        for operation in operations.values():
            assert {"400", "414"} <= set(operation["responses"]), path
    Draft202012Validator.check_schema(openapi["components"]["schemas"]["Findings"])


def test_a_scenario_lists_its_steps_with_the_engines_answer(api, content, openapi):
    first = next(iter(content.scenarios))
    response = api.get(f"/api/v1/scenarios/{first}")
    assert response.status_code == 200
    data = response.get_json()
    conforms(openapi, "Scenario", data)
    assert len(data["steps"]) == len(content.scenarios[first].steps)
    assert [(s["ask_first"], s["prompts"]) for s in data["steps"]] == [
        ([q.ask for q in step.ask_first], list(step.prompts)) for step in content.scenarios[first].steps]
    assert data["closing"] == "Contact your care team."


def test_an_unknown_scenario_is_a_404_problem(api):
    response = api.get("/api/v1/scenarios/no_such_case")
    assert response.status_code == 404
    assert response.get_json()["field"] == "scenario_id"


@pytest.mark.parametrize(("method", "path"), [("POST", "/api/v1/evaluate"), ("GET", "/api/v1/checklists"),
                                              ("GET", "/api/v1/openapi.json"), ("GET", "/api/v1/nothing")])
def test_every_api_response_carries_the_security_headers(api, method, path):
    response = api.open(path, method=method, json=EXAMPLE if method == "POST" else None)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
