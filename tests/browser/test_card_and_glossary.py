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


SMALLEST_PRINTED = 11 * 96 / 72  # 11 pt in CSS pixels


def test_every_word_on_the_printed_card_is_11_pt_or_more(page):
    page.goto("/card")
    page.emulate_media(media="print")
    sizes = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.offsetParent !== null && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
        .map(e => [e.textContent.trim().slice(0, 40), parseFloat(getComputedStyle(e).fontSize)])""")
    small = [(text, size) for text, size in sizes if size < SMALLEST_PRINTED - 0.01]
    assert not small, small


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_wallet_fold_prints_on_one_page_with_the_signs_and_the_numbers(page, content, paper):
    page.goto("/card")
    page.get_by_role("button", name="Print to fold for a wallet").evaluate(
        "button => document.body.classList.add('print-wallet')")  # what the button does before it prints
    pdf = page.pdf(format=paper, print_background=True)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", name=re.compile(re.escape(content.level("emergency").title)))).to_be_visible()
    expect(page.get_by_role("heading", name="Phone numbers")).to_be_visible()


def test_a_glossary_link_in_a_result_lands_on_its_term(page, content, screenshot):
    page.goto("/result?view=student&checked=fever&days_since_infusion=2")
    link = page.locator("a.term:visible").first
    term_id = link.get_attribute("href").split("#term-")[1]
    link.click()
    expect(page).to_have_url(re.compile(rf"/glossary\?view=student#term-{term_id}$"))
    target = page.locator(f"#term-{term_id}")
    expect(target).to_be_in_viewport()
    expect(target).to_have_text(content.glossary[term_id].term)
    expect(page.locator(f"#term-{term_id} + dd")).to_contain_text(content.glossary[term_id].clinical)
    screenshot(page, "glossary-from-result")
