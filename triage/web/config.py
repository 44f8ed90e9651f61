"""Configuration: safe defaults, then TRIAGE_* environment variables, then the caller's overrides.

Read inside the factory only, never at import, so importing the package reads no environment.
"""

from __future__ import annotations

import os
import secrets

from flask import Flask

DEFAULTS = {
    # Exists only for the CSRF token. Without TRIAGE_SECRET_KEY one is generated once into the
    # instance folder (secret_key, owner-only), so every worker and every restart shares it.
    "SECRET_KEY": None,
    "INSTANCE_PATH": None,  # TRIAGE_INSTANCE_PATH; default Flask's instance folder (instance/ in a checkout)
    "MAX_CONTENT_LENGTH": 64 * 1024,  # a full workbench form or findings document is under 4 KB
    "MAX_FORM_PARTS": 300,
    "MAX_QUERY_LENGTH": 4096,  # a result URL with every field and every item is under 3 KB
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,  # set TRIAGE_SESSION_COOKIE_SECURE=true behind HTTPS
    # Referrer-Policy: no-referrer means browsers send no Referer, which Flask-WTF's strict HTTPS
    # check would refuse; the token plus the SameSite=Lax cookie is the CSRF defence.
    "WTF_CSRF_SSL_STRICT": False,
    "PROXY_HOPS": 0,  # how many trusted proxies set X-Forwarded-For/-Proto/-Host (TRIAGE_PROXY_HOPS)
    "SEND_FILE_MAX_AGE_DEFAULT": 3600,
    # Live class sessions: TRIAGE_LIVE_STORE is "sqlite" (a file in the instance folder) or a redis:// URL.
    "LIVE_STORE": "sqlite",
    "LIVE_MAX_ANSWERS_PER_STEP": 500,
    "LIVE_MAX_SESSIONS_PER_HOST": 50,
    "LIVE_JOINS_PER_MINUTE": 30,
}


def load_config(app: Flask, test_config: dict | None) -> None:
    """Defaults, then TRIAGE_* variables (JSON values allowed), then test_config; then the secret key."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("TRIAGE")
    if test_config:
        app.config.from_mapping(test_config)
    if app.config["INSTANCE_PATH"]:
        app.instance_path = os.path.abspath(app.config["INSTANCE_PATH"])
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
    app.config["SECRET_KEY"] = str(app.config["SECRET_KEY"])


def instance_secret_key(folder: str) -> str:
    """The key in folder/secret_key, made there first if there is none (the folder too).

    A new key is written to a file of its own, created exclusively with mode 0o600, and then hard-linked
    to secret_key, which fails if the name exists: of processes starting at once (workers building the app
    each), one key wins, and no process can read a half-written file.
    """
    path = os.path.join(folder, "secret_key")
    if not os.path.exists(path):
        os.makedirs(folder, mode=0o700, exist_ok=True)
        draft = f"{path}.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                file.write(secrets.token_hex(32) + "\n")
            os.link(draft, path)
        except FileExistsError:
            pass  # another process made it first: use its key
        finally:
            os.unlink(draft)
    with open(path, encoding="utf-8") as file:
        key = file.read().strip()
    if not key:
        raise RuntimeError(f"{path} is empty: delete it, and a new key is made at the next start")
    return key
