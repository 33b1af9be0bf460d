"""The contributor's rules `tutor validate` holds beyond the format: counterexamples per exercise.

The format lets a code exercise run without counterexamples (a module being written still works
in the tutor); a contribution needs them, so `validate` reports what is missing, and `validate
--run` reports it with the exercise's other findings.
"""

from __future__ import annotations

from tutor.base.errors import Problem
from tutor.curriculum.model import ALTERNATIVES_FOLDER, WRONG_FOLDER, CodeExercise, Curriculum

MIN_WRONG = 3
MIN_ALTERNATIVES = 2

_WRONG_WHAT = (
    "plausible mistakes a learner would make, each opening with a docstring that names the "
    "mistake; each must fail the checks"
)
_ALTERNATIVES_WHAT = "correct solutions in idioms other than the reference; each must pass"


def counterexample_gaps(ex: CodeExercise) -> list[tuple[str, str]]:
    """(folder, what is missing and what to write) for each counterexample folder of `ex` that
    holds too few files; the folder is relative to the curriculum's root."""
    gaps = []
    wanted = (
        (WRONG_FOLDER, len(ex.wrong), MIN_WRONG, _WRONG_WHAT),
        (ALTERNATIVES_FOLDER, len(ex.alternatives), MIN_ALTERNATIVES, _ALTERNATIVES_WHAT),
    )
    for folder, have, least, what in wanted:
        if have < least:
            shown = f"{ex.module}/exercises/{ex.id}/{folder}/"
            holds = f"holds {have} file{'' if have == 1 else 's'}" if have else "is empty or absent"
            gaps.append((shown, f"{holds}: write at least {least} ({what})"))
    return gaps


def counterexample_problems(curriculum: Curriculum) -> list[Problem]:
    """Every code exercise with fewer counterexamples than a contribution needs."""
    return [
        Problem(folder, None, "", message)
        for ex in curriculum.exercises
        if isinstance(ex, CodeExercise)
        for folder, message in counterexample_gaps(ex)
    ]
