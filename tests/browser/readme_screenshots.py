"""Regenerate the README screenshots: docs/screenshots/caregiver-result.png, workbench.png and presenter.png.

Run from the project root: .venv/bin/python tests/browser/readme_screenshots.py [name ...]
(names without .png; none: all of them)
(not collected by pytest: the committed pictures only change when someone means them to).
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from triage import create_app  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
CAREGIVER = ("/result?view=caregiver&days_since_infusion=5&checked=fever&checked=chills&checked=confusion"
             "&temperature_c=38.4")
WORKBENCH = "/workbench?age_years=45&days_since_infusion=3&temperature_c=38.7&oxygen_device=nasal_cannula" \
            "&oxygen_flow_l_min=2&consciousness=alert" + "".join(
                f"&ice_items.{key}={value}" for key, value in [
                    ("orientation_year", 1), ("orientation_month", 1), ("orientation_city", 1),
                    ("orientation_hospital", 0), ("naming", 3), ("follows_command", 1), ("writing", 1),
                    ("attention", 0)])


PRESENTER = "/scenarios/crs_then_icans/present/2?reveal=1"


def main() -> None:
    wanted = set(sys.argv[1:]) or {"caregiver-result", "workbench", "presenter"}
    server = make_server("127.0.0.1", 0, create_app(), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        if "caregiver-result" in wanted:
            phone = browser.new_page(viewport={"width": 393, "height": 851}, is_mobile=True, has_touch=True)
            phone.goto(base + CAREGIVER)
            phone.screenshot(path=OUT / "caregiver-result.png")
        if "workbench" in wanted:
            desk = browser.new_page(viewport={"width": 1100, "height": 900})
            desk.goto(base + WORKBENCH)
            desk.evaluate("document.querySelector('.ice').scrollIntoView({block: 'start'}); window.scrollBy(0, -24)")
            desk.screenshot(path=OUT / "workbench.png")
        if "presenter" in wanted:
            projector = browser.new_page(viewport={"width": 1920, "height": 1080})
            projector.goto(base + PRESENTER)
            projector.screenshot(path=OUT / "presenter.png")
        browser.close()
    server.shutdown()
    for name in sorted(wanted):
        print(f"{OUT / name}.png: {(OUT / (name + '.png')).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
