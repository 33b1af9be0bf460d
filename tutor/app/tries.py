"""What the attempt log records about a try, derived from the log itself.

A try is the learner's work on one exercise from its first start to its end. It ends with a
pass, a skip, or a quiz answer (a quiz is answered once a try); the checks that fail on the
way are its drafts. Every attempt of a try is stored with the try's start, so its duration is
the learner's real time, wherever the exercise was started (`tutor start`, `tutor today`) and
wherever it was checked. Its kind is `review` when the exercise was passed before the try
began, else `new`. The hints it used and whether the solution was revealed count from the last
pass on: a review starts again with no hints.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from tutor.store.model import Attempt, AttemptKind, Event, ProgressStore


class Try(NamedTuple):
    started: datetime | None  # None: nothing started since the last try ended
    kind: AttemptKind
    hints: int
    revealed: bool


def ends_a_try(attempt: Attempt, quiz: bool) -> bool:
    return attempt.outcome != "failed" or quiz


def current_try(store: ProgressStore, learner: str, key: str, *, quiz: bool) -> Try:
    """The try in progress at `key`: when it started, its kind, hints and reveals so far."""
    attempts = store.attempts(learner, key)
    ended = max((a.finished for a in attempts if ends_a_try(a, quiz)), default=None)
    last_pass = max((a.finished for a in attempts if a.outcome == "passed"), default=None)
    events = store.events(learner, key)
    started = next(
        (e.at for e in events if e.kind == "start" and (ended is None or e.at > ended)), None
    )
    since_pass = [e for e in events if last_pass is None or e.at > last_pass]
    hints = {e.value for e in since_pass if e.kind == "hint"}
    revealed = any(e.kind == "reveal" for e in since_pass)
    kind: AttemptKind = "new"
    if last_pass is not None and (started is None or last_pass <= started):
        kind = "review"
    return Try(started, kind, len(hints), revealed)


def start_event(learner: str, key: str, at: datetime) -> Event:
    return Event(learner, key, at, "start")
