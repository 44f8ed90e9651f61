"""Nothing a user enters is logged: the development server's request lines lose their query string.

`triage serve` runs gunicorn with its access log off; this covers `flask run` and the test server.
"""

from __future__ import annotations

import logging
import re

_QUERY = re.compile(r"\?[^\s\"]*")


class DropQueryStrings(logging.Filter):
    """Rewrites '"GET /result?checked=fever HTTP/1.1" 200' to '"GET /result HTTP/1.1" 200'."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _QUERY.sub("", record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_QUERY.sub("", a) if isinstance(a, str) else a for a in record.args)
        return True


def register_quiet_logs(app) -> None:
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, DropQueryStrings) for f in logger.filters):
        logger.addFilter(DropQueryStrings())
