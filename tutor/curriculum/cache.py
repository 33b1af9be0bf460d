"""Serves a validated curriculum from disk while every input it was built from is unchanged.

The model is a function of exactly four things: the bytes of `curriculum.yaml` and of every
`module.yaml`, the list of module folders, whether each file the YAML names exists (lesson
contents are read only when shown), and the counterexamples beside each code exercise (which
files `wrong/` and `alternatives/` hold, and the docstrings of the wrong ones). The cache key
hashes the first two; each module's entry records the others, checked again when that module is
first used, so what is served can never differ from a fresh load. Only valid curricula are
cached; problems are always recomputed.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from tutor import __version__
from tutor.base.files import write_cache
from tutor.curriculum.model import (
    CodeExercise,
    Curriculum,
    Module,
    Outline,
    is_counterexample_file,
    outline_of,
)

try:  # hashlib would load OpenSSL first: a few ms of every start, for a hash it does not need
    from _blake2 import blake2b as blake2b
except ImportError:  # pragma: no cover - CPython builds without the module
    from hashlib import blake2b as blake2b

CACHE_ENV = "TUTOR_CACHE_DIR"
_CACHE_FORMAT = 6
# Duplicated from the loader on purpose: importing it would import PyYAML on every start.
CURRICULUM_FILE = "curriculum.yaml"
MODULE_FILE = "module.yaml"
# The code whose change makes every entry stale: the classes pickled (model), this module, and
# the reader of exercise folders (which decides what counts as a counterexample).
_EXERCISE_READER = os.path.join(os.path.dirname(__file__), "exercises.py")


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
    stat_file = cache_dir / f"curriculum-{name}.stat"
    key, roots = _known_key(stat_file, root)

    def load_and_write() -> Curriculum:
        began = time.time_ns()  # before reading: a file written from now on is not trusted
        curriculum = _load(root)
        loaded = [source.root for source in curriculum.sources] or [root]
        # The key must cover every folder the curriculum was read from (an include resolved
        # only now, such as a pack installed since the key was made).
        now_key = key if loaded == roots else _record(stat_file, root, loaded)
        _write(entry, now_key, curriculum, began)
        return curriculum._replace(digest=now_key)

    hit = _read(entry, key, root, load_and_write)
    return hit if hit is not None else load_and_write()


def _load(root: Path) -> Curriculum:
    from tutor.curriculum.loader import load_curriculum

    return load_curriculum(root)


class _CachedModules(Mapping[str, Module]):
    """Modules decoded one at a time on first use: a plan touches a few of a thousand.

    A module's files are checked when it is decoded; if one is gone, or its counterexamples
    changed, the whole curriculum is loaded again (and cached again), which reports every
    problem exactly as an uncached load would.
    """

    def __init__(
        self,
        root: Path,
        blobs: dict[str, tuple[str, bytes]],
        outlines: bytes,
        loaded_at: int,
        reload: Callable[[], Curriculum],
    ) -> None:
        self._root = root
        self._blobs = blobs
        self._outline_blob = outlines
        self._outlines: dict[str, Outline] | None = None
        self._decoded: dict[str, Module] = {}
        self._loaded_at = loaded_at
        self._reload = reload
        self._fresh: Curriculum | None = None

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
                    watch, module = pickle.loads(blob)
                    if not _unchanged(watch, self._loaded_at):
                        module = None
            if module is None:
                if self._fresh is None:
                    self._fresh = self._reload()
                module = self._fresh.module_map[module_id]
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


def _known_key(stat_file: Path, root: Path) -> tuple[bytes, list[Path]]:
    """The content key, from the last hashing when no YAML file can have changed since, and
    the folders it covers (the curriculum's and every included one's).

    As git's index does: each file's size, inode and change time (ctime, which every write
    moves and no user can set) are recorded before its bytes are hashed. Identical stats, all
    older than the hashing by more than the timestamps' coarseness, mean identical bytes, so
    the thousand reads and the hash are skipped. Anything else is hashed afresh.
    """
    recorded_roots: list[Path] = []
    with contextlib.suppress(Exception):  # unreadable or foreign: hash afresh
        recorded_roots, recorded, hashed_at, key = pickle.loads(stat_file.read_bytes())
        stats = _stats(recorded_roots)
        newest = max((s[3] for s in stats if s[3] is not None), default=0)
        if recorded == stats and newest < hashed_at - RACY_NS and isinstance(key, bytes):
            return key, recorded_roots
    roots = _roots(root)
    return _record(stat_file, root, roots), roots


def _record(stat_file: Path, root: Path, roots: list[Path]) -> bytes:
    """Hash the curriculum read from `roots`, recording their stats first."""
    try:
        stats = _stats(roots)
    except OSError:
        return _key(root)
    hashed_at = time.time_ns()  # before reading: a write from now on moves some ctime past it
    key = _key(root)
    write_cache(stat_file, pickle.dumps((roots, stats, hashed_at, key), protocol=5))
    return key


def _roots(root: Path) -> list[Path]:
    """The folders the curriculum is read from: `root`, and what its curriculum.yaml includes
    (read with the loader only when the file mentions an include at all)."""
    if b"include" not in _read_or_missing(os.path.join(root, CURRICULUM_FILE)):
        return [root]
    from tutor.curriculum.loader import source_roots

    return source_roots(root) or [root]


_Stat = tuple[str, int | None, int | None, int | None, int | None]


def _stats(roots: list[Path]) -> list[_Stat]:
    """(path, size, inode, ctime, mtime) of each folder's curriculum.yaml and module.yaml
    files, and of the code the cache depends on."""
    from tutor.curriculum import model

    found: list[_Stat] = []
    paths = [model.__file__ or "", __file__, _EXERCISE_READER]  # the code that pickled it
    for root in roots:
        folder = str(root)
        paths.append(os.path.join(folder, CURRICULUM_FILE))
        with os.scandir(folder) as entries:
            names = sorted(
                e.name for e in entries if e.is_dir() and not e.name.startswith((".", "_"))
            )
        paths.extend(os.path.join(folder, name, MODULE_FILE) for name in names)
    for path in paths:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            found.append((path, None, None, None, None))
            continue
        found.append((path, info.st_size, info.st_ino, info.st_ctime_ns, info.st_mtime_ns))
    return found


def _key(root: Path) -> bytes:
    """A digest of every YAML file of the curriculum and of what it includes, of the module
    folders' names, and of the code that reads them."""
    from tutor.curriculum import model

    stamp = code_stamp(model.__file__, __file__, _EXERCISE_READER)
    # Plain strings and one hash update: for a thousand modules, pathlib and a call per file
    # cost more than reading the files.
    parts = [f"{_CACHE_FORMAT}\0{__version__}\0{stamp}\0{sys.version}\0".encode()]
    for source in _roots(root):
        folder = str(source)
        parts.append(f"\0\0{folder}\0".encode())
        parts.append(_read_or_missing(os.path.join(folder, CURRICULUM_FILE)))
        with os.scandir(folder) as entries:
            names = sorted(
                e.name for e in entries if e.is_dir() and not e.name.startswith((".", "_"))
            )
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


# What a module's counterexamples were read from: each `wrong/` and `alternatives/` folder with
# the names it held, and each wrong file's (size, mtime, ctime, inode) and mistake.
_Signature = tuple[int, int, int, int] | None
_Watch = tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[tuple[str, _Signature, str], ...]]
_STALE = ("\0stale",)  # a listing no folder has: the entry is loaded afresh on first use


def counterexample_watch(module: Module) -> _Watch:
    """The counterexample folders and wrong files of `module`, as they are now on disk.

    A folder whose listing already differs from the model (a file added while loading) is
    recorded as stale, so that the next use loads afresh.
    """
    listings: list[tuple[str, tuple[str, ...]]] = []
    signatures: list[tuple[str, _Signature, str]] = []
    for ex in module.exercises:
        if not isinstance(ex, CodeExercise):
            continue
        read = (
            (ex.wrong_folder, tuple(c.path.name for c in ex.wrong)),
            (ex.alternatives_folder, tuple(p.name for p in ex.alternatives)),
        )
        for folder, names in read:
            now = _listing(str(folder))
            listings.append((str(folder), now if now == names else _STALE))
        signatures.extend((str(c.path), _signature(str(c.path)), c.mistake) for c in ex.wrong)
    return tuple(listings), tuple(signatures)


def _unchanged(watch: _Watch, loaded_at: int) -> bool:
    """Whether the counterexamples are as the model has them: the same files in each folder,
    and each wrong file unchanged since the load. As for the YAML's stats, a file changed
    within the timestamps' coarseness of the load is not trusted: its docstring is read again."""
    listings, signatures = watch
    if any(_listing(folder) != names for folder, names in listings):
        return False
    for path, recorded, mistake in signatures:
        now = _signature(path)
        if now is None or now != recorded:
            return False
        if now[2] >= loaded_at - RACY_NS and _mistake(path) != mistake:
            return False
    return True


def _mistake(path: str) -> object:
    from tutor.curriculum.exercises import read_mistake  # rare: only just after a write

    return read_mistake(Path(path), path)


def _listing(folder: str) -> tuple[str, ...]:
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries if e.is_file() and is_counterexample_file(e.name)]
    except OSError:
        return ()
    return tuple(sorted(names))


def _signature(path: str) -> _Signature:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def _read(
    entry: Path, key: bytes, root: Path, reload: Callable[[], Curriculum]
) -> Curriculum | None:
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    if not data.startswith(key):
        return None
    try:
        fmt, title, tracks, blobs, outlines, loaded_at, sources = pickle.loads(data[len(key) :])
    except Exception:  # a truncated or foreign file is just a miss
        return None
    modules = _CachedModules(root, blobs, outlines, loaded_at, reload)
    return Curriculum(root, fmt, title, tracks, modules, key, sources)


def _write(entry: Path, key: bytes, curriculum: Curriculum, loaded_at: int) -> None:
    blobs = {
        # One string of paths per module, not a tuple of them: fewer objects to unpickle on
        # every start, for a thousand modules most of which are never decoded.
        m.id: (
            "\0".join(referenced_files(m)),
            pickle.dumps((counterexample_watch(m), m), protocol=5),
        )
        for m in curriculum.modules
    }
    outlines = pickle.dumps({m.id: outline_of(m) for m in curriculum.modules}, protocol=5)
    header = (
        curriculum.format,
        curriculum.title,
        curriculum.tracks,
        blobs,
        outlines,
        loaded_at,
        curriculum.sources,
    )
    write_cache(entry, key + pickle.dumps(header, protocol=5))
