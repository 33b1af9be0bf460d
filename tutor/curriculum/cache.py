"""Serves a validated curriculum from disk while every input it was built from is unchanged.

The model is a function of exactly three things: the bytes of `curriculum.yaml` and of every
`module.yaml`, the list of module folders, and whether each file the YAML names exists (lesson
contents are read only when shown). The cache key hashes the first two and the entry records the
third, checked again on every hit, so a hit can never differ from a fresh load. Only valid
curricula are cached; problems are always recomputed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from pathlib import Path

from tutor import __version__
from tutor.curriculum.model import CodeExercise, Curriculum

CACHE_ENV = "TUTOR_CACHE_DIR"
_CACHE_FORMAT = 1
# Duplicated from the loader on purpose: importing it would import PyYAML on every start.
CURRICULUM_FILE = "curriculum.yaml"
MODULE_FILE = "module.yaml"


def default_cache_dir() -> Path:
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    from platformdirs import user_cache_path

    return user_cache_path("ml-daily-tutor")


def load_cached(root: Path, cache_dir: Path | None = None) -> Curriculum:
    """Like `load_curriculum(root)`, but reuses the last valid load when nothing it read changed."""
    root = root.resolve()
    key = _key(root)
    cache_dir = cache_dir or default_cache_dir()
    entry = (
        cache_dir
        / f"curriculum-{hashlib.blake2b(str(root).encode(), digest_size=8).hexdigest()}.pickle"
    )
    hit = _read(entry, key)
    if hit is not None:
        return hit
    from tutor.curriculum.loader import load_curriculum

    curriculum = load_curriculum(root)
    _write(entry, key, curriculum)
    return curriculum


def _key(root: Path) -> bytes:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{_CACHE_FORMAT}\0{__version__}\0{sys.version}\0{root}\0".encode())
    digest.update(_read_or_missing(root / CURRICULUM_FILE))
    with os.scandir(root) as entries:
        names = sorted(e.name for e in entries if e.is_dir() and not e.name.startswith((".", "_")))
    for name in names:
        digest.update(f"\0{name}\0".encode())
        digest.update(_read_or_missing(root / name / MODULE_FILE))
    return digest.digest()


def _read_or_missing(path: Path) -> bytes:
    try:
        return b"+" + path.read_bytes()
    except OSError:
        return b"-"


def referenced_files(curriculum: Curriculum) -> list[str]:
    """Every file the curriculum's YAML names: their existence is part of its validity."""
    paths: list[str] = []
    for module in curriculum.modules:
        paths.extend(str(module.folder / lesson.file) for lesson in module.lessons)
        paths.extend(str(module.folder / notebook.file) for notebook in module.notebooks)
        for ex in module.exercises:
            if isinstance(ex, CodeExercise):
                paths.extend((str(ex.starter), str(ex.solution), str(ex.check)))
    return paths


def _read(entry: Path, key: bytes) -> Curriculum | None:
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    if not data.startswith(key):
        return None
    try:
        files, curriculum = pickle.loads(data[len(key) :])
    except Exception:  # a truncated or foreign file is just a miss
        return None
    isfile = os.path.isfile
    if not all(isfile(path) for path in files):
        return None
    return curriculum if isinstance(curriculum, Curriculum) else None


def _write(entry: Path, key: bytes, curriculum: Curriculum) -> None:
    payload = key + pickle.dumps((referenced_files(curriculum), curriculum), protocol=5)
    tmp = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
    # A cache that cannot be written (read-only home, full disk) only costs speed.
    with contextlib.suppress(OSError):
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(payload)
        tmp.replace(entry)
    with contextlib.suppress(OSError):
        tmp.unlink(missing_ok=True)
