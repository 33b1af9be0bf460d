"""`validate --run --shard K/N`: the share of the runs that job K of a CI matrix of N takes.

Every job computes the same split from the same checkout, without talking to the others: the
runs are sorted by key and dealt round-robin, each kind apart (code exercises, counterexamples,
notebooks), so every shard gets a near-equal share of each kind (notebooks take longest).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple, TypeVar

from tutor.base.errors import UsageError

T = TypeVar("T")

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
USAGE = "this job's number K of N jobs, e.g. --shard 2/4"


class Shard(NamedTuple):
    number: int  # K, from 1
    of: int  # N

    def __str__(self) -> str:
        return f"{self.number}/{self.of}"


def parse_shard(text: str) -> Shard:
    """'2/4' as Shard(2, 4); anything else is a one-line usage error."""
    found = _SHARD.match(text)
    if found is None:
        raise UsageError(f"--shard {text!r} is not K/N: {USAGE}")
    number, of = int(found.group(1)), int(found.group(2))
    if not 1 <= number <= of:
        raise UsageError(f"--shard {text!r}: K must be from 1 to N ({USAGE})")
    return Shard(number, of)


def kind_of(key: str) -> str:
    """What a run's key names: a notebook, a lesson (or its quizzes), a counterexample file,
    or a code exercise."""
    if key.endswith(".ipynb"):
        return "notebook"
    if key.endswith((".md", "#quizzes")):
        return "lesson"
    return "counterexample" if "/exercises/" in key else "exercise"


def partition(keys: Iterable[str], count: int) -> list[list[str]]:
    """The keys dealt into `count` shards: sorted, and round-robin within each kind."""
    shards: list[list[str]] = [[] for _ in range(count)]
    by_kind: dict[str, list[str]] = {}
    for key in sorted(set(keys)):
        by_kind.setdefault(kind_of(key), []).append(key)
    for kind in sorted(by_kind):
        dealt = by_kind[kind]
        # Each kind starts its deal where the previous one stopped, so that no shard takes
        # the first (and so the extra) run of every kind.
        start = sum(len(shard) for shard in shards)
        for position, key in enumerate(dealt):
            shards[(start + position) % count].append(key)
    return shards


def take(work: Sequence[tuple[str, T]], shard: Shard) -> list[tuple[str, T]]:
    """The (key, task) pairs of `work` that fall to `shard`, in their order in `work`."""
    mine = set(partition((key for key, _ in work), shard.of)[shard.number - 1])
    return [(key, task) for key, task in work if key in mine]
