"""Serve bench/bare_app.py with exactly the gunicorn settings `triage serve` uses (bench/load.py runs it)."""

import sys

from bench.bare_app import app
from triage.web.server import Server, server_options

if __name__ == "__main__":
    host, port, workers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    Server(app, server_options(host, port, workers)).run()
