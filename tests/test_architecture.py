"""The engine is a library: importing it pulls in no web or CLI framework."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_engine_loads_no_web_library():
    code = ("import sys, triage.engine; "
            "print(','.join(m for m in ('flask', 'werkzeug', 'wtforms', 'jinja2', 'click', 'flask_wtf') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
