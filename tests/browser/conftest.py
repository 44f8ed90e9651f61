"""A live server on a free loopback port, Debian's Chromium for Playwright, and screenshots on disk."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
PHONE = {"viewport": {"width": 393, "height": 851}, "device_scale_factor": 1, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="session")
def live_server(content):
    from triage import create_app

    server = make_server("127.0.0.1", 0, create_app({"TESTING": True}, content=content), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} missing: apt-get install chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM}


@pytest.fixture
def phone(browser, base_url):
    """A page in a Pixel 5-sized phone viewport (393 x 851 CSS pixels, touch)."""
    context = browser.new_context(base_url=base_url, **PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def screenshot():
    """Save a full-page screenshot as test-results/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return save
