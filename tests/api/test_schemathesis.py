"""Schemathesis, all checks, against `triage serve` on loopback: a generic client can trust the OpenAPI document.

Two things the document cannot say, and how this run deals with each (everything else runs as Schemathesis
would against any API):
- Which questions a live step asks, and which signs, depends on its scenario; a question it does not ask gets a
  422 naming it. So the answers operation runs every check but `positive_data_acceptance`.
- The findings schema holds the contract's nine cross-field rules as if/then. Schemathesis 4.32 builds positive
  bodies from a canonical form of at most a few dozen alternatives, and these rules need 144, so it cannot
  generate them (a "Schema Error"). The evaluate operation runs the examples, coverage and stateful phases here,
  and `test_the_findings_schema_accepts_exactly_what_the_engine_accepts` checks its body schema instead: for any
  document, the schema and the engine agree.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.request import Request, urlopen

import pytest
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator

from tests.findings_strategy import any_documents
from tests.serving import Served
from triage import paths
from triage.engine import FindingsError, load_content

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
SCENARIO = "crs_then_icans"  # a students' scenario: it asks every question a live step can ask
CONTENT = load_content(paths.rules_dir())


def _post(base: str, path: str, body: dict) -> dict:
    request = Request(base + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urlopen(request, timeout=10) as response:  # noqa: S310 (loopback only)
        return json.load(response)


def _config(base: str) -> str:
    """schemathesis.toml: a real session to answer, reveal and move on, and another for `end` to delete."""
    answered, ended = (_post(base, "/api/v1/live", {"scenario": SCENARIO}) for _ in range(2))
    return f'''
seed = 20261204
[generation]
max-examples = 40
[parameters]
"path.code" = "{answered['code']}"
"path.scenario_id" = "{SCENARIO}"
[[operations]]
include-path = "/api/v1/evaluate"
phases.fuzzing.enabled = false
[[operations]]
include-path = "/api/v1/live/{{code}}/answers"
checks.positive_data_acceptance.enabled = false
[[operations]]
include-path-regex = "/api/v1/live/\\\\{{code\\\\}}/(reveal|next)"
headers = {{ Authorization = "Bearer {answered['host_token']}" }}
[[operations]]
include-path = "/api/v1/live/{{code}}/end"
headers = {{ Authorization = "Bearer {ended['host_token']}" }}
parameters = {{ "path.code" = "{ended['code']}" }}
'''


def test_schemathesis_finds_nothing_wrong_with_any_operation(tmp_path):
    with Served(workers=1) as server:
        base = f"http://127.0.0.1:{server.port}"
        config = tmp_path / "schemathesis.toml"
        config.write_text(_config(base), encoding="utf-8")
        run = subprocess.run(
            [str(SCHEMATHESIS), "--no-color", "--config-file", str(config), "run", f"{base}/api/v1/openapi.json",
             "--checks", "all", "--workers", "1", "--phases", "examples,coverage,fuzzing,stateful"],
            capture_output=True, text=True, timeout=600, cwd=tmp_path)
    report = run.stdout + run.stderr
    assert run.returncode == 0, report[-6000:]
    assert "Tested: 12" in report and "passed" in report


SCHEMA = Draft202012Validator(CONTENT.contract.json_schema(CONTENT.items))


def _engine_accepts(document: dict) -> bool:
    try:
        CONTENT.parse_findings(document)
    except FindingsError:
        return False
    return True


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_documents(CONTENT))
def test_the_findings_schema_accepts_exactly_what_the_engine_accepts(document):
    assert SCHEMA.is_valid(document) == _engine_accepts(document), document


@pytest.mark.parametrize("document", [
    {"vasopressors": ["norepinephrine"], "hypotension": "none"},
    {"age_years": 8, "ice_score": 7}, {"age_years": 30, "capd_score": 3}, {"capd_score": 3},
    {"ice_score": 5, "ice_items": {"orientation_year": 1}},
    {"oxygen_device": "nasal_cannula"}, {"oxygen_device": "room_air", "oxygen_flow_l_min": 2},
    {"unable_to_assess": True, "consciousness": "alert"}, {"unable_to_assess": True, "ice_score": 4},
])
def test_each_cross_field_rule_is_in_the_schema(document):
    assert not _engine_accepts(document) and not SCHEMA.is_valid(document)
