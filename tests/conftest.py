"""Shared fixtures: the real rules, loaded once; the app; its client; the CLI runner."""

from __future__ import annotations

import os
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
