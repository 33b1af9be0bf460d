"""The portable attempt log: attempts and events as JSON Lines, to move progress or merge two logs.

Format 2, one JSON object per line, each line whole on its own (so files can be concatenated,
split, filtered with grep or jq, and still read):

    {"format":2,"type":"attempt","id":"3f2a...","learner":"ana","key":"polars-basics/select",
     "started":"2025-03-10T09:30:00.000000Z","finished":"2025-03-10T09:31:00.000000Z",
     "outcome":"passed","score":1.0,"hints_used":0,"seconds":60.0,"kind":"new","detail":"",
     "revealed":false}
    {"format":2,"type":"event","learner":"ana","key":"polars-basics/select",
     "at":"2025-03-10T09:30:30.000000Z","kind":"hint","value":1}

(shown wrapped here; one line each in a file). Times are UTC with microseconds, exact. An
attempt's `id` is its identity everywhere: importing a line whose id is known adds nothing. An
event has no id; an event equal in every field to a recorded one is the same event. Blank lines
are ignored; an unknown field, type or a newer format is an error, never silently dropped.

Format 2 added an attempt's `revealed` and the event kind `read`; format 1 lines, which have
neither, are still read (their attempts as not revealed).
"""

from __future__ import annotations

import heapq
import json
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any, NamedTuple

from tutor.base.errors import LogFileError, NotFoundError, Problem, TutorError
from tutor.base.files import write_atomic
from tutor.store.model import (
    ATTEMPT_KINDS,
    EVENT_KINDS,
    OUTCOMES,
    Attempt,
    Event,
    ProgressStore,
)

FORMAT = 2
ALL_HINT = "`--all` imports every learner's lines as they are"


class Imported(NamedTuple):
    attempts: int  # lines read
    events: int
    new_attempts: int  # of which were not in the store yet
    new_events: int


# --- writing -------------------------------------------------------------------------------


def _time(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


def attempt_line(attempt: Attempt) -> str:
    record = {
        "format": FORMAT,
        "type": "attempt",
        "id": attempt.id,
        "learner": attempt.learner,
        "key": attempt.key,
        "started": _time(attempt.started),
        "finished": _time(attempt.finished),
        "outcome": attempt.outcome,
        "score": attempt.score,
        "hints_used": attempt.hints_used,
        "seconds": attempt.seconds,
        "kind": attempt.kind,
        "detail": attempt.detail,
        "revealed": attempt.revealed,
    }
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def event_line(event: Event) -> str:
    record = {
        "format": FORMAT,
        "type": "event",
        "learner": event.learner,
        "key": event.key,
        "at": _time(event.at),
        "kind": event.kind,
        "value": event.value,
    }
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _timeline(store: ProgressStore, learners: Sequence[str]) -> Iterator[tuple[bool, str]]:
    """(is an event, line) for the learners' attempts (by finish) and events, in time order."""
    streams: list[Iterable[tuple[datetime, bool, str]]] = []
    for learner in learners:
        streams.append((a.finished, False, attempt_line(a)) for a in store.attempts(learner))
        streams.append((e.at, True, event_line(e)) for e in store.events(learner))
    for _, is_event, line in heapq.merge(*streams, key=lambda item: (item[0], item[1])):
        yield is_event, line


def export_log(store: ProgressStore, learners: Sequence[str], out: IO[str]) -> tuple[int, int]:
    """Write the learners' log to `out`; returns how many attempts and events were written."""
    counts = [0, 0]
    for is_event, line in _timeline(store, learners):
        counts[is_event] += 1
        out.write(line + "\n")
    return counts[0], counts[1]


def export_file(
    store: ProgressStore, learners: Sequence[str], path: Path, *, force: bool = False
) -> tuple[int, int]:
    """Write the log to a file, whole or not at all (a temporary file renamed into place)."""
    if path.exists() and not force:
        raise TutorError(
            f"{path} already exists",
            hint="choose another file name, or pass --force to replace it",
        )
    counts = (0, 0)

    def write(out: IO[str]) -> None:
        nonlocal counts
        counts = export_log(store, learners, out)

    write_atomic(path, write, hint="choose a file in a folder you can write to")
    return counts


# --- reading -------------------------------------------------------------------------------


class _Bad(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("must be a non-empty string")
    return value


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value


def _moment(value: Any) -> datetime:
    example = "like 2025-03-10T09:30:00.000000Z"
    if not isinstance(value, str):
        raise ValueError(f"must be a time, {example}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a time {example}") from None
    if moment.tzinfo is None:
        raise ValueError(f"{value!r} has no UTC offset; write it {example}")
    return moment


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError("must be a number")
    return float(value)


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a whole number")
    if not -(2**63) <= value < 2**63:  # what both databases' integers hold
        raise ValueError(f"{value} is too large")
    return value


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _one_of(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}, not {value!r}")
        return str(value)

    return check


_ATTEMPT_FIELDS: dict[str, Callable[[Any], Any]] = {
    "id": _text,
    "learner": _text,
    "key": _text,
    "started": _moment,
    "finished": _moment,
    "outcome": _one_of(OUTCOMES),
    "score": _number,
    "hints_used": _integer,
    "seconds": _number,
    "kind": _one_of(ATTEMPT_KINDS),
    "detail": _string,
    "revealed": _boolean,
}
# Fields a line may leave out (format 1 had none of them), with the value they then take.
_OPTIONAL: dict[str, Any] = {"revealed": False}
_EVENT_FIELDS: dict[str, Callable[[Any], Any]] = {
    "learner": _text,
    "key": _text,
    "at": _moment,
    "kind": _one_of(EVENT_KINDS),
    "value": _integer,
}
_FIELDS = {"attempt": _ATTEMPT_FIELDS, "event": _EVENT_FIELDS}


def parse_line(text: str) -> Attempt | Event:
    """One line of the log as a record; raises _Bad naming the field and what is wrong."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Bad("", f"not JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(record, dict):
        raise _Bad("", "not a JSON object")
    if "format" not in record:
        raise _Bad("format", "missing: this is not a line written by `tutor export`")
    version = record.pop("format")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _Bad("format", f"must be a whole number from 1, not {version!r}")
    if version > FORMAT:
        raise _Bad(
            "format",
            f"{version} is newer than this tutor reads ({FORMAT}); upgrade ml-daily-tutor",
        )
    if "type" not in record:
        raise _Bad("type", "missing")
    kind = record.pop("type")
    if kind not in _FIELDS:
        raise _Bad("type", f"must be attempt or event, not {kind!r}")
    fields = _FIELDS[kind]
    unknown = sorted(set(record) - set(fields))
    if unknown:
        raise _Bad(unknown[0], "unknown field")
    values: dict[str, Any] = {}
    for name, convert in fields.items():
        if name not in record and name in _OPTIONAL:
            values[name] = _OPTIONAL[name]
            continue
        if name not in record:
            raise _Bad(name, "missing")
        try:
            values[name] = convert(record[name])
        except ValueError as exc:
            raise _Bad(name, str(exc)) from None
    try:
        return Attempt(**values) if kind == "attempt" else Event(**values)
    except ValueError as exc:  # what the record itself checks: ranges, times
        raise _Bad("", str(exc)) from None


def read_log(
    lines: Iterable[bytes], source: str, *, learner: str | None, adopt: str | None = None
) -> tuple[list[Attempt], list[Event]]:
    """Every record of a log, or LogFileError listing every bad line.

    With `learner`, a line of anyone else is bad: a learner's commands touch only their rows.
    Lines of `adopt` are the exception: they are taken as the learner's (the same person under
    another handle, on another machine).
    """
    attempts: list[Attempt] = []
    events: list[Event] = []
    problems: list[Problem] = []
    strangers: dict[str, int] = {}  # handle -> lines, for the hint
    for number, raw in enumerate(lines, start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(source, number, "", "not UTF-8 text"))
            continue
        if not text.strip():
            continue
        try:
            record = parse_line(text)
        except _Bad as bad:
            problems.append(Problem(source, number, bad.field, bad.message))
            continue
        if learner is not None and record.learner != learner:
            if record.learner != adopt:
                strangers[record.learner] = strangers.get(record.learner, 0) + 1
                message = f"is {record.learner!r}, not you ({learner!r})"
                problems.append(Problem(source, number, "learner", message))
                continue
            record = record._replace(learner=learner)
        if isinstance(record, Attempt):
            attempts.append(record)
        else:
            events.append(record)
    if problems:
        error = LogFileError(source, problems)
        if learner is not None and strangers:
            error.hint = _strangers_hint(learner, strangers, len(problems))
        raise error
    return attempts, events


def _strangers_hint(learner: str, strangers: dict[str, int], problems: int) -> str:
    """What to do with lines of other handles: most often they are the learner's own, written
    under the handle of another machine."""
    if len(strangers) == 1:
        (handle,) = strangers
        hint = f"if {handle}'s lines are yours, `--as {handle}` imports them as {learner}'s"
    else:
        shown = ", ".join(list(strangers)[:3]) + (", ..." if len(strangers) > 3 else "")
        hint = f"the lines are {shown}'s: `--as HANDLE` imports one handle's lines as {learner}'s"
    if problems > sum(strangers.values()):
        hint = f"fix or remove the other lines listed above; {hint}"
    return f"{hint}; {ALL_HINT}"


def import_log(
    store: ProgressStore,
    lines: Iterable[bytes],
    source: str,
    *,
    learner: str | None,
    adopt: str | None = None,
) -> Imported:
    """Check every line, then merge them all in one transaction (or nothing, if any is bad)."""
    attempts, events = read_log(lines, source, learner=learner, adopt=adopt)
    new_attempts, new_events = store.merge(attempts, events)
    return Imported(len(attempts), len(events), new_attempts, new_events)


def import_file(
    store: ProgressStore, path: Path, *, learner: str | None, adopt: str | None = None
) -> Imported:
    try:
        with path.open("rb") as file:
            return import_log(store, file, str(path), learner=learner, adopt=adopt)
    except FileNotFoundError:
        raise NotFoundError(
            f"no file {path}", hint="give the file written by `tutor export`"
        ) from None
    except IsADirectoryError:
        raise NotFoundError(
            f"{path} is a folder", hint="give the file written by `tutor export`"
        ) from None
    except OSError as exc:
        raise TutorError(
            f"cannot read {path}: {exc.strerror}", hint="check its permissions"
        ) from None
