"""Loads and validates a format-1 curriculum: every problem, with file, line and field, at once."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement

from tutor.base.errors import CurriculumError, Problem
from tutor.curriculum import schema
from tutor.curriculum.exercises import read_exercise
from tutor.curriculum.fields import FileReader
from tutor.curriculum.model import (
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    AnyExercise,
    CodeExercise,
    Curriculum,
    Lesson,
    Module,
    Notebook,
    Track,
)
from tutor.curriculum.yamlfile import Located, read_yaml

CURRICULUM_FILE = "curriculum.yaml"
MODULE_FILE = "module.yaml"
CODE_FILES = ("starter.py", "solution.py", "check.py")


def load_curriculum(root: Path) -> Curriculum:
    """Load the curriculum under `root`, or raise CurriculumError listing every problem."""
    curriculum, problems = check_curriculum(root)
    if problems or curriculum is None:
        raise CurriculumError(problems)
    return curriculum


def check_curriculum(root: Path) -> tuple[Curriculum | None, list[Problem]]:
    """Validate the curriculum under `root`: the model when valid, and all problems found."""
    problems: list[Problem] = []
    top = _read_top(root, problems)
    modules = [_read_module(folder, problems) for folder in module_folders(root)]
    found = [m for m in modules if m is not None]
    if top is None:
        return None, problems
    title, tracks, defaults = top
    found = [_apply_defaults(m, defaults) for m in found]
    _check_references(root, tracks, found, problems)
    if problems:
        return None, problems
    track_list = tuple(track for track, _ in tracks)
    module_map = {module.id: module for module in found}
    return Curriculum(root, schema.FORMAT_VERSION, title, track_list, module_map), []


def module_folders(root: Path) -> list[Path]:
    """Every folder under `root` that is meant to be a module (hidden and `_` folders skipped)."""
    try:
        entries = sorted(root.iterdir())
    except OSError:
        return []
    return [p for p in entries if p.is_dir() and not p.name.startswith((".", "_"))]


def _read_top(
    root: Path, problems: list[Problem]
) -> tuple[str, list[tuple[Track, int]], dict[str, Any]] | None:
    shown = CURRICULUM_FILE
    loc, found = read_yaml(root / CURRICULUM_FILE, shown)
    problems.extend(found)
    if loc is None:
        return None
    reader = FileReader(shown, problems)
    data = reader.mapping(loc, schema.CURRICULUM, "")
    if data is None:
        return None
    fmt = reader.get(data, schema.CURRICULUM["format"], "")
    if fmt is not None and fmt != schema.FORMAT_VERSION:
        line = reader.line(data, "format", loc.line)
        message = f"format {fmt} is not supported; this tutor reads format 1 (upgrade the tutor)"
        reader.problem(line, "format", message)
    title = reader.get(data, schema.CURRICULUM["title"], "") or ""
    defaults: dict[str, Any] = {}
    if "defaults" in data:
        got = reader.mapping(data["defaults"], schema.DEFAULTS, "defaults")
        for name, spec in schema.DEFAULTS.items():
            value = reader.get(got or {}, spec, "defaults")
            if value is not None:
                defaults[name] = value
    tracks: list[tuple[Track, int]] = []
    seen: set[str] = set()
    for i, item in enumerate(reader.get(data, schema.CURRICULUM["tracks"], "") or []):
        where = f"tracks[{i}]"
        fields = reader.mapping(item, schema.TRACK, where)
        if fields is None:
            continue
        track_id = reader.get(fields, schema.TRACK["id"], where)
        if track_id in seen:
            reader.problem(item.line, f"{where}.id", f"duplicate track id {track_id!r}")
        seen.add(track_id)
        modules = reader.get(fields, schema.TRACK["modules"], where) or ()
        track_title = reader.get(fields, schema.TRACK["title"], where) or ""
        tracks.append((Track(track_id or "", track_title, modules), item.line))
    return title, tracks, defaults


def _read_module(folder: Path, problems: list[Problem]) -> Module | None:
    shown = f"{folder.name}/{MODULE_FILE}"
    loc, found = read_yaml(folder / MODULE_FILE, shown)
    problems.extend(found)
    if loc is None:
        return None
    before = len(problems)
    reader = FileReader(shown, problems)
    data = reader.mapping(loc, schema.MODULE, "")
    if data is None:
        return None
    spec = schema.MODULE
    module_id = reader.get(data, spec["id"], "")
    if module_id is not None and module_id != folder.name:
        message = f"id {module_id!r} must equal the folder name {folder.name!r}"
        reader.problem(reader.line(data, "id", loc.line), "id", message)
    level = reader.get(data, spec["level"], "")
    requires = reader.get(data, spec["requires"], "") or ()
    _check_requirements(reader, data, requires)
    lessons = _read_lessons(reader, folder, data)
    notebooks = _read_notebooks(reader, folder, data)
    if len(problems) > before or module_id is None:
        return None
    return Module(
        id=module_id,
        title=reader.get(data, spec["title"], ""),
        summary=reader.get(data, spec["summary"], ""),
        level=level,
        skills=reader.get(data, spec["skills"], "") or (),
        prerequisites=reader.get(data, spec["prerequisites"], "") or (),
        requires=requires,
        lessons=lessons,
        notebooks=notebooks,
        folder=folder,
    )


def _check_requirements(
    reader: FileReader, data: dict[str, Located], requires: tuple[str, ...]
) -> None:
    items = data["requires"].value if "requires" in data else []
    for i, requirement in enumerate(requires):
        try:
            Requirement(requirement)
        except InvalidRequirement as exc:
            first = str(exc).splitlines()[0]
            message = f"{requirement!r} is not a valid PEP 508 requirement ({first})"
            reader.problem(items[i].line, f"requires[{i}]", message)


def _read_lessons(reader: FileReader, folder: Path, data: dict[str, Located]) -> tuple[Lesson, ...]:
    lessons: list[Lesson] = []
    lesson_ids: set[str] = set()
    exercise_ids: set[str] = set()
    for i, item in enumerate(reader.get(data, schema.MODULE["lessons"], "") or []):
        where = f"lessons[{i}]"
        fields = reader.mapping(item, schema.LESSON, where)
        if fields is None:
            continue
        lesson_id = reader.get(fields, schema.LESSON["id"], where)
        if lesson_id in lesson_ids:
            reader.problem(item.line, f"{where}.id", f"duplicate lesson id {lesson_id!r}")
        lesson_ids.add(lesson_id)
        file = _module_file(reader, folder, fields, where)
        exercises: list[AnyExercise] = []
        raw = reader.get(fields, schema.LESSON["exercises"], where) or []
        for j, ex_loc in enumerate(raw):
            ex_where = f"{where}.exercises[{j}]"
            ex = read_exercise(reader, folder, lesson_id or "", ex_loc, ex_where)
            if ex is None:
                continue
            if ex.id in exercise_ids:
                message = f"duplicate exercise id {ex.id!r} (ids are unique within a module)"
                reader.problem(ex_loc.line, f"{ex_where}.id", message)
            exercise_ids.add(ex.id)
            exercises.append(ex)
        title = reader.get(fields, schema.LESSON["title"], where) or ""
        lessons.append(Lesson(lesson_id or "", title, file or Path(), tuple(exercises)))
    return tuple(lessons)


def _read_notebooks(
    reader: FileReader, folder: Path, data: dict[str, Located]
) -> tuple[Notebook, ...]:
    notebooks: list[Notebook] = []
    for i, item in enumerate(reader.get(data, schema.MODULE["notebooks"], "") or []):
        where = f"notebooks[{i}]"
        fields = reader.mapping(item, schema.NOTEBOOK, where)
        if fields is None:
            continue
        file = _module_file(reader, folder, fields, where)
        title = reader.get(fields, schema.NOTEBOOK["title"], where) or ""
        timeout = reader.get(fields, schema.NOTEBOOK["timeout"], where)
        data_files: list[Path] = []
        for j, name in enumerate(reader.get(fields, schema.NOTEBOOK["data"], where) or []):
            path = _module_path(reader, folder, name, fields["data"].line, f"{where}.data[{j}]")
            if path is not None:
                data_files.append(path)
        notebooks.append(
            Notebook(file or Path(), title, float(timeout or 120.0), tuple(data_files))
        )
    return tuple(notebooks)


def _module_file(
    reader: FileReader, folder: Path, fields: dict[str, Located], where: str
) -> Path | None:
    """A `file:` field: relative, inside the module folder, and existing."""
    value = reader.get(fields, schema.Field("file", "str"), where)
    if value is None:
        return None
    return _module_path(reader, folder, value, fields["file"].line, f"{where}.file")


def _module_path(
    reader: FileReader, folder: Path, value: str, line: int | None, field: str
) -> Path | None:
    """A relative path that stays inside the module folder and names an existing file."""
    relative = PurePosixPath(value)
    if relative.is_absolute() or ".." in relative.parts or "\\" in value:
        reader.problem(line, field, f"{value!r} must be a path inside the module folder")
        return None
    if not (folder / relative).is_file():
        reader.problem(line, field, f"file not found: {folder.name}/{value}")
        return None
    return Path(relative)


def _apply_defaults(module: Module, defaults: dict[str, Any]) -> Module:
    timeout = float(defaults.get("timeout", DEFAULT_TIMEOUT))
    memory = int(defaults.get("memory_mb", DEFAULT_MEMORY_MB))
    lessons = []
    for lesson in module.lessons:
        exercises = tuple(
            _with_defaults(ex, timeout, memory) if isinstance(ex, CodeExercise) else ex
            for ex in lesson.exercises
        )
        lessons.append(Lesson(lesson.id, lesson.title, lesson.file, exercises))
    return Module(
        module.id,
        module.title,
        module.summary,
        module.level,
        module.skills,
        module.prerequisites,
        module.requires,
        tuple(lessons),
        module.notebooks,
        module.folder,
    )


def _with_defaults(ex: CodeExercise, timeout: float, memory: int) -> CodeExercise:
    return ex._replace(
        timeout=ex.timeout if ex.timeout > 0 else timeout,
        memory_mb=ex.memory_mb if ex.memory_mb > 0 else memory,
    )


def _check_references(
    root: Path, tracks: list[tuple[Track, int]], modules: list[Module], problems: list[Problem]
) -> None:
    known = {m.id for m in modules}
    folders = {p.name for p in module_folders(root)}
    for track, line in tracks:
        for module_id in track.modules:
            if module_id not in folders:
                message = f"track {track.id!r} names unknown module {module_id!r}"
                problems.append(Problem(CURRICULUM_FILE, line, "tracks.modules", message))
    for module in modules:
        for prereq in module.prerequisites:
            if prereq not in folders:
                message = f"unknown module {prereq!r}"
                at = _line_of(module.folder / MODULE_FILE, "prerequisites")
                problems.append(Problem(f"{module.id}/{MODULE_FILE}", at, "prerequisites", message))
    cycle = find_cycle({m.id: [p for p in m.prerequisites if p in known] for m in modules})
    if cycle:
        message = "prerequisite cycle: " + " -> ".join(cycle)
        at = _line_of(root / cycle[0] / MODULE_FILE, "prerequisites")
        problems.append(Problem(f"{cycle[0]}/{MODULE_FILE}", at, "prerequisites", message))


def _line_of(path: Path, field: str) -> int | None:
    """The line of a top-level field; only read again on the (rare) error path."""
    loc, _ = read_yaml(path, path.name)
    if loc is not None and isinstance(loc.value, dict) and field in loc.value:
        return int(loc.value[field].line)
    return None


def find_cycle(graph: dict[str, list[str]]) -> list[str]:
    """A cycle in `graph` as a closed path (`a -> b -> a`), or [] when there is none."""
    finished: set[str] = set()
    for start in graph:
        if start in finished:
            continue
        # Iterative: a chain of a thousand modules must not hit the recursion limit.
        path: list[str] = [start]
        on_path = {start}
        stack = [iter(graph.get(start, []))]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                finished.add(path[-1])
                on_path.discard(path.pop())
            elif nxt in on_path:
                return [*path[path.index(nxt) :], nxt]
            elif nxt not in finished:
                path.append(nxt)
                on_path.add(nxt)
                stack.append(iter(graph.get(nxt, [])))
    return []
