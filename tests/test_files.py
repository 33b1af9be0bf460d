"""Writing files whole or not at all (`tutor.base.files`): the old file or the new, never half."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import IO

import pytest

from tutor.base.errors import FileWriteError
from tutor.base.files import write_atomic, write_cache


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".partial"))


@pytest.mark.parametrize(
    ("content", "expected"),
    [("ünïcode text\n", "ünïcode text\n".encode()), (b"\x00bytes", b"\x00bytes")],
)
def test_a_write_replaces_the_file_whole(
    tmp_path: Path, content: str | bytes, expected: bytes
) -> None:
    path = tmp_path / "deeper" / "file.txt"
    write_atomic(path, "old")
    write_atomic(path, content)
    assert path.read_bytes() == expected
    assert leftovers(path.parent) == []


def test_a_writer_function_gets_the_open_file(tmp_path: Path) -> None:
    def writer(out: IO[str]) -> None:
        out.write("a\n")
        out.write("b\n")

    path = tmp_path / "file.yaml"
    write_atomic(path, writer)
    assert path.read_bytes() == b"a\nb\n"


def test_a_failed_write_leaves_the_old_file_and_no_partial_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    write_atomic(path, "budget = 20\n")

    def full_disk(out: IO[str]) -> None:
        out.write("budget = ")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(FileWriteError) as failed:
        write_atomic(path, full_disk, hint="free some space")
    assert str(failed.value) == f"cannot write {path}: No space left on device"
    assert failed.value.hint == "free some space"
    assert path.read_text() == "budget = 20\n"
    assert leftovers(tmp_path) == []


def test_a_writer_that_breaks_leaves_the_old_file_and_its_own_error(tmp_path: Path) -> None:
    path = tmp_path / "module.yaml"
    write_atomic(path, "id: alpha\n")

    def broken(out: IO[str]) -> None:
        out.write("id: ")
        raise ValueError("not representable")

    with pytest.raises(ValueError, match="not representable"):
        write_atomic(path, broken)
    assert path.read_text() == "id: alpha\n"
    assert leftovers(tmp_path) == []


def test_an_unwritable_place_is_a_one_line_error(tmp_path: Path) -> None:
    # A file where a folder must go: unwritable even for root, whom permissions do not stop.
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(FileWriteError) as failed:
        write_atomic(blocker / "out" / "file.txt", "text")
    assert "\n" not in str(failed.value) and "cannot write" in str(failed.value)
    assert failed.value.hint  # says what to do, by default too


def test_a_cache_that_cannot_be_written_says_false(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert write_cache(blocker / "cache" / "entry.pickle", b"data") is False
    entry = tmp_path / "cache" / "entry.pickle"
    assert write_cache(entry, b"data") is True
    assert entry.read_bytes() == b"data" and leftovers(entry.parent) == []
