"""The learner's history, folded from the attempt log: per-exercise state and per-day activity.

Everything the scheduler, streaks and mastery need is derived here, one attempt at a time, in
the order the attempts finished. The log stays the only source of truth; this fold is what a
derived cache keeps (see `progress.derived`).

A *try* is every attempt recorded between starting an exercise and finishing it: the attempts
share their `started` time. The checks a learner runs while editing are drafts of that try: a
try passes when any of its checks passes, and a review try fails (a lapse) only once it ends
without a pass: when the learner starts the exercise again, or when its learning day is over
(`settle`). So a learner who saves failing drafts and then passes has passed, and a leech is
an exercise with LEECH_LAPSES failed reviews, as Anki counts them, not failed drafts.
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta, tzinfo
from typing import NamedTuple

from tutor.base.days import from_us, learning_day
from tutor.progress.reviews import AGAIN, HARD, Card, rate, review

NOT_STARTED, ATTEMPTED, FAMILIAR, PROFICIENT, MASTERED = range(5)
FAMILIAR_SCORE = 0.7  # share of checks passed on the best try
MASTERY_GAP = timedelta(days=7)  # a review pass this long after becoming proficient: mastered
LEECH_LAPSES = 8  # Anki's default leech threshold
RECENT_DAYS = 8  # days of detail kept for stand-ups


class Entry(NamedTuple):
    """The part of an attempt the fold reads (times in microseconds since 1970, UTC)."""

    finished_us: int
    key: str
    outcome: str  # passed | failed | skipped
    score: float
    hints_used: int
    seconds: float
    started_us: int = 0  # the try it belongs to
    revealed: bool = False  # the reference solution was revealed before it finished


class ExerciseState(NamedTuple):
    tries: int = 0  # tries with a passed or failed check
    lapses: int = 0  # review tries that ended without a pass
    best: float = 0.0  # best score
    level: int = NOT_STARTED
    proficient_since_us: int = 0
    card: Card | None = None  # None until the first pass makes it a review item
    card_day: int = 0  # ordinal of the learning day of the card's last review
    failed_since_pass: bool = False
    last_us: int = 0
    try_us: int = 0  # `started` of the latest try
    try_day: int = 0  # ordinal of the learning day of its latest check
    try_seconds: float = 0.0  # of the latest try, already counted in its day's time
    lapse_us: int = 0  # a review try that failed and has not ended yet: its last failure
    lapse_day: int = 0

    @property
    def leech(self) -> bool:
        return self.lapses >= LEECH_LAPSES


class DayStat(NamedTuple):
    items: int = 0  # passed or failed attempts
    passed: int = 0
    seconds: float = 0.0


class Done(NamedTuple):
    """One attempt of a recent day, with the level it moved the exercise between."""

    key: str
    outcome: str
    seconds: float  # what it added to its day's time (its try's time is counted once)
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
        at = from_us(entry.finished_us)
        day = learning_day(at, zone)
        before = history.exercises.get(entry.key) or ExerciseState()
        before = end_try(before, entry.started_us, day.toordinal())
        if entry.outcome == "skipped":
            history.exercises[entry.key] = before._replace(try_us=entry.started_us)
            continue
        after = step(before, entry, at, day.toordinal(), minutes_of)
        history.exercises[entry.key] = after
        new_try = entry.started_us != before.try_us or day.toordinal() != before.try_day
        # Each check of a try reports the time since the try began: what this one adds.
        added = after.try_seconds - (0.0 if new_try else before.try_seconds)
        stat = history.days.get(day) or DayStat()
        history.days[day] = DayStat(
            stat.items + new_try, stat.passed + (entry.outcome == "passed"), stat.seconds + added
        )
        done = Done(entry.key, entry.outcome, added, before.level, after.level)
        history.recent.setdefault(day, []).append(done)


def settle(history: History, today: date) -> None:
    """End every failed review try of a day before `today`: each counts as a lapse now."""
    ordinal = today.toordinal()
    for key, state in history.exercises.items():
        if state.lapse_us and state.lapse_day < ordinal:
            history.exercises[key] = _lapse(state)


def end_try(state: ExerciseState, started_us: int, day: int) -> ExerciseState:
    """A failed review try ends when another try starts or its day is over."""
    if state.lapse_us and (started_us != state.try_us or day != state.lapse_day):
        return _lapse(state)
    return state


def _lapse(state: ExerciseState) -> ExerciseState:
    assert state.card is not None  # only a review try can lapse
    card = review(state.card, AGAIN, from_us(state.lapse_us))
    # A lapse drops one level; proficiency then dates from the lapse.
    level = max(state.level - 1, ATTEMPTED)
    since = state.lapse_us if level == PROFICIENT else state.proficient_since_us
    return state._replace(
        card=card,
        card_day=state.lapse_day,
        level=level,
        proficient_since_us=since,
        lapses=state.lapses + 1,
        lapse_us=0,
        lapse_day=0,
    )


def step(
    state: ExerciseState,
    entry: Entry,
    at: datetime,
    day: int,
    minutes_of: Callable[[str], int],
) -> ExerciseState:
    """One exercise's state after one passed or failed check of a try.

    A card gets at most one review a learning day: later tries the same day change mastery,
    not the schedule. A pass after the solution was revealed is rated Hard at best and raises
    the level to familiar at most.
    """
    passed = entry.outcome == "passed"
    same_try = entry.started_us == state.try_us and state.tries > 0
    best = max(state.best, entry.score)
    card, card_day = state.card, state.card_day
    level, since = state.level, state.proficient_since_us
    lapse_us, lapse_day = state.lapse_us, state.lapse_day
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
            if entry.revealed:
                rating = min(rating, HARD)
            card, card_day = review(card, rating, at), day
        if entry.revealed:
            level = max(level, FAMILIAR)
        elif level < PROFICIENT:
            level, since = PROFICIENT, entry.finished_us
        elif level == PROFICIENT and reviewing and _gap(since, entry.finished_us) >= MASTERY_GAP:
            level = MASTERED
        lapse_us = lapse_day = 0
        failed = False
    else:
        if reviewing:  # a lapse, unless a later check of this try passes
            lapse_us, lapse_day = entry.finished_us, day
        elif card is None:
            level = max(level, FAMILIAR if best >= FAMILIAR_SCORE else ATTEMPTED)
        failed = True
    return ExerciseState(
        tries=state.tries + (not same_try),
        lapses=state.lapses,
        best=best,
        level=level,
        proficient_since_us=since,
        card=card,
        card_day=card_day,
        failed_since_pass=failed,
        last_us=entry.finished_us,
        try_us=entry.started_us,
        try_day=day,
        # Every check of a try reports the time since the try began: the latest is its length.
        try_seconds=entry.seconds if not same_try else max(entry.seconds, state.try_seconds),
        lapse_us=lapse_us,
        lapse_day=lapse_day,
    )


def _gap(since_us: int, now_us: int) -> timedelta:
    return timedelta(microseconds=now_us - since_us)
