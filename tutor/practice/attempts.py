"""Turns a finished exercise (a check result or a quiz answer) into an Attempt for the store."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from tutor.store import Attempt, new_attempt

if TYPE_CHECKING:
    from tutor.curriculum.model import AnyExercise
    from tutor.practice.checker import CheckResult


def now() -> datetime:
    from tutor.base import clock

    return clock.now()


def _attempt(
    learner: str,
    exercise: AnyExercise,
    started: datetime,
    hints: int,
    outcome: str,
    score: float,
    detail: str = "",
) -> Attempt:
    finished = now()
    return new_attempt(
        learner=learner,
        key=exercise.key,
        started=started,
        finished=finished,
        outcome=outcome,
        score=score,
        hints_used=hints,
        seconds=(finished - started).total_seconds(),
        detail=detail,
    )


def from_check(
    learner: str, exercise: AnyExercise, result: CheckResult, started: datetime, hints: int
) -> Attempt:
    outcome = "passed" if result.passed else "failed"
    detail = "" if result.passed else result.cause[:200]
    return _attempt(learner, exercise, started, hints, outcome, result.score, detail)


def from_quiz(
    learner: str, exercise: AnyExercise, correct: bool, started: datetime, hints: int
) -> Attempt:
    outcome = "passed" if correct else "failed"
    return _attempt(learner, exercise, started, hints, outcome, 1.0 if correct else 0.0)


def skipped(learner: str, exercise: AnyExercise, started: datetime, hints: int) -> Attempt:
    return _attempt(learner, exercise, started, hints, "skipped", 0.0)
