"""Writing files whole or not at all: a temporary file beside the target, renamed over it.

Two kinds of write, one mechanism. A file the user asked for (settings, an export, a
scaffold, a team summary) raises a one-line FileWriteError when it cannot be written; a cache
only costs speed when it cannot be written, so `write_cache` says False and moves on. Either
way no partial file is ever left behind, and a reader (an editor watching the file, another
process) sees the old content or the new, never half of it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

from tutor.base.errors import FileWriteError

Content = bytes | str | Callable[[IO[str]], object]


def _replace(path: Path, content: Content) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Hidden, and named by process, so that two writers never share a temporary file.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        if isinstance(content, bytes):
            tmp.write_bytes(content)
        elif isinstance(content, str):
            tmp.write_text(content, encoding="utf-8")
        else:
            with tmp.open("w", encoding="utf-8", newline="\n") as out:
                content(out)
        tmp.replace(path)
    finally:
        with contextlib.suppress(OSError):  # a folder that cannot hold it cannot lose it either
            tmp.unlink(missing_ok=True)


def write_atomic(path: Path, content: Content, *, hint: str = "") -> None:
    """Write `path` whole, or raise FileWriteError (the old file, if any, is untouched).

    `content` is bytes, text (UTF-8), or a function that writes text to the open file.
    """
    try:
        _replace(path, content)
    except OSError as exc:
        raise FileWriteError(
            f"cannot write {path}: {exc.strerror or exc}",
            hint=hint or "choose a place you can write to, or make this one writable",
        ) from None


def write_cache(path: Path, content: Content) -> bool:
    """Write a cache file whole if it can be written; False if not (a read-only home, a full
    disk): a cache that cannot be written costs speed, never a command."""
    try:
        _replace(path, content)
    except OSError:
        return False
    return True
