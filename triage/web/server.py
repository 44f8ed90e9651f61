"""`triage serve`: the app under gunicorn with the access log off and nothing entered in its error log."""

from __future__ import annotations

from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger
from gunicorn.http.errors import ParseException
from werkzeug.exceptions import BadRequest

from triage.engine import Content

from .log_filters import keep_entered_text_out


class Server(BaseApplication):
    """gunicorn around an app built once in the master process, before the workers fork."""

    def __init__(self, app, options: dict):
        self.application, self.options = app, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # settings newer than the oldest supported gunicorn are skipped there
                self.cfg.set(key, value)

    def load(self):
        return self.application


class QuietLogger(Logger):
    """gunicorn's logger with DropEnteredText on its error log: gunicorn's messages about a request it
    refused quote the request line or a header ("Invalid HTTP request line: 'GET /result?checked=...'")."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        keep_entered_text_out(self.error_log)


def log_nothing(worker, req) -> None:
    """The pre_request hook: gunicorn's default one logs each request's method and path (at debug level)."""


def refuse_unreadable_bodies(app: Flask) -> None:
    """A body gunicorn cannot decode (a broken chunk) is the client's mistake: 400, not 500 and a traceback."""
    unreadable = BadRequest("The request's body could not be read.")
    app.register_error_handler(ParseException, lambda error: app.handle_http_exception(unreadable))


THREADS = 12  # per worker: clients it serves at once, slow ones included (10 stalled ones leave it two)


def server_options(host: str, port: int, workers: int, threads: int = THREADS) -> dict:
    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        # Threaded workers: a client that sends its request slowly holds one thread until it has sent
        # it all (or gives up), not a whole worker as with sync workers; the others go on being served.
        # A buffering proxy in front (docs/deploy/nginx.conf) is what makes many such clients harmless.
        "worker_class": "gthread",
        "threads": threads,
        "timeout": 30,  # a worker whose main loop is stuck this long is replaced
        "graceful_timeout": 10,  # on stop or restart, requests in progress get this long to finish
        "keepalive": 2,  # an idle kept-alive connection waits in the worker's poller, holding no thread
        "accesslog": None,  # never log request lines: the share URL carries findings
        "errorlog": "-",
        "logger_class": QuietLogger,
        "pre_request": log_nothing,
        "loglevel": "info",
        "limit_request_line": 8190,  # let the app answer over-long addresses with its own 414 page
        "proc_name": "triage",
        "control_socket_disable": True,  # gunicorn 24+: no control socket file in $HOME
    }


def serve(content: Content, host: str, port: int, workers: int, threads: int = THREADS, **options) -> None:
    """Build the app once, before gunicorn forks: every worker (respawned ones too) shares it and its secret
    (TRIAGE_SECRET_KEY, or the one kept in the instance folder, which outlives restarts)."""
    from triage import create_app

    app = create_app(content=content)
    refuse_unreadable_bodies(app)
    Server(app, server_options(host, port, workers, threads) | options).run()
