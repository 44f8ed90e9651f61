"""HTTP under load on loopback: `triage serve` against a bare Flask app with the same gunicorn settings.

In one run, with wrk (2 threads, 50 connections) on the same two cores: the bare app's one route (the
ceiling, run first and last), the evaluate API's default answer, a caregiver result page and a full
student result page, each as a share of the bare app's requests per second, with p50 and p99.
Targets (printed, never asserted): API >= 0.45 of bare, caregiver result >= 0.25, student result >= 0.15,
p99 < 50 ms, zero errors, one worker <= 60 MB after the load. Needs Debian's wrk (apt-get install wrk).
Run: .venv/bin/python bench/load.py [--duration 10s] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FINDINGS = {"age_years": 58, "days_since_infusion": 3, "checked": ["fever", "chills"], "temperature_c": 38.7,
            "oxygen_device": "nasal_cannula", "oxygen_flow_l_min": 2, "ice_score": 10}
CAREGIVER_RESULT = ("/result?view=caregiver&days_since_infusion=3&temperature_c=38.7"
                    "&checked=fever&checked=chills&checked=headache")
STUDENT_RESULT = ("/result?view=student&age_years=45&days_since_infusion=9&checked=fever&checked=confusion"
                  "&temperature_c=38.4&hypotension=requiring_vasopressors&vasopressors=norepinephrine"
                  "&vasopressors=vasopressin&oxygen_device=nasal_cannula&oxygen_flow_l_min=4&ice_score=6"
                  "&consciousness=awakens_to_voice&ferritin_trend=rising_fast&new_or_worsening_cytopenias=true"
                  "&cd19_b_cells=absent")
TARGETS = {"POST /api/v1/evaluate": 0.45, "caregiver result page": 0.25, "student result page": 0.15}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(command: list, port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TRIAGE_INSTANCE_PATH": tempfile.mkdtemp()}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"{command[0]} did not start")


def run_wrk(url: str, duration: str, script: str | None = None) -> dict:
    cmd = ["wrk", "-t2", "-c50", f"-d{duration}", "--timeout", "5s", "--latency", url]
    if script:
        cmd[1:1] = ["-s", script]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50": _ms(lat.get("50", "0ms")), "p99": _ms(lat.get("99", "0ms")),
            "errors": int(non2xx.group(1)) if non2xx else 0, "socket": socket_errors.group(1) if socket_errors else ""}


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def post_script(directory: str) -> str:
    path = Path(directory) / "post.lua"
    body = json.dumps(json.dumps(FINDINGS))
    path.write_text(f'wrk.method = "POST"\nwrk.body = {body}\nwrk.headers["Content-Type"] = "application/json"\n')
    return str(path)


def worker_rss_mb(master: int) -> list[float]:
    children = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
    return [int(re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text()).group(1)) / 1024
            for pid in children]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--workers", default="2")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    bare_port, app_port = free_port(), free_port()
    bare = start([sys.executable, "-m", "bench.serve_bare", "127.0.0.1", str(bare_port), args.workers], bare_port)
    triage = start([str(Path(sys.executable).with_name("triage")), "serve", "--port", str(app_port),
                    "--workers", args.workers], app_port)
    bare_url, app_url = f"http://127.0.0.1:{bare_port}", f"http://127.0.0.1:{app_port}"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            runs = {
                "bare Flask app": run_wrk(bare_url + "/", args.duration),
                "POST /api/v1/evaluate": run_wrk(app_url + "/api/v1/evaluate", args.duration, post_script(tmp)),
                "caregiver result page": run_wrk(app_url + CAREGIVER_RESULT, args.duration),
                "student result page": run_wrk(app_url + STUDENT_RESULT, args.duration),
                "bare Flask app, again": run_wrk(bare_url + "/", args.duration),
            }
        rss = worker_rss_mb(triage.pid)
    finally:
        for process in (bare, triage):
            process.terminate()
            process.wait(timeout=15)
    report(runs, rss)


def report(runs: dict, rss: list) -> None:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    print(f"{date.today()} on {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}")
    ceiling = (runs["bare Flask app"]["rps"] + runs["bare Flask app, again"]["rps"]) / 2
    print(f"{'':24} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'vs bare':>8} {'target':>7}")
    for name, r in runs.items():
        target = f"{TARGETS[name]:.2f}" if name in TARGETS else ""
        errors = r["errors"] + (1 if r["socket"] else 0)
        print(f"{name:24} {r['rps']:8.0f} {r['p50']:8.2f} {r['p99']:8.2f} {errors:7d} {r['rps'] / ceiling:8.2f} "
              f"{target:>7}" + (f"  socket errors: {r['socket']}" if r["socket"] else ""))
    print("(vs bare: against the mean of the two runs of the bare app, which bracket the others)")
    print("worker resident memory after the load: " + ", ".join(f"{mb:.1f} MB" for mb in rss))


if __name__ == "__main__":
    main()
