"""A share query for the bundled rules' contract, as tests build result addresses."""

from __future__ import annotations

from functools import cache

from triage import paths
from triage.engine import load_content
from triage.web.pages.share import findings_from_query, query_from_findings


@cache
def bundled_contract():
    return load_content(paths.rules_dir()).contract


def share_query(findings: dict, view: str) -> str:
    return query_from_findings(findings, view, bundled_contract())


def read_query(args) -> dict:
    return findings_from_query(args, bundled_contract())
