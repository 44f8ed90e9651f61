"""`triage serve`: gunicorn on loopback, access log off, one secret shared by every worker."""

from __future__ import annotations

import http.client
import re
import sys
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner

from tests.serving import Served
from triage.cli import main
from triage.web.server import THREADS, server_options


def test_serve_documents_its_options():
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--workers", "--threads", "TRIAGE_SECRET_KEY"):
        assert option in result.output
    assert f"[default: {THREADS};" in result.output


def test_the_server_options_turn_the_access_log_off():
    options = server_options("127.0.0.1", 5000, 3)
    assert options["accesslog"] is None
    assert (options["bind"], options["workers"]) == ("127.0.0.1:5000", 3)
    assert (options["worker_class"], options["threads"]) == ("gthread", THREADS)
    assert server_options("::1", 8000, 1)["bind"] == "[::1]:8000"


def test_serve_stops_with_file_and_line_on_broken_content(tmp_path, rules_dir):
    import shutil

    shutil.copytree(rules_dir, tmp_path / "rules")
    (tmp_path / "rules" / "glossary.yaml").write_text("terms: [\n", encoding="utf-8")
    result = CliRunner(env={"TRIAGE_RULES_DIR": str(tmp_path / "rules")}).invoke(main, ["serve"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith("rules/glossary.yaml:")


SERVE_RESPAWNING = ("from triage import paths; from triage.engine import load_content; "
                    "from triage.web.server import serve; "
                    "serve(load_content(paths.rules_dir()), '127.0.0.1', 0, 1, max_requests=1)")


@pytest.fixture(params=["cli", "respawning"])
def gunicorn(request):
    """gunicorn on a free port: `triage serve` with 2 workers, or 1 worker replaced after every request."""
    server = (Served(workers=2) if request.param == "cli"
              else Served([sys.executable, "-c", SERVE_RESPAWNING], workers=1))
    with server:
        yield server.port, server.seen


def _request(port, method, path, body=None, cookie=""):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read().decode()
    finally:
        connection.close()


def test_every_worker_accepts_every_other_workers_form_and_nothing_entered_is_logged(gunicorn):
    # With one worker replaced after each request, every POST meets a different process from its GET:
    # it passes only because the secret was made before the fork.
    port, output = gunicorn
    for _ in range(3):
        status, cookie, html = _request(port, "GET", "/caregiver")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
        body = urlencode({"csrf_token": token, "checked": "seizure", "temperature": "39.4",
                          "temperature_unit": "C"})
        status, _, _ = _request(port, "POST", "/caregiver", body, cookie.split(";")[0])
        assert status == 303
    assert _request(port, "GET", "/result?checked=seizure&temperature_c=39.4")[0] == 200
    logged = "".join(output)
    assert "seizure" not in logged and "39.4" not in logged and "GET /" not in logged


def test_flask_run_finds_the_app_factory():
    from flask.cli import ScriptInfo

    app = ScriptInfo(app_import_path="triage").load_app()
    assert app.name == "triage" and "pages.result" in {rule.endpoint for rule in app.url_map.iter_rules()}
