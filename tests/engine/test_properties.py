"""Properties over every valid findings document."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings

from tests.findings_strategy import findings_documents
from triage.engine import evaluate, parse_findings, render_text


def test_every_valid_findings_document_evaluates_and_ends_with_the_closing_line(content):
    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(findings_documents(content.items))
    def check(doc):
        result = evaluate(content, parse_findings(doc, content.items))
        data = result.to_dict()
        assert list(data)[-1] == "closing"
        assert data["closing"] == "Contact your care team."
        assert data["urgency"]["message"].endswith("Contact your care team.")
        assert render_text(result).rstrip().endswith("Contact your care team.")
        for grade in data["grades"].values():
            assert grade is None or 0 <= grade <= 4
        json.dumps(data)

    check()


def test_the_findings_a_result_echoes_parse_back_to_the_same_result(content):
    @settings(max_examples=100, deadline=None)
    @given(findings_documents(content.items))
    def check(doc):
        first = evaluate(content, parse_findings(doc, content.items))
        again = evaluate(content, parse_findings(first.findings.to_dict(), content.items))
        assert again.to_dict() == first.to_dict()

    check()
