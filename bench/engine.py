"""Engine benchmark: evaluations per second for a full findings document, and content load time.

Prints figures; never asserted in tests. Targets on one core: >= 20,000 evaluations/s (<= 50 µs each)
and <= 300 ms to load and validate all content. Run: .venv/bin/python bench/engine.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import yaml

from triage import paths
from triage.engine import evaluate, load_content, parse_findings

FULL = Path(paths.rules_dir()) / "examples" / "full_workup.yaml"


def _best_of(runs: int, func) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    best, median = _best_of(7, lambda: load_content(paths.rules_dir()))
    print(f"load and validate all content: best {best * 1000:.1f} ms, median {median * 1000:.1f} ms")
    content = load_content(paths.rules_dir())
    data = yaml.safe_load(FULL.read_text(encoding="utf-8"))
    findings = parse_findings(data, content.items)
    n = 20_000
    for label, func in [
        ("evaluate (result object)", lambda: evaluate(content, findings)),
        ("parse + evaluate", lambda: evaluate(content, parse_findings(data, content.items))),
        ("parse + evaluate + to_dict (JSON-ready, with trace reasons)",
         lambda: evaluate(content, parse_findings(data, content.items)).to_dict()),
        ("parse + evaluate + to_json (the API's body)",
         lambda: evaluate(content, parse_findings(data, content.items)).to_json()),
    ]:
        count = n if "to_" not in label else n // 10

        def loop(func=func, count=count):
            for _ in range(count):
                func()

        best, _ = _best_of(5, loop)
        per = best / count
        print(f"{label}: {1 / per:,.0f}/s ({per * 1e6:.1f} µs each)")
    print(f"content: {content.counts()}")


if __name__ == "__main__":
    main()
