"""Today's plan: due reviews first, then new exercises from the frontier, sized by a budget.

A pure function of the curriculum, the learner's history as of this morning and the day, so
the plan is the same every time it is asked for during a day; what is done today is then
taken out of it. What an item costs and how the day is shared between reviews and new work,
and why, is `progress.workload`; which new exercises come next, `progress.frontier`. The plan
says which limit stopped it (`progress.messages` says so to the learner); `more_plan` is what
comes after it, for a learner who wants to go on.
"""

from collections.abc import Callable, Iterable
from datetime import date, timedelta, tzinfo
from itertools import chain
from typing import Literal, NamedTuple

from tutor.base.days import DAY_US, day_start, from_us, learning_day, to_us
from tutor.curriculum.model import AnyExercise, ChoiceExercise, CodeExercise, Curriculum, Lesson
from tutor.progress.derived import estimates
from tutor.progress.frontier import Frontier, NewItem, Waiting
from tutor.progress.history import Entry, History
from tutor.progress.workload import new_reserve, review_minutes, under_control
from tutor.store.model import AttemptKind, Event

DEFAULT_NEW_PER_DAY = 10
DEFAULT_REVIEWS_PER_DAY = 50

# What stopped the plan from growing: the budget; the caps; the review backlog (new work pauses
# while it is over two days' worth); nothing new left; new work waiting for prerequisites.
Limit = Literal["budget", "new_per_day", "reviews_per_day", "backlog", "frontier", "prerequisites"]


class PlanItem(NamedTuple):
    exercise: AnyExercise
    reason: str
    kind: AttemptKind = "new"
    minutes: int = 0  # of the budget: the estimate (a review's share of it), plus `reading`
    # Offer this lesson first: the exercise's lesson, not read yet (see DayPlan.remaining).
    lesson: Lesson | None = None
    reading: int = 0  # minutes of reading its lesson, counted in `minutes` (once per lesson)


class Limits(NamedTuple):
    budget: int  # minutes a day
    new_per_day: int = DEFAULT_NEW_PER_DAY
    reviews_per_day: int = DEFAULT_REVIEWS_PER_DAY


class DayPlan(NamedTuple):
    items: list[PlanItem]  # the day's plan, as made this morning, and whatever else was done today
    done: set[str]  # keys of its items finished today
    backlog: int  # reviews due today
    limits: Limits = Limits(0)
    limit: Limit = "frontier"  # what stopped it from growing (see progress.messages)
    postponed: int = 0  # due reviews left for another day, the least recallable planned first
    due_minutes: int = 0  # what all of today's due reviews would take
    new_today: int = 0  # new exercises planned or done today, in any track: the cap counts these
    waiting: Waiting | None = None  # the first module found waiting for its prerequisites
    read_today: frozenset[str] = frozenset()  # lessons read today ("<module>/<lesson>")
    next_up: PlanItem | None = None  # stopped by the budget: the first item that did not fit

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.items)

    @property
    def remaining(self) -> list[PlanItem]:
        """Its items not done yet, each of a lesson not read yet offering that lesson (`lesson`)
        on the first of them only, with its reading minutes (which a review of the lesson
        planned before its new exercise takes over); a lesson read today is offered no more."""
        lessons = {_lesson_key(i.exercise): i.lesson for i in self.items if i.lesson is not None}
        readings: dict[str, int] = {}  # counted with one item of the lesson, a new one
        for i in self.items:
            key = _lesson_key(i.exercise)
            readings[key] = max(readings.get(key, 0), i.reading)
        offered = set(self.read_today)
        left = []
        for item in self.items:
            if item.exercise.key in self.done:
                continue
            key = _lesson_key(item.exercise)
            lesson = lessons.get(key) if key not in offered else None
            reading = readings.get(key, 0) if lesson is not None else 0
            offered.add(key)
            if item.lesson is not lesson or item.reading != reading:
                minutes = item.minutes - item.reading + reading
                item = item._replace(lesson=lesson, reading=reading, minutes=minutes)
            left.append(item)
        return left


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


ReadEvents = Callable[[], Iterable[Event]]


def day_plan(
    curriculum: Curriculum,
    morning: History,
    today_entries: Iterable[Entry],
    today: date,
    limits: Limits,
    *,
    track: str = "",
    zone: tzinfo | None = None,
    read_events: ReadEvents | None = None,
) -> DayPlan:
    """This morning's plan, and which of its items are done: a code exercise passed today, or a
    quiz answered today (a failing check is a draft: the exercise stays on the plan).

    Reviews come first, in the budget less the share kept for new work (`progress.workload`),
    then new exercises, then more reviews if new work left room. The first item always fits.
    What was done today counts against the budget and the new-per-day cap whatever plan it came
    from, so switching track during a day makes no second day. `read_events` gives the lessons
    read ("read" events); it is called only when a new exercise is planned.
    """
    start_us = to_us(day_start(today, zone))
    reading = _Reading(read_events, start_us)
    costs = _Costs(curriculum, today, zone, reading.before)
    due = due_reviews(curriculum, morning, today, zone)
    minutes_of = estimates(curriculum)
    due_minutes = sum(review_minutes(minutes_of(d.key)) for d in due)
    walk = _Walk(limits)
    by_key = {d.key: d for d in due}
    for key in _done_today(curriculum, today_entries):
        exercise = curriculum.exercise(key)
        if exercise is not None and key in by_key:
            walk.count_done(costs.review(exercise, by_key[key]))
        elif exercise is not None and morning.state(key).card is None:
            walk.count_done(costs.new(NewItem(exercise, f"new in {exercise.module}")))
    frontier = Frontier(curriculum, morning, track)
    fresh = iter(frontier)
    first = next(fresh, None)
    cap = limits.reviews_per_day
    controlled = under_control(due_minutes, len(due), limits.budget, cap)
    reserve = 0
    if first is not None and controlled and walk.new_count < limits.new_per_day:
        reserve = new_reserve(limits.budget, costs.new(first).minutes)
    reviews = (costs.review(e, d) for d in due[:cap] if (e := curriculum.exercise(d.key)))
    short = walk.reviews(reviews, limits.budget - max(reserve, walk.new_used), reserve == 0)
    if first is None:
        new_stop: Limit = "prerequisites" if frontier.waiting else "frontier"
    elif len(due) > cap:
        new_stop = "reviews_per_day"
    elif not controlled:
        new_stop = "backlog"
    else:
        new_stop = walk.new(map(costs.new, chain([first], fresh)), reserve > 0)
        if new_stop == "frontier" and frontier.waiting:
            new_stop = "prerequisites"
    if short:  # new work left room: more reviews, in the same order
        short = walk.reviews(reviews, limits.budget - walk.new_used, False, short)
    items = walk.items()
    planned = sum(item.kind == "review" for item in items)
    limit = _limit(new_stop, short is not None, len(due) > cap)
    return DayPlan(
        items,
        set(walk.done),
        len(due),
        limits,
        limit,
        next_up=(short or walk.left_out) if limit == "budget" else None,
        postponed=len(due) - planned,
        due_minutes=due_minutes,
        new_today=walk.new_count,
        waiting=frontier.waiting,
        read_today=reading.today(),
    )


def more_plan(
    curriculum: Curriculum,
    now: History,
    plan: DayPlan,
    today: date,
    *,
    track: str = "",
    zone: tzinfo | None = None,
    read_events: ReadEvents | None = None,
    minutes: int | None = None,
) -> list[PlanItem]:
    """What comes after the day's plan, for a learner who goes on past the budget: due reviews
    first (those beyond the caps too), least recallable first, then new exercises from the
    frontier as it is now (a module learned today opens the ones that need it), about `minutes`
    of them (another budget by default; the first always comes). Leaves out the plan's items
    and whatever was tried today. Empty: nothing left to do today.
    """
    budget = plan.limits.budget if minutes is None else minutes
    reading = _Reading(read_events, to_us(day_start(today, zone)))
    costs = _Costs(curriculum, today, zone, reading.every)
    planned = {item.exercise.key for item in plan.items}
    ordinal = today.toordinal()

    def untouched(key: str) -> bool:
        return key not in planned and now.state(key).try_day != ordinal

    reviews = (
        costs.review(exercise, d)
        for d in due_reviews(curriculum, now, today, zone)
        if untouched(d.key) and (exercise := curriculum.exercise(d.key))
    )
    fresh = (costs.new(n) for n in Frontier(curriculum, now, track) if untouched(n.exercise.key))
    items: list[PlanItem] = []
    used = 0
    for item in chain(reviews, fresh):
        if items and used + item.minutes > budget:
            break
        items.append(item)
        used += item.minutes
    return items


def _limit(new_stop: Limit, reviews_short: bool, over_cap: bool) -> Limit:
    """The limit that stopped the plan. A rule that held new work back (the review cap, the
    backlog) comes first: the plan is all reviews because of it. Else the budget, if a due
    review did not fit; else why new work stopped (a cap, the budget, nothing left)."""
    if new_stop in ("reviews_per_day", "backlog"):
        return new_stop
    if reviews_short:
        return "budget"
    return "reviews_per_day" if over_cap else new_stop


class _Walk:
    """Fills a day: reviews and new items in order, what they use, and what was done already."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.done: dict[str, PlanItem] = {}  # counted before the walk, taken free when reached
        self.taken: dict[str, PlanItem] = {}
        self.review_used = self.new_used = self.new_count = 0
        self.left_out: PlanItem | None = None  # the new item the budget stopped at

    def count_done(self, item: PlanItem) -> None:
        self.done[item.exercise.key] = item
        if item.kind == "review":
            self.review_used += item.minutes
        else:
            self.new_used += item.minutes
            self.new_count += 1

    def reviews(
        self, due: Iterable[PlanItem], room: int, first_fits: bool, held: PlanItem | None = None
    ) -> PlanItem | None:
        """Take reviews while they fit `room`, in order (least recallable first: none jumps the
        queue); the first item of an empty day fits if `first_fits`. Returns the review that did
        not fit, to go on from with `held`, or None."""
        for item in chain([held] if held else [], due):
            key = item.exercise.key
            if key not in self.done:
                empty = not self.taken and not self.done
                if not (empty and first_fits) and self.review_used + item.minutes > room:
                    return item
                self.review_used += item.minutes
            self.taken[key] = self.done.get(key, item)
        return None

    def new(self, fresh: Iterable[PlanItem], reserved: bool) -> Limit:
        """Take new items while the cap and the budget allow; the reserve, if any, always takes
        the first. Returns the limit that stopped them."""
        for item in fresh:
            key = item.exercise.key
            if key in self.done:
                self.taken[key] = item  # with the frontier's reason
                continue
            if self.new_count >= self.limits.new_per_day:
                return "new_per_day"
            first = (reserved and not self.new_count) or not (self.taken or self.done)
            if not first and self.review_used + self.new_used + item.minutes > self.limits.budget:
                self.left_out = item
                return "budget"
            self.taken[key] = item
            self.new_used += item.minutes
            self.new_count += 1
        return "frontier"

    def items(self) -> list[PlanItem]:
        """Reviews, then new items, each in the order taken, then done items not reached."""
        every = list(self.taken.values()) + [i for k, i in self.done.items() if k not in self.taken]
        return [i for i in every if i.kind == "review"] + [i for i in every if i.kind == "new"]


class _Reading:
    """The lessons the learner has read, split at the start of today. Asked of the store only
    when first needed: a day without new exercises needs none (a store far away costs a round
    trip)."""

    def __init__(self, events: ReadEvents | None, start_us: int) -> None:
        self._events = events
        self._start_us = start_us
        self._split: tuple[frozenset[str], frozenset[str]] | None = None

    def _read(self) -> tuple[frozenset[str], frozenset[str]]:
        if self._split is None:
            before: set[str] = set()
            today: set[str] = set()
            for event in self._events() if self._events is not None else ():
                if event.kind == "read":
                    (before if to_us(event.at) < self._start_us else today).add(event.key)
            self._split = frozenset(before), frozenset(today)
        return self._split

    def before(self) -> frozenset[str]:
        """Read before today: the plan is made from these, so that it holds all day."""
        return self._read()[0]

    def every(self) -> frozenset[str]:
        return self._read()[0] | self._read()[1]

    def today(self) -> frozenset[str]:
        """Read today, if anything asked (else nothing to offer, so nothing to know)."""
        return self._split[1] if self._split is not None else frozenset()


class _Costs:
    """Plan items with their minutes: reviews at their share of the estimate, new exercises at
    their estimate plus, on the first one of a lesson not read, the lesson's reading time."""

    def __init__(
        self,
        curriculum: Curriculum,
        today: date,
        zone: tzinfo | None,
        read: Callable[[], frozenset[str]],
    ) -> None:
        self.curriculum = curriculum
        self.today = today
        self.zone = zone
        self.read = read
        self.charged: dict[str, str] = {}  # lesson key -> the exercise whose minutes include it
        self.reading: dict[str, tuple[Lesson, int] | None] = {}

    def review(self, exercise: AnyExercise, due: Due) -> PlanItem:
        reason = _review_reason(due.overdue(self.today, self.zone))
        return PlanItem(exercise, reason, "review", review_minutes(exercise.minutes))

    def new(self, new: NewItem) -> PlanItem:
        exercise = new.exercise
        key = _lesson_key(exercise)
        found = self._lesson(exercise) if key not in self.read() else None
        if found is None:
            return PlanItem(exercise, new.reason, "new", exercise.minutes)
        lesson, minutes = found
        reading = minutes if self.charged.setdefault(key, exercise.key) == exercise.key else 0
        return PlanItem(exercise, new.reason, "new", exercise.minutes + reading, lesson, reading)

    def _lesson(self, exercise: AnyExercise) -> tuple[Lesson, int] | None:
        """The exercise's lesson and its reading time; the file is read once, and only here: a
        plan reads the lessons it plans and no other."""
        key = _lesson_key(exercise)
        if key not in self.reading:
            self.reading[key] = None
            module = self.curriculum.module(exercise.module)
            lessons = module.lessons if module is not None else ()
            lesson = next((x for x in lessons if x.id == exercise.lesson), None)
            if module is not None and lesson is not None:
                from tutor.curriculum.reading import reading_minutes

                try:
                    text = (module.folder / lesson.file).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    pass  # nothing to offer: `tutor validate` names the file
                else:
                    self.reading[key] = (lesson, reading_minutes(text))
        return self.reading[key]


def _done_today(curriculum: Curriculum, entries: Iterable[Entry]) -> dict[str, None]:
    """Keys finished today, in the order they were: a code exercise passed, a quiz answered."""
    done: dict[str, None] = {}
    quiz: dict[str, bool] = {}
    for entry in entries:
        key = entry.key
        if entry.outcome == "failed" and key not in quiz:
            exercise = curriculum.exercise(key)
            quiz[key] = exercise is not None and not isinstance(exercise, CodeExercise)
        if entry.outcome == "passed" or (entry.outcome == "failed" and quiz[key]):
            done.setdefault(key)
    return done


def _lesson_key(exercise: AnyExercise) -> str:
    return f"{exercise.module}/{exercise.lesson}"


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
