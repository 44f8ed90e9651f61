"""A caregiver on a phone ticks warning signs, gives a temperature in °F and reads the result."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_caregiver_ticks_signs_and_gets_a_plain_result_ending_with_the_closing_line(phone, content, screenshot):
    page = phone
    page.goto("/")
    page.get_by_role("link", name="I care for someone after CAR T").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Warning signs after CAR T-cell therapy")
    screenshot(page, "caregiver-checklist-phone")

    page.get_by_label(content.items["chills"].plain).check()
    page.get_by_label(content.items["confusion"].plain).check()
    page.get_by_label("Day after infusion").fill("5")
    page.get_by_label("Temperature", exact=True).fill("100.4")
    page.get_by_label("°F", exact=True).check()
    page.get_by_role("button", name="See what these signs can mean").click()

    expect(page).to_have_url(re.compile(r"/result\?view=caregiver&days_since_infusion=5&checked=chills"
                                        r"&checked=confusion&temperature_c=38$"))
    expect(page.get_by_role("heading", name=content.level("contact_now").title)).to_be_visible()
    expect(page.get_by_text("A temperature of 38.0 °C (100.4 °F) or more")).to_be_visible()
    expect(page.get_by_role("heading", name="Cytokine release syndrome (CRS)")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"neurotoxicity syndrome \(ICANS\)"))).to_be_visible()
    expect(page.get_by_text("Day 5 after the infusion falls within").first).to_be_visible()
    expect(page.locator("svg.timeline__svg")).to_be_visible()
    expect(page.get_by_role("heading", name="What care teams may do").first).to_be_visible()
    last = page.evaluate("() => [...document.body.innerText.split('\\n')].map(s => s.trim()).filter(Boolean).pop()")
    assert last == content.closing
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
    screenshot(page, "caregiver-result-phone")


def test_an_emergency_sign_gives_the_emergency_result(phone, content, screenshot):
    phone.goto("/caregiver")
    phone.get_by_label(content.items["struggling_to_breathe"].plain).check()
    phone.get_by_role("button", name="See what these signs can mean").click()
    alert = phone.get_by_role("alert")
    expect(alert).to_contain_text(content.level("emergency").title)
    screenshot(phone, "caregiver-emergency-phone")


def test_a_typing_mistake_is_shown_beside_the_field_and_in_the_summary(phone, screenshot):
    phone.goto("/caregiver")
    phone.get_by_label("Temperature", exact=True).fill("120")
    phone.get_by_label("°F", exact=True).check()
    phone.get_by_role("button", name="See what these signs can mean").click()
    summary = phone.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    summary.get_by_role("link").click()
    expect(phone.get_by_label("Temperature", exact=True)).to_be_focused()
    expect(phone.locator("#temperature-error")).to_have_text(re.compile("Takes a number from 86 to 113 °F, got 120"))
    screenshot(phone, "caregiver-error-phone")
