"""The progress store's interface and its records: attempts at exercises and events around them."""

from collections.abc import Iterable
from datetime import UTC, datetime
from types import TracebackType
from typing import Literal, NamedTuple, Protocol, Self, get_args

from tutor.base.errors import StoreError

Outcome = Literal["passed", "failed", "skipped"]
# `review` when the learner had passed the exercise before this try began, else `new`.
AttemptKind = Literal["new", "review"]
# A hint shown (value: its number), the solution revealed, an exercise started or reset, a
# lesson read.
EventKind = Literal["hint", "reveal", "start", "reset", "read"]

# The same values at run time, declared once above.
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
ATTEMPT_KINDS: tuple[AttemptKind, ...] = get_args(AttemptKind)
EVENT_KINDS: tuple[EventKind, ...] = get_args(EventKind)


def _utc(value: datetime, name: str) -> datetime:
    # A naive datetime is ambiguous once stored; refusing it here keeps every row comparable.
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}")
    return value.astimezone(UTC)


class _AttemptFields(NamedTuple):
    id: str
    learner: str
    key: str
    started: datetime
    finished: datetime
    outcome: Outcome
    score: float
    hints_used: int
    seconds: float
    kind: AttemptKind = "new"
    detail: str = ""
    revealed: bool = False  # the reference solution was shown during this try, before it ended


class Attempt(_AttemptFields):
    """One finished try at one exercise; the store only ever appends these.

    A named tuple (made and read back several times faster than a frozen dataclass, which
    every start of the tutor pays for), validated when made.
    """

    __slots__ = ()

    def __new__(
        cls,
        id: str,
        learner: str,
        key: str,
        started: datetime,
        finished: datetime,
        outcome: Outcome,
        score: float,
        hints_used: int,
        seconds: float,
        kind: AttemptKind = "new",
        detail: str = "",
        revealed: bool = False,
    ) -> "Attempt":
        if not id:
            raise ValueError("an attempt needs an id; make attempts with new_attempt()")
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {OUTCOMES}, got {outcome!r}")
        if kind not in ATTEMPT_KINDS:
            raise ValueError(f"kind must be one of {ATTEMPT_KINDS}, got {kind!r}")
        if revealed is not True and revealed is not False:  # 1 or "yes" would pass a truth test
            raise ValueError(f"revealed must be True or False, got {revealed!r}")
        if not 0.0 <= score <= 1.0:
            raise ValueError(f"score must be between 0 and 1, got {score}")
        if hints_used < 0 or seconds < 0:
            raise ValueError("hints_used and seconds cannot be negative")
        # Normalised to UTC so that equal instants compare and sort the same in every store.
        started, finished = _utc(started, "started"), _utc(finished, "finished")
        return super().__new__(
            cls,
            id,
            learner,
            key,
            started,
            finished,
            outcome,
            score,
            hints_used,
            seconds,
            kind,
            detail,
            revealed,
        )


class _EventFields(NamedTuple):
    learner: str
    key: str
    at: datetime
    kind: EventKind
    value: int = 0


class Event(_EventFields):
    """Something a learner did that is not an attempt: a hint, a reveal, a start, a reset, a read."""

    __slots__ = ()

    def __new__(
        cls, learner: str, key: str, at: datetime, kind: EventKind, value: int = 0
    ) -> "Event":
        # A misspelt kind would silently vanish from hints_revealed and friends.
        if kind not in EVENT_KINDS:
            raise ValueError(f"event kind must be one of {EVENT_KINDS}, got {kind!r}")
        return super().__new__(cls, learner, key, _utc(at, "at"), kind, value)


def new_attempt(
    *,
    learner: str,
    key: str,
    started: datetime,
    finished: datetime,
    outcome: Outcome,
    score: float,
    hints_used: int,
    seconds: float,
    kind: AttemptKind = "new",
    detail: str = "",
    revealed: bool = False,
) -> Attempt:
    """Make an attempt with a fresh id, unique across every store it may be merged into."""
    # Imported here: uuid pulls in `platform`, a few ms nobody on the read-only paths needs.
    import uuid

    return Attempt(
        id=uuid.uuid4().hex,
        learner=learner,
        key=key,
        started=started,
        finished=finished,
        outcome=outcome,
        score=score,
        hints_used=hints_used,
        seconds=seconds,
        kind=kind,
        detail=detail,
        revealed=revealed,
    )


class _PendingFields(NamedTuple):
    attempts: int = 0
    events: int = 0


class Pending(_PendingFields):
    """How many attempts and events wait in the local outbox to be sent to the server."""

    __slots__ = ()

    def __bool__(self) -> bool:
        # A tuple of two counts is always true; "is anything waiting?" should read naturally.
        return bool(self.attempts or self.events)

    @property
    def total(self) -> int:
        return self.attempts + self.events


class OfflineError(StoreError):
    """The progress server could not be reached, even after waiting for it: `store.pending()`
    says what waits in the local outbox to be sent once it is back."""


class ProgressStore(Protocol):
    """The append-only log of a team's learning, whatever database holds it."""

    path: str

    def record(self, attempt: Attempt) -> None:
        """Append one attempt in one transaction; returns once it is durable.

        Recording an id already in the store does nothing, so a retried or re-imported
        attempt is never counted twice. On a server that stays away, the attempt is kept in
        the local outbox instead (durable there; `offline` is then True) and sent, in order,
        before the next operation that reaches the server, by this process or another.
        """

    def record_many(self, attempts: Iterable[Attempt]) -> int:
        """Append many attempts in one transaction; returns how many were new."""

    def record_event(self, event: Event) -> None:
        """Append one event in one transaction; kept in the outbox as `record` keeps attempts."""

    def merge(self, attempts: Iterable[Attempt], events: Iterable[Event]) -> tuple[int, int]:
        """Append attempts and events in one transaction (all or nothing), skipping attempts whose
        id is known and events equal in every field to a recorded one; returns how many of each
        were new. This is how a log from another machine is imported."""

    def attempts(self, learner: str, key: str | None = None) -> list[Attempt]:
        """The learner's attempts (at one exercise, if `key` is given), oldest finished first."""

    def attempts_after(self, learner: str, position: int) -> tuple[list[Attempt], int]:
        """The learner's attempts recorded after `position`, in the order they were recorded,
        and the log's position now.

        Positions are opaque, only ever grow, and are 0 for an empty log: a cache derived from
        the log at position P is brought up to date by applying `attempts_after(learner, P)`.
        """

    @property
    def identity(self) -> str:
        """A random id made when the database was created (a new file gets a new id), and made
        anew whenever rename_learner moves rows: what is derived from the log is keyed by it."""

    def events(
        self, learner: str, key: str | None = None, kind: EventKind | None = None
    ) -> list[Event]:
        """The learner's events, optionally for one exercise and one kind, oldest first."""

    def latest_outcomes(self, learner: str) -> dict[str, Outcome]:
        """Exercise key -> "passed" if ever passed, else the outcome of the latest attempt."""

    def hints_revealed(self, learner: str, key: str, since: datetime | None = None) -> int:
        """How many distinct hints of one exercise the learner has revealed (after `since`)."""

    def learners(self) -> list[str]:
        """Every learner with an attempt or an event, sorted: the team view (for the skills
        matrix, or moving a whole store), which a learner's own commands never need."""

    def rename_learner(self, old: str, new: str) -> tuple[int, int]:
        """Give every attempt and event of `old` to `new`, in one transaction (all or nothing);
        returns how many attempts and events moved. Rows `new` already has stay: the two
        histories merge. The only change the log allows to recorded attempts.

        Moved rows keep their positions, which a cache of `new` at a later position would never
        read again, so a rename that moves anything also makes a new `identity`.
        """

    @property
    def offline(self) -> bool:
        """True when the last operation could not reach the server: a write then went to the
        local outbox, a read raised OfflineError (or was answered from what this process read
        before). Always False for a file."""

    def pending(self) -> Pending:
        """What waits in the local outbox to be sent to the server (nothing, for a file)."""

    def close(self) -> None:
        """Release the database; the store cannot be used afterwards."""

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...
