"""The shipped curriculum keeps its promises: valid, and every exercise honest both ways."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tutor.curriculum import CodeExercise, load_curriculum
from tutor.practice.checker import run_check

# A draft curriculum (a module being written outside the tree) can be checked the same way.
ROOT = Path(os.environ.get("TUTOR_SHIPPED_CURRICULUM", Path(__file__).parent.parent / "curriculum"))
CURRICULUM = load_curriculum(ROOT)
CODE = [ex for ex in CURRICULUM.exercises if isinstance(ex, CodeExercise)]


def test_the_shipped_curriculum_has_real_content() -> None:
    assert CURRICULUM.modules and len(CODE) >= 2
    assert sum(ex.type != "code" for ex in CURRICULUM.exercises) >= 2


@pytest.mark.parametrize("exercise", CODE, ids=[ex.key for ex in CODE])
def test_starter_fails_and_solution_passes(exercise: CodeExercise) -> None:
    starter = run_check(exercise.starter, exercise.check, timeout=exercise.timeout)
    assert not starter.passed, f"the starter of {exercise.key} passes its checks"
    solution = run_check(exercise.solution, exercise.check, timeout=exercise.timeout)
    assert solution.passed, f"{exercise.key}: {solution.cause}\n{solution.output}"


@pytest.mark.parametrize("exercise", CODE, ids=[ex.key for ex in CODE])
def test_an_empty_file_fails(exercise: CodeExercise, tmp_path: Path) -> None:
    empty = tmp_path / "exercise.py"
    empty.write_text("")
    assert not run_check(empty, exercise.check, timeout=exercise.timeout).passed
