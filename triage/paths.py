"""Where rules/, templates/ and static/ are: beside the package in the checkout, or TRIAGE_RULES_DIR."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PROJECT_ROOT / "templates"
STATIC_DIR = PROJECT_ROOT / "static"


def rules_dir() -> Path:
    """The rules folder: $TRIAGE_RULES_DIR when set, else rules/ in the checkout."""
    return Path(os.environ.get("TRIAGE_RULES_DIR") or PROJECT_ROOT / "rules")
