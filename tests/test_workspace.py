"""The learner's workspace: a review starts from the starter, and no edit is ever lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.base.errors import FileWriteError
from tutor.curriculum import CodeExercise, load_curriculum
from tutor.practice.workspace import Workspace


def exercise(mini: Path) -> CodeExercise:
    ex = load_curriculum(mini).exercise("alpha/add")
    assert isinstance(ex, CodeExercise)
    return ex


def test_a_review_moves_an_old_solution_aside_and_starts_from_the_starter(
    mini: Path, tmp_path: Path
) -> None:
    ex = exercise(mini)
    workspace = Workspace(tmp_path / "ws")
    path = workspace.start(ex)
    path.write_text("def add(a, b):\n    return a + b\n")
    reviewed, previous = workspace.review(ex, keep=False)
    assert reviewed == path and reviewed.read_bytes() == ex.starter.read_bytes()
    assert previous is not None and previous.read_text() == "def add(a, b):\n    return a + b\n"
    assert workspace.current() == ex.key
    # Edits made since the review began are today's work: kept, nothing moved again.
    path.write_text("def add(a, b):\n    return b + a\n")
    again, moved = workspace.review(ex, keep=True)
    assert moved is None and again.read_text() == "def add(a, b):\n    return b + a\n"


def test_a_review_of_an_untouched_starter_moves_nothing(mini: Path, tmp_path: Path) -> None:
    ex = exercise(mini)
    workspace = Workspace(tmp_path / "ws")
    path, previous = workspace.review(ex, keep=False)
    assert previous is None and path.read_bytes() == ex.starter.read_bytes()


def test_a_workspace_in_an_unwritable_place_is_a_one_line_error(mini: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"  # a file where the folder must go stops root too
    blocker.write_text("")
    with pytest.raises(FileWriteError) as failed:
        Workspace(blocker / "ws").start(exercise(mini))
    assert "\n" not in str(failed.value) and "--workspace" in failed.value.hint
