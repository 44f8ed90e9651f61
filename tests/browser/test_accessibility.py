"""axe-core (WCAG 2.0-2.2 A and AA, best practice) finds nothing on any page, on a phone or a desk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.pages import site_pages
from tests.share import share_query

from .conftest import PHONE

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}}
EXAMPLE = Path(__file__).resolve().parents[2] / "rules" / "examples" / "full_workup.yaml"
FULL = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
PAGES = {
    **site_pages(),
    "home": "/",
    "caregiver": "/caregiver",
    "workbench": "/workbench",
    "card": "/card",
    "glossary": "/glossary",
    "about": "/about",
    "syndrome": "/syndromes/icans",
    "syndrome-student": "/syndromes/crs?view=student",
    "result-caregiver": "/result?checked=confusion&checked=fever&days_since_infusion=6&temperature_c=38.2",
    "result-student": "/result?" + share_query(FULL, "student"),
    "result-rules": "/result/rules?" + share_query(FULL, "student"),
    "glossary-student": "/glossary?view=student",
    "result-emergency": "/result?checked=seizure",
    "result-nothing": "/result",
    "error-400": "/result?checked=sneezing",
    "error-404": "/no-such-page",
    "scenarios": "/scenarios",
    "scenario-overview": "/scenarios/crs_then_icans",
    "present": "/scenarios/crs_then_icans/present/2",
    "present-revealed": "/scenarios/crs_then_icans/present/3?reveal=1",
    "debrief": "/scenarios/crs_then_icans/debrief",
    "handout": "/scenarios/crs_then_icans/handout",
    "answer-key": "/scenarios/child_icans_capd/answers",
    "learn": "/scenarios/crs_then_icans/learn/1",
    "learn-caregiver": "/scenarios/caregiver_first_days/learn/1",
    "scenarios-filtered": "/scenarios?audience=caregiver&length=long",
    "practice": "/practice?seed=7&i=0",
    "practice-review": "/practice/review?seed=7",
    "error-practice-seed": "/practice?seed=abc",
}
BROKEN = ('<!doctype html><html><head><title>broken</title></head><body>'
          '<img src="x.png"><input type="text"><p style="color:#eee">faint</p></body></html>')
axe = Axe()


def assert_no_violations(page) -> None:
    results = axe.run(page, options=OPTIONS)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture(params=["desktop", "phone"])
def any_page(request, browser, base_url):
    context = browser.new_context(base_url=base_url, **(PHONE if request.param == "phone" else {}))
    yield request.param, context.new_page()
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_no_page_has_an_accessibility_violation(any_page, name, screenshot):
    size, page = any_page
    response = page.goto(PAGES[name])
    assert response.status < 500
    assert_no_violations(page)
    screenshot(page, f"{name}-{size}")


def test_a_form_with_errors_has_no_accessibility_violation(any_page, screenshot):
    size, page = any_page
    page.goto("/workbench")
    page.locator("#ice_items-naming-3").check()  # an ICE item for a child of 8: the contract refuses it
    page.locator("#age_years").fill("8")
    page.locator("#oxygen_flow_l_min").fill("lots")
    page.get_by_role("button", name="Grade these findings").click()
    assert page.get_by_role("alert").count() == 1
    expect(page.locator(".error-summary")).to_be_focused()  # the GOV.UK pattern: the summary takes the focus
    expect(page.locator(".error-summary a")).to_have_count(2)  # every error at once: the flow, and the ICE for a child
    page.locator(".error-summary a").first.click()
    expect(page).to_have_url(re.compile(r"#[a-z_-]+$"))
    assert_no_violations(page)
    screenshot(page, f"workbench-errors-{size}")


def test_the_accessibility_check_really_runs(page):
    page.set_content(BROKEN)
    results = axe.run(page, options=OPTIONS)
    found = {violation["id"] for violation in results.response["violations"]}
    assert {"image-alt", "label", "html-has-lang", "color-contrast"} <= found
