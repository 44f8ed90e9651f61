"""Offline audit of the pinned runtime set: every package in requirements.lock and the installed venv
must be at or above the first fixed version of every advisory in .ci/advisories.json.

This machine cannot reach a vulnerability service (pip-audit's PyPI and OSV look-ups fail here), so the
advisories are kept as data beside this script. Exit 1 naming each vulnerable pin, else print a summary.
"""

from __future__ import annotations

import json
import sys
from importlib import metadata
from pathlib import Path

from packaging.version import Version

HERE = Path(__file__).resolve().parent


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.lower()] = version
    return pins


def main() -> int:
    data = json.loads((HERE / "advisories.json").read_text(encoding="utf-8"))
    pins = _pins(HERE.parent / "requirements.lock")
    problems = []
    for name, pinned in pins.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = pinned
        for version, where in ((pinned, "requirements.lock"), (installed, "installed")):
            problems += [f"{name} {version} ({where}) is affected by {a['id']} ({a['summary']}); fixed in {a['fixed']}"
                         for a in data["advisories"]
                         if a["package"] == name and Version(version) < Version(a["fixed"])]
    for line in dict.fromkeys(problems):
        print(f"audit: {line}", file=sys.stderr)
    if problems:
        return 1
    print(f"audit: {len(pins)} pinned packages, {len(data['advisories'])} advisories (compiled {data['compiled']}): "
          "no known vulnerable version")
    return 0


if __name__ == "__main__":
    sys.exit(main())
