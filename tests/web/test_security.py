"""Headers on every response, cookies only with a form, size limits, and no 5xx for any input."""

from __future__ import annotations

import logging
import threading
import urllib.request
from urllib.error import HTTPError

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.serving import make_server

from triage import create_app

from .test_pages import text_lines

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
REQUESTS = [
    ("GET", "/", 200), ("GET", "/caregiver", 200), ("GET", "/workbench", 200), ("GET", "/card", 200),
    ("GET", "/glossary", 200), ("GET", "/about", 200), ("GET", "/result?checked=fever", 200),
    ("GET", "/static/style.css", 200), ("GET", "/nowhere", 404), ("DELETE", "/result", 405),
    ("POST", "/about", 405), ("GET", "/result?checked=nope", 400), ("POST", "/caregiver", 400),
    ("GET", "/result?" + "x" * 5000, 414),
]


@pytest.mark.parametrize(("method", "path", "status"), REQUESTS, ids=[f"{m} {p[:30]}" for m, p, _ in REQUESTS])
def test_every_response_carries_the_security_headers(client, method, path, status):
    with client.open(path, method=method) as response:
        assert response.status_code == status
        for name, value in HEADERS.items():
            assert response.headers[name] == value
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_the_redirect_after_a_post_carries_the_headers_too(forms):
    response = forms.post("/caregiver", {"checked": "fever", "temperature_unit": "C"})
    assert response.status_code == 303
    assert response.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("path", ["/", "/card", "/glossary", "/about", "/result?checked=fever", "/nowhere"])
def test_pages_without_a_form_set_no_cookie(client, path):
    response = client.get(path)
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")


@pytest.mark.parametrize("path", ["/caregiver", "/workbench"])
def test_form_pages_set_only_an_httponly_samesite_session_cookie(client, path):
    cookies = client.get(path).headers.getlist("Set-Cookie")
    assert len(cookies) == 1
    assert cookies[0].startswith("session=")
    assert "HttpOnly" in cookies[0] and "SameSite=Lax" in cookies[0]


def test_pages_are_not_stored_by_caches(client):
    assert client.get("/result?checked=fever").headers["Cache-Control"] == "no-store"


def test_a_post_bigger_than_the_limit_is_a_413_page(client, content):
    response = client.post("/caregiver", data={"checked": "x" * 70_000})
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Too much was sent" in html and text_lines(html)[-1] == content.closing


def test_a_wrong_method_is_a_405_page_that_names_the_allowed_ones(client, content):
    response = client.put("/result")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}
    html = response.get_data(as_text=True)
    assert "This page cannot be used that way" in html and content.disclaimer in html


def test_a_404_page_keeps_the_disclaimer_and_the_closing_line(client, content):
    html = client.get("/no/such/page").get_data(as_text=True)
    assert "Page not found" in html and content.disclaimer in html
    assert text_lines(html)[-1] == content.closing


def test_an_unexpected_failure_is_a_500_page_not_a_traceback(content):
    app = create_app({"TESTING": False}, content=content)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in html and "secret detail" not in html
    assert text_lines(html)[-1] == content.closing
    assert response.headers["Content-Security-Policy"]


def test_pages_are_gzipped_for_browsers_but_never_when_they_hold_a_csrf_token(client):
    assert client.get("/glossary", headers={"Accept-Encoding": "gzip"}).headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in client.get("/workbench", headers={"Accept-Encoding": "gzip"}).headers


def test_secret_key_and_limits_come_from_the_environment(monkeypatch, content):
    monkeypatch.setenv("TRIAGE_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("TRIAGE_MAX_CONTENT_LENGTH", "2048")
    app = create_app(content=content)
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["MAX_CONTENT_LENGTH"] == 2048


def test_a_proxy_is_trusted_only_when_configured(content):
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "trainer.example"}
    plain = create_app({"TESTING": True}, content=content).test_client()
    proxied = create_app({"TESTING": True, "PROXY_HOPS": 1}, content=content).test_client()
    assert 'value="http://localhost/result?' in plain.get("/result", headers=headers).get_data(as_text=True)
    assert 'value="https://trainer.example/result?' in proxied.get("/result", headers=headers).get_data(as_text=True)


def test_a_form_posted_over_https_without_a_referer_is_accepted(forms):
    # Referrer-Policy: no-referrer means browsers send none; the token alone must be enough.
    token = forms.token("/caregiver")
    response = forms.client.post("/caregiver", data={"csrf_token": token, "checked": "fever"},
                                 base_url="https://localhost")
    assert response.status_code == 303


def test_nothing_entered_is_written_to_the_request_log(app, caplog, capfd):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            url = f"http://127.0.0.1:{server.server_port}/result?checked=seizure&temperature_c=39.4"
            with urllib.request.urlopen(url) as response:
                assert response.status == 200
            with pytest.raises(HTTPError):
                urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/result?checked=secretword")
    finally:
        server.shutdown()
        thread.join(timeout=5)
    logged = caplog.text + "".join(capfd.readouterr())
    assert "GET /result HTTP/1.1" in logged  # the request line is there, without its query
    for entered in ("seizure", "39.4", "secretword"):
        assert entered not in logged


queries = st.lists(st.tuples(st.sampled_from(["checked", "temperature_c", "view", "age_years", "ice_items.naming",
                                              "oxygen_device", "ice_score", "capd_score", "vasopressors"])
                             | st.text(max_size=12), st.text(max_size=20)), max_size=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=queries)
def test_no_query_string_gives_a_server_error(client, pairs):
    response = client.get("/result", query_string=pairs)
    assert response.status_code in (200, 400, 414)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=queries)
def test_no_workbench_post_gives_a_server_error(forms, pairs):
    response = forms.post("/workbench", dict(pairs) | {"temperature_unit": "C"})
    assert response.status_code in (303, 400, 413, 422)


def test_what_someone_typed_into_an_address_is_shown_as_text_never_as_markup(client):
    response = client.get("/scenarios/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E%26")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "There is no scenario called &#39;&lt;img src=x onerror=alert(1)&gt;&amp;&#39; in the library." in html
    assert "<img src=x" not in html

