"""What a live class session keeps, and only this: one interface, an SQLite and a Redis implementation.

Per session: the scenario, the current step, whether it is revealed, a hash of the host's token, a keyed
hash of the host's network address (to cap sessions per host), and the anonymous answers: one per learner
device per step (a random device token; answering again replaces). No names. Everything is deleted when
the host ends the session, or after IDLE_SECONDS without activity. Rate limits count hashed addresses in
short windows. TRIAGE_LIVE_STORE picks the store: "sqlite" (the default: a file in the instance folder)
or a redis:// URL (for several app hosts behind a load balancer).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Protocol

IDLE_SECONDS = 4 * 60 * 60


class StoreUnavailable(Exception):
    """The store cannot be reached or written: pages say so plainly (503), never a 500."""


class Full(Exception):
    """A limit is reached: too many sessions for one host, or too many answers for one step."""


@dataclass(frozen=True)
class LiveSession:
    code: str
    scenario: str
    step: int  # the current step, from 1
    revealed: bool
    host_token_hash: str
    host_key: str  # a keyed hash of the host's address, only to cap sessions per host
    touched: float  # last activity, seconds since the epoch

    def to_json(self) -> str:
        return json.dumps(self.__dict__, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> LiveSession:
        return cls(**json.loads(text))

    def moved(self, step: int, revealed: bool, now: float) -> LiveSession:
        return replace(self, step=step, revealed=revealed, touched=now)


class LiveStore(Protocol):
    """What the live pages and API need of a store; every method may raise StoreUnavailable."""

    def create(self, session: LiveSession, max_per_host: int) -> bool:
        """Keep a new session; False when its code is taken; Full when the host has max_per_host."""

    def get(self, code: str, now: float) -> LiveSession | None:
        """The session, or None when there is none (or it has been idle too long: then it is deleted)."""

    def save(self, session: LiveSession) -> None:
        """Keep the session's new step, reveal and activity time."""

    def answer(self, code: str, step: int, device: str, answers: dict, max_answers: int, now: float) -> None:
        """Keep (or replace) one device's answers for a step; Full when the step has max_answers devices."""

    def answers(self, code: str, step: int) -> list[dict]:
        """Every device's answers for the step."""

    def answered(self, code: str, step: int, device: str) -> bool:
        """Whether this device has answered the step."""

    def end(self, code: str) -> None:
        """Delete the session and everything it holds."""

    def hit(self, key: str, window: int, limit: int, now: float) -> bool:
        """Count one attempt for `key` in the current `window` seconds; False when that makes it over `limit`."""


def open_store(setting: str, instance_path: str) -> LiveStore:
    """The store TRIAGE_LIVE_STORE names: "sqlite" (a file in the instance folder), sqlite:///path, or redis://."""
    if setting.startswith(("redis://", "rediss://", "unix://")):
        from .redis_store import RedisStore

        return RedisStore(setting)
    from .sqlite_store import SqliteStore

    path = setting.removeprefix("sqlite:///") if setting.startswith("sqlite:///") else None
    return SqliteStore(path or f"{instance_path}/live.sqlite3")
