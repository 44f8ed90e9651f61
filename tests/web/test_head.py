"""HEAD answers like GET everywhere: the same status and headers, and no body."""

from __future__ import annotations

import re

import pytest
from flask import url_for

# Every GET route with the addresses to try it at: view arguments, then a query string ("" for none).
# {scenario} is the first scenario's id.
ADDRESSES = {
    "static": [({"filename": "style.css"}, "")],
    "pages.home": [({}, "")],
    "pages.caregiver": [({}, ""), ({}, "checked=fever&temperature_c=38.5")],
    "pages.workbench": [({}, ""), ({}, "view=student&temperature_c=two")],
    "pages.result": [({}, "checked=fever"), ({}, ""), ({}, "checked=no_such_item")],
    "pages.result_rules": [({}, "checked=fever")],
    "pages.card": [({}, "")],
    "pages.glossary": [({}, ""), ({}, "view=student")],
    "pages.syndrome": [({"syndrome_id": "crs"}, ""), ({"syndrome_id": "no_such_syndrome"}, "")],
    "pages.about": [({}, "")],
    "team_number.page": [({}, "")],
    "api.checklists": [({}, "")],
    "api.syndromes": [({}, "")],
    "api.glossary": [({}, "")],
    "api.scenarios": [({}, "")],
    "api.scenario": [({"scenario_id": "{scenario}"}, ""), ({"scenario_id": "no_such_scenario"}, "")],
    "api.openapi": [({}, "")],
    "scenarios.library": [({}, "")],
    "scenarios.overview": [({"scenario_id": "{scenario}"}, "")],
    "scenarios.present": [({"scenario_id": "{scenario}", "number": 1}, ""),
                          ({"scenario_id": "{scenario}", "number": 1}, "reveal=1"),
                          ({"scenario_id": "{scenario}", "number": 99}, "")],
    "scenarios.facilitate": [({"scenario_id": "{scenario}", "number": 1}, ""),
                             ({"scenario_id": "{scenario}", "number": 99}, "")],
    "scenarios.debrief": [({"scenario_id": "{scenario}"}, "")],
    "scenarios.handout": [({"scenario_id": "{scenario}"}, "")],
    "scenarios.answer_key": [({"scenario_id": "{scenario}"}, "")],
    "scenarios.learn": [({"scenario_id": "{scenario}", "number": 1}, ""),
                        ({"scenario_id": "{scenario}", "number": 2}, "")],
    "scenarios.feedback": [({"scenario_id": "{scenario}", "number": 1}, "")],
    "scenarios.practice.feedback": [({}, "seed=7&i=0")],
    "scenarios.score": [({"scenario_id": "{scenario}"}, "")],
    "scenarios.practice.case": [({}, ""), ({}, "seed=7&i=0"), ({}, "seed=seven")],
    "scenarios.practice.review": [({}, "seed=7"), ({}, "")],
    "live.join": [({}, "")],
    "live.session_page": [({"code": "ACDEFH"}, ""), ({"code": "nope"}, "")],
    "live.host_page": [({"code": "ACDEFH"}, "")],
    "live.start_page": [({"scenario_id": "{scenario}"}, ""), ({"scenario_id": "no_such_scenario"}, "")],
    "live_api.state": [({"code": "ACDEFH"}, ""), ({"code": "nope"}, "")],
}


def test_every_get_route_is_tried(app):
    routes = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    assert routes == set(ADDRESSES)


def _comparable(headers) -> list[tuple[str, str]]:
    """Headers less what differs between any two requests made the same: a new random practice seed
    (and the length of the redirect's body, which quotes it), a new CSRF token in the session cookie."""
    kept = []
    random_seed = "seed=" in headers.get("Location", "")
    for name, value in headers.items():
        if name == "Location":
            value = re.sub(r"seed=\d+", "seed=N", value)
        if name == "Content-Length" and random_seed:
            continue
        if name == "Set-Cookie":
            value = re.sub(r"^([^=]+)=[^;]*", r"\1=V", value)
        kept.append((name, value))
    return sorted(kept)


CASES = [(endpoint, arguments, query) for endpoint, tries in ADDRESSES.items() for arguments, query in tries]


@pytest.mark.parametrize("encodings", ["", "gzip"], ids=["plain", "gzip accepted"])
@pytest.mark.parametrize(("endpoint", "arguments", "query"), CASES,
                         ids=[f"{e}?{q}" if q else f"{e}{list(a.values())}" for e, a, q in CASES])
def test_head_gives_the_status_and_headers_of_get_and_no_body(app, content, endpoint, arguments, query, encodings):
    scenario = next(iter(content.scenarios))
    values = {name: value.format(scenario=scenario) if isinstance(value, str) else value
              for name, value in arguments.items()}
    with app.test_request_context():
        address = url_for(endpoint, **values) + ("?" + query if query else "")
    headers = {"Accept-Encoding": encodings} if encodings else {}
    with (app.test_client().get(address, headers=headers) as get,
          app.test_client().head(address, headers=headers) as head):
        assert (head.status_code, _comparable(head.headers)) == (get.status_code, _comparable(get.headers))
        assert head.get_data() == b""
        assert get.get_data() != b""
