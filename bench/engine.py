"""Engine benchmark: evaluations per second, with grade ranges, and content load time.

Prints figures; never asserted in tests. Targets on one core: >= 20,000 full evaluations/s (ranges
included) and <= 300 ms to load and validate all content. Run: .venv/bin/python bench/engine.py
"""

from __future__ import annotations

import json
import statistics
import time

from triage import paths
from triage.engine import evaluate, load_content, parse_findings

PARTIAL = {"temperature_c": 38.5}  # a blank almost everywhere: the ranges have the most to work out


def _best_of(runs: int, func) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def _rate(label: str, func, count: int) -> None:
    def loop():
        for _ in range(count):
            func()

    best, _ = _best_of(5, loop)
    per = best / count
    print(f"  {label}: {1 / per:,.0f}/s ({per * 1e6:.1f} µs each)")


def main() -> None:
    best, median = _best_of(7, lambda: load_content(paths.rules_dir()))
    print(f"load and validate all content: best {best * 1000:.1f} ms, median {median * 1000:.1f} ms")
    content = load_content(paths.rules_dir())
    documents = {name: findings.to_dict() for name, findings in content.examples.items()}
    documents["temperature only"] = PARTIAL
    for name, data in documents.items():
        findings = parse_findings(data, content)
        result = evaluate(content, findings)
        ranges = ", ".join(f"{s} {r.grade}-{r.at_most}" for s, r in result.ranges.items() if r.grade is not None)
        print(f"{name} ({ranges or 'not graded'}):")
        _rate("evaluate, ranges included (the result object)", lambda f=findings: evaluate(content, f), 20_000)
        _rate("parse + evaluate", lambda d=data: evaluate(content, parse_findings(d, content)), 20_000)
        _rate("parse + evaluate + to_dict + json.dumps (the API's answer)",
              lambda d=data: json.dumps(evaluate(content, parse_findings(d, content)).to_dict()), 2_000)
        _rate("the same with the trace (?trace=true)",
              lambda d=data: json.dumps(evaluate(content, parse_findings(d, content)).to_dict(trace=True)), 500)
    print(f"content: {content.counts()}")


if __name__ == "__main__":
    main()
