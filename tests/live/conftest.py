"""Live-session fixtures: every test runs against both stores, SQLite in a temporary folder and a Redis
server started on a free loopback port (Debian's redis-server, which `make test` installs)."""

from __future__ import annotations

import shutil
import socket
import subprocess

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    binary = shutil.which("redis-server")
    assert binary, "redis-server is missing: `make test` installs Debian's redis-server"
    port, folder = _free_port(), tmp_path_factory.mktemp("redis")
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                               "--dir", str(folder), "--protected-mode", "yes"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(port=port, socket_connect_timeout=1)
    for _ in range(200):  # until it answers (each ping waits at most a second)
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if server.poll() is not None:
                raise
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(params=["sqlite", "redis"])
def store_setting(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/live.sqlite3"
    url = request.getfixturevalue("redis_url")
    import redis

    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture
def live_app(content, store_setting):
    from triage import create_app

    return create_app({"TESTING": True, "LIVE_STORE": store_setting, "LIVE_JOINS_PER_MINUTE": 5,
                       "LIVE_MAX_ANSWERS_PER_STEP": 3, "LIVE_MAX_SESSIONS_PER_HOST": 2}, content=content)


@pytest.fixture
def live(live_app):
    return live_app.test_client()
