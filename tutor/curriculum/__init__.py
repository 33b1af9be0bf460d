"""The curriculum: its model, its one loader and validator, and the load cache.

The loader (PyYAML, packaging) is imported on first use only: a warm start serves the model
from the cache without parsing anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tutor.curriculum.model import (
    AnswerExercise,
    AnyExercise,
    ChoiceExercise,
    CodeExercise,
    Curriculum,
    Lesson,
    Module,
    Notebook,
    Track,
)

if TYPE_CHECKING:
    from tutor.curriculum.loader import check_curriculum, load_curriculum

__all__ = [
    "AnswerExercise",
    "AnyExercise",
    "ChoiceExercise",
    "CodeExercise",
    "Curriculum",
    "Lesson",
    "Module",
    "Notebook",
    "Track",
    "check_curriculum",
    "load_curriculum",
]


def __getattr__(name: str) -> Any:
    if name in ("check_curriculum", "load_curriculum"):
        from tutor.curriculum import loader

        return getattr(loader, name)
    raise AttributeError(name)
