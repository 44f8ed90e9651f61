"""The presenter view on a projector: every step of every scenario fits one screen before and after the reveal,
at 1920x1080 and 1280x720, with the case in large type and no ids or file paths; keyboard and axe checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .test_accessibility import assert_no_violations
from .test_workbench_by_keyboard import tab_to

pytestmark = pytest.mark.browser

SCREENS = {"1920x1080": {"width": 1920, "height": 1080}, "1280x720": {"width": 1280, "height": 720}}
MACHINE_WORDS = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|rules/")
SHOTS = Path("/tmp/shots-teaching")


def steps(content):
    return [(scenario.id, step.number) for scenario in content.scenarios.values() for step in scenario.steps]


def _fits(page) -> tuple:
    return page.evaluate("() => [document.documentElement.scrollHeight, window.innerHeight]")


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_step_fits_one_screen_before_and_after_the_reveal(browser, base_url, content, screen):
    context = browser.new_context(base_url=base_url, viewport=SCREENS[screen])
    page = context.new_page()
    SHOTS.mkdir(exist_ok=True)
    for scenario_id, number in steps(content):
        for query in ("", "?reveal=1"):
            page.goto(f"/scenarios/{scenario_id}/present/{number}{query}")
            height, viewport = _fits(page)
            where = f"{scenario_id} step {number}{query} at {screen}"
            assert height <= viewport, f"{where}: {height} px tall on a {viewport} px screen"
            text = page.locator("main").inner_text()
            assert not MACHINE_WORDS.search(text), f"{where}: {MACHINE_WORDS.search(text).group()!r}"
            if screen == "1920x1080":
                size = page.locator(".present__narrative").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
                assert size >= 28, f"{where}: case text {size} px"
            page.screenshot(path=SHOTS / f"present-{scenario_id}-{number}{'-reveal' if query else ''}-{screen}.png")
    context.close()


def test_a_presenter_runs_a_scenario_with_the_arrow_keys_and_r(browser, base_url, content):
    context = browser.new_context(base_url=base_url, viewport=SCREENS["1920x1080"])
    page = context.new_page()
    scenario = content.scenarios["crs_then_icans"]
    page.goto(f"/scenarios/{scenario.id}/present/1")
    for step in scenario.steps:
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Day {step.day} after infusion")
        for question in step.ask_first:
            expect(page.locator(".present__questions")).to_contain_text(question.ask)
        expect(page.get_by_role("heading", name="The answer")).to_have_count(0)
        assert_no_violations(page)
        page.keyboard.press("r")
        expect(page).to_have_url(re.compile(rf"/present/{step.number}\?reveal=1#answer$"))
        expect(page.get_by_role("table")).to_contain_text("What decides it")
        assert_no_violations(page)
        page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(rf"/scenarios/{scenario.id}/debrief$"))
    expect(page.get_by_text(scenario.debrief[0].text)).to_be_visible()
    assert_no_violations(page)
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(rf"/present/{len(scenario.steps)}$"))
    context.close()


def test_the_presenter_view_works_by_keyboard_alone_without_javascript(browser, base_url, content):
    context = browser.new_context(base_url=base_url, viewport=SCREENS["1280x720"], java_script_enabled=False)
    page = context.new_page()
    page.goto("/scenarios/crs_then_icans/present/1")
    expect(page.locator("[data-shortcuts]")).to_be_hidden()
    tab_to(page, "a[data-reveal]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/present/1\?reveal=1#answer$"))
    tab_to(page, ".present__details summary")
    page.keyboard.press("Enter")
    expect(page.locator(".present__details")).to_contain_text("Criteria met")
    tab_to(page, ".present__notes summary")
    page.keyboard.press("Enter")
    model = content.scenarios["crs_then_icans"].steps[0].ask_first[0].answer
    expect(page.locator(".present__notes")).to_contain_text(model)
    tab_to(page, 'a[rel="next"]')
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/present/2$"))
    context.close()


def test_run_live_on_the_presenter_view_opens_the_host_screen(browser, base_url):
    context = browser.new_context(base_url=base_url, viewport=SCREENS["1920x1080"])
    page = context.new_page()
    page.goto("/scenarios/crs_then_icans/present/1")
    page.get_by_role("button", name="Run live").click()
    expect(page).to_have_url(re.compile(r"/live/[A-Z0-9]{6}/host$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Day 2 after infusion")
    page.get_by_role("button", name="End and debrief").click()
    context.close()
