"""The live store for several app hosts: Redis, every key expiring after the session's idle time."""

from __future__ import annotations

import json

import redis

from .store import IDLE_SECONDS, Full, LiveSession, StoreUnavailable

PREFIX = "triage:live:"

# One round trip each: the limit checks and the writes happen together, so two app hosts cannot both pass
# a limit that only one of them may.
CREATE = """
for _, code in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if redis.call('EXISTS', ARGV[5] .. code) == 0 then redis.call('SREM', KEYS[2], code) end
end
local count = redis.call('SCARD', KEYS[2])
if count >= tonumber(ARGV[3]) then return -1 end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) == false then return 0 end
redis.call('SADD', KEYS[2], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return 1
"""
ANSWER = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then
  return -1
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
return 1
"""


class RedisStore:
    def __init__(self, url: str):
        self.client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5, decode_responses=True)
        self.create_script = self.client.register_script(CREATE)
        self.answer_script = self.client.register_script(ANSWER)

    def _call(self, action):
        try:
            return action()
        except redis.RedisError as error:
            raise StoreUnavailable(f"the live-session store cannot be reached ({type(error).__name__})") from None

    def create(self, session: LiveSession, max_per_host: int) -> bool:
        host = PREFIX + "host:" + session.host_key
        outcome = self._call(lambda: self.create_script(
            keys=[PREFIX + "session:" + session.code, host],
            args=[session.to_json(), IDLE_SECONDS, max_per_host, session.code, PREFIX + "session:"]))
        if outcome == -1:
            raise Full("this host already runs the most live sessions allowed")
        return outcome == 1

    def get(self, code: str, now: float) -> LiveSession | None:
        text = self._call(lambda: self.client.get(PREFIX + "session:" + code))
        return None if text is None else LiveSession.from_json(text)

    def save(self, session: LiveSession) -> None:
        def write():
            with self.client.pipeline() as pipe:
                pipe.set(PREFIX + "session:" + session.code, session.to_json(), ex=IDLE_SECONDS, xx=True)
                for key in self.client.scan_iter(f"{PREFIX}answers:{session.code}:*"):
                    pipe.expire(key, IDLE_SECONDS)  # the answers of earlier steps live as long as the session
                pipe.execute()

        self._call(write)

    def answer(self, code: str, step: int, device: str, answers: dict, max_answers: int, now: float) -> None:
        outcome = self._call(lambda: self.answer_script(
            keys=[f"{PREFIX}answers:{code}:{step}", PREFIX + "session:" + code],
            args=[device, json.dumps(answers, sort_keys=True), max_answers, IDLE_SECONDS]))
        if outcome == -1:
            raise Full(f"step {step} already has the most answers allowed")

    def answers(self, code: str, step: int) -> list[dict]:
        stored = self._call(lambda: self.client.hgetall(f"{PREFIX}answers:{code}:{step}"))
        return [json.loads(stored[device]) for device in sorted(stored)]

    def answered(self, code: str, step: int, device: str) -> bool:
        return bool(self._call(lambda: self.client.hexists(f"{PREFIX}answers:{code}:{step}", device)))

    def end(self, code: str) -> None:
        def delete():
            session = self.client.get(PREFIX + "session:" + code)
            keys = [PREFIX + "session:" + code, *self.client.scan_iter(f"{PREFIX}answers:{code}:*")]
            if session is not None:
                self.client.srem(PREFIX + "host:" + LiveSession.from_json(session).host_key, code)
            self.client.delete(*keys)

        self._call(delete)

    def hit(self, key: str, window: int, limit: int, now: float) -> bool:
        slot = f"{PREFIX}attempts:{key}:{int(now // window)}"

        def count():
            with self.client.pipeline() as pipe:
                pipe.incr(slot)
                pipe.expire(slot, window * 2)
                return pipe.execute()[0]

        return self._call(count) <= limit
