"""A whole live session in real browsers: the host on a projector, three phones (one without JavaScript)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE
from .test_accessibility import assert_no_violations

pytestmark = pytest.mark.browser
SCENARIO = "crs_then_icans"
ANSWERS = [  # per step, what each of the three phones answers for CRS grade
    ["1", "1", "2"], ["2", "2", "2"], ["1", "3", "3"],
]


def test_a_host_and_three_phones_run_a_whole_scenario_and_the_chart_counts_what_was_answered(browser, base_url,
                                                                                            screenshot):
    host_context = browser.new_context(base_url=base_url, viewport={"width": 1920, "height": 1080})
    host = host_context.new_page()
    host.goto(f"/scenarios/{SCENARIO}/live")
    host.get_by_role("button", name="Start the live session").click()
    expect(host.get_by_text("answered")).to_be_visible()
    code = re.search(r"/live/([A-Z0-9]{6})/host", host.url).group(1)
    phones = [browser.new_context(base_url=base_url, **PHONE, java_script_enabled=js).new_page()
              for js in (True, True, False)]
    assert_no_violations(host)
    for phone in phones:
        phone.goto("/join")
        phone.get_by_label("Join code").fill(code.lower())
        phone.get_by_role("button", name="Join").click()
        expect(phone.get_by_role("heading", level=1)).to_contain_text("Step 1")
    assert_no_violations(phones[0])
    for number, grades in enumerate(ANSWERS, start=1):
        for phone, grade in zip(phones, grades, strict=True):
            expect(phone.get_by_role("heading", level=1)).to_contain_text(f"Step {number}")
            phone.locator(f'input[name="crs_grade"][value="{grade}"]').check()
            phone.get_by_role("button", name="Send my answer").click()
            expect(phone.get_by_text("Answer sent")).to_be_visible()
        expect(host.locator("[data-live-responses]")).to_have_text("3")  # the count follows the room
        host.get_by_role("button", name="Reveal the answer").click()
        chart = host.locator("figure.live-chart", has_text="CRS grade")
        for grade in set(grades):
            bar = chart.locator(".live-chart__bar", has_text=f"Grade {grade}")
            expect(bar.locator(".live-chart__count")).to_have_text(str(grades.count(grade)))
        if number == 1:
            screenshot(host, "live-host-revealed")
            assert_no_violations(host)
        expect(phones[0].get_by_role("heading", name="The answer")).to_be_visible(timeout=5000)  # refreshed itself
        phones[2].get_by_role("link", name="check now").click()  # no JavaScript: the learner checks
        expect(phones[2].get_by_role("heading", name="The answer")).to_be_visible()
        if number < len(ANSWERS):
            host.get_by_role("button", name="Next step").click()
            for phone in phones[:2]:
                expect(phone.get_by_role("heading", level=1)).to_contain_text(f"Step {number + 1}", timeout=5000)
            phones[2].reload()
    host.get_by_role("button", name="End and debrief").click()
    expect(host.get_by_role("heading", level=1)).to_contain_text("Debrief")
    expect(host.get_by_text("Step 3: day")).to_be_visible()
    phones[2].reload()
    expect(phones[2].get_by_text("there is no live session", exact=False)).to_be_visible()
    host_context.close()
