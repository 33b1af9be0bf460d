"""The curriculum as typed, immutable objects: what the loader builds and everything else reads.

Named tuples throughout: they are made and unpickled several times faster than frozen
dataclasses, and every command pays for making these classes at start-up. The three exercise
types repeat their common fields (named tuples cannot inherit fields) and share `key`.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Literal, NamedTuple

Level = Literal["beginner", "intermediate", "advanced"]
ExerciseType = Literal["code", "choice", "answer"]

DEFAULT_TIMEOUT = 20.0
DEFAULT_MINUTES = 5
DEFAULT_MEMORY_MB = 2048
# The folders of a code exercise that hold its counterexamples (see docs/curriculum-format.md).
WRONG_FOLDER = "wrong"
ALTERNATIVES_FOLDER = "alternatives"


def is_counterexample_file(name: str) -> bool:
    """Whether a file of `wrong/` or `alternatives/` is a counterexample (the loader and the
    load cache agree through this one rule)."""
    return name.endswith(".py") and not name.startswith((".", "_"))


class Counterexample(NamedTuple):
    """A plausible wrong solution of a code exercise: it must fail the checks."""

    path: Path
    mistake: str  # the first line of its docstring, which names the mistake


class CodeExercise(NamedTuple):
    """Edited in the learner's editor and checked by the module's `check.py`."""

    module: str
    lesson: str
    id: str
    title: str
    minutes: int
    difficulty: int
    hints: tuple[str, ...]
    prompt: str
    folder: Path
    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB
    wrong: tuple[Counterexample, ...] = ()  # `wrong/*.py`, by file name
    alternatives: tuple[Path, ...] = ()  # `alternatives/*.py`: other correct idioms

    @property
    def key(self) -> str:
        """The stable identity progress is keyed by: `<module-id>/<exercise-id>`."""
        return f"{self.module}/{self.id}"

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

    @property
    def wrong_folder(self) -> Path:
        return self.folder / WRONG_FOLDER

    @property
    def alternatives_folder(self) -> Path:
        return self.folder / ALTERNATIVES_FOLDER


class ChoiceExercise(NamedTuple):
    """Multiple choice: one right option, or several when `answer` is a list."""

    module: str
    lesson: str
    id: str
    title: str
    minutes: int
    difficulty: int
    hints: tuple[str, ...]
    question: str
    options: tuple[str, ...]
    answer: tuple[int, ...]
    multiple: bool
    explanation: str = ""

    @property
    def key(self) -> str:
        return f"{self.module}/{self.id}"

    @property
    def type(self) -> ExerciseType:
        return "choice"


class AnswerExercise(NamedTuple):
    """A short free-text answer, compared normalised or matched by a regular expression."""

    module: str
    lesson: str
    id: str
    title: str
    minutes: int
    difficulty: int
    hints: tuple[str, ...]
    question: str
    accept: tuple[str, ...] = ()
    pattern: str | None = None
    explanation: str = ""

    @property
    def key(self) -> str:
        return f"{self.module}/{self.id}"

    @property
    def type(self) -> ExerciseType:
        return "answer"


AnyExercise = CodeExercise | ChoiceExercise | AnswerExercise


class Lesson(NamedTuple):
    id: str
    title: str
    file: Path
    exercises: tuple[AnyExercise, ...]


class Notebook(NamedTuple):
    file: Path
    title: str
    timeout: float = 120.0  # seconds per cell
    data: tuple[Path, ...] = ()  # files the notebook reads: part of its execution cache key


class Module(NamedTuple):
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
    pack: str = ""  # the installed pack it comes from; "" for the curriculum's own modules

    @property
    def read_only(self) -> bool:
        """Whether it belongs to an installed pack: validated, but never written (stamped)."""
        return bool(self.pack)

    @property
    def exercises(self) -> tuple[AnyExercise, ...]:
        return tuple(ex for lesson in self.lessons for ex in lesson.exercises)

    @property
    def minutes(self) -> int:
        return sum(ex.minutes for ex in self.exercises)


class Source(NamedTuple):
    """A curriculum folder whose modules are part of the curriculum: its own folder first, then
    what its `curriculum.yaml` includes (by path, or an installed pack by name)."""

    root: Path  # the folder holding its curriculum.yaml
    pack: str = ""  # the installed pack it is; "" for a folder of the team's own
    shown: str = ""  # how its files are named in problems: "" for the curriculum's own folder


class Track(NamedTuple):
    id: str
    title: str
    modules: tuple[str, ...]


class Outline(NamedTuple):
    """What scheduling and progress need of a module, without its exercises' contents: the
    load cache keeps these apart, so that they are read without decoding every module."""

    id: str
    title: str
    skills: tuple[str, ...]
    prerequisites: tuple[str, ...]
    keys: tuple[str, ...]  # exercise keys, in lesson order
    minutes: tuple[int, ...]  # their estimates


def outline_of(module: Module) -> Outline:
    exercises = module.exercises
    keys = tuple(ex.key for ex in exercises)
    minutes = tuple(ex.minutes for ex in exercises)
    return Outline(module.id, module.title, module.skills, module.prerequisites, keys, minutes)


class Curriculum(NamedTuple):
    """The whole curriculum. `module_map` may decode modules lazily (see the load cache)."""

    root: Path
    format: int
    title: str
    tracks: tuple[Track, ...]
    module_map: Mapping[str, Module]
    # A digest of every YAML file read (set by the load cache; empty for an uncached load):
    # caches derived from the curriculum key on it.
    digest: bytes = b""
    # Where its modules come from: `root` first, then every included curriculum.
    sources: tuple[Source, ...] = ()

    @property
    def module_ids(self) -> tuple[str, ...]:
        return tuple(self.module_map)

    @property
    def modules(self) -> tuple[Module, ...]:
        return tuple(self.module_map.values())

    def module(self, module_id: str) -> Module | None:
        return self.module_map.get(module_id)

    @property
    def outlines(self) -> Mapping[str, Outline]:
        """Every module's outline, in curriculum order (cheap: no module is decoded)."""
        cached = getattr(self.module_map, "outlines", None)
        if cached is not None:
            return cached()  # type: ignore[no-any-return]
        return {m.id: outline_of(m) for m in self.modules}

    @property
    def exercises(self) -> tuple[AnyExercise, ...]:
        return tuple(ex for module in self.modules for ex in module.exercises)

    def exercise(self, key: str) -> AnyExercise | None:
        """Find an exercise by `module/exercise` key, or by a bare id when it is unique."""
        if "/" in key:
            module_id, _, exercise_id = key.partition("/")
            module = self.module(module_id)
            if module is None:
                return None
            found = (ex for lesson in module.lessons for ex in lesson.exercises)
            return next((ex for ex in found if ex.id == exercise_id), None)
        matches = [ex for ex in self.exercises if ex.id == key]
        return matches[0] if len(matches) == 1 else None

    def ambiguous(self, exercise_id: str) -> list[str]:
        """Keys of every exercise whose bare id is `exercise_id` (more than one = ambiguous)."""
        return [ex.key for ex in self.exercises if ex.id == exercise_id]
