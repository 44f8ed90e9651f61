"""Shared fixtures: the real rules, loaded once; the app; its client; the CLI runner."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from triage import paths
from triage.engine import load_content

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _no_triage_environment(monkeypatch):
    for name in [n for n in os.environ if n.startswith("TRIAGE_")]:
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
