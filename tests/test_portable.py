"""`tutor export` and `tutor import`: the attempt log as JSON Lines, moved and merged faithfully."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tutor.base.errors import CurriculumError, LogFileError, ProblemsError
from tutor.cli import app
from tutor.store import Attempt, Event, ProgressStore, new_attempt, open_store
from tutor.store.jsonl import FORMAT, attempt_line, event_line, parse_line, read_log

pytest_plugins = ["helpers.pg_fixtures"]

T0 = datetime(2025, 3, 10, 9, 30, tzinfo=UTC)
runner = CliRunner()


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def tutor(*args: str, input: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), input=input, env={"COLUMNS": "200"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def attempt(minutes: float, learner: str = "ana", **fields: Any) -> Attempt:
    values: dict[str, Any] = {
        "learner": learner,
        "key": "alpha/add",
        "started": at(minutes - 1),
        "finished": at(minutes),
        "outcome": "passed",
        "score": 1.0,
        "hints_used": 0,
        "seconds": 60.0,
    }
    values.update(fields)
    return new_attempt(**values)


def history(location: Path | str, learner: str = "ana") -> tuple[list[Attempt], list[Event]]:
    with open_store(location) as store:
        return store.attempts(learner), store.events(learner)


@pytest.fixture
def ana(tutor_env: dict[str, str]) -> Path:
    """The learner is ana; her database holds a morning's work (and bo's, in the same file)."""
    assert tutor("config", "--handle", "ana")[0] == 0
    with open_store(tutor_env["TUTOR_DB"]) as store:
        fill(store)
    return Path(tutor_env["TUTOR_DB"])


def fill(store: ProgressStore) -> None:
    store.record_event(Event("ana", "alpha/add", at(0), "start"))
    store.record_event(Event("ana", "alpha/add", at(1), "hint", 1))
    store.record(
        attempt(2, outcome="failed", score=0.25, hints_used=1, seconds=61.5, detail="boom")
    )
    store.record(attempt(5, kind="review", revealed=True))
    store.record_event(Event("ana", "alpha/add", at(6), "reveal"))
    store.record(attempt(3, learner="bo", key="beta/primes"))


# --- round trips ------------------------------------------------------------------------------


def test_export_then_import_moves_everything_exactly(ana: Path, tmp_path: Path) -> None:
    log = tmp_path / "progress.jsonl"
    code, output = tutor("export", str(log))
    assert code == 0 and "2 attempts and 3 events of ana" in output
    new_laptop = tmp_path / "new.sqlite3"
    code, output = tutor("--db", str(new_laptop), "import", str(log))
    assert code == 0 and "Imported 2 new attempts and 3 new events" in output
    assert history(new_laptop) == history(ana)
    assert history(new_laptop, "bo") == ([], [])  # only ana's lines by default


def test_lines_are_self_describing_and_in_time_order(ana: Path, tmp_path: Path) -> None:
    log = tmp_path / "progress.jsonl"
    tutor("export", str(log))
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert all(r["format"] == FORMAT for r in records)
    assert [r["type"] for r in records] == ["event", "event", "attempt", "attempt", "event"]
    times = [r.get("finished") or r["at"] for r in records]
    assert times == sorted(times) and times[0] == "2025-03-10T09:30:00.000000Z"
    failed = records[2]
    assert failed["score"] == 0.25 and failed["seconds"] == 61.5 and failed["detail"] == "boom"
    assert len(failed["id"]) == 32
    assert (failed["kind"], failed["revealed"]) == ("new", False)
    assert (records[3]["kind"], records[3]["revealed"]) == ("review", True)


def test_importing_the_same_file_twice_adds_nothing(ana: Path, tmp_path: Path) -> None:
    log = tmp_path / "progress.jsonl"
    tutor("export", str(log))
    before = history(ana)
    code, output = tutor("import", str(log))  # into the very database it came from
    assert code == 0 and "Imported 0 new attempts and 0 new events" in output
    assert "2 attempts and 3 events already recorded" in output
    tutor("import", str(log))
    assert history(ana) == before


def test_two_machines_logs_merge_into_one_history_ordered_by_time(
    tutor_env: dict[str, str], tmp_path: Path
) -> None:
    tutor("config", "--handle", "ana")
    laptop, desktop = tmp_path / "laptop.sqlite3", tmp_path / "desktop.sqlite3"
    with open_store(laptop) as store:
        store.record_many([attempt(10), attempt(30), attempt(50)])
        store.record_event(Event("ana", "alpha/add", at(29), "hint", 1))
    with open_store(desktop) as store:
        store.record_many([attempt(20), attempt(40)])
        store.record_event(Event("ana", "alpha/add", at(39), "hint", 1))
    for machine, other in ((laptop, desktop), (desktop, laptop)):
        log = tmp_path / f"{machine.stem}.jsonl"
        assert tutor("--db", str(machine), "export", str(log))[0] == 0
        assert tutor("--db", str(other), "import", str(log))[0] == 0
    merged = history(laptop)
    assert merged == history(desktop)
    assert [a.finished for a in merged[0]] == [at(m) for m in (10, 20, 30, 40, 50)]
    assert [e.at for e in merged[1]] == [at(29), at(39)]


def test_all_moves_every_learner_from_a_file_to_a_server(
    ana: Path, tmp_path: Path, pg_url: str
) -> None:
    log = tmp_path / "team.jsonl"
    assert tutor("export", "--all", str(log))[0] == 0
    code, output = tutor("--db", pg_url, "import", "--all", str(log))
    assert code == 0 and "Imported 3 new attempts and 3 new events" in output
    assert history(pg_url) == history(ana) and history(pg_url, "bo") == history(ana, "bo")
    with open_store(pg_url) as store:
        assert store.learners() == ["ana", "bo"]
    back = tmp_path / "back.jsonl"
    assert tutor("--db", pg_url, "export", "--all", str(back))[0] == 0
    assert back.read_text() == log.read_text()


def test_standard_output_and_input(ana: Path, tmp_path: Path) -> None:
    code, output = tutor("export", "-")
    assert code == 0 and len(output.splitlines()) == 5
    target = tmp_path / "piped.sqlite3"
    code, _ = tutor("--db", str(target), "import", "-", input=output)
    assert code == 0 and history(target) == history(ana)


def test_export_never_overwrites_without_force(ana: Path, tmp_path: Path) -> None:
    log = tmp_path / "progress.jsonl"
    log.write_text("the other laptop's export\n")
    code, output = tutor("export", str(log))
    assert code == 1 and "already exists" in output and "--force" in output
    assert log.read_text() == "the other laptop's export\n"
    assert tutor("export", "--force", str(log))[0] == 0
    assert len(log.read_text().splitlines()) == 5
    assert [p.name for p in tmp_path.iterdir() if ".partial" in p.name] == []


# --- another handle on another machine ----------------------------------------------------------


def relabelled(log: tuple[list[Attempt], list[Event]], learner: str) -> tuple[list[Any], list[Any]]:
    attempts, events = log
    return [a._replace(learner=learner) for a in attempts], [
        e._replace(learner=learner) for e in events
    ]


def test_import_as_takes_another_handles_lines_as_yours(ana: Path, tmp_path: Path) -> None:
    log = tmp_path / "progress.jsonl"
    assert tutor("export", str(log))[0] == 0
    # A new laptop, where the same person is anna.
    new_laptop = tmp_path / "new.sqlite3"
    assert tutor("--db", str(new_laptop), "config", "--handle", "anna")[0] == 0
    code, output = tutor("--db", str(new_laptop), "import", str(log))
    assert code == 1 and "has 5 bad lines; nothing was imported" in output
    assert "[learner] is 'ana', not you ('anna')" in output
    hint = next(line for line in output.splitlines() if line.startswith("→"))
    assert "if ana's lines are yours, `--as ana` imports them as anna's" in hint
    assert "fix or remove" not in hint
    assert history(new_laptop, "anna") == ([], [])

    code, output = tutor("--db", str(new_laptop), "import", "--as", "ana", str(log))
    assert code == 0, output
    assert (
        "Imported 2 new attempts and 3 new events" in output and "(ana's lines as anna's)" in output
    )
    assert history(new_laptop, "anna") == relabelled(history(ana), "anna")
    assert history(new_laptop, "ana") == ([], [])
    # The ids are the same attempts: importing again, either way, adds nothing.
    assert (
        "Imported 0 new attempts"
        in tutor("--db", str(new_laptop), "import", "--as", "ana", str(log))[1]
    )


def test_import_as_still_refuses_a_third_handle(ana: Path, tmp_path: Path) -> None:
    log = tmp_path / "team.jsonl"
    assert tutor("export", "--all", str(log))[0] == 0  # ana's lines and bo's
    target = tmp_path / "new.sqlite3"
    assert tutor("--db", str(target), "config", "--handle", "anna")[0] == 0
    code, output = tutor("--db", str(target), "import", str(log))
    assert code == 1 and "has 6 bad lines" in output
    assert "the lines are ana, bo's: `--as HANDLE` imports one handle's lines as anna's" in output
    code, output = tutor("--db", str(target), "import", "--as", "ana", str(log))
    assert code == 1 and "has 1 bad line;" in output and "[learner] is 'bo'" in output
    assert "`--as bo`" in output
    assert history(target, "anna") == ([], [])


def test_import_as_and_all_do_not_go_together(ana: Path, tmp_path: Path) -> None:
    log = tmp_path / "progress.jsonl"
    tutor("export", str(log))
    code, output = tutor("import", "--all", "--as", "bo", str(log))
    assert code == 2 and "--as and --all cannot go together" in output


# --- bad files ----------------------------------------------------------------------------------


def test_bad_lines_are_all_listed_with_numbers_and_nothing_is_imported(
    ana: Path, tmp_path: Path
) -> None:
    good = attempt_line(attempt(100))
    lines = [
        good,
        "{not json",
        "",  # blank lines are fine
        json.dumps({"format": 1, "type": "attempt"}),
        event_line(Event("ana", "alpha/add", at(101), "hint", 2)),
        good.replace('"outcome":"passed"', '"outcome":"won"'),
        good.replace(f'"format":{FORMAT}', f'"format":{FORMAT + 1}'),
        attempt_line(attempt(102, learner="bo")),
    ]
    log = tmp_path / "bad.jsonl"
    log.write_text("\n".join(lines) + "\n")
    before = history(ana)
    code, output = tutor("import", str(log))
    assert code == 1
    problems = [line for line in output.splitlines() if line.startswith("✗")]
    assert [p.split(":")[1] for p in problems] == ["2", "4", "6", "7", "8"]
    assert "not JSON" in problems[0] and "[id] missing" in problems[1]
    assert "outcome" in problems[2] and "upgrade" in problems[3]
    assert "[learner] is 'bo', not you ('ana')" in problems[4]
    assert "bad.jsonl has 5 bad lines; nothing was imported" in output
    assert "fix or remove the other lines" in output and "`--as bo`" in output
    assert history(ana) == before


def test_a_missing_file(ana: Path, tmp_path: Path) -> None:
    code, output = tutor("import", str(tmp_path / "nowhere.jsonl"))
    assert code == 2 and "no file" in output


def test_the_log_error_lists_problems_like_other_file_errors() -> None:
    with pytest.raises(LogFileError) as caught:
        read_log([b"[]\n", b"\xff\xfe\n"], "log.jsonl", learner=None)
    # Listed like any file's problems, yet not mistaken for the curriculum's.
    assert isinstance(caught.value, ProblemsError)
    assert not isinstance(caught.value, CurriculumError)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (1, "not a JSON object"),
        (2, "not UTF-8 text"),
    ]


GOOD_ATTEMPT = json.loads(attempt_line(attempt(0)))
GOOD_EVENT = json.loads(event_line(Event("ana", "alpha/add", T0, "hint", 1)))


@pytest.mark.parametrize(
    ("record", "field", "problem"),
    [
        ({**GOOD_ATTEMPT, "format": "1"}, "format", "whole number"),
        ({**GOOD_ATTEMPT, "format": True}, "format", "whole number"),
        ({k: v for k, v in GOOD_ATTEMPT.items() if k != "format"}, "format", "not a line written"),
        ({**GOOD_ATTEMPT, "type": "note"}, "type", "attempt or event"),
        ({**GOOD_ATTEMPT, "extra": 1}, "extra", "unknown field"),
        ({**GOOD_ATTEMPT, "id": ""}, "id", "non-empty"),
        ({**GOOD_ATTEMPT, "finished": "2025-03-10T09:30:00"}, "finished", "UTC offset"),
        ({**GOOD_ATTEMPT, "started": "yesterday"}, "started", "not a time"),
        ({**GOOD_ATTEMPT, "score": 1.5}, "", "score must be between 0 and 1"),
        ({**GOOD_ATTEMPT, "score": "1"}, "score", "number"),
        ({**GOOD_ATTEMPT, "hints_used": 1.5}, "hints_used", "whole number"),
        ({**GOOD_ATTEMPT, "hints_used": 2**70}, "hints_used", "too large"),
        ({**GOOD_ATTEMPT, "seconds": -1}, "", "negative"),
        ({**GOOD_ATTEMPT, "kind": "retry"}, "kind", "one of new, review"),
        ({**GOOD_ATTEMPT, "revealed": 1}, "revealed", "true or false"),
        ({**GOOD_EVENT, "kind": "hints"}, "kind", "one of"),
        ({**GOOD_EVENT, "value": None}, "value", "whole number"),
    ],
)
def test_each_bad_field_is_named(record: dict[str, Any], field: str, problem: str) -> None:
    with pytest.raises(LogFileError) as caught:
        read_log([json.dumps(record).encode()], "log.jsonl", learner=None)
    (found,) = caught.value.problems
    assert (found.line, found.field) == (1, field) and problem in found.message


@pytest.mark.parametrize("revealed", [False, True])
def test_lines_read_back_exactly(revealed: bool) -> None:
    sent = attempt(0, score=1 / 3, seconds=0.1 + 0.2, detail="naïve ✓\nsecond line")
    sent = sent._replace(kind="review", revealed=revealed)
    got = parse_line(attempt_line(sent))
    assert got == sent and got.revealed is revealed
    for kind in ("reset", "read"):
        event = Event("ana", "alpha/add", T0 + timedelta(microseconds=7), kind)
        assert parse_line(event_line(event)) == event


def test_format_1_lines_are_read_as_not_revealed() -> None:
    # What `tutor export` wrote before format 2: no `revealed`.
    line = (
        '{"format":1,"type":"attempt","id":"3f2a9c","learner":"ana","key":"alpha/add",'
        '"started":"2025-03-10T09:30:00.000000Z","finished":"2025-03-10T09:31:00.000000Z",'
        '"outcome":"passed","score":1.0,"hints_used":0,"seconds":60.0,"kind":"new","detail":""}'
    )
    got = parse_line(line)
    assert isinstance(got, Attempt) and got.revealed is False and got.finished == at(1)


def test_export_into_an_unwritable_place_is_one_line(
    tutor_env: dict[str, str], tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from tutor.cli import app

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = CliRunner().invoke(app, ["export", str(blocker / "log.jsonl")])
    assert result.exit_code == 1, result.output
    assert "cannot write" in result.output
    assert isinstance(result.exception, SystemExit)  # a message, not a traceback
