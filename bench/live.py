"""A live class session under load: 300 learners answer one step within 10 s, as phones would.

First against `triage serve` (2 workers, the SQLite store), then two separate app processes sharing one
Redis server, learners split between them. Each learner also reads the session's state every 2 s, as the
learner page does with JavaScript on. Prints the errors, p50 and p99 of the answers, and whether the tally
read back (from either process) equals what was sent. Targets (printed, never asserted): zero errors,
p99 < 250 ms, the tally exact. Needs Debian's redis-server. Run: .venv/bin/python bench/live.py
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEARNERS, SECONDS, POLL = 300, 10, 2.0
SCENARIO = "crs_then_icans"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on port {port}")


def serve(port: int, workers: int, store: str) -> subprocess.Popen:
    env = {**os.environ, "TRIAGE_LIVE_STORE": store, "TRIAGE_INSTANCE_PATH": tempfile.mkdtemp(),
           "TRIAGE_SECRET_KEY": "bench", "TRIAGE_LIVE_MAX_SESSIONS_PER_HOST": "1000"}
    command = [str(Path(sys.executable).with_name("triage")), "serve", "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(port)
    return process


def call(port: int, method: str, path: str, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        data = None if body is None else json.dumps(body)
        connection.request(method, path, data, {"Content-Type": "application/json", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def learner(index: int, ports: list, code: str, start: float, results: list) -> None:
    """Arrive at a random moment of the window, answer once, and poll the state until the window ends."""
    rng = random.Random(index)
    port = ports[index % len(ports)]
    answer = {"crs_grade": rng.choice([1, 1, 1, 2]), "urgency": rng.choice(["contact_now", "contact_now", "emergency"])}
    time.sleep(max(0.0, start + rng.uniform(0, SECONDS - 1) - time.monotonic()))
    began = time.monotonic()
    try:
        status, _ = call(port, "POST", f"/api/v1/live/{code}/answers", {"step": 1, "answers": answer},
                         {"X-Device": f"learner-{index}"})
    except OSError:
        status = 0
    results.append((status, time.monotonic() - began, answer))
    while time.monotonic() < start + SECONDS:
        time.sleep(POLL)
        with contextlib.suppress(OSError):
            call(port, "GET", f"/api/v1/live/{code}")


def run(label: str, ports: list) -> None:
    status, body = call(ports[0], "POST", "/api/v1/live", {"scenario": SCENARIO})
    assert status == 201, body
    code = json.loads(body)["code"]
    results: list = []
    start = time.monotonic() + 0.5
    threads = [threading.Thread(target=learner, args=(i, ports, code, start, results)) for i in range(LEARNERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    errors = sum(1 for status, _, _ in results if status != 201)
    latencies = sorted(seconds * 1000 for _, seconds, _ in results)
    sent = {"crs_grade": Counter(str(a["crs_grade"]) for _, _, a in results),
            "urgency": Counter(a["urgency"] for _, _, a in results)}
    tallies = []
    for port in ports:
        state = json.loads(call(port, "GET", f"/api/v1/live/{code}")[1])
        tallies.append(all(state["tally"][q] == dict(sent[q]) for q in sent) and state["responses"] == LEARNERS)
    p99 = latencies[int(0.99 * (len(latencies) - 1))]
    print(f"{label}: {LEARNERS} answers in {SECONDS} s, {errors} errors, p50 {statistics.median(latencies):.1f} ms, "
          f"p99 {p99:.1f} ms, tally exact from {'every process' if len(ports) > 1 else 'the server'}: {all(tallies)}")


def main() -> None:
    port = free_port()
    server = serve(port, 2, "sqlite")
    try:
        run("triage serve, 2 workers, SQLite", [port])
    finally:
        server.terminate()
        server.wait(timeout=15)
    binary = shutil.which("redis-server")
    if not binary:
        raise SystemExit("redis-server is missing: apt-get install redis-server")
    redis_port = free_port()
    redis = subprocess.Popen([binary, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                              "no", "--dir", tempfile.mkdtemp()], stdout=subprocess.DEVNULL)
    wait_for(redis_port)
    ports = [free_port(), free_port()]
    apps = [serve(p, 1, f"redis://127.0.0.1:{redis_port}/0") for p in ports]
    try:
        run("two app processes, 1 worker each, one Redis", ports)
    finally:
        for process in [*apps, redis]:
            process.terminate()
            process.wait(timeout=15)


if __name__ == "__main__":
    main()
