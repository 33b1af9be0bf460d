"""The curriculum: its model, its one loader and validator, and the load cache."""

from tutor.curriculum.loader import check_curriculum, load_curriculum
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
