"""The fields of format 1, declared once: the loader checks against them, schemas derive."""

import re
from typing import NamedTuple

FORMAT_VERSION = 1
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,47}$")
LEVELS = ("beginner", "intermediate", "advanced")
EXERCISE_TYPES = ("code", "choice", "answer")


class Field(NamedTuple):
    """One allowed key of a YAML mapping: what the loaders check and the JSON Schemas say."""

    name: str
    kind: (
        str  # "slug", "str", "int", "number", "slugs", "strs", "list", "mapping", "date", "answer"
    )
    required: bool = False
    doc: str = ""
    items: "dict[str, Field] | None" = (
        None  # the fields of each item of a "list", or of a "mapping"
    )
    low: float | None = None  # bounds of an "int" or "number"
    high: float | None = None
    choices: tuple[str, ...] = ()  # the allowed values of a "str"


def _fields(*fields: Field) -> dict[str, Field]:
    return {f.name: f for f in fields}


DEFAULTS = _fields(
    Field("timeout", "number", False, "seconds a code check may run", low=1),
    Field("memory_mb", "int", False, "memory cap of a code check, in MiB", low=64),
)
TRACK = _fields(
    Field("id", "slug", True),
    Field("title", "str", True),
    Field("modules", "slugs", True, "module ids, in learning order"),
)
INCLUDE = _fields(
    Field("pack", "str", False, "an installed curriculum pack, by name (e.g. ml-daily)"),
    Field("path", "str", False, "a curriculum folder, relative to this file's folder"),
)
CURRICULUM = _fields(
    Field("format", "int", True, "format version of the curriculum files; 1"),
    Field("title", "str", True, "title of the curriculum"),
    Field(
        "include",
        "include",
        False,
        "other curricula whose modules join this one: each `pack: NAME` or `path: FOLDER`",
        items=INCLUDE,
    ),
    Field("defaults", "mapping", False, "defaults for code exercises", items=DEFAULTS),
    Field("tracks", "list", True, "named, ordered paths through modules", items=TRACK),
)
NOTEBOOK = _fields(
    Field("file", "str", True, "notebook file, relative to the module folder"),
    Field("title", "str", True),
    Field("timeout", "number", False, "seconds each cell may run (default 120)", low=1),
    Field("data", "strs", False, "data files the notebook reads, relative to the module folder"),
)
_COMMON = (
    Field("id", "slug", True),
    Field("type", "str", True, "code | choice | answer", choices=EXERCISE_TYPES),
    Field("title", "str", False),
    Field("minutes", "int", False, "estimate used to size the day (default 5)", low=1, high=240),
    Field("difficulty", "int", False, "1..3 (default 1)", low=1, high=3),
    Field("hints", "strs", False, "revealed one at a time"),
)
EXERCISE = {
    "code": _fields(
        *_COMMON,
        Field("prompt", "str", True),
        Field("timeout", "number", False, "seconds for the checks", low=1),
        Field("memory_mb", "int", False, "memory cap for the checks, in MiB", low=64),
    ),
    "choice": _fields(
        *_COMMON,
        Field("question", "str", True),
        Field("options", "strs", True),
        Field("answer", "answer", True, "index of the right option, or a list of indexes"),
        Field("explanation", "str", False),
    ),
    "answer": _fields(
        *_COMMON,
        Field("question", "str", True),
        Field("accept", "strs", False, "accepted answers, compared normalised"),
        Field("pattern", "str", False, "a regular expression the answer must match"),
        Field("explanation", "str", False),
    ),
}
LESSON = _fields(
    Field("id", "slug", True),
    Field("title", "str", True),
    Field("file", "str", True, "Markdown file, relative to the module folder"),
    Field("exercises", "exercises", False, "the lesson's exercises, by `type`"),
)
MODULE = _fields(
    Field("id", "slug", True, "equals the module's folder name"),
    Field("title", "str", True),
    Field("summary", "str", True),
    Field("level", "str", True, "beginner | intermediate | advanced", choices=LEVELS),
    Field("skills", "slugs", True, "skill slugs shown in the skills matrix"),
    Field("prerequisites", "slugs", False, "module ids learned first"),
    Field("requires", "strs", False, "PEP 508 requirements of the exercises and notebooks"),
    Field("lessons", "list", True, items=LESSON),
    Field("notebooks", "list", False, items=NOTEBOOK),
)


TEAM_FORMAT_VERSION = 1
MASTERY_LEVELS = ("not started", "attempted", "familiar", "proficient", "mastered")
TEAM_STREAK = _fields(
    Field("current", "int", True, "days in the current streak", low=0),
    Field("longest", "int", True, "longest streak ever, in days", low=0),
)
TEAM_NAME_LENGTH = 80
TEAM = _fields(
    Field("format", "int", True, "format version of team files; 1"),
    Field("handle", "slug", True, "the learner's handle; equals the file name"),
    Field("name", "str", True, f"display name, one line, at most {TEAM_NAME_LENGTH} characters"),
    Field(
        "skills",
        "levels",
        True,
        "skill slug -> mastery level 0..4",
        low=0,
        high=len(MASTERY_LEVELS) - 1,
    ),
    Field("proficient", "slugs", False, "module ids at least proficient"),
    Field("mastered", "slugs", False, "module ids mastered"),
    Field("streak", "mapping", True, "current and longest streak, in days", items=TEAM_STREAK),
    Field("last_active", "date", False, "last day with a completed exercise (YYYY-MM-DD)"),
)
