"""docs/deploy/nginx.conf works: Debian's nginx with that server block, in front of a real `triage serve`.

The sample is used as written except for its ports and its error log's path (each change must apply
exactly once, so the test notices if the sample changes shape). gunicorn runs one worker with one
thread: behind nginx, which buffers each request whole, that is enough for ten slow clients.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.serving import TRIAGE, Served, clean_environment, read_response

from .test_slow_clients import BODY, BOUND, HALF_BODY, HALF_HEADERS, REST_OF_HEADERS

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)
pytestmark = pytest.mark.skipif(NGINX is None, reason="Debian's nginx is not installed (`make test` installs it)")
MARKER = "mk" + secrets.token_hex(8)


def adapt(sample: str, port: int, upstream: int) -> str:
    """The sample with nginx on 127.0.0.1:port, the app on upstream, its error log on stderr."""
    for pattern, replacement in (("listen 80;", f"listen 127.0.0.1:{port};"), (r"listen \[::\]:80;\n", ""),
                                 ("proxy_pass http://127.0.0.1:8000;", f"proxy_pass http://127.0.0.1:{upstream};"),
                                 (r"error_log \S+ crit;", "error_log stderr crit;")):
        sample, count = re.subn(pattern, replacement, sample)
        assert count == 1, f"{SAMPLE.name} no longer has one {pattern!r}"
    return sample


class Nginx:
    """nginx -p folder -c folder/nginx.conf in the foreground: the sample inside a minimal http block."""

    def __init__(self, folder: Path, upstream: int):
        self.folder, self.upstream = folder, upstream

    def start(self) -> Nginx:
        for _ in range(5):  # a free port can be taken before nginx binds it: then try another
            self.port = _free_port()
            (self.folder / "triage.conf").write_text(adapt(SAMPLE.read_text(), self.port, self.upstream))
            (self.folder / "nginx.conf").write_text(_main_config(self.folder))
            glob = f"daemon off; pid {self.folder / 'nginx.pid'};" + (" user root;" if os.geteuid() == 0 else "")
            self.process = subprocess.Popen([NGINX, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"),
                                             "-e", "stderr", "-g", glob], stderr=subprocess.PIPE, text=True)
            if _accepts(self.port, self.process):
                return self
            printed = self.process.communicate(timeout=30)[1]
            if "Address already in use" not in printed:
                raise AssertionError(f"nginx did not start:\n{printed}")
        raise AssertionError("nginx found no free port in five tries")

    def stop(self) -> str:
        """Stop nginx and return what it printed (its error log)."""
        self.process.terminate()
        return self.process.communicate(timeout=30)[1]


@contextlib.contextmanager
def nginx_in_front(folder: Path):
    """(nginx, gunicorn): `triage serve` with one worker of one thread, trusting one proxy, behind nginx."""
    command = [str(TRIAGE), "serve", "--port", "0", "--workers", "1", "--threads", "1"]
    with Served(command, workers=1, env=clean_environment(TRIAGE_PROXY_HOPS="1")) as app:
        nginx = Nginx(folder, app.port).start()
        try:
            yield nginx, app
        finally:
            if nginx.process.poll() is None:
                nginx.stop()


def _main_config(folder: Path) -> str:
    temporary = "\n".join(f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi",
                                                                                  "uwsgi", "scgi"))
    return f"events {{}}\nhttp {{\n{temporary}\n    access_log off;\n    include {folder / 'triage.conf'};\n}}\n"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _accepts(port: int, process: subprocess.Popen) -> bool:
    """Whether nginx comes to accept connections on port (False if it stops first)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
            return True
        except ConnectionRefusedError:
            try:
                process.wait(timeout=0.05)  # not listening yet: wait on the process a moment
                return False
            except subprocess.TimeoutExpired:
                pass
    raise AssertionError("nginx did not listen within 30 s")


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    with nginx_in_front(tmp_path_factory.mktemp("nginx")) as servers:
        yield servers


def _get(port: int, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.body = response.read()
        return response
    finally:
        connection.close()


def test_a_page_comes_back_through_nginx_with_the_apps_headers(proxied):
    nginx, _ = proxied
    response = _get(nginx.port, "/")
    assert response.status == 200 and response.getheader("Server") == "nginx"
    assert b"<h1>" in response.body and b"Contact your care team." in response.body
    assert response.getheader("Content-Security-Policy", "").startswith("default-src 'self'")


def test_share_links_name_the_address_the_browser_used_not_gunicorns(proxied):
    nginx, _ = proxied
    html = _get(nginx.port, "/result?checked=fever", {"X-Forwarded-Host": "evil.example"}).body.decode()
    assert f'value="http://127.0.0.1:{nginx.port}/result?' in html
    assert "evil.example" not in html  # nginx replaces what the client sent


def test_a_form_goes_through_nginx_and_redirects_to_its_result(proxied):
    nginx, _ = proxied
    page = _get(nginx.port, "/caregiver")
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page.body).group(1).decode()
    connection = http.client.HTTPConnection("127.0.0.1", nginx.port, timeout=30)
    try:
        connection.request("POST", "/caregiver", body=urlencode({"csrf_token": token, "checked": "fever"}),
                           headers={"Cookie": page.getheader("Set-Cookie").split(";")[0],
                                    "Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    assert response.status == 303
    assert response.getheader("Location").startswith("/result?") and "checked=fever" in response.getheader("Location")


def _refuse_too_long(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(f"POST /caregiver?checked={MARKER} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {70 * 1024}"
                     "\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n".encode())
        assert read_response(sock).status == 413


def test_nginx_refuses_a_body_over_the_apps_limit(proxied):
    _refuse_too_long(proxied[0].port)


def test_ten_slow_clients_at_nginx_leave_a_one_thread_gunicorn_free(proxied):
    nginx, _ = proxied
    slow = [socket.create_connection(("127.0.0.1", nginx.port), timeout=30) for _ in range(10)]
    try:
        for number, sock in enumerate(slow):
            sock.sendall(HALF_HEADERS if number % 2 else HALF_BODY)
        timings = []
        for _ in range(20):
            start = time.monotonic()
            timings.append((_get(nginx.port, "/").status, time.monotonic() - start))
        for number, sock in enumerate(slow):
            sock.sendall(REST_OF_HEADERS if number % 2 else BODY[40:])
        answered = [read_response(sock).status for sock in slow]
    finally:
        for sock in slow:
            sock.close()
    assert max(seconds for _, seconds in timings) < BOUND
    assert [status for status, _ in timings] == [200] * 20
    assert answered == [400, 200] * 5


def test_what_was_sent_appears_in_neither_log(tmp_path):
    with nginx_in_front(tmp_path) as (nginx, app):
        assert _get(nginx.port, f"/{MARKER}?checked={MARKER}", {"X-Note": MARKER}).status == 404  # through both
        _refuse_too_long(nginx.port)  # nginx's own error, which it would log with the request line
        printed = nginx.stop() + app.stop()
    assert MARKER not in printed
