"""Nothing entered reaches gunicorn's log: a marker sent in every place a client can put one never appears.

The server runs as `triage serve` runs it (log level info) and at debug level, where gunicorn says most;
after it has stopped, everything it printed on stdout and stderr is searched.
"""

from __future__ import annotations

import io
import logging
import secrets
import socket
import sys

import pytest

from tests.serving import Served, read_response
from triage.web.log_filters import keep_entered_text_out

MARKER = "mk" + secrets.token_hex(8)
M = MARKER.encode()

SERVE_DEBUG = ("from triage import paths; from triage.engine import load_content; "
               "from triage.web.server import serve; "
               "serve(load_content(paths.rules_dir()), '127.0.0.1', 0, 2, loglevel='debug')")


def _get(target: bytes, *headers: bytes) -> bytes:
    return b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + b"".join(
        h + b"\r\n" for h in headers) + b"\r\n"


def _post(path: bytes, body: bytes, content_type: bytes = b"application/x-www-form-urlencoded") -> bytes:
    return (b"POST " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: " + content_type
            + b"\r\nContent-Length: %d\r\n\r\n" % len(body) + body)


def _chunked(path: bytes, chunks: bytes, content_type: bytes = b"application/x-www-form-urlencoded") -> bytes:
    return (b"POST " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: " + content_type
            + b"\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks)


# Every place a client can put something, each sent on its own connection, and the status it gets.
REQUESTS = {
    "path": (_get(b"/" + M), 404),
    "query string": (_get(b"/result?checked=" + M), 400),
    "query of a form page": (_get(b"/workbench?temperature_c=" + M), 400),
    "header name": (_get(b"/", b"X-" + M + b": 1"), 200),
    "header value": (_get(b"/", b"X-Note: " + M), 200),
    "cookie": (_get(b"/caregiver", b"Cookie: session=" + M), 200),
    "form body": (_post(b"/caregiver", b"checked=" + M), 400),
    "JSON body": (_post(b"/api/v1/evaluate", b'{"checked": ["' + M + b'"]}', b"application/json"), 422),
    "request line without a version": (b"GET /" + M + b"\r\nHost: 127.0.0.1\r\n\r\n", 400),
    "request line with a NUL": (b"GET /" + M + b"\x00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400),
    "request line with extra words": (b"GET /" + M + b" HTTP/1.1 and more\r\nHost: 127.0.0.1\r\n\r\n", 400),
    "method": (M + b" / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400),
    "HTTP version": (b"GET /" + M + b" HTTP/" + M + b"\r\nHost: 127.0.0.1\r\n\r\n", 400),
    "over-long request line": (_get(b"/result?checked=" + M + b"&x=" + b"a" * 9000), 414),
    "over-long header": (_get(b"/", b"X-Note: " + M + b"a" * 9000), 431),
    "invalid header bytes": (_get(b"/", b"X-Note: " + M + b"\x01\x7f"), 400),
    "invalid header name bytes": (_get(b"/", b"X-" + M + b"\x01: 1"), 400),
    "invalid chunk size": (_chunked(b"/caregiver", M + b"\r\nchecked=fever\r\n0\r\n\r\n"), 400),
    "invalid chunk terminator": (_chunked(b"/caregiver", b"5\r\n" + M + b"\r\n0\r\n\r\n"), 400),
    "invalid chunk extension": (_chunked(b"/caregiver", b"5;" + M + b"\x01\r\nhello\r\n0\r\n\r\n"), 400),
    "invalid chunk in JSON": (_chunked(b"/api/v1/evaluate", M + b"\r\n{}\r\n0\r\n\r\n", b"application/json"), 400),
}


def _send(server: Served, request: bytes) -> int:
    with server.connect() as sock:
        sock.sendall(request)
        return read_response(sock).status


def _send_half_and_hang_up(server: Served) -> None:
    with server.connect() as sock:
        sock.sendall(b"GET /result?checked=" + M + b" HTTP/1.1\r\nX-Note: " + M)
        sock.shutdown(socket.SHUT_WR)
        assert sock.recv(1024) == b""  # the server hung up too: nothing to answer


@pytest.fixture(params=["as triage serve runs it", "at debug level"])
def server(request):
    command = None if request.param.startswith("as") else [sys.executable, "-c", SERVE_DEBUG]
    with Served(command) as served:
        yield served


def test_a_marker_sent_anywhere_in_a_request_appears_nowhere_in_the_servers_output(server):
    statuses = {place: _send(server, request) for place, (request, _) in REQUESTS.items()}
    _send_half_and_hang_up(server)
    printed = server.stop()
    assert statuses == {place: status for place, (_, status) in REQUESTS.items()}  # each reached the server
    leaked = [line for line in printed.splitlines() if MARKER in line]
    assert leaked == [], "\n".join(leaked)
    # The log still says what kind of request it refused, only not what the request said.
    assert "Invalid request from ip=127.0.0.1: Invalid HTTP request line" in printed
    assert "Invalid request from ip=127.0.0.1: Invalid HTTP method" in printed


# --- The filter itself, on the messages gunicorn and Flask write. ---

@pytest.fixture
def quiet_log():
    """A logger with DropEnteredText, as gunicorn's error log and the app's have it; its formatted lines."""
    logger = logging.getLogger("tests.quiet")
    logger.propagate = False
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    keep_entered_text_out(logger)
    yield logger, stream
    logger.removeHandler(handler)


MESSAGES = [
    ("request line", "Invalid request from ip=10.0.0.7: Invalid HTTP request line: 'GET /result?checked=fever'",
     "Invalid request from ip=10.0.0.7: Invalid HTTP request line"),
    ("header, IPv6 client", "Invalid request from ip=::1: Invalid HTTP Header: 'X-NOTE'",
     "Invalid request from ip=::1: Invalid HTTP Header"),
    ("bytes", "Invalid request from ip=10.0.0.7: Expected HTTP/2 connection preface, got b'PRI fever'",
     "Invalid request from ip=10.0.0.7: Expected HTTP/2 connection preface, got"),
    ("numbers only", "Invalid request from ip=10.0.0.7: Request Line is too large (9050 > 8190)",
     "Invalid request from ip=10.0.0.7: Request Line is too large (9050 > 8190)"),
    ("request that failed", "Error handling request GET /result?checked=fever", "Error handling request"),
    ("Flask's exception line", "Exception on /syndromes/crs [GET]", "Exception on a request [GET]"),
    ("gunicorn's debug line", "GET /syndromes/crs", "a request"),
    ("cut-off request", "Ignored premature client disconnection. No more data after: b'GET /result?checked'",
     "Ignored premature client disconnection."),
    ("anything quoted", 'Something odd: "fever" and \'seizure\'', "Something odd: '...' and '...'"),
    ("a query string anywhere", "went to /result?checked=fever then", "went to /result then"),
    ("start-up", "Listening at: http://127.0.0.1:8000 (12)", "Listening at: http://127.0.0.1:8000 (12)"),
    ("a worker", "Booting worker with pid: 12", "Booting worker with pid: 12"),
    ("a question", "Worker (pid:12) was sent SIGKILL! Perhaps out of memory?",
     "Worker (pid:12) was sent SIGKILL! Perhaps out of memory?"),
]


@pytest.mark.parametrize(("message", "logged"), [m[1:] for m in MESSAGES], ids=[m[0] for m in MESSAGES])
def test_each_message_keeps_what_happened_and_loses_what_was_sent(quiet_log, message, logged):
    logger, stream = quiet_log
    logger.warning(message)
    assert stream.getvalue() == logged + "\n"


def test_arguments_are_filtered_like_the_message(quiet_log):
    logger, stream = quiet_log
    logger.error("Error handling request %s %s", "GET", "/result?checked=fever")
    assert stream.getvalue() == "Error handling request\n"


def test_a_traceback_keeps_its_frames_and_the_type_of_each_exception_but_not_its_message(quiet_log):
    logger, stream = quiet_log
    entered, item = "fever 39.4", "seizure"
    try:
        try:
            int(entered)
        except ValueError as error:
            raise KeyError(item) from error
    except KeyError:
        logger.exception("Exception on /caregiver [POST]")
    printed = stream.getvalue()
    assert "fever" not in printed and "39.4" not in printed and "seizure" not in printed
    assert printed.startswith("Exception on a request [POST]\nTraceback (most recent call last):\n")
    assert "in test_a_traceback_keeps_its_frames" in printed and "int(entered)" in printed  # frames, source lines
    assert "ValueError (its message is not logged)\n\nwhich led to:\n\nTraceback" in printed
    assert printed.endswith("KeyError (its message is not logged)\n")
