"""The site's pages as the tests visit them: every page of triage.web.navigation at its example address."""

from __future__ import annotations

from functools import cache

from triage import paths
from triage.engine import load_content
from triage.web.navigation import PAGES


@cache
def site_pages() -> dict[str, str]:
    """endpoint -> an address that shows the page, {scenario} and {syndrome} filled from the bundled content."""
    content = load_content(paths.rules_dir())
    fill = {"scenario": next(iter(content.scenarios)), "syndrome": next(iter(content.syndromes))}
    return {page.endpoint: page.example.format(**fill) for page in PAGES}
