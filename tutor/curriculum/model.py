"""The curriculum as typed, immutable objects: what the loader builds and everything else reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Level = Literal["beginner", "intermediate", "advanced"]
ExerciseType = Literal["code", "choice", "answer"]

DEFAULT_TIMEOUT = 20.0
DEFAULT_MEMORY_MB = 2048


@dataclass(frozen=True, slots=True, kw_only=True)
class Exercise:
    """Fields every exercise has, whatever its type."""

    module: str
    lesson: str
    id: str
    title: str
    minutes: int
    difficulty: int
    hints: tuple[str, ...]

    @property
    def key(self) -> str:
        """The stable identity progress is keyed by: `<module-id>/<exercise-id>`."""
        return f"{self.module}/{self.id}"

    @property
    def type(self) -> ExerciseType:
        raise NotImplementedError


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeExercise(Exercise):
    """Edited in the learner's editor and checked by the module's `check.py`."""

    prompt: str
    folder: Path
    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB

    @property
    def type(self) -> ExerciseType:
        return "code"

    @property
    def starter(self) -> Path:
        return self.folder / "starter.py"

    @property
    def solution(self) -> Path:
        return self.folder / "solution.py"

    @property
    def check(self) -> Path:
        return self.folder / "check.py"


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceExercise(Exercise):
    """Multiple choice: one right option, or several when `answer` is a list."""

    question: str
    options: tuple[str, ...]
    answer: tuple[int, ...]
    multiple: bool
    explanation: str = ""

    @property
    def type(self) -> ExerciseType:
        return "choice"


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerExercise(Exercise):
    """A short free-text answer, compared normalised or matched by a regular expression."""

    question: str
    accept: tuple[str, ...] = ()
    pattern: str | None = None
    explanation: str = ""

    @property
    def type(self) -> ExerciseType:
        return "answer"


AnyExercise = CodeExercise | ChoiceExercise | AnswerExercise


@dataclass(frozen=True, slots=True)
class Lesson:
    id: str
    title: str
    file: Path
    exercises: tuple[AnyExercise, ...]


@dataclass(frozen=True, slots=True)
class Notebook:
    file: Path
    title: str


@dataclass(frozen=True, slots=True)
class Module:
    id: str
    title: str
    summary: str
    level: Level
    skills: tuple[str, ...]
    prerequisites: tuple[str, ...]
    requires: tuple[str, ...]
    lessons: tuple[Lesson, ...]
    notebooks: tuple[Notebook, ...]
    folder: Path

    @property
    def exercises(self) -> tuple[AnyExercise, ...]:
        return tuple(ex for lesson in self.lessons for ex in lesson.exercises)

    @property
    def minutes(self) -> int:
        return sum(ex.minutes for ex in self.exercises)


@dataclass(frozen=True, slots=True)
class Track:
    id: str
    title: str
    modules: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Curriculum:
    root: Path
    format: int
    title: str
    tracks: tuple[Track, ...]
    modules: tuple[Module, ...]
    _by_key: dict[str, AnyExercise] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for module in self.modules:
            for ex in module.exercises:
                self._by_key[ex.key] = ex

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    @property
    def exercises(self) -> tuple[AnyExercise, ...]:
        return tuple(self._by_key.values())

    def exercise(self, key: str) -> AnyExercise | None:
        """Find an exercise by `module/exercise` key, or by a bare id when it is unique."""
        if "/" in key:
            return self._by_key.get(key)
        matches = [ex for ex in self._by_key.values() if ex.id == key]
        return matches[0] if len(matches) == 1 else None

    def ambiguous(self, exercise_id: str) -> list[str]:
        """Keys of every exercise whose bare id is `exercise_id` (more than one = ambiguous)."""
        return [k for k, ex in self._by_key.items() if ex.id == exercise_id]
