"""Spaced repetition with FSRS: how an attempt rates, and when an exercise is due again."""

from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from tutor.base.days import DAY_US, from_us, to_us

if TYPE_CHECKING:
    import fsrs

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4  # fsrs.Rating's values
# A clean pass in at most this share of the exercise's estimate is "well under" it: Easy.
EASY_SHARE = 0.5
DESIRED_RETENTION = 0.9


class Card(NamedTuple):
    """An exercise's memory state, as FSRS keeps it (times in microseconds since 1970, UTC)."""

    stability: float  # days until retrievability falls to 90 %
    difficulty: float  # 1..10
    due_us: int
    last_review_us: int
    decay: float  # of the forgetting curve of the scheduler that made the card

    @property
    def due(self) -> datetime:
        return from_us(self.due_us)


def rate(
    *, passed: bool, hints_used: int, failed_before: bool, seconds: float, minutes: int
) -> int:
    """The honest FSRS rating of one attempt.

    Failed: Again. Passed after hints or a failed try: Hard. Passed cleanly: Good, or Easy when
    it took at most half the estimate.
    """
    if not passed:
        return AGAIN
    if hints_used > 0 or failed_before:
        return HARD
    if seconds <= EASY_SHARE * minutes * 60:
        return EASY
    return GOOD


def review(card: Card | None, rating: int, at: datetime) -> Card:
    """The card after a review rated `rating` at `at` (a new card when `card` is None)."""
    import fsrs

    before = _to_fsrs(card) if card is not None else fsrs.Card(card_id=0)
    scheduler = _scheduler()
    after, _log = scheduler.review_card(before, fsrs.Rating(rating), at.astimezone(UTC))
    assert after.stability is not None and after.difficulty is not None
    assert after.last_review is not None
    decay = -float(scheduler.parameters[20])
    return Card(
        after.stability, after.difficulty, to_us(after.due), to_us(after.last_review), decay
    )


def retrievability(card: Card, at: datetime) -> float:
    """The predicted probability of recalling the exercise at `at` (1.0 right after a review).

    FSRS's forgetting curve, R = (1 + F * t / S) ** decay with F = 0.9 ** (1 / decay) - 1 and
    t in whole days, with the decay of the scheduler that made the card: the same number
    `fsrs.Scheduler.get_card_retrievability` gives, without importing fsrs to read a card
    (a test holds the two equal).
    """
    elapsed = max(0, (to_us(at) - card.last_review_us) // DAY_US)
    factor = 0.9 ** (1 / card.decay) - 1
    return float((1 + factor * elapsed / card.stability) ** card.decay)


@cache
def _scheduler() -> "fsrs.Scheduler":
    import fsrs

    # No learning steps: every interval is in days. No fuzzing: the plan must be reproducible
    # (and stable within a day), which random jitter of due dates would break.
    return fsrs.Scheduler(
        desired_retention=DESIRED_RETENTION,
        learning_steps=(),
        relearning_steps=(),
        enable_fuzzing=False,
    )


def _to_fsrs(card: Card) -> "fsrs.Card":
    import fsrs

    return fsrs.Card(
        card_id=0,
        state=fsrs.State.Review,
        stability=card.stability,
        difficulty=card.difficulty,
        due=from_us(card.due_us),
        last_review=from_us(card.last_review_us),
    )
