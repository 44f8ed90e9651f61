"""A caregiver on a phone ticks warning signs, gives a temperature in °F and reads the result."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


PHONE_HEIGHT = 844  # an iPhone 12-14 screen (390 x 844), the phone


def assert_above_the_fold(locator):
    box = locator.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE_HEIGHT, box


def told(page) -> dict:
    """'What to tell them' as the phone shows it: label -> text."""
    rows = page.locator("#tell-summary .entered > div")
    return {rows.nth(i).locator("dt").inner_text(): rows.nth(i).locator("dd").inner_text() for i in range(rows.count())}


def test_a_caregiver_ticks_signs_and_gets_one_clear_action_first(phone, content, screenshot):
    page = phone
    page.set_viewport_size({"width": 390, "height": PHONE_HEIGHT})
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
    action = page.locator(".action")
    expect(action.get_by_role("heading", level=1)).to_have_text(content.level("contact_now").title)
    expect(action).to_contain_text("Because: chills or shivering; confused, or not sure where they are; "
                                   "a temperature of 38.0 °C (100.4 °F).")
    assert_above_the_fold(action.get_by_role("heading", level=1))
    assert_above_the_fold(action.locator(".action__because"))
    assert told(page) == {"Day after the CAR T infusion": "5", "Temperature": "38.0 °C (100.4 °F)",
                          "Signs noticed": "Chills or shivering; Confused, or not sure where they are",
                          "Time": told(page)["Time"]}
    expect(page.get_by_role("heading", name="What these signs can go with")).to_be_visible()
    expect(page.get_by_text("Blood pressure and oxygen were not entered: the team will check them.")).to_be_visible()
    visible = page.evaluate("() => document.querySelector('main').innerText")
    for hidden_word in ("grade", "Grade", "tocilizumab", "crs_", "rules/"):
        assert hidden_word not in visible
    last = page.evaluate("() => [...document.body.innerText.split('\\n')].map(s => s.trim()).filter(Boolean).pop()")
    assert last == content.closing
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
    screenshot(page, "caregiver-result-phone")


def test_a_saved_care_team_number_becomes_a_call_button_on_results_and_the_card(phone, screenshot):
    page = phone
    page.set_viewport_size({"width": 390, "height": PHONE_HEIGHT})
    page.goto("/care-team-number")
    page.get_by_label("Care team phone number").fill("+1 555 010 0199")
    page.get_by_role("button", name="Save the number").click()
    expect(page.get_by_text("Saved on this device: +1 555 010 0199")).to_be_visible()

    page.goto("/result?view=caregiver&checked=confusion")
    call = page.get_by_role("link", name="Call your care team: +1 555 010 0199")
    expect(call).to_have_attribute("href", "tel:+15550100199")
    assert_above_the_fold(call)
    screenshot(page, "caregiver-result-call-button-phone")
    page.goto("/card")
    expect(page.get_by_role("link", name="+1 555 010 0199")).to_have_attribute("href", "tel:+15550100199")

    page.goto("/care-team-number")
    page.get_by_role("button", name="Forget this number").click()
    page.goto("/result?view=caregiver&checked=confusion")
    expect(page.get_by_role("link", name=re.compile("Call your care team"))).to_have_count(0)
    expect(page.get_by_text("No care team number is saved on this phone.")).to_be_visible()


def test_a_calm_input_still_says_to_call_if_worried_above_the_fold(phone, content, screenshot):
    page = phone
    page.set_viewport_size({"width": 390, "height": PHONE_HEIGHT})
    page.goto("/caregiver")
    page.get_by_label("Temperature", exact=True).fill("37.0")
    page.get_by_role("button", name="See what these signs can mean").click()
    action = page.locator(".action")
    expect(action.get_by_role("heading", level=1)).to_have_text(content.level("no_warning_signs").title)
    assert_above_the_fold(action.locator(".action__message"))
    expect(action).to_contain_text("Contact your care team.")
    assert told(page)["Temperature"] == "37.0 °C (98.6 °F)"
    screenshot(page, "caregiver-calm-phone")


def test_submitting_nothing_asks_for_a_sign_instead_of_a_result(phone):
    phone.goto("/caregiver")
    phone.get_by_role("button", name="See what these signs can mean").click()
    expect(phone).to_have_url(re.compile(r"/caregiver$"))
    expect(phone.get_by_role("alert")).to_contain_text("Tick at least one sign you notice")


def test_an_emergency_sign_gives_the_emergency_number_above_the_fold(phone, content, screenshot):
    phone.set_viewport_size({"width": 390, "height": PHONE_HEIGHT})
    phone.goto("/caregiver")
    phone.get_by_label(content.items["struggling_to_breathe"].plain).check()
    phone.get_by_role("button", name="See what these signs can mean").click()
    alert = phone.get_by_role("alert")
    expect(alert).to_contain_text(content.level("emergency").title)
    expect(alert).to_contain_text("Because: struggling to breathe.")
    call = alert.get_by_role("link", name="Call 911")
    expect(call).to_have_attribute("href", "tel:911")
    assert_above_the_fold(call)
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
