"""A real `triage serve` on a free loopback port for tests: started, waited for, stopped, its output kept.

No sleeps: start-up is read from what gunicorn prints (its port, then one "Booting worker" line per
worker), with a timeout that fails the test only if the server never comes up.
"""

from __future__ import annotations

import http.client
import os
import queue
import re
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

TRIAGE = Path(sys.executable).with_name("triage")
START_TIMEOUT = 60  # seconds; only a server that never starts waits this long


def clean_environment(**extra: str) -> dict:
    """The environment without TRIAGE_* variables, plus `extra`."""
    return {k: v for k, v in os.environ.items() if not k.startswith("TRIAGE_")} | extra


class Served:
    """`with Served(...) as server:` runs the command until the block ends; server.output() is all it printed.

    stdout and stderr are read separately and both kept, so a test can search everything it printed.
    """

    def __init__(self, command: list[str] | None = None, workers: int = 2, env: dict | None = None,
                 instance: str | Path | None = None):
        """instance: the instance folder, where the secret key is kept (default: a new temporary one)."""
        self.command = command or [str(TRIAGE), "serve", "--port", "0", "--workers", str(workers)]
        self.workers, self.env = workers, env or clean_environment()
        self.temporary = None if instance else tempfile.TemporaryDirectory(prefix="triage-instance-")
        self.env = self.env | {"TRIAGE_INSTANCE_PATH": str(instance or self.temporary.name)}
        self.lines: queue.Queue = queue.Queue()
        self.seen: list[str] = []
        self.port: int | None = None

    def __enter__(self) -> Served:
        self.process = subprocess.Popen(self.command, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, errors="backslashreplace")
        self.readers = [threading.Thread(target=_pump, args=(stream, self.lines), daemon=True)
                        for stream in (self.process.stdout, self.process.stderr)]
        for reader in self.readers:
            reader.start()
        try:
            self._wait_until_booted()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _wait_until_booted(self) -> None:
        booted = 0
        while booted < self.workers or self.port is None:
            line = self.lines.get(timeout=START_TIMEOUT)
            assert line is not None, "the server stopped:\n" + "".join(self.seen)
            self.seen.append(line)
            self.port = self.port or _port(line)
            booted += "Booting worker" in line

    def stop(self) -> str:
        """Stop the server (SIGTERM, then wait) and return everything it printed."""
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait(timeout=START_TIMEOUT)
        for reader in self.readers:
            reader.join(timeout=START_TIMEOUT)
        for stream in (self.process.stdout, self.process.stderr):
            stream.close()
        if self.temporary:
            self.temporary.cleanup()
        return self.output()

    def output(self) -> str:
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                return "".join(self.seen)
            self.seen.append(line or "")

    def connect(self, timeout: float = 30) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=timeout)


def _pump(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)  # this stream has closed


def _port(line: str) -> int | None:
    match = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", line)
    return int(match.group(1)) if match else None


def read_response(sock: socket.socket) -> http.client.HTTPResponse:
    """The response the server sends on `sock`, its body read (by its length, not by waiting for a close)."""
    response = http.client.HTTPResponse(sock)
    response.begin()
    response.body = response.read()
    return response
