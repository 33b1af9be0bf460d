"""The learner's workspace: the folder of exercise files they open in their own editor."""

from __future__ import annotations

import os
from pathlib import Path

from tutor.base.errors import WorkspaceError
from tutor.base.files import write_atomic
from tutor.curriculum.model import CodeExercise

WORKSPACE_ENV = "TUTOR_WORKSPACE"
_CURRENT = ".current"
_WRITABLE = (
    f"choose a workspace folder you can write to (`tutor config --workspace` or ${WORKSPACE_ENV})"
)


def default_workspace() -> Path:
    override = os.environ.get(WORKSPACE_ENV)
    return Path(override) if override else Path.home() / "tutor-workspace"


class Workspace:
    """One file per started code exercise: `<root>/<module>/<exercise>.py`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def file_for(self, exercise: CodeExercise) -> Path:
        return self.root / exercise.module / f"{exercise.id}.py"

    def has_edits(self, exercise: CodeExercise) -> bool:
        path = self.file_for(exercise)
        return path.exists() and path.read_bytes() != exercise.starter.read_bytes()

    def start(self, exercise: CodeExercise, *, force: bool = False) -> Path:
        """Put the starter in the workspace, keeping the learner's edits unless `force`."""
        path = self.file_for(exercise)
        if not force and self.has_edits(exercise):
            raise WorkspaceError(
                f"{path} already has your edits",
                hint=f"check it with `tutor check {exercise.key}`, "
                f"or start over with `tutor start {exercise.key} --force`",
            )
        if not path.exists() or force:
            self._copy_starter(exercise, path)
        self.set_current(exercise.key)
        return path

    def review(self, exercise: CodeExercise, *, keep: bool) -> tuple[Path, Path | None]:
        """A review starts from the starter: the learner's file is moved aside to
        `<id>.previous.py` first, never lost. With `keep` (today's review is under way), the
        file is that review's work and stays."""
        path = self.file_for(exercise)
        if self.has_edits(exercise) and keep:
            self.set_current(exercise.key)
            return path, None
        previous = None
        if self.has_edits(exercise):
            previous = self._set_aside(exercise, path)
        self._copy_starter(exercise, path)
        self.set_current(exercise.key)
        return path, previous

    @staticmethod
    def _set_aside(exercise: CodeExercise, path: Path) -> Path:
        """Moves `path` to `<id>.previous.py`. What an earlier review set aside there (the
        solution that passed, say, before a draft that never did) moves on to the first free
        `<id>.previous-N.py`, unless it is the same text: no solution is ever overwritten."""
        previous = path.with_name(f"{exercise.id}.previous.py")
        if previous.exists() and previous.read_bytes() != path.read_bytes():
            number = 2
            while (older := path.with_name(f"{exercise.id}.previous-{number}.py")).exists():
                number += 1
            previous.replace(older)
        path.replace(previous)
        return previous

    def reset(self, exercise: CodeExercise) -> Path:
        path = self.file_for(exercise)
        self._copy_starter(exercise, path)
        self.set_current(exercise.key)
        return path

    def current(self) -> str | None:
        try:
            return (self.root / _CURRENT).read_text(encoding="utf-8").strip() or None
        except OSError:
            return None

    def set_current(self, key: str) -> None:
        self._write(self.root / _CURRENT, key.encode())

    def _copy_starter(self, exercise: CodeExercise, path: Path) -> None:
        try:
            starter = exercise.starter.read_bytes()
        except OSError as exc:
            raise WorkspaceError(f"cannot read {exercise.starter}: {exc.strerror}") from exc
        self._write(path, starter)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        # Written whole, so an editor watching the file never sees half of it.
        write_atomic(path, data, hint=_WRITABLE)
