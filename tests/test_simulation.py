"""Sixty days of a simulated learner, through the real plan, store, fold and use cases.

The learner has a 20-minute budget, follows the `ml-engineering` track of the shipped
curriculum (whose scikit-learn module needs pandas-3 from the other track), does each day's
plan in order, reads the lessons offered, and passes about 80 % of items; code exercises are
tries with a failing draft now and then. Only the verdicts are the learner's: the checker's
subprocess and quiz grading are replaced by them (they are tested elsewhere, and a check costs
a second), and the modules' requirements are taken as met. The clock is pinned and moved, never read.

What the plan must keep: new material every week, a review backlog that stays bounded (also
after a long weekend away), no day planned beyond its budget by more than one item, and a limit
message that names the limit that actually applied, checked against the plan made again with
that limit lifted.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

import pytest

from tutor.app.application import App
from tutor.app.settings import Config, save_config
from tutor.curriculum.model import AnswerExercise, ChoiceExercise, CodeExercise
from tutor.practice.checker import CheckCase, CheckResult
from tutor.progress.messages import limit_message
from tutor.progress.plan import DayPlan, Limits, PlanItem, day_plan
from tutor.progress.workload import CATCH_UP_DAYS, REVIEW_SHARE
from tutor.store import Event

REPO = Path(__file__).resolve().parents[1]
DAYS = 60
BUDGET = 20
PASS_RATE = 0.8
AWAY = range(30, 33)  # a long weekend without the tutor
START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
TRACK = "ml-engineering"

# Words each limit's message must use, and words that would blame another limit.
NAMES = {
    "budget": "budget is used",
    "new_per_day": "--new-per-day",
    "reviews_per_day": "--reviews-per-day",
    "backlog": "caught up",
    "frontier": "Nothing new left",
    "prerequisites": "New exercises wait for",
}


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


class Day(NamedTuple):
    number: int
    plan: DayPlan
    message: str
    new: int  # new exercises finished
    reviews: int  # reviews finished


class Learner:
    """Does plan items as a person would: reads the lesson offered, takes about the estimate
    for a first try and less for a review, saves a failing draft now and then, and ends with
    a pass about PASS_RATE of the time."""

    def __init__(self, app: App, clock: Clock, rng: random.Random) -> None:
        self.app = app
        self.clock = clock
        self.rng = rng
        self.verdict = True  # what the next check or answer comes out as

    def minutes(self, estimate: float) -> float:
        return estimate * self.rng.lognormvariate(0.0, 0.35)

    def do(self, item: PlanItem) -> bool:
        """Do one item; whether it was finished (passed, or a quiz answered)."""
        if item.lesson is not None:
            self.clock.advance(self.minutes(max(1, item.reading)))
            key = f"{item.exercise.module}/{item.lesson.id}"
            self.app.store.record_event(Event(self.app.learner, key, self.clock(), "read"))
        ex = item.exercise
        review = item.kind == "review"
        effort = ex.minutes * (REVIEW_SHARE if review else 1.0)
        passes = self.rng.random() < PASS_RATE
        if isinstance(ex, CodeExercise):
            self.app.start(ex, review=review)
            if self.rng.random() < 0.3:  # a failing draft on the way
                self.clock.advance(self.minutes(effort / 2))
                self.check(ex, passed=False)
            self.clock.advance(self.minutes(effort / 2))
            self.check(ex, passed=passes)
            if not passes and self.rng.random() < 0.5:
                self.app.skip(ex)  # gives up for today; otherwise the day's end ends the try
            return passes
        self.app.begin(ex)
        self.clock.advance(self.minutes(effort))
        self.verdict = passes
        assert isinstance(ex, ChoiceExercise | AnswerExercise)
        self.app.answer(ex, "1", list(range(len(getattr(ex, "options", ())))))
        return True

    def check(self, ex: CodeExercise, *, passed: bool) -> None:
        self.verdict = passed
        self.app.check(ex)


@pytest.fixture
def learner_verdicts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Learner]]:
    """The checker and the quiz graders answer with the current learner's verdict."""
    current: list[Learner] = []

    def run_check(*_args: object, **_kwargs: object) -> CheckResult:
        passed = current[0].verdict
        outcome = "passed" if passed else "failed"
        return CheckResult(outcome, (CheckCase("check", passed, ""),), "", 0.1, False)

    monkeypatch.setattr("tutor.practice.checker.run_check", run_check)
    monkeypatch.setattr("tutor.practice.quiz.grade_answer", lambda *_: current[0].verdict)
    monkeypatch.setattr("tutor.practice.quiz.grade_choice", lambda *_: current[0].verdict)
    monkeypatch.setattr("tutor.practice.quiz.parse_choice", lambda *_: frozenset({0}))
    # Reading every installed package's metadata at each start and check costs more than the
    # rest of the simulation; the fake checker needs no requirements.
    monkeypatch.setattr("tutor.base.requirements.unmet", lambda *_: [])
    monkeypatch.setenv("TZ", "UTC")  # the learning day turns at 4 a.m. local: make it UTC
    time.tzset()
    yield current
    monkeypatch.undo()
    time.tzset()


def simulate(tmp: Path, current: list[Learner], seed: int = 12) -> list[Day]:
    clock = Clock()
    settings = tmp / "config.toml"
    save_config(Config(name="Sim", handle="sim", budget=BUDGET, track=TRACK), settings)
    rng = random.Random(seed)
    days = []
    for number in range(DAYS):
        clock.now = START + timedelta(days=number)
        if number in AWAY:
            continue
        # A new App each day, as each `tutor today` is a new process.
        with App(
            REPO / "curriculum", str(tmp / "progress.sqlite3"), settings_path=settings, now=clock
        ) as app:
            current[:] = [Learner(app, clock, rng)]
            plan = app.day_plan()
            check_limit(app, plan)
            new = reviews = 0
            for item in plan.remaining:
                if current[0].do(item):
                    new += item.kind == "new"
                    reviews += item.kind == "review"
            days.append(Day(number, plan, limit_message(plan), new, reviews))
    return days


def check_limit(app: App, plan: DayPlan) -> None:
    """The named limit is the one that applied: lifting it makes the plan longer (for the
    budget and the caps), or the state it names holds (the backlog, the frontier)."""
    progress = app.progress()
    limits = plan.limits

    def replan(lifted: Limits) -> DayPlan:
        return day_plan(
            app.curriculum,
            progress.morning,
            progress.today_entries,
            progress.today,
            lifted,
            track=TRACK,
            read_events=lambda: app.store.events(app.learner, kind="read"),
        )

    message = limit_message(plan)
    assert NAMES[plan.limit] in message, (plan.limit, message)
    assert all(NAMES[other] not in message for other in NAMES if other != plan.limit), message
    new = sum(item.kind == "new" for item in plan.items)
    if plan.limit == "budget":
        assert len(replan(limits._replace(budget=limits.budget * 10)).items) > len(plan.items)
    elif plan.limit == "new_per_day":
        assert new == limits.new_per_day
        lifted = replan(limits._replace(new_per_day=1000)).items
        assert sum(item.kind == "new" for item in lifted) > new
    elif plan.limit == "reviews_per_day":
        assert plan.backlog > limits.reviews_per_day
    elif plan.limit == "backlog":
        assert new == 0 and plan.due_minutes > CATCH_UP_DAYS * limits.budget
        assert any(i.kind == "new" for i in replan(limits._replace(budget=1000)).items)
    else:  # nothing more to plan, whatever the limits
        assert replan(Limits(1000, 1000, 1000)).items == plan.items
        assert (plan.limit == "prerequisites") == (plan.waiting is not None)


def weekly(days: list[Day], field: str) -> list[int]:
    totals = [0] * ((DAYS + 6) // 7)
    for day in days:
        totals[day.number // 7] += getattr(day, field)
    return totals


def test_sixty_days_keep_new_material_coming_and_the_backlog_bounded(
    tutor_env: dict[str, str], tmp_path: Path, learner_verdicts: list[Learner]
) -> None:
    days = simulate(tmp_path, learner_verdicts)
    plans = [day.plan for day in days]
    frontier_empty = next((d.number for d in days if d.plan.limit == "frontier"), DAYS)
    # New material every week until nothing new is left.
    new_by_week = weekly(days, "new")
    assert all(new_by_week[: frontier_empty // 7]), new_by_week
    # The backlog stays bounded: never more than the brake's two budgets plus one day's arrivals.
    assert max(p.due_minutes for p in plans) <= (CATCH_UP_DAYS + 1) * BUDGET, [
        p.due_minutes for p in plans
    ]
    # No day planned beyond its budget by more than one item.
    for plan in plans:
        largest = max((item.minutes for item in plan.items), default=0)
        assert plan.minutes - largest <= BUDGET, plan
    # Reviews happened, and the track's modules came in prerequisite order (pandas-3, which
    # sklearn-pipelines needs, first; serving a prerequisite from another track is unit-tested).
    assert sum(day.reviews for day in days) > 0
    first_day = {}
    for n, plan in enumerate(plans):
        for item in plan.items:
            first_day.setdefault(item.exercise.module, n)
    assert first_day["pandas-3"] <= first_day.get("sklearn-pipelines", len(plans))
