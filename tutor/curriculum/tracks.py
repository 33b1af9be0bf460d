"""Tracks and prerequisites: which track a module is in, and the tracks that are not closed
under prerequisites (a module whose prerequisite the track does not list).

A track is a learner's chosen path; the plan brings in a missing prerequisite from wherever it
is and says so. `tutor validate` warns about each gap, so that authors can decide whether the
track should list the module itself. Only outlines are read: no module is decoded.
"""

from collections.abc import Iterator, Mapping
from typing import NamedTuple

from tutor.curriculum.model import Curriculum, Outline, Track


class TrackGap(NamedTuple):
    """`module` (in `track`, or brought into it) needs `prerequisite`, which `track` lacks."""

    track: str
    module: str
    prerequisite: str
    prerequisite_track: str | None  # the first track listing it; None: no track does

    @property
    def message(self) -> str:
        """The warning `tutor validate` prints for this gap."""
        where = (
            f"from the {self.prerequisite_track} track"
            if self.prerequisite_track
            else "which no track lists"
        )
        return (
            f"track {self.track!r}: {self.module} needs {self.prerequisite} ({where}); learners "
            f"of {self.track} are served {self.prerequisite} first. List it in the track, or "
            "leave it to the plan"
        )


def track_of(curriculum: Curriculum, module_id: str) -> Track | None:
    """The first track that lists `module_id` (None: no track does)."""
    return next((t for t in curriculum.tracks if module_id in t.modules), None)


def track_gaps(curriculum: Curriculum) -> list[TrackGap]:
    """Every prerequisite a track needs but does not list, in track order, then module order.

    Followed through prerequisites of prerequisites: a module the track brings in may need
    another that the track lacks too. Unknown module ids are the validator's business, not this.
    """
    outlines = curriculum.outlines
    gaps: list[TrackGap] = []
    for track in curriculum.tracks:
        listed = set(track.modules)
        for needer, prerequisite in _needs(track.modules, outlines):
            if prerequisite not in listed:
                home = track_of(curriculum, prerequisite)
                gaps.append(TrackGap(track.id, needer, prerequisite, home.id if home else None))
    return gaps


def _needs(modules: tuple[str, ...], outlines: Mapping[str, Outline]) -> Iterator[tuple[str, str]]:
    """(module, prerequisite) edges reachable from `modules`, each once, depth first."""
    seen: set[str] = set()
    stack = list(reversed(modules))
    while stack:
        module_id = stack.pop()
        if module_id in seen:
            continue
        seen.add(module_id)
        outline = outlines.get(module_id)
        if outline is None:
            continue
        for prerequisite in outline.prerequisites:
            yield module_id, prerequisite
        stack.extend(reversed([p for p in outline.prerequisites if p not in seen]))
