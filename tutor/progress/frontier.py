"""The frontier: the new exercises a learner may take next, in the order of their track, with
each prerequisite the track lacks brought in first, and the reason each exercise is there.

A module is open when every prerequisite is learned (every exercise proficient), or once the
learner has begun it: at 90 % retention about one review in ten lapses, and one lapse in a
prerequisite should not stall a module already under way until that review passes again.
A track's module that needs a module the learner has not learned, from another track or the
same one, brings it in just before itself, so the learner meets it when it is needed and is
told why ("sklearn-pipelines needs it first, from the dataframes track"). After the chosen
track, every other module follows in curriculum order. Only outlines are read to order and
open modules; a module is decoded only when its exercises are served.
"""

from collections.abc import Iterator, Mapping
from typing import NamedTuple

from tutor.curriculum.model import AnyExercise, Curriculum, Outline, Track
from tutor.curriculum.tracks import track_of
from tutor.progress.history import History
from tutor.progress.mastery import module_is_learned


class NewItem(NamedTuple):
    exercise: AnyExercise
    reason: str  # why it is on the plan: its module, and what brought the module in


class Waiting(NamedTuple):
    """A module that cannot open yet, and its prerequisites that are not learned."""

    module: str
    prerequisites: tuple[str, ...]


class Frontier:
    """Iterate for the new exercises, in order. Once iterated through, `waiting` names the first
    module that stayed closed (its prerequisites' exercises were all tried, not all passed)."""

    def __init__(self, curriculum: Curriculum, history: History, track: str = "") -> None:
        self.curriculum = curriculum
        self.history = history
        chosen = next((t for t in curriculum.tracks if t.id == track), None)
        self.track: Track | None = chosen or (curriculum.tracks[0] if curriculum.tracks else None)
        self.waiting: Waiting | None = None
        self._learned: dict[str, bool] = {}

    def __iter__(self) -> Iterator[NewItem]:
        outlines = self.curriculum.outlines
        for module_id, needed_by in self._order(outlines):
            outline = outlines[module_id]
            missing = tuple(p for p in outline.prerequisites if not self.learned(p))
            if missing and not self._begun(outline):
                if self.waiting is None:
                    self.waiting = Waiting(module_id, missing)
                continue
            module = self.curriculum.module(module_id)
            if module is None:
                continue
            reason = self._reason(module_id, needed_by)
            for exercise in module.exercises:
                # Never passed: once passed, an exercise comes back as a review instead.
                if self.history.state(exercise.key).card is None:
                    yield NewItem(exercise, reason)

    def learned(self, module_id: str) -> bool:
        if module_id not in self._learned:
            outline = self.curriculum.outlines.get(module_id)
            self._learned[module_id] = outline is not None and module_is_learned(
                outline, self.history
            )
        return self._learned[module_id]

    def _order(self, outlines: Mapping[str, Outline]) -> Iterator[tuple[str, str | None]]:
        """(module, the module that brought it in as a prerequisite, or None), each module once,
        only modules with an exercise never passed."""
        listed = list(self.track.modules) if self.track else []
        seen: set[str] = set()

        def expand(module_id: str, needed_by: str | None) -> Iterator[tuple[str, str | None]]:
            outline = outlines.get(module_id)
            if module_id in seen or outline is None or not self._fresh(outline):
                return
            seen.add(module_id)
            for prerequisite in outline.prerequisites:
                if not self.learned(prerequisite):
                    yield from expand(prerequisite, module_id)
            yield module_id, needed_by

        chosen = set(listed)
        for module_id in listed + [m for m in outlines if m not in chosen]:
            yield from expand(module_id, None)

    def _fresh(self, outline: Outline) -> bool:
        return any(self.history.state(key).card is None for key in outline.keys)

    def _begun(self, outline: Outline) -> bool:
        return any(self.history.state(key).tries for key in outline.keys)

    def _reason(self, module_id: str, needed_by: str | None) -> str:
        where = ""
        if self.track is None or module_id not in self.track.modules:
            home = track_of(self.curriculum, module_id)
            where = f", from the {home.id} track" if home is not None else ""
        if needed_by is not None:
            return f"new in {module_id}: {needed_by} needs it first{where}"
        return f"new in {module_id}{where}"
