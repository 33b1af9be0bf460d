"""A derived cache of the learner's history, kept up to date from the attempt log.

Folding a heavy learner's 100,000 attempts through FSRS takes a second or two; reading a
pickle of the result takes milliseconds. The cache holds the fold of every attempt that
finished before today began (the morning state, which today's plan is made from) plus the
attempts since, and the log position it has read up to. Each run applies only what the log
gained since. It is rebuilt from the whole log whenever it could be stale: another database
(its identity), another learner, time zone or curriculum, a log position that went backwards,
or an attempt recorded late that finished before the morning (an import).
"""

import pickle
from collections.abc import Callable, Iterable
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import NamedTuple

from tutor.base.days import day_start, learning_day, to_us, zone_name
from tutor.base.files import write_cache
from tutor.curriculum.cache import blake2b, code_stamp
from tutor.curriculum.model import DEFAULT_MINUTES, Curriculum
from tutor.progress.history import Entry, History, fold, settle
from tutor.store.model import Attempt, ProgressStore

_FORMAT = 4  # bump whenever what the snapshot holds changes


class Progress(NamedTuple):
    """The learner's history as of this morning, and as of now."""

    today: date
    morning: History  # every attempt that finished before today began
    today_entries: list[Entry]  # attempts since, in finishing order
    now: History  # morning + today


class _Snapshot:
    __slots__ = ("key", "morning", "morning_day", "overlay", "pending", "position")

    def __init__(
        self, key: bytes, position: int, morning_day: date, morning: History, pending: list[Entry]
    ) -> None:
        self.key = key
        self.position = position
        self.morning_day = morning_day
        self.morning = morning
        self.pending = pending
        # What folding `pending` changed, kept so that a run with nothing new refolds nothing
        # (folding a passed attempt runs FSRS, whose import alone costs a start several ms).
        self.overlay: History | None = None


def estimates(curriculum: Curriculum) -> Callable[[str], int]:
    """key -> the exercise's minutes estimate, from the outlines (no module is decoded)."""
    table: dict[str, int] = {}

    def minutes_of(key: str) -> int:
        if not table:
            for outline in curriculum.outlines.values():
                table.update(zip(outline.keys, outline.minutes, strict=True))
        return table.get(key, DEFAULT_MINUTES)

    return minutes_of


def entry_of(attempt: Attempt) -> Entry:
    return Entry(
        to_us(attempt.finished),
        attempt.key,
        attempt.outcome,
        attempt.score,
        attempt.hints_used,
        attempt.seconds,
        to_us(attempt.started),
        attempt.revealed,
    )


def load_progress(
    store: ProgressStore,
    learner: str,
    *,
    now: datetime,
    zone: tzinfo | None,
    minutes_of: Callable[[str], int],
    curriculum_digest: bytes,
    cache_dir: Path | None,
) -> Progress:
    """The learner's progress at `now`, from the cache brought up to date, or from the log."""
    today = learning_day(now, zone)
    key = _key(store.identity, learner, zone, curriculum_digest)
    path = _path(cache_dir, key) if cache_dir is not None else None
    snap = _read(path, key) if path is not None else None
    if snap is not None and snap.morning_day > today:
        snap = None  # the clock went backwards: the morning state is from the future
    changed = False
    if snap is not None:
        new, position = store.attempts_after(learner, snap.position)
        entries = [entry_of(a) for a in new]
        cut = to_us(day_start(snap.morning_day, zone))
        if position < snap.position or any(e.finished_us < cut for e in entries):
            snap = None
        elif position != snap.position:
            snap.pending.extend(entries)
            snap.pending.sort()
            snap.position = position
            changed = True
    if snap is None:
        attempts, position = store.attempts_after(learner, 0)
        snap = _Snapshot(key, position, date.min, History(), [entry_of(a) for a in attempts])
        changed = True
    if snap.morning_day != today:
        _advance(snap, today, zone, minutes_of)
        changed = True
    if changed or snap.overlay is None:
        snap.overlay = _overlay(snap.morning, snap.pending, minutes_of, zone)
        if path is not None:
            _write(path, snap)
    current = snap.morning.copy()
    current.exercises.update(snap.overlay.exercises)
    current.days.update(snap.overlay.days)
    current.recent.update(snap.overlay.recent)
    return Progress(today, snap.morning, list(snap.pending), current)


def _overlay(
    morning: History, pending: list[Entry], minutes_of: Callable[[str], int], zone: tzinfo | None
) -> History:
    """The entries of morning + pending that pending changed."""
    folded = morning.copy()
    fold(folded, pending, minutes_of, zone)
    keys = {entry.key for entry in pending}
    days = {day for day in folded.days if morning.days.get(day) != folded.days[day]}
    return History(
        {key: folded.exercises[key] for key in keys if key in folded.exercises},
        {day: folded.days[day] for day in days},
        {day: folded.recent[day] for day in days if day in folded.recent},
    )


def _advance(
    snap: _Snapshot, today: date, zone: tzinfo | None, minutes_of: Callable[[str], int]
) -> None:
    """Fold everything that finished before today into the morning state."""
    cut = to_us(day_start(today, zone))
    snap.pending.sort()
    earlier = [e for e in snap.pending if e.finished_us < cut]
    snap.pending = [e for e in snap.pending if e.finished_us >= cut]
    fold(snap.morning, earlier, minutes_of, zone)
    settle(snap.morning, today)
    snap.morning.prune(today)
    snap.morning_day = today


def _key(identity: str, learner: str, zone: tzinfo | None, digest: bytes) -> bytes:
    from tutor.progress import history, reviews

    h = blake2b(digest_size=20)
    stamp = code_stamp(history.__file__, reviews.__file__, __file__)
    for part in (str(_FORMAT), stamp, identity, learner, zone_name(zone)):
        h.update(part.encode() + b"\0")
    h.update(digest)
    return h.digest()


def _path(cache_dir: Path, key: bytes) -> Path:
    return cache_dir / "progress" / f"{key.hex()[:24]}.pickle"


def _read(path: Path, key: bytes) -> _Snapshot | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        snap = pickle.loads(data)
    except Exception:  # a truncated or foreign file is just a miss
        return None
    if not isinstance(snap, _Snapshot):
        return None
    try:  # a snapshot written by another version may lack a slot: just a miss
        if snap.key != key or snap.morning_day is None:
            return None
        snap.overlay = getattr(snap, "overlay", None)
    except AttributeError:
        return None
    return snap


def _write(path: Path, snap: _Snapshot) -> None:
    write_cache(path, pickle.dumps(snap, protocol=5))


def fold_all(
    attempts: Iterable[Attempt],
    minutes_of: Callable[[str], int],
    zone: tzinfo | None,
    today: date | None = None,
) -> History:
    """The history of a whole log, without any cache: what the cache must always equal (with
    the failed tries of days before `today` settled, as the cache's morning has them)."""
    history = History()
    fold(history, sorted(entry_of(a) for a in attempts), minutes_of, zone)
    if today is not None:
        settle(history, today)
    return history
