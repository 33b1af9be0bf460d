"""Scaffolding for contributors: a new module, or a new exercise in one, valid from the start.

YAML that already exists is edited with ruamel.yaml's round trip, so the comments, order and
layout a contributor wrote survive; new files start with a `yaml-language-server` comment that
points editors at the JSON Schemas under `schemas/`.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutor.authoring.yaml_insert import add_exercise
from tutor.base.errors import FileWriteError, TutorError
from tutor.base.files import write_atomic
from tutor.curriculum import schema

SCHEMA_COMMENT = "# yaml-language-server: $schema={path}\n"
_WRITABLE = "check that the curriculum folder is writable"


@dataclass(frozen=True, slots=True)
class NewModule:
    id: str
    title: str
    summary: str
    level: str = "beginner"
    skills: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    prerequisites: tuple[str, ...] = ()


def new_module(root: Path, spec: NewModule, track: str | None = None) -> list[Path]:
    """Create `root/<id>/` with module.yaml, a lesson and a notebook; add it to `track`.

    Returns the files written. Nothing is written if the module exists or a value is invalid.
    """
    _check_slug(spec.id, "module id")
    for skill in spec.skills:
        _check_slug(skill, "skill")
    if spec.level not in schema.LEVELS:
        raise TutorError(f"level {spec.level!r} is not one of {', '.join(schema.LEVELS)}")
    folder = root / spec.id
    if folder.exists():
        raise TutorError(f"{folder} already exists", hint="choose another id, or edit that module")
    if track is not None:
        _track_exists(root, track)
    _check_requirements(spec.requires)
    lesson = folder / "lessons" / "introduction.md"
    notebook = folder / "notebooks" / "tour.ipynb"
    module_yaml = folder / "module.yaml"
    with _all_or_nothing(folder):
        (folder / "lessons").mkdir(parents=True)
        (folder / "notebooks").mkdir()
        lesson.write_text(_LESSON.format(title=spec.title), encoding="utf-8")
        notebook.write_text(_notebook(spec.title), encoding="utf-8")
        module_yaml.write_text(_module_yaml(root, spec), encoding="utf-8")
    written = [module_yaml, lesson, notebook]
    if track is not None:
        add_to_track(root, track, spec.id)
        written.append(root / "curriculum.yaml")
    return written


def new_exercise(
    root: Path, module_id: str, exercise_id: str, kind: str, lesson_id: str | None = None
) -> list[Path]:
    """Add an exercise of `kind` to a lesson of `module_id` (the last lesson by default)."""
    _check_slug(exercise_id, "exercise id")
    if kind not in schema.EXERCISE_TYPES:
        raise TutorError(f"type {kind!r} is not one of {', '.join(schema.EXERCISE_TYPES)}")
    module_yaml = root / module_id / "module.yaml"
    yaml, data = _load_round_trip(module_yaml)
    lessons = data.get("lessons") or []
    if not lessons:
        raise TutorError(f"{module_yaml} has no lessons", hint="add a lesson to it first")
    lesson = next((item for item in lessons if item.get("id") == lesson_id), None)
    if lesson_id is not None and lesson is None:
        known = ", ".join(str(item.get("id")) for item in lessons)
        raise TutorError(f"no lesson {lesson_id!r} in {module_id}", hint=f"choose one of: {known}")
    lesson = lesson or lessons[-1]
    taken = {ex.get("id") for item in lessons for ex in (item.get("exercises") or [])}
    if exercise_id in taken:
        raise TutorError(f"{module_id} already has an exercise {exercise_id!r}")
    entry = _exercise_entry(exercise_id, kind)
    index = next(i for i, item in enumerate(lessons) if item is lesson)
    updated = add_exercise(module_yaml.read_text(encoding="utf-8"), index, entry, yaml)
    if updated is None:  # a shape insertion cannot handle: the round trip keeps what it can
        if not lesson.get("exercises"):  # absent, or the scaffold's `[]`: a block list
            from ruamel.yaml.comments import CommentedSeq

            lesson["exercises"] = CommentedSeq()
        lesson["exercises"].append(entry)
    written = []
    folder = root / module_id / "exercises" / exercise_id
    if kind == "code" and folder.exists():
        raise TutorError(f"{folder} already exists", hint="choose another id, or remove it")
    with _all_or_nothing(folder if kind == "code" else None):
        if kind == "code":
            for name, text in _CODE_FILES.items():
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                (folder / name).write_text(text, encoding="utf-8")
                written.append(folder / name)
        if updated is None:
            _dump_round_trip(yaml, data, module_yaml)
        else:
            write_atomic(module_yaml, updated, hint=_WRITABLE)
    return [module_yaml, *written]


@contextmanager
def _all_or_nothing(folder: Path | None) -> Iterator[None]:
    """A failed write (a read-only tree, a full disk) leaves no half-made folder behind."""
    try:
        yield
    except OSError as exc:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        raise FileWriteError(
            f"cannot write {exc.filename or folder}: {exc.strerror or exc}", hint=_WRITABLE
        ) from None


def add_to_track(root: Path, track: str, module_id: str) -> None:
    path = root / "curriculum.yaml"
    yaml, data = _load_round_trip(path)
    for item in data.get("tracks") or []:
        if item.get("id") == track:
            if module_id not in item["modules"]:
                item["modules"].append(module_id)
            _dump_round_trip(yaml, data, path)
            return
    raise TutorError(f"no track {track!r} in {path}")


def _track_exists(root: Path, track: str) -> None:
    _, data = _load_round_trip(root / "curriculum.yaml")
    known = [str(item.get("id")) for item in data.get("tracks") or []]
    if track not in known:
        raise TutorError(f"no track {track!r}", hint=f"choose one of: {', '.join(known)}")


def _load_round_trip(path: Path) -> tuple[Any, Any]:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML()  # round trip: comments, key order and flow style are kept
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # a line written long stays one line
    try:
        data = yaml.load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TutorError(f"{path} does not exist") from None
    except YAMLError as exc:
        raise TutorError(
            f"{path} is not valid YAML: {str(exc).splitlines()[0]}",
            hint="fix it (`tutor validate` lists every problem), then scaffold again",
        ) from None
    if not hasattr(data, "get"):
        raise TutorError(f"{path} is not a mapping of fields", hint="run `tutor validate`")
    return yaml, data


def _dump_round_trip(yaml: Any, data: Any, path: Path) -> None:
    write_atomic(path, lambda out: yaml.dump(data, out), hint=_WRITABLE)


def _check_slug(value: str, what: str) -> None:
    if not schema.SLUG.match(value):
        raise TutorError(
            f"{what} {value!r} is not valid: use lowercase letters, digits and '-', "
            "starting with a letter or digit, at most 48 characters"
        )


def _check_requirements(requires: tuple[str, ...]) -> None:
    from packaging.requirements import InvalidRequirement, Requirement

    for text in requires:
        try:
            Requirement(text)
        except InvalidRequirement as exc:
            raise TutorError(f"{text!r} is not a valid requirement: {exc}") from None


def _schema_path(root: Path, name: str, depth: int) -> str:
    """The schemas folder relative to a file `depth` folders below `root`'s parent."""
    return "../" * depth + f"schemas/{name}"


def _flow(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(json.dumps(i) if not schema.SLUG.match(i) else i for i in items) + "]"


def _module_yaml(root: Path, spec: NewModule) -> str:
    comment = SCHEMA_COMMENT.format(path=_schema_path(root, "module.schema.json", 2))
    return comment + _MODULE.format(
        id=spec.id,
        title=json.dumps(spec.title, ensure_ascii=False),
        summary=json.dumps(spec.summary, ensure_ascii=False),
        level=spec.level,
        skills=_flow(spec.skills or (spec.id,)),
        prerequisites=_flow(spec.prerequisites),
        requires=_flow(spec.requires),
    )


def _exercise_entry(exercise_id: str, kind: str) -> dict[str, Any]:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    def seq(*items: Any) -> CommentedSeq:
        flow = CommentedSeq(items)
        flow.fa.set_flow_style()
        return flow

    entry = CommentedMap()
    entry["id"] = exercise_id
    entry["type"] = kind
    entry["title"] = exercise_id.replace("-", " ").capitalize()
    if kind == "code":
        entry["prompt"] = LiteralScalarString(
            "Write `double(x)`: return `x` times two.\n(TODO: describe the task.)\n"
        )
    elif kind == "choice":
        entry["question"] = "TODO: the question?"
        entry["options"] = seq("TODO: the right option", "TODO: a plausible wrong one")
        entry["answer"] = 0
        entry["explanation"] = "TODO: why the right option is right."
    else:
        entry["question"] = "TODO: the question?"
        entry["accept"] = seq("TODO")
        entry["explanation"] = "TODO: why this is the answer."
    entry["minutes"] = 5 if kind == "code" else 2
    entry["difficulty"] = 1
    entry["hints"] = seq("TODO: a nudge in the right direction", "TODO: nearly the answer")
    return entry


_MODULE = """\
id: {id}
title: {title}
summary: {summary}
level: {level}            # beginner | intermediate | advanced
skills: {skills}
prerequisites: {prerequisites}     # module ids learned first
requires: {requires}          # PEP 508 requirements of the exercises and notebooks
lessons:
  - id: introduction
    title: Introduction
    file: lessons/introduction.md
    exercises: []       # add some with `tutor new exercise {id} ID --type code|choice|answer`
notebooks:
  - file: notebooks/tour.ipynb
    title: A tour
"""

_LESSON = """\
# {title}

What problem does this solve for an ML engineer? Start with the pain, in two or three
sentences, and a small example of the old way.

## The idiom

Show the idiomatic way, with a snippet that runs and its real output:

```python
print("hello")
# -> hello
```

## A pitfall

What goes wrong for people coming from the tools they know, and how to spot it.
"""

_CODE_FILES = {
    "starter.py": '''"""The learner starts here: it must fail the checks."""


def double(x: int) -> int:
    """Return x times two."""
    # TODO: write this.
    raise NotImplementedError("double is not written yet")
''',
    "solution.py": '''"""The reference solution: it must pass the checks."""


def double(x: int) -> int:
    """Return x times two."""
    return x * 2
''',
    "check.py": '''"""Checks run with pytest; `exercise` is the learner's file. Test behaviour, not text."""

from exercise import double


def test_doubles_small_numbers():
    assert double(2) == 4, f"double(2) should be 4, got {double(2)!r}"


def test_zero_and_negatives():
    assert double(0) == 0 and double(-3) == -6, "double must work for 0 and negatives too"
''',
}


# Placeholders that are honest about the scaffolded `double`: the wrong ones fail its checks and
# the alternatives pass them, so a new exercise passes `tutor validate --run` from the start.
_WRONG_TODO = """
TODO: replace this file with a mistake a learner would plausibly make in your exercise (one
mistake per file, at least three files). The first line of this docstring names the mistake:
the site shows it under "Common mistakes", and `tutor validate --run` quotes it if the checks
let the file pass. It must fail check.py, whose failure message should name the broken rule.
"""
_ALTERNATIVE_TODO = """
TODO: replace this file with another correct solution, in an idiom other than solution.py's
(at least two files). It must pass check.py: if it does not, the checks demand more than the
prompt states. The site shows it under "Other solutions".
"""
_WRONG_FILES = {
    "wrong/squares.py": (
        "Squares `x` instead of doubling it (right for 2 only).",
        "def double(x: int) -> int:\n    return x * x\n",
    ),
    "wrong/adds_two.py": (
        "Adds two instead of multiplying by two.",
        "def double(x: int) -> int:\n    return x + 2\n",
    ),
    "wrong/drops_the_sign.py": (
        "Doubles the absolute value, so negative numbers come back positive.",
        "def double(x: int) -> int:\n    return abs(x) * 2\n",
    ),
}
_ALTERNATIVE_FILES = {
    "alternatives/adds_itself.py": "def double(x: int) -> int:\n    return x + x\n",
    "alternatives/shifts_left.py": "def double(x: int) -> int:\n    return x << 1\n",
}
_CODE_FILES |= {
    name: f'"""{mistake}\n{_WRONG_TODO}"""\n\n\n{code}'
    for name, (mistake, code) in _WRONG_FILES.items()
}
_CODE_FILES |= {
    name: f'"""Another correct solution.\n{_ALTERNATIVE_TODO}"""\n\n\n{code}'
    for name, code in _ALTERNATIVE_FILES.items()
}


def _notebook(title: str) -> str:
    cells = [
        {
            "cell_type": "markdown",
            "metadata": {},
            "source": [f"# {title}\n", "\n", "Teach through real outputs: a table and a plot."],
        },
        {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": ["squares = {n: n * n for n in range(5)}\n", "squares"],
        },
    ]
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 4,
    }
    return json.dumps(notebook, indent=1) + "\n"


# Text of the templates above that a finished module no longer holds: `tutor validate` warns
# about each that is left (tutor.authoring.static_checks).
PLACEHOLDERS = (
    "(TODO: describe the task.)",
    "TODO: the question?",
    "TODO: the right option",
    "TODO: a plausible wrong one",
    "TODO: why the right option is right.",
    "TODO: why this is the answer.",
    "TODO: a nudge in the right direction",
    "TODO: nearly the answer",
    "TODO: replace this file with",
    "What problem does this solve for an ML engineer?",
    "Teach through real outputs: a table and a plot.",
)
# The scaffolded code files that must not stay as they are (a starter keeps its TODOs).
CODE_PLACEHOLDERS = {name: _CODE_FILES[name] for name in ("starter.py", "solution.py", "check.py")}
