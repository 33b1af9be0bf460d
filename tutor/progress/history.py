"""The learner's history, folded from the attempt log: per-exercise state and per-day activity.

Everything the scheduler, streaks and mastery need is derived here, one attempt at a time, in
the order the attempts finished. The log stays the only source of truth; this fold is what a
derived cache keeps (see `progress_cache`).
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta, tzinfo
from typing import NamedTuple

from tutor.base.days import from_us, learning_day
from tutor.progress.reviews import AGAIN, Card, rate, review

NOT_STARTED, ATTEMPTED, FAMILIAR, PROFICIENT, MASTERED = range(5)
FAMILIAR_SCORE = 0.7  # share of checks passed on the best try
MASTERY_GAP = timedelta(days=7)  # a review pass this long after becoming proficient: mastered
LEECH_FAILS = 8
RECENT_DAYS = 8  # days of detail kept for stand-ups


class Entry(NamedTuple):
    """The part of an attempt the fold reads (times in microseconds since 1970, UTC)."""

    finished_us: int
    key: str
    outcome: str  # passed | failed | skipped
    score: float
    hints_used: int
    seconds: float


class ExerciseState(NamedTuple):
    tries: int = 0  # passed or failed attempts
    fails: int = 0
    best: float = 0.0  # best score
    level: int = NOT_STARTED
    proficient_since_us: int = 0
    card: Card | None = None  # None until the first pass makes it a review item
    card_day: int = 0  # ordinal of the learning day of the card's last review
    failed_since_pass: bool = False
    last_us: int = 0

    @property
    def leech(self) -> bool:
        return self.fails >= LEECH_FAILS


class DayStat(NamedTuple):
    items: int = 0  # passed or failed attempts
    passed: int = 0
    seconds: float = 0.0


class Done(NamedTuple):
    """One attempt of a recent day, with the level it moved the exercise between."""

    key: str
    outcome: str
    seconds: float
    level_before: int
    level_after: int


class History:
    """Per-exercise state, per-day activity, and the detail of the last few days."""

    __slots__ = ("days", "exercises", "recent")

    def __init__(
        self,
        exercises: dict[str, ExerciseState] | None = None,
        days: dict[date, DayStat] | None = None,
        recent: dict[date, list[Done]] | None = None,
    ) -> None:
        self.exercises = exercises if exercises is not None else {}
        self.days = days if days is not None else {}
        self.recent = recent if recent is not None else {}

    def copy(self) -> "History":
        return History(
            dict(self.exercises), dict(self.days), {d: list(v) for d, v in self.recent.items()}
        )

    def state(self, key: str) -> ExerciseState:
        return self.exercises.get(key) or ExerciseState()

    def prune(self, today: date) -> None:
        horizon = today - timedelta(days=RECENT_DAYS)
        for day in [d for d in self.recent if d < horizon]:
            del self.recent[day]


def fold(
    history: History,
    entries: Iterable[Entry],
    minutes_of: Callable[[str], int],
    zone: tzinfo | None,
) -> None:
    """Apply `entries` (in finishing order) to `history`, in place."""
    for entry in entries:
        if entry.outcome == "skipped":
            continue
        at = from_us(entry.finished_us)
        day = learning_day(at, zone)
        before = history.exercises.get(entry.key) or ExerciseState()
        after = step(before, entry, at, day.toordinal(), minutes_of)
        history.exercises[entry.key] = after
        stat = history.days.get(day) or DayStat()
        history.days[day] = DayStat(
            stat.items + 1,
            stat.passed + (entry.outcome == "passed"),
            stat.seconds + entry.seconds,
        )
        done = Done(entry.key, entry.outcome, entry.seconds, before.level, after.level)
        history.recent.setdefault(day, []).append(done)


def step(
    state: ExerciseState,
    entry: Entry,
    at: datetime,
    day: int,
    minutes_of: Callable[[str], int],
) -> ExerciseState:
    """One exercise's state after one passed or failed attempt.

    A card gets at most one review a learning day: later attempts the same day (the checks a
    learner reruns while fixing a lapse) change mastery, not the schedule.
    """
    passed = entry.outcome == "passed"
    best = max(state.best, entry.score)
    card, card_day = state.card, state.card_day
    level, since = state.level, state.proficient_since_us
    reviewing = card is not None and card_day != day
    if passed:
        if card is None or reviewing:
            rating = rate(
                passed=True,
                hints_used=entry.hints_used,
                failed_before=state.failed_since_pass,
                seconds=entry.seconds,
                minutes=minutes_of(entry.key),
            )
            card, card_day = review(card, rating, at), day
        if level < PROFICIENT:
            level, since = PROFICIENT, entry.finished_us
        elif level == PROFICIENT and reviewing and _gap(since, entry.finished_us) >= MASTERY_GAP:
            level = MASTERED
        failed = False
    else:
        if reviewing:
            card, card_day = review(card, AGAIN, at), day
            # A lapse drops one level; proficiency then dates from the lapse.
            level = max(level - 1, ATTEMPTED)
            if level == PROFICIENT:
                since = entry.finished_us
        elif card is None:
            level = max(level, FAMILIAR if best >= FAMILIAR_SCORE else ATTEMPTED)
        failed = True
    return ExerciseState(
        tries=state.tries + 1,
        fails=state.fails + (not passed),
        best=best,
        level=level,
        proficient_since_us=since,
        card=card,
        card_day=card_day,
        failed_since_pass=failed,
        last_us=entry.finished_us,
    )


def _gap(since_us: int, now_us: int) -> timedelta:
    return timedelta(microseconds=now_us - since_us)
