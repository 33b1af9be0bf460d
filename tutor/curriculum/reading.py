"""How long a lesson takes to read: its words at a steady technical-reading pace."""

from __future__ import annotations

import math
import re

WORDS_PER_MINUTE = 200  # careful reading of technical prose with code, below casual reading's 250
_WORD = re.compile(r"[A-Za-z0-9_]+")


def reading_minutes(text: str) -> int:
    """Whole minutes, at least 1."""
    return max(1, math.ceil(len(_WORD.findall(text)) / WORDS_PER_MINUTE))
