"""The progress views through the CLI, with the clock pinned by TUTOR_NOW."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutor.cli import app
from tutor.store import new_attempt, open_store
from tutor.team.summaries import load_team

NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


def tutor(*args: str, at: datetime = NOW) -> tuple[int, str]:
    env = {"COLUMNS": "200", "TUTOR_NOW": at.isoformat(), "TZ": "UTC"}
    result = CliRunner().invoke(app, list(args), env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


@pytest.fixture
def learner(tutor_env: dict[str, str]) -> dict[str, str]:
    """Ada passed all of alpha two days ago and failed beta/primes yesterday."""
    tutor("config", "--name", "Ada Lovelace", "--handle", "ada")
    with open_store(tutor_env["TUTOR_DB"]) as store:
        for key, days, outcome in [
            ("alpha/add", 2, "passed"),
            ("alpha/pick", 2, "passed"),
            ("alpha/say", 2, "passed"),
            ("beta/primes", 1, "failed"),
        ]:
            finished = NOW - timedelta(days=days)
            store.record(
                new_attempt(
                    learner="ada",
                    key=key,
                    started=finished - timedelta(minutes=2),
                    finished=finished,
                    outcome=outcome,
                    score=1.0 if outcome == "passed" else 0.0,
                    hints_used=0,
                    seconds=120.0,
                )
            )
    return tutor_env


def test_today_shows_the_streak_and_why_each_item_is_there(learner: dict[str, str]) -> None:
    code, output = tutor("today", "--plan")
    assert code == 0
    lines = [line.split("\t") for line in output.splitlines()]
    assert lines[0][0] == "alpha/add" and lines[0][3] == "review, due today"
    assert ["beta/primes", "choice", "3", "new in beta"] in lines  # 2, and its lesson's 1
    code, output = tutor("today")  # not a terminal: the plan, then a note
    assert "2-day streak" in output and "review, due today" in output and "new in beta" in output


def test_progress_json(learner: dict[str, str]) -> None:
    code, output = tutor("progress", "--json")
    assert code == 0
    data = json.loads(output)
    assert data["today"] == "2026-03-04"
    assert data["streak"]["current"] == 2
    assert data["days"] == {"2026-03-02": 3, "2026-03-03": 1}
    assert data["skills"]["arithmetic"]["level_name"] == "proficient"
    assert data["modules"][1] == {
        "id": "beta",
        "title": "Beta",
        "percent": 10.0,
        "level": 1,
        "level_name": "attempted",
        "exercises": 2,
    }
    assert data["reviews"]["due"] == 3


def test_standup_plain_markdown_and_json(learner: dict[str, str]) -> None:
    code, output = tutor("standup")
    assert code == 0
    assert output.splitlines()[0] == "Yesterday (Tue 03 Mar):"
    assert "still working on: beta/primes" in output
    code, output = tutor("standup", "--markdown")
    assert output.startswith("**Yesterday**") and "- 1 exercise, ~2 min" in output
    data = json.loads(tutor("standup", "--json")[1])
    assert data["yesterday"]["exercises"] == [{"exercise": "beta/primes", "outcome": "failed"}]
    assert data["streak"] == {"current": 2, "longest": 2}
    # Today's minutes are the plan's, as `tutor today` and `--plan` count them.
    shown = re.search(r"~(\d+) of \d+ min", tutor("today")[1])
    planned = sum(int(line.split("\t")[2]) for line in tutor("today", "--plan")[1].splitlines())
    (today,) = [line for line in output.splitlines() if line.startswith("- ") and "new" in line]
    assert shown is not None and int(shown.group(1)) == planned
    assert today.endswith(f"(~{planned} min)"), (today, planned)


def test_share_writes_a_valid_team_file(learner: dict[str, str], mini: Path) -> None:
    code, output = tutor("share")
    assert code == 0 and "git add" in output
    (member,) = load_team(mini.parent / "team")
    assert member.handle == "ada" and member.name == "Ada Lovelace"
    assert dict(member.skills) == {"arithmetic": 3, "logic": 1}
    assert member.proficient == ("alpha",)
    text = (mini.parent / "team" / "ada.yaml").read_text()
    assert "alpha/add" not in text  # no attempt log, no answers
    code, output = tutor("share", "--handle", "Not A Handle")
    assert code == 1 and "must be lowercase" in output


def test_track_lists_and_chooses(tutor_env: dict[str, str]) -> None:
    code, output = tutor("track")
    assert code == 0 and "→ basics" in output
    code, output = tutor("track", "nope")
    assert code == 2 and "no track 'nope'" in output


def test_a_bad_pinned_clock_is_one_line(tutor_env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["today", "--plan"], env={"TUTOR_NOW": "yesterday"})
    assert result.exit_code == 1
    assert "TUTOR_NOW='yesterday' is not an ISO 8601 time" in result.output
