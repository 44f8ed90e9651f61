"""Slow clients: ten connections that stop halfway through a request do not hold up anyone else."""

from __future__ import annotations

import http.client
import time

from tests.serving import Served, read_response

BOUND = 1.0  # seconds: the bound for an ordinary request while slow clients are connected

# Half a header block (no blank line yet), and a whole header block with a tenth of the body it announces.
HALF_HEADERS = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\nAccept: text/html\r\n"
REST_OF_HEADERS = b"Connection: close\r\n\r\n"
BODY = b"checked=fever&temperature=" + b"3" * 374  # 400 bytes
HALF_BODY = (b"POST /caregiver HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
             b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(BODY) + BODY[:40])


def _timed_get(port: int) -> tuple[float, int | None]:
    """(seconds, status) of one GET / on a new connection; no status if it had no answer in 10 s."""
    start = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/")
        response = connection.getresponse()
        response.read()
        return time.monotonic() - start, response.status
    except TimeoutError:
        return time.monotonic() - start, None
    finally:
        connection.close()


def test_ten_clients_that_stall_mid_request_do_not_delay_twenty_ordinary_requests():
    with Served() as server:
        slow = [server.connect() for _ in range(10)]
        try:
            for number, sock in enumerate(slow):
                sock.sendall(HALF_HEADERS if number % 2 else HALF_BODY)  # then silence
            timings = [_timed_get(server.port) for _ in range(20)]
            # The stalled clients were held open all along: each is answered once it finishes.
            for number, sock in enumerate(slow):
                sock.sendall(REST_OF_HEADERS if number % 2 else BODY[40:])
            answered = [read_response(sock).status for sock in slow]
        finally:
            for sock in slow:
                sock.close()
    slowest = max(seconds for seconds, _ in timings)
    assert slowest < BOUND, f"an ordinary request took {slowest:.2f} s while ten clients stalled"
    assert [status for _, status in timings] == [200] * 20
    assert answered == [400, 200] * 5  # the POSTs carry no CSRF token: 400, as for any such form
