"""Mastery: per exercise on levels 0..4, then per module and per skill as percentages."""

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from tutor.curriculum.model import Curriculum, Outline
from tutor.progress.history import MASTERED, PROFICIENT, History
from tutor.progress.reviews import retrievability

LEVEL_NAMES = ("not started", "attempted", "familiar", "proficient", "mastered")
POINTS = (0, 20, 50, 80, 100)
RUSTY_BELOW = 0.7  # retrievability under which a mastered exercise shows as rusty


class Mastery(NamedTuple):
    percent: float  # average points per exercise, 0..100
    level: int  # 0..4, see level_of_percent
    exercises: int


def level_of_percent(percent: float, any_started: bool) -> int:
    """A module's or skill's level from its average points: the highest level whose points the
    average reaches (mastered needs every exercise mastered); anything started is attempted."""
    for level in (MASTERED, PROFICIENT, 2):
        if percent >= POINTS[level] - 1e-9:
            return level
    return 1 if any_started else 0


def mastery_of(keys: Iterable[str], history: History) -> Mastery:
    levels = [history.state(key).level for key in keys]
    if not levels:
        return Mastery(0.0, 0, 0)
    percent = sum(POINTS[level] for level in levels) / len(levels)
    return Mastery(percent, level_of_percent(percent, any(levels)), len(levels))


def module_mastery(module: Outline, history: History) -> Mastery:
    return mastery_of(module.keys, history)


def module_is_learned(module: Outline, history: History) -> bool:
    """Proficient or better: every exercise of the module passed (a prerequisite is met)."""
    return all(history.state(key).level >= PROFICIENT for key in module.keys)


def skill_mastery(curriculum: Curriculum, history: History) -> dict[str, Mastery]:
    """Every skill of the curriculum, over the exercises of the modules that teach it."""
    keys: dict[str, list[str]] = {}
    for module in curriculum.outlines.values():
        for skill in module.skills:
            keys.setdefault(skill, []).extend(module.keys)
    return {skill: mastery_of(found, history) for skill, found in sorted(keys.items())}


def is_rusty(key: str, history: History, at: datetime) -> bool:
    state = history.state(key)
    return (
        state.level == MASTERED
        and state.card is not None
        and retrievability(state.card, at) < RUSTY_BELOW
    )
