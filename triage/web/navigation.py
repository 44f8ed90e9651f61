"""Every page of the site, once: the header's links and the tests' page lists both come from here.

A new page is a view, a template and one line below. `header` is its name in the site header ("" keeps
it out of the header); `example` is an address that shows it, with {scenario} and {syndrome} standing for
the first scenario and syndrome of the content.
"""

from __future__ import annotations

from typing import NamedTuple


class Page(NamedTuple):
    endpoint: str
    header: str
    example: str


PAGES = (
    Page("pages.home", "Home", "/"),
    Page("pages.caregiver", "Caregivers", "/caregiver"),
    Page("pages.workbench", "Workbench", "/workbench"),
    Page("scenarios.library", "Scenarios", "/scenarios"),
    Page("scenarios.practice.case", "Practice", "/practice?seed=7&i=0"),
    Page("pages.card", "Signs card", "/card"),
    Page("pages.glossary", "Glossary", "/glossary"),
    Page("pages.about", "About", "/about"),
    Page("pages.result", "", "/result?checked=fever&days_since_infusion=3"),
    Page("pages.result_rules", "", "/result/rules?checked=fever"),
    Page("pages.syndrome", "", "/syndromes/{syndrome}"),
    Page("team_number.page", "", "/care-team-number"),
    Page("scenarios.overview", "", "/scenarios/{scenario}"),
    Page("scenarios.present", "", "/scenarios/{scenario}/present/1"),
    Page("scenarios.debrief", "", "/scenarios/{scenario}/debrief"),
    Page("scenarios.handout", "", "/scenarios/{scenario}/handout"),
    Page("scenarios.answer_key", "", "/scenarios/{scenario}/answers"),
    Page("scenarios.learn", "", "/scenarios/{scenario}/learn/1"),
    Page("scenarios.practice.review", "", "/practice/review?seed=7"),
    Page("live.join", "", "/join"),
    Page("live.start_page", "", "/scenarios/{scenario}/live"),
)

HEADER = tuple((page.endpoint, page.header) for page in PAGES if page.header)
