"""The rules of a live session, apart from HTTP: who may do what, and when.

The host starts a session on a scenario and moves it on (reveal, next, end) with the token returned once at
the start; learners answer the current step until the host reveals it. The engine's answer is given only
once the step is revealed: a learner can never read it before.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .codes import keyed, new_code, new_token, same_token, token_hash
from .debrief import step_summary
from .questions import check_answers, engine_answers, questions, tally
from .store import Full, LiveSession, LiveStore


class NotFound(Exception):
    pass


class Refused(Exception):
    """A request that does not fit the session's state (409): a step that is not current, or revealed."""


class NotHost(Exception):
    """No host token (401) or the wrong one (403)."""

    def __init__(self, missing: bool):
        self.missing = missing


@dataclass(frozen=True)
class Limits:
    max_answers: int = 500  # per step
    max_sessions: int = 50  # live at once per host
    joins_per_minute: int = 30  # per client: codes cannot be guessed by trying


class Room:
    def __init__(self, store: LiveStore, content, secret: str, limits: Limits, clock=time.time):
        self.store, self.content, self.secret, self.limits, self.clock = store, content, secret, limits, clock
        self.asked = {sid: questions(content, scenario) for sid, scenario in content.scenarios.items()}

    def start(self, scenario_id: str, host_address: str) -> tuple[LiveSession, str]:
        if scenario_id not in self.content.scenarios:
            raise NotFound(f"there is no scenario {scenario_id[:60]!r}")
        token = new_token()
        for _ in range(20):
            session = LiveSession(new_code(), scenario_id, 1, False, token_hash(token),
                                  keyed(self.secret, "host:" + host_address), self.clock())
            if self.store.create(session, self.limits.max_sessions):
                return session, token
        raise Full("no free join code was found; try again")

    def get(self, code: str) -> LiveSession:
        session = self.store.get(code, self.clock())
        if session is None:
            raise NotFound(f"there is no live session {code!r}: it has ended, or the code is mistyped")
        return session

    def steps(self, session: LiveSession) -> tuple:
        return self.content.scenarios[session.scenario].steps

    def may_join(self, client_address: str) -> bool:
        return self.store.hit(keyed(self.secret, "join:" + client_address), 60, self.limits.joins_per_minute,
                              self.clock())

    def answer(self, code: str, step: int, device: str, raw) -> None:
        session = self.get(code)
        if step != session.step:
            raise Refused(f"step {step} is not the current step ({session.step})")
        if session.revealed:
            raise Refused(f"step {step} has been revealed: answers to it are closed")
        answers = check_answers(self.asked[session.scenario], raw)
        self.store.answer(code, step, device, answers, self.limits.max_answers, self.clock())

    def host(self, code: str, token: str | None) -> LiveSession:
        if not token:  # asked for before the session is looked up: without a token, nothing is said about it
            raise NotHost(missing=True)
        session = self.get(code)
        if not same_token(token, session.host_token_hash):
            raise NotHost(missing=False)
        return session

    def reveal(self, code: str, token: str | None) -> LiveSession:
        session = self.host(code, token)
        moved = session.moved(session.step, True, self.clock())
        self.store.save(moved)
        return moved

    def next(self, code: str, token: str | None) -> LiveSession:
        session = self.host(code, token)
        if session.step >= len(self.steps(session)):
            raise Refused("this was the last step: end the session for the debrief")
        moved = session.moved(session.step + 1, False, self.clock())
        self.store.save(moved)
        return moved

    def end(self, code: str, token: str | None) -> list:
        """Delete the session; what it held is summed up first, step by step, for the debrief (kept nowhere)."""
        session = self.host(code, token)
        debrief = [self.summary(session, number) for number in range(1, session.step + 1)]
        self.store.end(code)
        return debrief

    def summary(self, session: LiveSession, number: int | None = None) -> dict:
        """The room's answers to a step beside the engine's: the spread, the share right, the misconception."""
        number = number or session.step
        scenario, asked = self.content.scenarios[session.scenario], self.asked[session.scenario]
        engine = engine_answers(self.content, asked, scenario.steps[number - 1])
        return step_summary(self.content, scenario, number, asked, self.store.answers(session.code, number), engine)

    def view(self, session: LiveSession) -> dict:
        """The session as everyone may see it: the engine's answer only once the step is revealed."""
        scenario, asked = self.content.scenarios[session.scenario], self.asked[session.scenario]
        answers = self.store.answers(session.code, session.step)
        shown = {"scenario": session.scenario, "step": session.step, "steps": len(scenario.steps),
                 "revealed": session.revealed, "responses": len(answers), "tally": tally(asked, answers)}
        if session.revealed:
            shown["answer"] = engine_answers(self.content, asked, scenario.steps[session.step - 1])
        return shown

    def questions(self, session: LiveSession) -> tuple:
        return self.asked[session.scenario]
