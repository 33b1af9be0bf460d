"""The shipped curriculum keeps its promises: valid, and every exercise honest both ways, its
wrong solutions caught and its alternatives accepted, checked by `tutor validate --run`'s own
code (tutor.authoring.verify), not a copy of it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tutor.authoring import verify
from tutor.curriculum import CodeExercise, check_curriculum
from tutor.practice.checker import warm_checks

# A draft curriculum (a module being written outside the tree) can be checked the same way.
ROOT = Path(os.environ.get("TUTOR_SHIPPED_CURRICULUM", Path(__file__).parent.parent / "curriculum"))
# Collected without raising: a broken curriculum fails the first test below, with its problems,
# instead of stopping the collection of every test.
CURRICULUM, PROBLEMS = check_curriculum(ROOT)
# Under pytest-xdist the suite's workers already fill the CPUs: one run at a time each.
WORKERS = 1 if os.environ.get("PYTEST_XDIST_WORKER") else (os.cpu_count() or 1)
CODE = [ex for ex in (CURRICULUM.exercises if CURRICULUM else ()) if isinstance(ex, CodeExercise)]


def test_the_shipped_curriculum_is_valid() -> None:
    assert not PROBLEMS, "\n".join(str(problem) for problem in PROBLEMS)


def test_the_shipped_curriculum_has_real_content() -> None:
    assert CURRICULUM is not None and CURRICULUM.modules and len(CODE) >= 2
    assert sum(ex.type != "code" for ex in CURRICULUM.exercises) >= 2


@pytest.fixture(scope="module")
def launcher(request: pytest.FixtureRequest) -> Iterator[None]:
    """The warm launchers of all the exercises a worker runs, one per module as `validate --run`
    has: each library is imported once, not once per exercise (the session's, which the
    lessons' code shares)."""
    if os.environ.get(verify.COLD_ENV):
        yield
        return
    with warm_checks(request.getfixturevalue("warm_pool")):
        yield


@pytest.mark.parametrize("exercise", CODE, ids=[ex.key for ex in CODE])
def test_every_run_of_the_exercise_holds(exercise: CodeExercise, launcher: None) -> None:
    """The starter and an empty file fail, the reference solution and every alternative pass,
    every wrong solution fails: each a run of `validate --run`, on every CPU."""
    work = verify.exercise_tasks(exercise, rules=False)  # the counts: test_counterexamples.py
    findings = verify.run(work, workers=WORKERS)
    bad = [f"{f.key}: {problem}" for f in findings for problem in f.problems]
    assert not bad, "\n".join(bad)
