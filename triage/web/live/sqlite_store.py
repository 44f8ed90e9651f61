"""The default live store: an SQLite file in the instance folder (WAL), shared by every worker of one machine."""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager

from .store import IDLE_SECONDS, Full, LiveSession, StoreUnavailable

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (code TEXT PRIMARY KEY, data TEXT NOT NULL, host_key TEXT NOT NULL,
                                     touched REAL NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_by_host ON sessions (host_key);
CREATE TABLE IF NOT EXISTS answers (code TEXT NOT NULL, step INTEGER NOT NULL, device TEXT NOT NULL,
                                    answers TEXT NOT NULL, PRIMARY KEY (code, step, device));
CREATE TABLE IF NOT EXISTS attempts (key TEXT NOT NULL, window INTEGER NOT NULL, count INTEGER NOT NULL,
                                     PRIMARY KEY (key, window));
"""


class SqliteStore:
    def __init__(self, path: str):
        self.path = path
        self.ready = False

    @contextmanager
    def _db(self, write: bool = False):
        """A connection for one operation, in a transaction (BEGIN IMMEDIATE when it writes)."""
        try:
            if not self.ready:
                os.makedirs(os.path.dirname(self.path) or ".", mode=0o700, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise StoreUnavailable(f"the live-session store cannot be opened ({type(error).__name__})") from None
        try:
            if not self.ready:
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(SCHEMA)
                self.ready = True
            db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            yield db
            db.execute("COMMIT")
        except sqlite3.Error as error:
            raise StoreUnavailable(f"the live-session store failed ({type(error).__name__})") from None
        finally:
            db.close()

    def create(self, session: LiveSession, max_per_host: int) -> bool:
        with self._db(write=True) as db:
            self._purge(db, session.touched)
            (count,) = db.execute("SELECT count(*) FROM sessions WHERE host_key = ?", (session.host_key,)).fetchone()
            if count >= max_per_host:
                raise Full(f"this host already runs {count} live sessions")
            taken = db.execute("SELECT 1 FROM sessions WHERE code = ?", (session.code,)).fetchone()
            if taken:
                return False
            db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?)",
                       (session.code, session.to_json(), session.host_key, session.touched))
            return True

    def get(self, code: str, now: float) -> LiveSession | None:
        with self._db(write=True) as db:
            row = db.execute("SELECT data, touched FROM sessions WHERE code = ?", (code,)).fetchone()
            if row is None:
                return None
            if row[1] < now - IDLE_SECONDS:
                self._delete(db, code)
                return None
            return LiveSession.from_json(row[0])

    def save(self, session: LiveSession) -> None:
        with self._db(write=True) as db:
            db.execute("UPDATE sessions SET data = ?, touched = ? WHERE code = ?",
                       (session.to_json(), session.touched, session.code))

    def answer(self, code: str, step: int, device: str, answers: dict, max_answers: int, now: float) -> None:
        with self._db(write=True) as db:
            known = db.execute("SELECT 1 FROM answers WHERE code = ? AND step = ? AND device = ?",
                               (code, step, device)).fetchone()
            if not known:
                (count,) = db.execute("SELECT count(*) FROM answers WHERE code = ? AND step = ?",
                                      (code, step)).fetchone()
                if count >= max_answers:
                    raise Full(f"step {step} already has {count} answers")
            db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)",
                       (code, step, device, json.dumps(answers, sort_keys=True)))
            db.execute("UPDATE sessions SET touched = ? WHERE code = ?", (now, code))

    def answers(self, code: str, step: int) -> list[dict]:
        with self._db() as db:
            rows = db.execute("SELECT answers FROM answers WHERE code = ? AND step = ? ORDER BY device",
                              (code, step)).fetchall()
        return [json.loads(text) for (text,) in rows]

    def answered(self, code: str, step: int, device: str) -> bool:
        with self._db() as db:
            return db.execute("SELECT 1 FROM answers WHERE code = ? AND step = ? AND device = ?",
                              (code, step, device)).fetchone() is not None

    def end(self, code: str) -> None:
        with self._db(write=True) as db:
            self._delete(db, code)

    def hit(self, key: str, window: int, limit: int, now: float) -> bool:
        slot = int(now // window)
        with self._db(write=True) as db:
            db.execute("DELETE FROM attempts WHERE window < ?", (slot - 1,))
            db.execute("INSERT INTO attempts VALUES (?, ?, 1) ON CONFLICT (key, window) DO UPDATE "
                       "SET count = count + 1", (key, slot))
            (count,) = db.execute("SELECT count FROM attempts WHERE key = ? AND window = ?", (key, slot)).fetchone()
        return count <= limit

    @staticmethod
    def _delete(db, code: str) -> None:
        db.execute("DELETE FROM answers WHERE code = ?", (code,))
        db.execute("DELETE FROM sessions WHERE code = ?", (code,))

    @staticmethod
    def _purge(db, now: float) -> None:
        """Delete every session idle too long, and its answers."""
        stale = [code for (code,) in db.execute("SELECT code FROM sessions WHERE touched < ?", (now - IDLE_SECONDS,))]
        for code in stale:
            SqliteStore._delete(db, code)
