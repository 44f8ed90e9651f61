"""Bodies over MAX_CONTENT_LENGTH get 413, whether they say their length or come chunked without one.

A chunked body reaches the app as a stream the server ends (wsgi.input_terminated), with no
Content-Length: the test client is given exactly that, and the real server is sent real chunks.
"""

from __future__ import annotations

import io
import json
from urllib.parse import urlencode

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from tests.serving import Served, read_response

LIMIT = 64 * 1024
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def _chunked(client, path: str, body: bytes, content_type: str):
    """POST `body` as a WSGI server hands on a chunked request: no Content-Length, a stream it ends."""
    environ = EnvironBuilder(path=path, method="POST", content_type=content_type,
                             headers={"Transfer-Encoding": "chunked"}).get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ.update({"wsgi.input": io.BytesIO(body), "wsgi.input_terminated": True})
    return client.open(Request(environ))


def _with_length(client, path: str, body: bytes, content_type: str):
    return client.post(path, data=body, content_type=content_type)


def _json_of_length(length: int) -> bytes:
    """A findings document padded with spaces to exactly `length` bytes."""
    document = json.dumps({"checked": ["fever"]}).encode()
    return document + b" " * (length - len(document))


def _form_of_length(token: str, length: int) -> bytes:
    fields = urlencode({"csrf_token": token, "checked": "fever"}).encode() + b"&pad="
    return fields + b"a" * (length - len(fields))


SENDS = {"with Content-Length": _with_length, "chunked": _chunked}
PLACES = {"form page": ("/caregiver", FORM, "text/html"), "API": ("/api/v1/evaluate", JSON, "application/problem+json")}


@pytest.mark.parametrize("framing", SENDS, ids=list(SENDS))
@pytest.mark.parametrize("place", PLACES, ids=list(PLACES))
def test_a_70_kb_body_is_refused_with_413_however_it_is_framed(client, place, framing):
    path, content_type, answer_type = PLACES[place]
    body = _form_of_length("x", 70 * 1024) if content_type == FORM else _json_of_length(70 * 1024)
    response = SENDS[framing](client, path, body, content_type)
    assert response.status_code == 413
    assert response.mimetype == answer_type


@pytest.mark.parametrize(("length", "status"), [(LIMIT, 200), (LIMIT + 1, 413)], ids=["at the limit", "one byte over"])
def test_a_chunked_findings_document_is_read_whole_up_to_the_limit_and_refused_past_it(client, length, status):
    response = _chunked(client, "/api/v1/evaluate", _json_of_length(length), JSON)
    assert response.status_code == status
    if status == 200:
        assert [s["id"] for s in response.get_json()["syndromes"]] == ["crs"]


@pytest.mark.parametrize(("length", "status"), [(LIMIT, 303), (LIMIT + 1, 413)], ids=["at the limit", "one byte over"])
def test_a_chunked_form_is_read_whole_up_to_the_limit_and_refused_past_it(client, forms, length, status):
    response = _chunked(client, "/caregiver", _form_of_length(forms.token("/caregiver"), length), FORM)
    assert response.status_code == status
    if status == 303:
        assert "checked=fever" in response.headers["Location"]


def _raw_chunked(path: bytes, body: bytes, content_type: bytes) -> bytes:
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 8192]), body[i:i + 8192]) for i in range(0, len(body), 8192))
    return (b"POST " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + content_type
            + b"\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunks + b"0\r\n\r\n")


BIG = b"checked=fever&pad=" + b"a" * (70 * 1024)
BROKEN = _raw_chunked(b"/api/v1/evaluate", b"{}", b"application/json").replace(b"\r\n2\r\n", b"\r\nzz\r\n")
PROBLEM = "application/problem+json"
RAW = {
    "70 KB of chunks to a form page": (_raw_chunked(b"/caregiver", BIG, FORM.encode()), 413, "text/html"),
    "70 KB of chunks to the API": (_raw_chunked(b"/api/v1/evaluate", BIG, JSON.encode()), 413, PROBLEM),
    "a broken chunk to the API": (BROKEN, 400, PROBLEM),  # a chunk size that is not hexadecimal
}


def test_the_real_server_refuses_chunked_bodies_too_long_or_broken_on_pages_and_the_api():
    with Served(workers=1) as server:
        answers = {}
        for name, (request, _, _) in RAW.items():
            with server.connect() as sock:
                sock.sendall(request)
                response = read_response(sock)
                answers[name] = (response.status, response.getheader("Content-Type").split(";")[0])
    assert answers == {name: (status, kind) for name, (_, status, kind) in RAW.items()}
