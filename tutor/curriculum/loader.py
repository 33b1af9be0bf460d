"""Loads and validates a format-1 curriculum: every problem, with file, line and field, at once."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

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
    Source,
    Track,
)
from tutor.curriculum.packs import PackError, installed_copy, pack_folder
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


class _Top(NamedTuple):
    """What one `curriculum.yaml` says, with where it was read."""

    source: Source
    title: str
    tracks: list[tuple[Track, int]]
    defaults: dict[str, Any]
    includes: list[tuple[Source, int]]  # resolved includes, with the line naming each


def check_curriculum(root: Path) -> tuple[Curriculum | None, list[Problem]]:
    """Validate the curriculum under `root` and every curriculum it includes: the model when
    valid, and all problems found (each naming the real file)."""
    problems: list[Problem] = []
    tops = _read_tops(root, problems)
    if not tops:
        return None, problems
    skip = {top.source.root for top in tops}
    defined: dict[str, tuple[str, Path]] = {}  # module id -> (its file as shown, its folder)
    found: list[Module] = []
    for top in tops:
        for folder in module_folders(top.source.root):
            if folder.resolve() in skip:
                continue  # an included curriculum inside this one is not a module
            shown = f"{top.source.shown}{folder.name}/{MODULE_FILE}"
            if folder.name in defined:
                first = defined[folder.name][0]
                message = f"module {folder.name!r} is defined twice: in {first} and in {shown}"
                problems.append(Problem(shown, None, "id", message))
                continue
            defined[folder.name] = (shown, folder)
            module = _read_module(folder, shown, problems)
            if module is not None:
                module = _apply_defaults(module, top.defaults)
                found.append(module._replace(pack=top.source.pack))
    tracks = _merge_tracks(tops, problems)
    _check_references(tracks, found, defined, problems)
    if problems:
        return None, problems
    module_map = {module.id: module for module in found}
    sources = tuple(top.source for top in tops)
    track_list = tuple(track for track, _, _ in tracks)
    curriculum = Curriculum(
        root, schema.FORMAT_VERSION, tops[0].title, track_list, module_map, sources=sources
    )
    return curriculum, []


def source_roots(root: Path) -> list[Path]:
    """The folders of the curriculum under `root` and of everything it includes, resolved (the
    load cache watches them); what cannot be resolved is left out (the load reports it)."""
    return [top.source.root for top in _read_tops(root, [])]


def module_folders(root: Path) -> list[Path]:
    """Every folder under `root` that is meant to be a module (hidden and `_` folders skipped)."""
    try:
        entries = sorted(root.iterdir())
    except OSError:
        return []
    return [p for p in entries if p.is_dir() and not p.name.startswith((".", "_"))]


def _read_tops(root: Path, problems: list[Problem]) -> list[_Top]:
    """`root`'s curriculum.yaml, then every included one, depth first, each read once (a
    curriculum included twice, or including its includer, is not read again)."""
    first = Source(root.resolve(), installed_copy(root), "")
    pending = [first]
    seen: set[Path] = set()
    tops: list[_Top] = []
    while pending:
        source = pending.pop(0)
        if source.root in seen:
            continue
        seen.add(source.root)
        top = _read_top(source, root.resolve(), problems)
        if top is None:
            if not tops:
                return []  # the curriculum's own file is unreadable: nothing to add to
            continue
        tops.append(top)
        pending[0:0] = [included for included, _ in top.includes]
    return tops


def _read_top(source: Source, root: Path, problems: list[Problem]) -> _Top | None:
    shown = f"{source.shown}{CURRICULUM_FILE}"
    loc, found = read_yaml(source.root / CURRICULUM_FILE, shown)
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
    includes = _read_includes(reader, source, root, data)
    return _Top(source, title, tracks, defaults, includes)


def _read_includes(
    reader: FileReader, source: Source, root: Path, data: dict[str, Located]
) -> list[tuple[Source, int]]:
    """Each `include:` entry, resolved to the folder of a curriculum."""
    found: list[tuple[Source, int]] = []
    for i, item in enumerate(reader.get(data, schema.CURRICULUM["include"], "") or []):
        where = f"include[{i}]"
        fields = reader.mapping(item, schema.INCLUDE, where)
        if fields is None:
            continue
        if len(fields) != 1:
            reader.problem(item.line, where, "give exactly one of `pack: NAME` or `path: FOLDER`")
            continue
        if "pack" in fields:
            name = reader.get(fields, schema.INCLUDE["pack"], where)
            if name is None:
                continue
            try:
                folder = pack_folder(name).resolve()
            except PackError as exc:
                reader.problem(item.line, f"{where}.pack", str(exc))
                continue
            found.append((Source(folder, name, f"{folder}/"), item.line))
            continue
        value = reader.get(fields, schema.INCLUDE["path"], where)
        if value is None:
            continue
        folder = (source.root / value).resolve()
        if not (folder / CURRICULUM_FILE).is_file():
            reader.problem(item.line, f"{where}.path", f"no {CURRICULUM_FILE} in {folder}")
            continue
        pack = source.pack or installed_copy(folder)
        found.append((Source(folder, pack, _shown_prefix(folder, root)), item.line))
    return found


def _shown_prefix(folder: Path, root: Path) -> str:
    """How files of an included folder are named: relative to the curriculum when that is
    short (a sibling folder of the team's repository), else by their full path."""
    relative = Path(os.path.relpath(folder, root))
    if relative.parts[:3].count("..") > 2:
        return f"{folder}/"
    return f"{relative.as_posix()}/"


def _merge_tracks(tops: list[_Top], problems: list[Problem]) -> list[tuple[Track, int, str]]:
    """Every source's tracks, the curriculum's own first; a track id defined in two files is
    a problem naming both."""
    merged: list[tuple[Track, int, str]] = []
    where: dict[str, str] = {}
    for top in tops:
        shown = f"{top.source.shown}{CURRICULUM_FILE}"
        for track, line in top.tracks:
            if track.id in where and where[track.id] != shown:
                message = f"track {track.id!r} is defined twice: in {where[track.id]} and here"
                problems.append(Problem(shown, line, "tracks.id", message))
                continue
            where.setdefault(track.id, shown)
            merged.append((track, line, shown))
    return merged


def _read_module(folder: Path, shown: str, problems: list[Problem]) -> Module | None:
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
        shown = reader.shown.removesuffix(MODULE_FILE)
        reader.problem(line, field, f"file not found: {shown}{value}")
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
    return module._replace(lessons=tuple(lessons))


def _with_defaults(ex: CodeExercise, timeout: float, memory: int) -> CodeExercise:
    return ex._replace(
        timeout=ex.timeout if ex.timeout > 0 else timeout,
        memory_mb=ex.memory_mb if ex.memory_mb > 0 else memory,
    )


def _check_references(
    tracks: list[tuple[Track, int, str]],
    modules: list[Module],
    defined: dict[str, tuple[str, Path]],
    problems: list[Problem],
) -> None:
    """Tracks and prerequisites name modules of any source; prerequisites form no cycle."""
    known = {m.id for m in modules}
    for track, line, shown in tracks:
        for module_id in track.modules:
            if module_id not in defined:
                message = f"track {track.id!r} names unknown module {module_id!r}"
                problems.append(Problem(shown, line, "tracks.modules", message))
    for module in modules:
        for prereq in module.prerequisites:
            if prereq not in defined:
                shown, folder = defined[module.id]
                at = _line_of(folder / MODULE_FILE, "prerequisites")
                message = f"unknown module {prereq!r}"
                problems.append(Problem(shown, at, "prerequisites", message))
    cycle = find_cycle({m.id: [p for p in m.prerequisites if p in known] for m in modules})
    if cycle:
        message = "prerequisite cycle: " + " -> ".join(cycle)
        shown, folder = defined[cycle[0]]
        at = _line_of(folder / MODULE_FILE, "prerequisites")
        problems.append(Problem(shown, at, "prerequisites", message))


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
