"""The secret key outlives restarts: made once into the instance folder, owner-only; TRIAGE_SECRET_KEY wins.

It signs the CSRF token: a form opened before a restart must still be accepted after it.
"""

from __future__ import annotations

import re
import stat
import subprocess
import sys
from urllib.parse import urlencode

import pytest

from tests.serving import Served, read_response
from triage import create_app

KEY = re.compile(r"[0-9a-f]{64}")


def _key_file(folder):
    return folder / "secret_key"


def test_apps_built_with_the_same_instance_folder_share_the_key_kept_there(tmp_path, content):
    first = create_app({"INSTANCE_PATH": str(tmp_path / "a")}, content=content)
    again = create_app({"INSTANCE_PATH": str(tmp_path / "a")}, content=content)
    other = create_app({"INSTANCE_PATH": str(tmp_path / "b")}, content=content)
    assert KEY.fullmatch(first.config["SECRET_KEY"])
    assert again.config["SECRET_KEY"] == first.config["SECRET_KEY"] != other.config["SECRET_KEY"]
    assert _key_file(tmp_path / "a").read_text() == first.config["SECRET_KEY"] + "\n"
    assert first.instance_path == str(tmp_path / "a")


def test_the_key_file_and_the_folder_it_makes_are_the_owners_only(tmp_path, content):
    create_app({"INSTANCE_PATH": str(tmp_path / "new" / "instance")}, content=content)
    assert stat.S_IMODE(_key_file(tmp_path / "new" / "instance").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "new" / "instance").stat().st_mode) == 0o700
    assert [p.name for p in (tmp_path / "new" / "instance").iterdir()] == ["secret_key"]  # no draft left


def test_the_environment_variable_wins_and_nothing_is_written(tmp_path, monkeypatch, content):
    monkeypatch.setenv("TRIAGE_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("TRIAGE_INSTANCE_PATH", str(tmp_path))
    assert create_app(content=content).config["SECRET_KEY"] == "from-the-environment"
    assert not _key_file(tmp_path).exists()


def test_a_key_in_the_test_config_wins_and_nothing_is_written(tmp_path, content):
    app = create_app({"SECRET_KEY": "given", "INSTANCE_PATH": str(tmp_path)}, content=content)
    assert app.config["SECRET_KEY"] == "given"
    assert not _key_file(tmp_path).exists()


def test_the_instance_folder_comes_from_the_environment_too(tmp_path, monkeypatch, content):
    monkeypatch.setenv("TRIAGE_INSTANCE_PATH", str(tmp_path))
    assert create_app(content=content).config["SECRET_KEY"] == _key_file(tmp_path).read_text().strip()


def test_an_empty_key_file_stops_start_up_saying_what_to_do(tmp_path, content):
    _key_file(tmp_path).write_text("\n")
    with pytest.raises(RuntimeError, match=r"secret_key is empty: delete it, and a new key is made at the next start"):
        create_app({"INSTANCE_PATH": str(tmp_path)}, content=content)


MAKE_KEY = "import sys; from triage.web.config import instance_secret_key; print(instance_secret_key(sys.argv[1]))"


def test_processes_starting_at_once_all_get_the_one_key_written(tmp_path):
    starting = [subprocess.Popen([sys.executable, "-c", MAKE_KEY, str(tmp_path)], stdout=subprocess.PIPE, text=True)
                for _ in range(8)]
    keys = {process.communicate(timeout=60)[0].strip() for process in starting}
    assert keys == {_key_file(tmp_path).read_text().strip()}
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


def _open_form(server: Served) -> tuple[str, str]:
    """GET /caregiver: the form's CSRF token and the session cookie that goes with it."""
    with server.connect() as sock:
        sock.sendall(b"GET /caregiver HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        response = read_response(sock)
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', response.body).group(1).decode()
    return token, response.getheader("Set-Cookie").split(";")[0]


def _send_form(server: Served, token: str, cookie: str) -> int:
    body = urlencode({"csrf_token": token, "checked": "fever"}).encode()
    with server.connect() as sock:
        sock.sendall(b"POST /caregiver HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: "
                     + cookie.encode() + b"\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     + b"Content-Length: %d\r\n\r\n" % len(body) + body)
        return read_response(sock).status


def test_a_form_opened_before_a_restart_is_accepted_after_it(tmp_path):
    with Served(instance=tmp_path) as before:
        token, cookie = _open_form(before)
    with Served(instance=tmp_path) as after:
        assert _send_form(after, token, cookie) == 303
    with Served(instance=tmp_path / "another") as elsewhere:  # the control: another key refuses it
        assert _send_form(elsewhere, token, cookie) == 400
