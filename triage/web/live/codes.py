"""Join codes, host and device tokens, and the keyed hash of an address: all random or one-way."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# No 0/O, 1/I/L, 2/Z, 5/S, 6/G or 8/B: a code read off a projector is typed right.
ALPHABET = "ACDEFHJKMNPQRTUVWXY3479"
LENGTH = 6


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def clean_code(text: str) -> str | None:
    """A code as someone typed it (any case, spaces or dashes), or None when it cannot be one."""
    code = "".join(ch for ch in text.upper() if ch not in " -")
    return code if len(code) == LENGTH and all(ch in ALPHABET for ch in code) else None


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_token(token: str, wanted_hash: str) -> bool:
    return hmac.compare_digest(token_hash(token), wanted_hash)


def keyed(secret: str, text: str) -> str:
    """A one-way, keyed hash: an address counted for a limit is never kept as it is."""
    return hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest()[:32]
