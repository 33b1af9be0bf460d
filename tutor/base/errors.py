"""The one exception hierarchy: every message is written for the user, not for a developer.

    TutorError                 a problem the user can act on (exit 1)
    ├── UsageError             the command line names something that is not there (exit 2)
    │   └── NotFoundError      an exercise, module or file that does not exist
    ├── ProblemsError          a file with problems, every one listed with file, line and field
    │   ├── CurriculumError    the curriculum's YAML, Markdown and code
    │   ├── TeamError          the team's summaries in team/
    │   └── LogFileError       an attempt log being imported
    ├── FileWriteError         a file the tutor must write cannot be written
    ├── StoreError             the progress database cannot be opened, read or written
    ├── ConfigError            the learner's settings are unreadable or invalid
    ├── CheckerError           a code check could not be run at all
    ├── WorkspaceError         the workspace refuses an operation (overwriting edits)
    └── NotebookError          a notebook could not be read or run

The CLI turns each into a one-line message and its exit code in one place (`tutor.cli.main`).
"""

from typing import NamedTuple


class TutorError(Exception):
    """A problem the user can act on. `str(error)` is the cause; `hint` says what to do."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(TutorError):
    """The command was called wrongly: exit code 2, as Click uses for usage mistakes."""

    exit_code = 2


class NotFoundError(UsageError):
    """An exercise, module or file named by the user does not exist."""


class Problem(NamedTuple):
    """One thing wrong in a file: where it is and what is wrong."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}:{field} {self.message}"


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


class ProblemsError(TutorError):
    """Files with problems; all of them are listed at once, before the message."""

    def __init__(self, problems: list[Problem], message: str, hint: str) -> None:
        super().__init__(message, hint=hint)
        self.problems = problems


class CurriculumError(ProblemsError):
    """The curriculum has problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            problems,
            f"the curriculum has {_count(len(problems), 'problem')}",
            hint="fix the files listed above, then run `tutor validate`",
        )


class TeamError(ProblemsError):
    """Team files have problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            problems,
            f"the team files have {_count(len(problems), 'problem')}",
            hint="fix or remove the files listed above (each learner rewrites theirs with "
            "`tutor share`)",
        )


class LogFileError(ProblemsError):
    """Lines of an attempt log that cannot be imported."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        super().__init__(
            problems,
            f"{source} has {_count(len(problems), 'bad line')}; nothing was imported",
            hint="fix or remove the lines listed above, then import the file again",
        )


class FileWriteError(TutorError):
    """A file the tutor must write (settings, an export, a scaffold) cannot be written."""


class StoreError(TutorError):
    """The progress database cannot be opened, read or written."""


class ConfigError(TutorError):
    """The learner's configuration file is unreadable or invalid."""


class CheckerError(TutorError):
    """A code check could not be run at all (as opposed to a learner's failing code)."""


class WorkspaceError(TutorError):
    """The learner's workspace refuses an operation (for example, overwriting edits)."""


class NotebookError(TutorError):
    """A notebook could not be read or run: its cell, its error, what to do."""
