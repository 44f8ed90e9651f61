"""Nothing a user enters is logged.

The development server's request lines lose their query string (DropQueryStrings). `triage serve` runs
gunicorn with its access log off, and its error log, like the app's own, goes through DropEnteredText:
no request line, address, header, or the message of an exception (which can quote any of them).
"""

from __future__ import annotations

import logging
import re
import traceback

QUERY = r"\?[^\s\"]*"


class DropQueryStrings(logging.Filter):
    """Rewrites '"GET /result?checked=fever HTTP/1.1" 200' to '"GET /result HTTP/1.1" 200'."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = re.sub(QUERY, "", record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(re.sub(QUERY, "", a) if isinstance(a, str) else a for a in record.args)
        return True


# What gunicorn and Flask put in their messages, and what of it is kept.
_REWRITES = (
    # "Invalid request from ip=...: Invalid HTTP request line: 'GET /result?...'": the kind of problem only
    ((r"^(Invalid request from ip=\S+?): ([^:'\"]*?)\s*(?:b?['\"]|:).*", re.S), r"\1: \2"),
    ((r"^(Error handling request)\b.*", re.S), r"\1"),  # ... GET /result?checked=...
    ((r"^(Exception on) \S+ (\[\w+\])$", 0), r"\1 a request \2"),  # Flask: ... /path [POST]
    ((r"^(Ignored premature client disconnection\.).*", re.S), r"\1"),  # ... what was sent so far
    ((r"^[A-Z][A-Z-]* /.*", re.S), "a request"),  # gunicorn's debug line: method and path
    # anything else quoted as Python quotes it ('...', "...", b'...'), and any query string
    ((r"""b?'(?:[^'\\\n]|\\.)*'|b?"(?:[^"\\\n]|\\.)*\"""", 0), "'...'"),
    ((r"\?[^\s\"']+", 0), ""),
)


def drop_entered_text(message: str) -> str:
    for (pattern, flags), replacement in _REWRITES:
        message = re.sub(pattern, replacement, message, flags=flags)
    return message


def frames_only(error: BaseException) -> str:
    """A traceback with every frame, and each exception's type without its message (which may quote input)."""
    parts, seen = [], set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        name = type(error).__qualname__ if type(error).__module__ == "builtins" else (
            f"{type(error).__module__}.{type(error).__qualname__}")
        parts.insert(0, "Traceback (most recent call last):\n"
                     + "".join(traceback.format_list(traceback.extract_tb(error.__traceback__)))
                     + f"{name} (its message is not logged)")
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    return "\n\nwhich led to:\n\n".join(parts)


class DropEnteredText(logging.Filter):
    """Rewrites a record so that nothing a request carried is in it (see _REWRITES); tracebacks keep frames only.

    Added to a logger (not a handler), it runs before any handler formats the record: the traceback is
    put in record.exc_text, where logging.Formatter keeps a formatted traceback and takes it from.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit the format
            message = str(record.msg)
        record.msg, record.args = drop_entered_text(message), None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = frames_only(record.exc_info[1])
        return True


def keep_entered_text_out(logger: logging.Logger) -> None:
    if not any(isinstance(f, DropEnteredText) for f in logger.filters):
        logger.addFilter(DropEnteredText())


def register_quiet_logs(app) -> None:
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, DropQueryStrings) for f in logger.filters):
        logger.addFilter(DropQueryStrings())
    keep_entered_text_out(app.logger)  # "Exception on /path [POST]" and the exception's message
