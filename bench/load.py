"""HTTP under load on loopback: gunicorn with 2 workers (app built before they fork), wrk 10 s at 50 connections.

Targets (printed, never asserted): the evaluate API at >= 70% of the bare hello route's requests/s,
the caregiver result page at >= 50%, p99 under 50 ms, zero errors; one worker's resident memory after
the load <= 60 MB; every page under 50 KB of HTML + CSS with no required JavaScript.
Needs Debian's wrk (apt-get install wrk). Run: .venv/bin/python bench/load.py [--duration 10s]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
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
RESULT_PATH = ("/result?view=caregiver&days_since_infusion=3&temperature_c=38.7"
               "&checked=fever&checked=chills&checked=headache")
STUDENT_RESULT = ("/result?view=student&age_years=45&days_since_infusion=9&checked=fever&checked=confusion"
                  "&temperature_c=38.4&hypotension=requiring_vasopressors&vasopressors=norepinephrine"
                  "&vasopressors=vasopressin&oxygen_device=nasal_cannula&oxygen_flow_l_min=4&ice_score=6"
                  "&consciousness=awakens_to_voice&ferritin_trend=rising_fast&new_or_worsening_cytopenias=true"
                  "&cd19_b_cells=absent")
PAGES = ["/", "/caregiver", "/workbench", RESULT_PATH, STUDENT_RESULT, "/card", "/glossary", "/syndromes/icans",
         "/syndromes/crs?view=student",
         "/glossary?view=student", "/about", "/scenarios",
         "/scenarios/crs_then_icans/facilitate/2?reveal=1", "/scenarios/child_icans_capd/answers",
         "/scenarios/crs_then_icans/learn/1", "/practice?seed=7&i=0"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    # --preload: the app is built once before the workers fork, as `triage serve` does in production
    env = {**os.environ, "TRIAGE_SECRET_KEY": secrets.token_hex(16), "PYTHONPATH": str(ROOT)}
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    cmd = [gunicorn, "-w", "2", "--preload", "-b", f"127.0.0.1:{port}", "--log-level", "warning", "bench.hello_app:app"]
    return subprocess.Popen(cmd, cwd=ROOT, env=env)


def wait_until_up(base: str, limit_s: float = 20) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/_bench/hello", timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


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
            "errors": (int(non2xx.group(1)) if non2xx else 0),
            "socket": socket_errors.group(1) if socket_errors else "none"}


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def post_script(directory: str) -> str:
    path = Path(directory) / "post.lua"
    body = json.dumps(json.dumps(FINDINGS))
    path.write_text(f'wrk.method = "POST"\nwrk.body = {body}\nwrk.headers["Content-Type"] = "application/json"\n')
    return str(path)


def gzip_script(directory: str) -> str:
    path = Path(directory) / "gzip.lua"
    path.write_text('wrk.headers["Accept-Encoding"] = "gzip"\n')
    return str(path)


def worker_rss_mb(master: int) -> list[float]:
    children = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return sizes


def _get(url: str, gzip: bool = False) -> bytes:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip else {})
    return urllib.request.urlopen(request, timeout=5).read()


def page_weights(base: str) -> list[tuple[str, int, int, int, bool]]:
    """(page, HTML bytes, CSS bytes, bytes sent with gzip (HTML + CSS), has a script tag)."""
    rows = []
    for path in PAGES:
        html = _get(base + path)
        text = html.decode("utf-8")
        hrefs = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text)
        css = sum(len(_get(base + href)) for href in hrefs)
        sent = len(_get(base + path, gzip=True)) + sum(len(_get(base + href, gzip=True)) for href in hrefs)
        scripts = re.findall(r"<script[^>]*>", text)
        name = path.split("?")[0] + (" (student)" if "view=student" in path else "")
        rows.append((name, len(html), css, sent, bool(scripts)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", default="10s")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(port)
    try:
        wait_until_up(base)
        with tempfile.TemporaryDirectory() as tmp:
            # hello first and last: the ceiling is their mean, so drift in the machine's load during
            # the run weighs on every ratio alike
            runs = {
                "bare hello route": run_wrk(base + "/_bench/hello", args.duration),
                "POST /api/v1/evaluate": run_wrk(base + "/api/v1/evaluate", args.duration, post_script(tmp)),
                "  its answer, precomputed": run_wrk(base + "/_bench/answer", args.duration),
                "  ?trace=false": run_wrk(base + "/api/v1/evaluate?trace=false", args.duration, post_script(tmp)),
                "caregiver result page": run_wrk(base + RESULT_PATH, args.duration),
                "  gzipped, as a browser asks": run_wrk(base + RESULT_PATH, args.duration, gzip_script(tmp)),
                "bare hello route, again": run_wrk(base + "/_bench/hello", args.duration),
            }
        rss = worker_rss_mb(server.pid)
        weights = page_weights(base)
    finally:
        server.terminate()
        server.wait(timeout=10)
    report(runs, rss, weights)


def report(runs, rss, weights) -> None:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    print(f"{date.today()} on {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}")
    hello = (runs["bare hello route"]["rps"] + runs["bare hello route, again"]["rps"]) / 2
    print(f"{'target':28} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'vs hello':>9}")
    for name, r in runs.items():
        print(f"{name:28} {r['rps']:8.0f} {r['p50']:8.2f} {r['p99']:8.2f} {r['errors']:7d} {r['rps'] / hello:8.0%}")
    print("(vs hello: against the mean of the two hello runs; 'its answer, precomputed' sends the API's answer\n"
          " without working it out, to tell sending from working out; '?trace=false' is the same request without\n"
          " the reason for every rule; 'gzipped' is the page as a phone's browser asks for it, compressed. These\n"
          " are for diagnosis: each target is the plain request's)")
    print("worker resident memory after the load: " + ", ".join(f"{mb:.1f} MB" for mb in rss))
    print(f"{'page':44} {'HTML KB':>8} {'CSS KB':>7} {'total KB':>9} {'sent KB':>8} {'script':>7}")
    for path, html, css, sent, script in weights:
        total = (html + css) / 1024
        print(f"{path:44} {html / 1024:8.1f} {css / 1024:7.1f} {total:9.1f} {sent / 1024:8.1f} "
              f"{'yes' if script else 'no':>7}")
    print("(sent = with gzip, as a browser fetches it; pages holding a CSRF token are never compressed;")
    print(" every script is optional: the pages work with JavaScript off)")


if __name__ == "__main__":
    main()
