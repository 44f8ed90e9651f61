"""The printable warning-signs card fits one page; glossary links in results land on their term."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_warning_signs_card_prints_on_one_page(page, content, screenshot, paper):
    page.goto("/card")
    pdf = page.pdf(format=paper, print_background=True)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", name=content.level("emergency").title)).to_be_visible()
    expect(page.get_by_text(content.closing, exact=True)).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    screenshot(page, f"card-print-{paper.lower()}")


def test_a_glossary_link_in_a_result_lands_on_its_term(page, content, screenshot):
    page.goto("/result?checked=fever&days_since_infusion=2")
    link = page.locator("a.term").first
    term_id = link.get_attribute("href").split("#term-")[1]
    link.click()
    expect(page).to_have_url(re.compile(rf"/glossary#term-{term_id}$"))
    target = page.locator(f"#term-{term_id}")
    expect(target).to_be_in_viewport()
    expect(target).to_have_text(content.glossary[term_id].term)
    expect(page.locator(f"#term-{term_id} + dd")).to_contain_text(content.glossary[term_id].plain)
    screenshot(page, "glossary-from-result")
