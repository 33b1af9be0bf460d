"""The one exception hierarchy: every message is written for the user, not for a developer."""

from typing import NamedTuple


class TutorError(Exception):
    """A problem the user can act on. `str(error)` is the cause; `hint` says what to do."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class Problem(NamedTuple):
    """One thing wrong in a curriculum file: where it is and what is wrong."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}:{field} {self.message}"


class CurriculumError(TutorError):
    """The curriculum has problems; all of them are listed at once."""

    def __init__(self, problems: list[Problem]) -> None:
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(
            f"the curriculum has {count} {noun}",
            hint="fix the files listed above, then run `tutor validate`",
        )
        self.problems = problems


class StoreError(TutorError):
    """The progress database cannot be opened, read or written."""


class ConfigError(TutorError):
    """The learner's configuration file is unreadable or invalid."""


class NotFoundError(TutorError):
    """An exercise, module or file named by the user does not exist."""


class CheckerError(TutorError):
    """A code check could not be run at all (as opposed to a learner's failing code)."""


class WorkspaceError(TutorError):
    """The learner's workspace refuses an operation (for example, overwriting edits)."""
