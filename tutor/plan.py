"""Today's plan: the next unfinished exercises along the learner's track, sized by a budget."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from tutor.curriculum.model import AnyExercise, Curriculum, Module


class PlanItem(NamedTuple):
    exercise: AnyExercise
    reason: str


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


def daily_plan(
    curriculum: Curriculum, passed: set[str], budget: int, track_id: str = ""
) -> list[PlanItem]:
    """Unfinished exercises in track then lesson order until `budget` minutes are used.

    The first item always fits, so a small budget still gives a day's work.
    """
    plan: list[PlanItem] = []
    used = 0
    for module in module_order(curriculum, track_id):
        for ex in module.exercises:
            if ex.key in passed:
                continue
            if plan and used + ex.minutes > budget:
                return plan
            plan.append(PlanItem(ex, f"new in {module.id}"))
            used += ex.minutes
    return plan
