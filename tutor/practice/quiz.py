"""Grading of quiz exercises: choices and short free-text answers."""

from __future__ import annotations

import re

from tutor.curriculum.model import AnswerExercise, ChoiceExercise


def normalise(text: str) -> str:
    """Case-folded, with surrounding whitespace dropped and inner runs of whitespace collapsed."""
    return " ".join(text.split()).casefold()


def grade_answer(exercise: AnswerExercise, text: str) -> bool:
    given = normalise(text)
    if any(normalise(accepted) == given for accepted in exercise.accept):
        return True
    if exercise.pattern is not None:
        return re.fullmatch(exercise.pattern, " ".join(text.split())) is not None
    return False


def parse_choice(exercise: ChoiceExercise, text: str) -> frozenset[int] | None:
    """Options typed as 1-based numbers (`2`, or `1,3` / `1 3` for multi-select); None if invalid."""
    parts = [p for p in re.split(r"[\s,]+", text.strip()) if p]
    if not parts or not all(p.isdigit() for p in parts):
        return None
    picked = frozenset(int(p) - 1 for p in parts)
    if any(not 0 <= i < len(exercise.options) for i in picked):
        return None
    if not exercise.multiple and len(picked) != 1:
        return None
    return picked


def grade_choice(exercise: ChoiceExercise, picked: frozenset[int]) -> bool:
    return picked == frozenset(exercise.answer)
