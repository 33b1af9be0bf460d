"""What one process last read from the progress server, kept up to date with its own writes, so
that the same reads can still be answered while the server is away.

Only the reads a learner's work on an exercise repeats are kept: one exercise's attempts, its
events (or one kind of event), and the learner's latest outcomes. They are what the tutor reads
to record the try in progress (when it started, its hints, whether it is a review), so a session
that loses its server records the attempt just finished into the outbox instead of failing
before it. What other processes recorded since the last read is not seen until the server is
back; a read never made while the server was there raises OfflineError.
"""

from __future__ import annotations

import bisect

from tutor.store.model import Attempt, Event, EventKind, Outcome

EventsKey = tuple[str, str | None, EventKind | None]  # learner, exercise key, kind


class Seen:
    """Reads remembered per process; see the module's docstring for which."""

    def __init__(self) -> None:
        self._attempts: dict[tuple[str, str], list[Attempt]] = {}
        self._events: dict[EventsKey, list[Event]] = {}
        self._outcomes: dict[str, dict[str, Outcome]] = {}

    # --- what the server said -----------------------------------------------------------------

    def saw_attempts(self, learner: str, key: str | None, found: list[Attempt]) -> None:
        if key is not None:  # a whole log would cost memory for a read no use case repeats
            self._attempts[learner, key] = list(found)

    def saw_events(
        self, learner: str, key: str | None, kind: EventKind | None, found: list[Event]
    ) -> None:
        if key is not None or kind is not None:
            self._events[learner, key, kind] = list(found)

    def saw_outcomes(self, learner: str, found: dict[str, Outcome]) -> None:
        self._outcomes[learner] = dict(found)

    # --- what this process wrote ------------------------------------------------------------

    def wrote_attempt(self, attempt: Attempt) -> None:
        kept = self._attempts.get((attempt.learner, attempt.key))
        if kept is not None and all(a.id != attempt.id for a in kept):
            # Oldest finished first, a tie after those already there, as the store orders them.
            bisect.insort_right(kept, attempt, key=lambda a: a.finished)
        outcomes = self._outcomes.get(attempt.learner)
        # "passed" once ever passed, else the latest attempt's: the one just finished.
        if outcomes is not None and outcomes.get(attempt.key) != "passed":
            outcomes[attempt.key] = attempt.outcome

    def wrote_event(self, event: Event) -> None:
        for key in (event.key, None):
            for kind in (event.kind, None):
                kept = self._events.get((event.learner, key, kind))
                if kept is not None:
                    bisect.insort_right(kept, event, key=lambda e: e.at)

    # --- answers while the server is away ------------------------------------------------------

    def attempts(self, learner: str, key: str | None) -> list[Attempt] | None:
        kept = self._attempts.get((learner, key)) if key is not None else None
        return None if kept is None else list(kept)

    def events(self, learner: str, key: str | None, kind: EventKind | None) -> list[Event] | None:
        kept = self._events.get((learner, key, kind))
        return None if kept is None else list(kept)

    def latest_outcomes(self, learner: str) -> dict[str, Outcome] | None:
        kept = self._outcomes.get(learner)
        return None if kept is None else dict(kept)
