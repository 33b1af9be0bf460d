"""What static `tutor validate` holds beyond the format, reading the module's files itself.

Errors (the site or the tutor would break): a notebook that is not valid JSON or not a valid
nbformat notebook; an image a lesson or notebook refers to by relative path that does not exist,
or that lies outside its module's folder. Warnings (a module being written still works): an
exercise folder or a notebook that `module.yaml` does not list, and text the scaffold left that
nobody replaced. Modules of installed packs are someone else's: they are not checked here.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Collection
from pathlib import Path
from typing import NamedTuple

from tutor.base.errors import Problem
from tutor.curriculum.model import CodeExercise, Curriculum, Module
from tutor.curriculum.references import module_images

EXERCISES_FOLDER = "exercises"
NOTEBOOKS_FOLDER = "notebooks"


class Findings(NamedTuple):
    errors: list[Problem]
    warnings: list[Problem]


def static_findings(curriculum: Curriculum, modules: Collection[str] | None = None) -> Findings:
    """Every error and warning of the curriculum's own modules (or of those chosen), module by
    module."""
    errors: list[Problem] = []
    found_warnings: list[Problem] = []
    for module in curriculum.modules:
        if getattr(module, "read_only", False) or (
            modules is not None and module.id not in modules
        ):
            continue
        shown = _shown(curriculum, module)
        errors += notebook_problems(module, shown)
        errors += image_problems(module, shown)
        found_warnings += unlisted(module, shown)
        found_warnings += scaffold_leftovers(module, shown)
    return Findings(errors, found_warnings)


def notebook_problems(module: Module, shown: str) -> list[Problem]:
    """A listed notebook that is not JSON, or not a notebook nbformat accepts."""
    problems = []
    for notebook in module.notebooks:
        file = f"{shown}/{notebook.file.as_posix()}"
        text = _read(module.folder / notebook.file)
        try:
            data = json.loads(text)
        except ValueError as exc:
            line = getattr(exc, "lineno", None)
            why = getattr(exc, "msg", str(exc))
            message = f"not valid JSON: {why}; open it in Jupyter and save it again, or fix it"
            problems.append(Problem(file, line, "", message))
            continue
        why = _not_a_notebook(data)
        if why:
            message = f"not a valid notebook: {why}; open it in Jupyter and save it again"
            problems.append(Problem(file, None, "", message))
    return problems


def image_problems(module: Module, shown: str) -> list[Problem]:
    """An image referred to by relative path that is missing or outside the module."""
    problems = []
    lessons = [lesson.file for lesson in module.lessons]
    notebooks = [notebook.file for notebook in module.notebooks]
    for ref in module_images(module.folder, lessons, notebooks):
        file = f"{shown}/{ref.source.as_posix()}"
        line = int(ref.where.split()[1]) if ref.where.startswith("line ") else None
        field = "" if line is not None else ref.where
        if not ref.inside:
            message = (
                f"image {ref.target!r} is outside the module's folder: the site cannot show it; "
                "keep images in the module's folder"
            )
        elif not (module.folder / ref.path).is_file():
            message = (
                f"image {ref.target!r} not found (looked for {shown}/{ref.path.as_posix()}); "
                "add the file, or fix the path (relative to this file)"
            )
        else:
            continue
        problems.append(Problem(file, line, field, message))
    return problems


def unlisted(module: Module, shown: str) -> list[Problem]:
    """Folders under exercises/ that are no code exercise, notebooks under notebooks/ that are
    not listed: work that the tutor and the site never show."""
    problems = []
    listed = {ex.id for ex in module.exercises if isinstance(ex, CodeExercise)}
    folder = module.folder / EXERCISES_FOLDER
    for entry in sorted(folder.iterdir()) if folder.is_dir() else []:
        if entry.is_dir() and not entry.name.startswith((".", "_")) and entry.name not in listed:
            message = (
                f"{EXERCISES_FOLDER}/{entry.name}/ is not a code exercise of module.yaml: add "
                f"it to a lesson (id: {entry.name}, type: code), or delete the folder"
            )
            problems.append(Problem(f"{shown}/{EXERCISES_FOLDER}/{entry.name}/", None, "", message))
    notebooks = {(module.folder / nb.file).resolve() for nb in module.notebooks}
    folder = module.folder / NOTEBOOKS_FOLDER
    for path in sorted(folder.rglob("*.ipynb")) if folder.is_dir() else []:
        relative = path.relative_to(module.folder)
        if any(part.startswith(".") for part in relative.parts) or path.resolve() in notebooks:
            continue
        message = (
            "not listed under notebooks: in module.yaml, so neither run nor shown: list it "
            f"(file: {relative.as_posix()}, title: ...), or delete it"
        )
        problems.append(Problem(f"{shown}/{relative.as_posix()}", None, "", message))
    return problems


def scaffold_leftovers(module: Module, shown: str) -> list[Problem]:
    """Files still holding the text `tutor new` put there for the contributor to replace."""
    from tutor.authoring.scaffold import CODE_PLACEHOLDERS

    problems = []
    files = [Path("module.yaml"), *(lesson.file for lesson in module.lessons)]
    files += [notebook.file for notebook in module.notebooks]
    for ex in module.exercises:
        if isinstance(ex, CodeExercise):
            files += [p.relative_to(module.folder) for p in (w.path for w in ex.wrong)]
            files += [p.relative_to(module.folder) for p in ex.alternatives]
    for file in files:
        problem = _leftover(module.folder, file, shown)
        if problem is not None:
            problems.append(problem)
    for ex in module.exercises:
        if not isinstance(ex, CodeExercise):
            continue
        for name, template in CODE_PLACEHOLDERS.items():
            if _read(ex.folder / name) == template:
                where = f"{shown}/{EXERCISES_FOLDER}/{ex.id}/{name}"
                message = (
                    "is still the scaffold's `double(x)` placeholder: write the exercise's own"
                )
                problems.append(Problem(where, None, "", message))
    return problems


def _leftover(folder: Path, file: Path, shown: str) -> Problem | None:
    from tutor.authoring.scaffold import PLACEHOLDERS

    lines = [
        (number, marker)
        for number, line in enumerate(_read(folder / file).splitlines(), start=1)
        for marker in PLACEHOLDERS
        if marker in line
    ]
    if not lines:
        return None
    number, first = lines[0]
    count = f"{len(lines)} placeholders" if len(lines) > 1 else "a placeholder"
    them = "them" if len(lines) > 1 else "it"
    message = f"still holds {count} of the scaffold ({first!r}): replace {them} with your own text"
    line = number if file.suffix != ".ipynb" else None
    return Problem(f"{shown}/{file.as_posix()}", line, "", message)


def _not_a_notebook(data: object) -> str:
    """Why `data` is not a notebook, or '' when it is one (nbformat's word, when installed)."""
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return "it has no list of cells"
    if not isinstance(data.get("nbformat"), int) or not isinstance(data.get("metadata"), dict):
        return "it has no nbformat version or no metadata"
    try:
        import nbformat
    except ImportError:  # the site's extra is not installed: the shape above is what we know
        return ""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            nbformat.validate(data)
        except Exception as exc:  # nbformat raises ValidationError and others for bad input
            lines = str(exc).strip().splitlines()
            return lines[0] if lines else type(exc).__name__
    return ""


def _shown(curriculum: Curriculum, module: Module) -> str:
    """The module's folder as messages name it: relative to the curriculum, where it is inside."""
    root = curriculum.root.resolve()
    folder = module.folder.resolve()
    return folder.relative_to(root).as_posix() if folder.is_relative_to(root) else str(folder)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
