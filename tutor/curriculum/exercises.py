"""Reads one exercise entry of a module.yaml, by type, collecting problems."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from tutor.base import pysource
from tutor.base.errors import Problem
from tutor.curriculum import schema
from tutor.curriculum.fields import FileReader
from tutor.curriculum.model import (
    ALTERNATIVES_FOLDER,
    DEFAULT_MINUTES,
    WRONG_FOLDER,
    AnswerExercise,
    AnyExercise,
    ChoiceExercise,
    CodeExercise,
    Counterexample,
    is_counterexample_file,
)
from tutor.curriculum.yamlfile import Located

CODE_FILES = ("starter.py", "solution.py", "check.py")


def read_exercise(
    reader: FileReader, folder: Path, lesson: str, loc: Located, where: str
) -> AnyExercise | None:
    kind = loc.value.get("type") if isinstance(loc.value, dict) else None
    if kind is not None and kind.value not in schema.EXERCISE_TYPES:
        types = " | ".join(schema.EXERCISE_TYPES)
        reader.problem(kind.line, f"{where}.type", f"{kind.value!r} is not one of {types}")
        return None
    spec = schema.EXERCISE[kind.value if kind is not None else "code"]
    before = len(reader.problems)
    fields = reader.mapping(loc, spec, where)
    if fields is None or kind is None:
        return None
    ex_id = reader.get(fields, spec["id"], where)
    common: dict[str, Any] = {
        "module": folder.name,
        "lesson": lesson,
        "id": ex_id,
        "title": reader.get(fields, spec["title"], where)
        or (ex_id or "").replace("-", " ").capitalize(),
        "minutes": reader.get(fields, spec["minutes"], where) or DEFAULT_MINUTES,
        "difficulty": reader.get(fields, spec["difficulty"], where) or 1,
        "hints": reader.get(fields, spec["hints"], where) or (),
    }
    for i, hint in enumerate(fields["hints"].value if "hints" in fields else []):
        if isinstance(hint.value, str) and not hint.value.strip():
            reader.problem(hint.line, f"{where}.hints[{i}]", "hints must not be empty")
    builders = {"code": _code, "choice": _choice, "answer": _answer}
    exercise = builders[kind.value](reader, folder, fields, where, common)
    return exercise if len(reader.problems) == before and ex_id is not None else None


def _code(
    reader: FileReader, folder: Path, fields: dict[str, Located], where: str, common: dict[str, Any]
) -> AnyExercise:
    spec = schema.EXERCISE["code"]
    ex_folder = folder / "exercises" / (common["id"] or "")
    for name in CODE_FILES:
        if common["id"] and not (ex_folder / name).is_file():
            message = f"file not found: {_shown(reader, folder)}/exercises/{common['id']}/{name}"
            reader.problem(fields["id"].line, where, message)
    timeout = reader.get(fields, spec["timeout"], where)
    memory = reader.get(fields, spec["memory_mb"], where)
    shown = f"{_shown(reader, folder)}/exercises/{common['id']}"
    wrong: list[Counterexample] = []
    for path in counterexample_files(ex_folder / WRONG_FOLDER) if common["id"] else []:
        found = read_mistake(path, f"{shown}/{WRONG_FOLDER}/{path.name}")
        if isinstance(found, Problem):
            reader.problems.append(found)
        else:
            wrong.append(Counterexample(path, found))
    alternatives = counterexample_files(ex_folder / ALTERNATIVES_FOLDER) if common["id"] else ()
    return CodeExercise(
        **common,
        prompt=reader.get(fields, spec["prompt"], where) or "",
        folder=ex_folder,
        timeout=float(timeout) if timeout is not None else -1.0,  # -1: the curriculum's default
        memory_mb=memory if memory is not None else -1,
        wrong=tuple(wrong),
        alternatives=tuple(alternatives),
    )


def counterexample_files(folder: Path) -> tuple[Path, ...]:
    """The counterexamples in `wrong/` or `alternatives/`, by name; none when it is absent."""
    try:
        names = sorted(entry.name for entry in folder.iterdir() if entry.is_file())
    except OSError:  # absent (or not a folder): no counterexamples, which `validate` reports
        return ()
    return tuple(folder / name for name in names if is_counterexample_file(name))


_NAME_THE_MISTAKE = (
    "a wrong solution must open with a docstring whose first line names the mistake, "
    'e.g. """Sorts without a tie-break: equal totals come out in any order."""'
)


def read_mistake(path: Path, shown: str) -> str | Problem:
    """The first line of a wrong solution's docstring (the mistake it makes), or the problem."""
    try:
        source = path.read_bytes()
        tree = pysource.parse(source, filename=shown)
    except OSError as exc:
        return Problem(shown, None, "", f"cannot be read: {exc.strerror or exc}")
    except (SyntaxError, ValueError) as exc:  # ValueError: null bytes in the source
        line = getattr(exc, "lineno", None)
        reason = getattr(exc, "msg", None) or str(exc)
        message = (
            f"is not valid Python ({reason}): a wrong solution is a plausible mistake that runs, "
            "so that the checks, not the parser, must catch it"
        )
        return Problem(shown, line, "", message)
    docstring = ast.get_docstring(tree, clean=True)
    mistake = docstring.strip().splitlines()[0].strip() if docstring and docstring.strip() else ""
    if not mistake:
        return Problem(shown, 1, "", _NAME_THE_MISTAKE)
    return mistake


def _choice(
    reader: FileReader, folder: Path, fields: dict[str, Located], where: str, common: dict[str, Any]
) -> AnyExercise:
    spec = schema.EXERCISE["choice"]
    options = reader.get(fields, spec["options"], where) or ()
    if "options" in fields and len(options) < 2:
        reader.problem(fields["options"].line, f"{where}.options", "give at least two options")
    answer_loc = fields.get("answer")
    raw = answer_loc.value if answer_loc is not None else None
    multiple = isinstance(raw, list)
    indexes = [item.value for item in raw] if isinstance(raw, list) else [raw]
    if answer_loc is None:
        indexes = []  # already reported as a missing required field
    answers: list[int] = []
    for index in indexes:
        if not isinstance(index, int) or isinstance(index, bool):
            reader.problem(
                answer_loc.line if answer_loc else None,
                f"{where}.answer",
                "expected an option index or a list of them",
            )
        elif options and not 0 <= index < len(options):
            message = f"index {index} is out of range: options are numbered 0 to {len(options) - 1}"
            reader.problem(answer_loc.line if answer_loc else None, f"{where}.answer", message)
        else:
            answers.append(index)
    if multiple and not indexes and answer_loc is not None:
        reader.problem(answer_loc.line, f"{where}.answer", "name at least one right option")
    return ChoiceExercise(
        **common,
        question=reader.get(fields, spec["question"], where) or "",
        options=options,
        answer=tuple(sorted(set(answers))),
        multiple=multiple,
        explanation=reader.get(fields, spec["explanation"], where) or "",
    )


def _answer(
    reader: FileReader, folder: Path, fields: dict[str, Located], where: str, common: dict[str, Any]
) -> AnyExercise:
    spec = schema.EXERCISE["answer"]
    accept = reader.get(fields, spec["accept"], where) or ()
    pattern = reader.get(fields, spec["pattern"], where)
    if "accept" not in fields and "pattern" not in fields:
        reader.problem(
            fields["id"].line if "id" in fields else None,
            where,
            "give `accept` (a list of answers) or `pattern` (a regex)",
        )
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            reader.problem(
                fields["pattern"].line, f"{where}.pattern", f"invalid regular expression: {exc}"
            )
    return AnswerExercise(
        **common,
        question=reader.get(fields, spec["question"], where) or "",
        accept=accept,
        pattern=pattern,
        explanation=reader.get(fields, spec["explanation"], where) or "",
    )


def _shown(reader: FileReader, folder: Path) -> str:
    """The module folder as problems name it: as its module.yaml is shown (an included
    curriculum's modules are named by their real place)."""
    shown = reader.shown.rpartition("/")[0]
    return shown or folder.name
