"""Shared fixtures: the real rules, loaded once; the app; its client; the CLI runner."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import pytest

from triage import paths
from triage.engine import load_content

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def _temporary_instance_folder(tmp_path_factory):
    """An app built without a SECRET_KEY keeps one in its instance folder: a temporary one, not the checkout's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRIAGE_INSTANCE_PATH", str(tmp_path_factory.mktemp("instance")))
        yield


@pytest.fixture(autouse=True)
def _no_triage_environment(monkeypatch):
    for name in [n for n in os.environ if n.startswith("TRIAGE_") and n != "TRIAGE_INSTANCE_PATH"]:
        monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def rules_dir() -> Path:
    return paths.rules_dir()


@pytest.fixture(scope="session")
def content(rules_dir):
    return load_content(rules_dir)


# --- The web app (tests/web, tests/browser): CSRF stays on; the `forms` helper reads the token. ---

@pytest.fixture
def app(content):
    from triage import create_app

    return create_app({"TESTING": True}, content=content)


@pytest.fixture
def client(app):
    return app.test_client()


class FormActions:
    """GETs a form page, reads its CSRF token and POSTs the given fields with it (flaskr's AuthActions)."""

    TOKEN = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')

    def __init__(self, client):
        self.client = client

    def token(self, path: str) -> str:
        page = self.client.get(path)
        assert page.status_code == 200, page.status_code
        return self.TOKEN.search(page.get_data(as_text=True)).group(1)

    def post(self, path: str, data: dict | None = None, **kwargs):
        fields = {"csrf_token": self.token(path), **(data or {})}
        return self.client.post(path, data=fields, **kwargs)


@pytest.fixture
def forms(client):
    return FormActions(client)


# --- Nothing a user enters is logged: every log record of the whole suite is kept and searched. ---

class _KeepRecords(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name}: {record.getMessage()}")


def _entered_value_pattern():
    """What a user sends, by name: findings fields, a live session's answers and tokens, the CSRF token."""
    content = load_content(paths.rules_dir())
    live = [f"{s}_grade" for s in content.graded] + ["host_token", "live_device", "live_host"]
    names = "|".join(sorted([*content.contract.inputs, *live], key=len, reverse=True))
    return re.compile(rf"\b(?:{names}|csrf_token)\b")


@pytest.fixture(scope="session", autouse=True)
def _no_user_input_in_any_log():
    """Every request the suite makes sends findings; no log line may carry a findings field name."""
    keeper = _KeepRecords()
    root = logging.getLogger()
    previous = root.level
    root.addHandler(keeper)
    root.setLevel(logging.DEBUG)
    yield keeper
    root.removeHandler(keeper)
    root.setLevel(previous)
    pattern = _entered_value_pattern()
    leaked = [line for line in keeper.lines if pattern.search(line)]
    assert leaked == [], f"log lines carry what a user entered: {leaked[:5]}"
