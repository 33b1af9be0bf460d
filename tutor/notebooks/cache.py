"""The execution cache: a notebook's outputs, one file per key, kept while nothing they depend
on changes.

The key covers everything that can change what the code cells print: their sources in order,
the tags that change how they run, the kernel, the Python version, the installed versions of
the module's requirements, and the bytes of the data files the notebook declares. Markdown
cells are not in it: an edited explanation re-renders from the cache. Outputs are stored per
code cell and merged back into the notebook as it is now. Only successful runs are stored.

Nothing in an entry's name or key depends on where the checkout is (a notebook is named by its
module id and path in the module, a data file by its name and bytes): a CI that keeps the
cache folder between runs executes only what changed, whatever folder it checks out into.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from tutor.base.files import write_cache
from tutor.curriculum.cache import default_cache_dir

FORMAT = 1
KERNEL = "python3"
# Tags that change what runs (nbclient honours both); display tags such as remove-input do not.
EXECUTION_TAGS = frozenset({"raises-exception", "skip-execution"})
MAX_AGE = 60 * 24 * 3600  # entries not used for 60 days are removed
DURATIONS = "durations.json"  # seconds each notebook took last time: the longest start first


def cache_folder(cache_dir: Path | None = None) -> Path:
    return (cache_dir or default_cache_dir()) / "notebooks"


def execution_key(cells: Sequence[Any], requires: Iterable[str], data_files: Iterable[Path]) -> str:
    """The hash of everything that can change the outputs of the notebook's code cells."""
    digest = hashlib.blake2b(digest_size=20)

    def add(*parts: str | bytes) -> None:
        for part in parts:
            raw = part.encode() if isinstance(part, str) else part
            digest.update(len(raw).to_bytes(8, "little"))
            digest.update(raw)

    add(f"format {FORMAT}", f"kernel {KERNEL}", f"python {sys.version}")
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        tags = sorted(EXECUTION_TAGS.intersection(cell.get("metadata", {}).get("tags", ())))
        add("cell", cell.get("source", ""), ",".join(tags))
    for requirement in sorted(requires):
        name = requirement_name(requirement)
        add("requires", name, _installed_version(name))
    for path in sorted(data_files):
        add("data", path.name)
        try:
            add(hashlib.blake2b(path.read_bytes(), digest_size=20).digest())
        except OSError:
            add("missing")
    return digest.hexdigest()


def requirement_name(requirement: str) -> str:
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        return Requirement(requirement).name
    except InvalidRequirement:  # the loader rejects these; never fail a build on it here
        return requirement


def _installed_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def notebook_id(label: str) -> str:
    """A short, stable name for one notebook, its entries' prefix: from its label (the module
    id and its path in the module, `beta/notebooks/count.ipynb`), never from where the
    checkout is, so that a copy of the repository in another folder (every CI run) finds it."""
    return hashlib.blake2b(label.encode(), digest_size=8).hexdigest()


class OutputCache:
    """Cache entries `<notebook id>-<key>.json` in one folder; a notebook is named by its
    label (`beta/notebooks/count.ipynb`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _entry(self, notebook: str, key: str) -> Path:
        return self.folder / f"{notebook_id(notebook)}-{key}.json"

    def get(self, notebook: str, key: str) -> list[dict[str, Any]] | None:
        """Stored outputs per code cell, or None when there is no usable entry."""
        entry = self._entry(notebook, key)
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
            return None
        cells = data.get("cells")
        if not isinstance(cells, list):
            return None
        with contextlib.suppress(OSError):
            os.utime(entry)  # recently used: not pruned by age
        return cells

    def put(self, notebook: str, key: str, cells: list[dict[str, Any]]) -> None:
        """Store a successful run, and drop this notebook's older entries."""
        entry = self._entry(notebook, key)
        payload = json.dumps({"format": FORMAT, "key": key, "cells": cells})
        if write_cache(entry, payload):
            self.prune(notebook, keep=entry)

    def prune(self, notebook: str | None = None, keep: Path | None = None) -> None:
        """Remove the notebook's other entries, and any entry unused for MAX_AGE."""
        prefix = f"{notebook_id(notebook)}-" if notebook else None
        cutoff = time.time() - MAX_AGE
        try:
            entries = list(self.folder.glob("*.json"))
        except OSError:
            return
        for entry in entries:
            if entry == keep or entry.name == DURATIONS:
                continue
            with contextlib.suppress(OSError):
                if (prefix and entry.name.startswith(prefix)) or entry.stat().st_mtime < cutoff:
                    entry.unlink()

    def durations(self) -> dict[str, float]:
        """Seconds each notebook (by `notebook_id`) took when it last ran."""
        try:
            data = json.loads((self.folder / DURATIONS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: float(v) for k, v in data.items() if isinstance(v, int | float)}

    def record_durations(self, took: dict[str, float]) -> None:
        if took:
            write_cache(self.folder / DURATIONS, json.dumps({**self.durations(), **took}))


def code_cell_outputs(cells: Sequence[Any]) -> list[dict[str, Any]]:
    """What the cache stores: each code cell's outputs and execution count, in order."""
    return [
        {"outputs": cell.get("outputs", []), "execution_count": cell.get("execution_count")}
        for cell in cells
        if cell.get("cell_type") == "code"
    ]


def merge_outputs(cells: Sequence[Any], stored: Sequence[dict[str, Any]]) -> bool:
    """Put stored outputs into the notebook's code cells; False if they do not line up."""
    code = [cell for cell in cells if cell.get("cell_type") == "code"]
    if len(code) != len(stored):
        return False
    for cell, entry in zip(code, stored, strict=True):
        cell["outputs"] = entry.get("outputs", [])
        cell["execution_count"] = entry.get("execution_count")
    return True
