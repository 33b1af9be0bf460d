"""Serves a validated curriculum from disk while every input it was built from is unchanged.

The model is a function of exactly three things: the bytes of `curriculum.yaml` and of every
`module.yaml`, the list of module folders, and whether each file the YAML names exists (lesson
contents are read only when shown). The cache key hashes the first two; each module's entry
records the third, checked again when that module is first used, so what is served can never
differ from a fresh load. Only valid curricula are cached; problems are always recomputed.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from tutor import __version__
from tutor.base.files import write_cache
from tutor.curriculum.model import CodeExercise, Curriculum, Module, Outline, outline_of

try:  # hashlib would load OpenSSL first: a few ms of every start, for a hash it does not need
    from _blake2 import blake2b as blake2b
except ImportError:  # pragma: no cover - CPython builds without the module
    from hashlib import blake2b as blake2b

CACHE_ENV = "TUTOR_CACHE_DIR"
_CACHE_FORMAT = 4
# Duplicated from the loader on purpose: importing it would import PyYAML on every start.
CURRICULUM_FILE = "curriculum.yaml"
MODULE_FILE = "module.yaml"


def default_cache_dir() -> Path:
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    from tutor.base.userdirs import user_dir

    return user_dir("cache")


def load_cached(root: Path, cache_dir: Path | None = None) -> Curriculum:
    """Like `load_curriculum(root)`, but reuses the last valid load when nothing it read changed."""
    root = root.resolve()
    cache_dir = cache_dir or default_cache_dir()
    name = blake2b(str(root).encode(), digest_size=8).hexdigest()
    entry = cache_dir / f"curriculum-{name}.pickle"
    key = _known_key(cache_dir / f"curriculum-{name}.stat", root)
    hit = _read(entry, key, root)
    if hit is not None:
        return hit
    curriculum = _load(root)
    _write(entry, key, curriculum)
    return curriculum._replace(digest=key)


def _load(root: Path) -> Curriculum:
    from tutor.curriculum.loader import load_curriculum

    return load_curriculum(root)


class _CachedModules(Mapping[str, Module]):
    """Modules decoded one at a time on first use: a plan touches a few of a thousand.

    A module's files are checked when it is decoded; if one is gone, the whole curriculum is
    loaded again, which reports every problem exactly as an uncached load would.
    """

    def __init__(self, root: Path, blobs: dict[str, tuple[str, bytes]], outlines: bytes) -> None:
        self._root = root
        self._blobs = blobs
        self._outline_blob = outlines
        self._outlines: dict[str, Outline] | None = None
        self._decoded: dict[str, Module] = {}

    def outlines(self) -> dict[str, Outline]:
        """Every module's outline, decoded on first use (from the same valid load as the
        modules: outlines name no files, so they need no check)."""
        if self._outlines is None:
            try:
                self._outlines = pickle.loads(self._outline_blob)
            except Exception:  # unreadable: as good as absent, so load afresh
                self._outlines = {m.id: outline_of(m) for m in _load(self._root).modules}
        return self._outlines

    def __getitem__(self, module_id: str) -> Module:
        module = self._decoded.get(module_id)
        if module is None:
            files, blob = self._blobs[module_id]
            isfile = os.path.isfile
            module = None
            if all(isfile(path) for path in files.split("\0") if path):
                with contextlib.suppress(Exception):  # unreadable: load afresh below
                    module = pickle.loads(blob)
            if module is None:
                module = _load(self._root).module_map[module_id]
            self._decoded[module_id] = module
        return module

    def __iter__(self) -> Iterator[str]:
        return iter(self._blobs)

    def __len__(self) -> int:
        return len(self._blobs)


def code_stamp(*files: str | None) -> str:
    """When and how big the given source files are: a cache of pickled objects is only valid
    for the code that defines their classes, which a `git pull` can change without a new
    version number."""
    parts = []
    for name in files:
        try:
            info = os.stat(name) if name else None
        except OSError:
            info = None
        parts.append(f"{info.st_mtime_ns}:{info.st_size}" if info else "-")
    return ",".join(parts)


# Files changed this recently are hashed even when their stat is unchanged: timestamps are
# coarse, so a write within the same tick as the last hashing could leave ctime unchanged.
RACY_NS = 2_000_000_000


def _known_key(stat_file: Path, root: Path) -> bytes:
    """The content key, from the last hashing when no YAML file can have changed since.

    As git's index does: each file's size, inode and change time (ctime, which every write
    moves and no user can set) are recorded before its bytes are hashed. Identical stats, all
    older than the hashing by more than the timestamps' coarseness, mean identical bytes, so
    the thousand reads and the hash are skipped. Anything else is hashed afresh.
    """
    try:
        stats = _stats(root)
    except OSError:
        return _key(root)
    with contextlib.suppress(Exception):  # unreadable or foreign: hash afresh
        recorded, hashed_at, key = pickle.loads(stat_file.read_bytes())
        newest = max((s[3] for s in stats if s[3] is not None), default=0)
        if recorded == stats and newest < hashed_at - RACY_NS and isinstance(key, bytes):
            return key
    hashed_at = time.time_ns()  # before reading: a write from now on moves some ctime past it
    key = _key(root)
    write_cache(stat_file, pickle.dumps((stats, hashed_at, key), protocol=5))
    return key


_Stat = tuple[str, int | None, int | None, int | None, int | None]


def _stats(root: Path) -> list[_Stat]:
    """(name, size, inode, ctime, mtime) of curriculum.yaml and every module folder's YAML."""
    from tutor.curriculum import model

    folder = str(root)
    names = [""]
    with os.scandir(folder) as entries:
        names += sorted(e.name for e in entries if e.is_dir() and not e.name.startswith((".", "_")))
    found: list[_Stat] = []
    for name in [*names, "\0code"]:
        if name == "\0code":  # the code that pickled the cache is part of what it depends on
            paths = [model.__file__ or "", __file__]
        elif name:
            paths = [os.path.join(folder, name, MODULE_FILE)]
        else:
            paths = [os.path.join(folder, CURRICULUM_FILE)]
        for path in paths:
            try:
                info = os.stat(path)
            except FileNotFoundError:
                found.append((name, None, None, None, None))
                continue
            found.append((name, info.st_size, info.st_ino, info.st_ctime_ns, info.st_mtime_ns))
    return found


def _key(root: Path) -> bytes:
    from tutor.curriculum import model

    stamp = code_stamp(model.__file__, __file__)
    folder = str(root)
    # Plain strings and one hash update: for a thousand modules, pathlib and a call per file
    # cost more than reading the files.
    parts = [
        f"{_CACHE_FORMAT}\0{__version__}\0{stamp}\0{sys.version}\0{folder}\0".encode(),
        _read_or_missing(os.path.join(folder, CURRICULUM_FILE)),
    ]
    with os.scandir(folder) as entries:
        names = sorted(e.name for e in entries if e.is_dir() and not e.name.startswith((".", "_")))
    for name in names:
        parts.append(f"\0{name}\0".encode())
        parts.append(_read_or_missing(os.path.join(folder, name, MODULE_FILE)))
    return blake2b(b"".join(parts), digest_size=20).digest()


def _read_or_missing(path: str) -> bytes:
    # os.read, not open(): a buffered file object per module.yaml is most of the time a
    # thousand-module key takes.
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return b"-"
    try:
        chunks = [b"+"]
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return b"-"
    finally:
        os.close(fd)


def referenced_files(module: Module) -> tuple[str, ...]:
    """Every file the module's YAML names: their existence is part of its validity."""
    paths = [str(module.folder / lesson.file) for lesson in module.lessons]
    paths.extend(str(module.folder / notebook.file) for notebook in module.notebooks)
    paths.extend(
        str(module.folder / data) for notebook in module.notebooks for data in notebook.data
    )
    for ex in module.exercises:
        if isinstance(ex, CodeExercise):
            paths.extend((str(ex.starter), str(ex.solution), str(ex.check)))
    return tuple(paths)


def _read(entry: Path, key: bytes, root: Path) -> Curriculum | None:
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    if not data.startswith(key):
        return None
    try:
        fmt, title, tracks, blobs, outlines = pickle.loads(data[len(key) :])
    except Exception:  # a truncated or foreign file is just a miss
        return None
    return Curriculum(root, fmt, title, tracks, _CachedModules(root, blobs, outlines), key)


def _write(entry: Path, key: bytes, curriculum: Curriculum) -> None:
    blobs = {
        # One string of paths per module, not a tuple of them: fewer objects to unpickle on
        # every start, for a thousand modules most of which are never decoded.
        m.id: ("\0".join(referenced_files(m)), pickle.dumps(m, protocol=5))
        for m in curriculum.modules
    }
    outlines = pickle.dumps({m.id: outline_of(m) for m in curriculum.modules}, protocol=5)
    header = (curriculum.format, curriculum.title, curriculum.tracks, blobs, outlines)
    write_cache(entry, key + pickle.dumps(header, protocol=5))
