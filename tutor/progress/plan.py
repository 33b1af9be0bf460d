"""Today's plan: due reviews first, then new exercises from the frontier, sized by a budget.

A pure function of the curriculum, the learner's history as of this morning and the day, so
the plan is the same every time it is asked for during a day; what is done today is then
taken out of it.
"""

from collections.abc import Iterable, Iterator
from datetime import date, timedelta, tzinfo
from typing import NamedTuple

from tutor.base.days import DAY_US, day_start, from_us, learning_day, to_us
from tutor.curriculum.model import AnyExercise, ChoiceExercise, CodeExercise, Curriculum, Module
from tutor.progress.history import Entry, History
from tutor.progress.mastery import module_is_learned

DEFAULT_NEW_PER_DAY = 10
DEFAULT_REVIEWS_PER_DAY = 50


class PlanItem(NamedTuple):
    exercise: AnyExercise
    reason: str
    kind: str = "new"  # "new" | "review"


class Limits(NamedTuple):
    budget: int  # minutes a day
    new_per_day: int = DEFAULT_NEW_PER_DAY
    reviews_per_day: int = DEFAULT_REVIEWS_PER_DAY


class DayPlan(NamedTuple):
    items: list[PlanItem]  # the day's plan, as made this morning
    done: set[str]  # keys of plan items finished today
    backlog: int  # reviews due today (over the cap, new items wait)

    @property
    def remaining(self) -> list[PlanItem]:
        return [item for item in self.items if item.exercise.key not in self.done]


def module_order(curriculum: Curriculum, track_id: str = "") -> Iterator[Module]:
    """The chosen track's modules in order (default: the first track), then every other module.

    Lazy, so that a plan decodes only the modules it reaches.
    """
    track = next((t for t in curriculum.tracks if t.id == track_id), None)
    if track is None and curriculum.tracks:
        track = curriculum.tracks[0]
    first = list(track.modules) if track else []
    chosen = set(first)
    for module_id in first + [m for m in curriculum.module_ids if m not in chosen]:
        module = curriculum.module(module_id)
        if module is not None:
            yield module


class Due(NamedTuple):
    key: str
    due_us: int  # when it fell due (microseconds since 1970, UTC)
    fading: float  # days since the last review / stability: the higher, the less recallable

    def overdue(self, today: date, zone: tzinfo | None) -> int:
        """Days between the learning day it fell due and today (0: due today)."""
        return (today - learning_day(from_us(self.due_us), zone)).days


def due_reviews(
    curriculum: Curriculum, morning: History, today: date, zone: tzinfo | None
) -> list[Due]:
    """Every review due today, least likely to be recalled first.

    FSRS's forgetting curve falls monotonically with elapsed days over stability, so ordering
    by that ratio is ordering by retrievability, without computing it for every card. Reviews
    of exercises no longer in the curriculum are left out (their history stays).
    """
    start_us = to_us(day_start(today, zone))
    end_us = to_us(day_start(today + timedelta(days=1), zone))
    known: set[str] | None = None  # read only when some card is due
    due = []
    for key, state in morning.exercises.items():
        card = state.card
        if card is None or card.due_us >= end_us:
            continue
        if known is None:
            known = {k for outline in curriculum.outlines.values() for k in outline.keys}
        if key not in known:
            continue
        elapsed = max(0, (start_us - card.last_review_us) // DAY_US)
        due.append(Due(key, card.due_us, elapsed / card.stability))
    due.sort(key=lambda item: (-item.fading, item.key))
    return due


def daily_plan(
    curriculum: Curriculum,
    morning: History,
    today: date,
    limits: Limits,
    *,
    track: str = "",
    zone: tzinfo | None = None,
) -> tuple[list[PlanItem], int]:
    """The day's items and the review backlog.

    Reviews come first, then new exercises, while the budget lasts (the first item always
    fits, so a small budget still gives a day's work). While more reviews are due than the
    daily cap, no new exercises are added: the backlog is cleared first.
    """
    due = due_reviews(curriculum, morning, today, zone)
    plan: list[PlanItem] = []
    used = 0

    def fits(exercise: AnyExercise) -> bool:
        return not plan or used + exercise.minutes <= limits.budget

    for review in due[: limits.reviews_per_day]:
        exercise = curriculum.exercise(review.key)
        if exercise is None:
            continue
        if not fits(exercise):
            return plan, len(due)
        overdue = review.overdue(today, zone)
        plan.append(PlanItem(exercise, _review_reason(overdue), "review"))
        used += exercise.minutes
    if len(due) > limits.reviews_per_day:
        return plan, len(due)
    for added, (module, exercise) in enumerate(_new_exercises(curriculum, morning, track)):
        if added >= limits.new_per_day or not fits(exercise):
            break
        plan.append(PlanItem(exercise, f"new in {module.id}", "new"))
        used += exercise.minutes
    return plan, len(due)


def day_plan(
    curriculum: Curriculum,
    morning: History,
    today_entries: Iterable[Entry],
    today: date,
    limits: Limits,
    *,
    track: str = "",
    zone: tzinfo | None = None,
) -> DayPlan:
    """This morning's plan, and which of its items are done: a code exercise passed today, or a
    quiz answered today (a failing check is a draft: the exercise stays on the plan)."""
    items, backlog = daily_plan(curriculum, morning, today, limits, track=track, zone=zone)
    kinds = {item.exercise.key: item for item in items}
    done = set()
    for entry in today_entries:
        item = kinds.get(entry.key)
        if item is None or entry.outcome == "skipped":
            continue
        quiz = not isinstance(item.exercise, CodeExercise)
        if entry.outcome == "passed" or quiz:
            done.add(entry.key)
    return DayPlan(items, done, backlog)


def _new_exercises(
    curriculum: Curriculum, morning: History, track: str
) -> Iterator[tuple[Module, AnyExercise]]:
    """Unpassed exercises of frontier modules (every prerequisite learned), in track order,
    then lesson order."""

    def is_learned(module_id: str) -> bool:
        outline = curriculum.outlines.get(module_id)  # decoded on first need, then kept
        return outline is not None and module_is_learned(outline, morning)

    for module in module_order(curriculum, track):
        if not all(is_learned(p) for p in module.prerequisites):
            continue
        for exercise in module.exercises:
            # Never passed: once passed, an exercise comes back as a review instead.
            if morning.state(exercise.key).card is None:
                yield module, exercise


def _review_reason(overdue: int) -> str:
    if overdue <= 0:
        return "review, due today"
    return f"review, due {overdue} day{'s' if overdue != 1 else ''} ago"


def shuffled_options(exercise: ChoiceExercise, today: date) -> list[int]:
    """A quiz asked again in a review shows its options in another order (the same all day)."""
    import random

    order = list(range(len(exercise.options)))
    random.Random(f"{exercise.key}:{today.isoformat()}").shuffle(order)
    return order
