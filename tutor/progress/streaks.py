"""Streaks: consecutive learning days with a completed item, kept alive by banked freezes."""

from collections.abc import Collection
from datetime import date, timedelta
from typing import NamedTuple

MAX_FREEZES = 2
DAYS_PER_FREEZE = 7  # a freeze is earned by each 7 days of streak


class Streak(NamedTuple):
    current: int  # days, counting today only once something is done
    longest: int
    freezes: int  # banked now, 0..2
    frozen: frozenset[date]  # missed days a freeze covered


def streak(active: Collection[date], today: date) -> Streak:
    """Walk the days from the first active one to today.

    A missed day spends a banked freeze automatically and the streak survives it (the frozen
    day adds nothing to its length); with none banked, the streak ends. Today is not missed
    until it is over.
    """
    if not active:
        return Streak(0, 0, 0, frozenset())
    current = longest = freezes = 0
    frozen: set[date] = set()
    day = min(active)
    one = timedelta(days=1)
    while day <= today:
        if day in active:
            current += 1
            if current % DAYS_PER_FREEZE == 0:
                freezes = min(MAX_FREEZES, freezes + 1)
        elif day != today:
            if current and freezes:
                freezes -= 1
                frozen.add(day)
            else:
                current = 0
        longest = max(longest, current)
        day += one
    return Streak(current, longest, freezes, frozenset(frozen))
