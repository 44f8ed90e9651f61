"""A nursing student fills the workbench with the keyboard only: Tab, Space, arrows and typing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ICE = {"orientation_year": "1", "orientation_month": "1", "orientation_city": "1", "orientation_hospital": "0",
       "naming": "3", "follows_command": "1", "writing": "1", "attention": "0"}


def tab_to(page, selector: str, limit: int = 250) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_ice_entered_by_keyboard_adds_up_and_the_grades_are_shown(page, screenshot):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/workbench")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")

    tab_to(page, "#age_years")
    page.keyboard.type("45")
    page.keyboard.press("Tab")
    page.keyboard.type("3")
    tab_to(page, "#temperature")
    page.keyboard.type("38.7")
    tab_to(page, "#oxygen_device")
    page.keyboard.press("ArrowDown")  # room air
    page.keyboard.press("ArrowDown")  # nasal cannula
    expect(page.locator("#oxygen_device")).to_have_value("nasal_cannula")
    tab_to(page, "#oxygen_flow_l_min")
    page.keyboard.type("2")
    tab_to(page, "#checked-confusion")
    page.keyboard.press("Space")
    expect(page.locator("#checked-confusion")).to_be_checked()

    for item, points in ICE.items():  # each item is a group of radios: Space picks 0, each → one more point
        tab_to(page, f"#ice_items-{item}")
        page.keyboard.press("Space")
        for _ in range(int(points)):
            page.keyboard.press("ArrowRight")
    expect(page.locator("#ice-total")).to_have_text("8 of 10")
    tab_to(page, "input[name=consciousness]")
    page.keyboard.press("ArrowDown")  # from "Not recorded" to "Alert (normal)"
    expect(page.locator("#consciousness-1")).to_be_checked()
    screenshot(page, "workbench-filled")

    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Grading result")
    grades = page.get_by_role("table")
    expect(grades.get_by_role("row", name="CRS")).to_contain_text("at least 2, up to 4")
    expect(grades.get_by_role("row", name="ICANS")).to_contain_text("ICE score 8: ICE score 7 to 9.")
    expect(page.get_by_text("Total 8 of 10")).to_be_visible()
    expect(page.get_by_text("Criteria not met").first).to_be_hidden()  # the full reasoning waits in <details>
    page.get_by_text("Grading criteria checked, and their sources").click()
    expect(page.get_by_text("Criteria not met").first).to_be_visible()
    screenshot(page, "workbench-result")


def test_every_control_shows_where_the_keyboard_focus_is(page):
    page.goto("/workbench")
    for selector in ("#age_years", "#checked-fever", "#hypotension-0", "#oxygen_device", "button[type=submit]"):
        tab_to(page, selector)
        ring = page.evaluate("s => getComputedStyle(document.querySelector(s)).outlineStyle", selector)
        assert ring != "none", selector


def test_the_age_decides_whether_the_ice_or_the_capd_is_shown(page, browser, base_url):
    page.goto("/workbench")
    ice, capd = page.locator(".ice"), page.locator("#capd_score")
    expect(ice).to_be_visible()
    expect(capd).to_be_visible()  # no age yet: both, each headed with its age
    page.locator("#age_years").fill("8")
    expect(ice).to_be_hidden()
    expect(capd).to_be_visible()
    page.locator("#age_years").fill("12")
    expect(ice).to_be_visible()
    expect(capd).to_be_hidden()
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    plain = context.new_page()
    plain.goto("/workbench?age_years=8")
    expect(plain.locator(".ice")).to_be_visible()
    expect(plain.get_by_label("Under 12: CAPD score")).to_be_visible()
    context.close()
