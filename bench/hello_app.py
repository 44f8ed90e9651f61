"""The app plus two bench-only routes for bench/load.py; not used in production.

/_bench/hello is the framework's own ceiling. /_bench/answer sends the evaluate API's answer for the
bench's findings, worked out once at start-up: what answering costs with the engine's work taken away
(sending about 40 KB of JSON), so the report can tell the two apart.
"""

from flask import Response

from bench.load import FINDINGS
from triage import create_app
from triage.engine import evaluate, parse_findings

app = create_app()
_content = app.extensions["triage"].content
_ANSWER = evaluate(_content, parse_findings(FINDINGS, _content.items)).to_json()


@app.get("/_bench/hello")
def hello():
    return "hello"


@app.get("/_bench/answer")
def answer():
    return Response(_ANSWER, content_type="application/json")
