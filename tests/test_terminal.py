"""An end-to-end session in a real pseudo-terminal: first run, a code exercise, two quizzes."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pexpect
import pytest

SOLUTION = "def add(a, b):\n    return a + b\n"


@pytest.fixture
def session_env(tutor_env: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(tutor_env)
    env.update({"COLUMNS": "120", "LINES": "40", "TERM": "xterm"})
    return env


def spawn(env: dict[str, str], *args: str) -> pexpect.spawn:
    child = pexpect.spawn(
        sys.executable, ["-m", "tutor", *args], env=env, encoding="utf-8", timeout=30
    )
    child.setwinsize(40, 120)
    return child


def test_a_whole_session_in_a_real_terminal(session_env: dict[str, str]) -> None:
    child = spawn(session_env, "today")
    child.expect("Welcome")
    child.expect("Your display name")
    child.sendline("Ada Lovelace")
    child.expect("Minutes a day")
    child.sendline("6")  # the three exercises of alpha and its lesson
    child.expect("Today: 0 reviews, 3 new")
    child.expect("Read the lesson")  # the first exercise of a lesson not read yet
    child.sendline("y")
    child.expect("Adding is")

    # 1. The code exercise: the session waits for saves of the workspace file.
    child.expect("Add two numbers")
    child.expect(r"\[Enter\] check")
    workspace_file = Path(session_env["TUTOR_WORKSPACE"]) / "alpha" / "add.py"
    assert "TODO" in workspace_file.read_text()
    child.sendline("")  # a manual check of the starter fails
    child.expect("2 of 2 checks failed")
    time.sleep(0.5)  # the watcher is running by now; this save must start a check by itself
    workspace_file.write_text(SOLUTION)
    child.expect("All 2 checks passed", timeout=30)

    # 2. A choice quiz: an invalid answer is asked again, a valid one is graded.
    child.expect("Which is even")
    child.expect("Your answer")
    child.sendline("9")  # not an option: asked again, nothing recorded
    child.expect("Type the number of an option")
    child.sendline("2")
    child.expect("Correct")

    # 3. A free-text answer, normalised.
    child.expect(r"What is 2 \+ 2")
    child.expect("Your answer")
    child.sendline("  FOUR ")
    child.expect("Correct")
    child.expect("Done for today")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    with sqlite3.connect(session_env["TUTOR_DB"]) as conn:
        rows = conn.execute(
            "SELECT learner, key, outcome FROM attempts ORDER BY finished_us"
        ).fetchall()
    assert rows == [
        ("ada-lovelace", "alpha/add", "failed"),
        ("ada-lovelace", "alpha/add", "passed"),
        ("ada-lovelace", "alpha/pick", "passed"),
        ("ada-lovelace", "alpha/say", "passed"),
    ]

    # Today's plan is done; tomorrow's holds beta (alpha is learned) and a review of
    # alpha/add, which passed only after a failed try (rated hard: due again in a day).
    plan = spawn(session_env, "today", "--plan")
    plan.expect(pexpect.EOF)
    assert (plan.before or "").strip() == ""
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    plan = spawn({**session_env, "TUTOR_NOW": tomorrow}, "today", "--plan")
    plan.expect(pexpect.EOF)
    lines = (plan.before or "").splitlines()
    # The minutes the plan counts: a review's share of 3, a first exercise's 2 and its lesson.
    assert lines[0].startswith("alpha/add\tcode\t2\treview, due")
    assert lines[1].startswith("beta/primes\tchoice\t3\tnew in beta")


def test_quitting_mid_session_keeps_what_was_done(session_env: dict[str, str]) -> None:
    spawn_config = spawn(session_env, "config", "--name", "Bo", "--budget", "6")
    spawn_config.expect(pexpect.EOF)
    child = spawn(session_env, "today")
    child.expect("Read the lesson")
    child.sendline("n")  # not now: asked again next time, until it is read
    child.expect(r"\[Enter\] check")
    child.sendline("s")  # skip the code exercise
    child.expect("Which is even")
    child.sendline("1")  # wrong
    child.expect("Not quite")
    child.expect("Your answer")
    child.sendline("q")
    child.expect("What you finished is saved; `tutor today` goes on from here")
    child.expect(pexpect.EOF)
    with sqlite3.connect(session_env["TUTOR_DB"]) as conn:
        rows = conn.execute("SELECT key, outcome FROM attempts ORDER BY finished_us").fetchall()
    assert rows == [("alpha/add", "skipped"), ("alpha/pick", "failed")]


@pytest.mark.parametrize("poll", [False, True], ids=["events", "polling"])
def test_check_watch_rechecks_on_save(session_env: dict[str, str], poll: bool) -> None:
    start = spawn(session_env, "start", "alpha/add")
    start.expect(pexpect.EOF)
    child = spawn(session_env, "check", "--watch", *(["--poll"] if poll else []))
    child.expect("2 of 2 checks failed")
    child.expect("Watching")
    # Polling already, it does not advise polling.
    child.expect(r"Polling\s+for\s+changes" if poll else r"tutor\s+check\s+--watch\s+--poll")
    assert "--poll" not in (child.before or "")
    time.sleep(0.5)
    (Path(session_env["TUTOR_WORKSPACE"]) / "alpha" / "add.py").write_text(SOLUTION)
    child.expect("All 2 checks passed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_ctrl_c_at_a_prompt_says_what_was_kept_and_exits_130(session_env: dict[str, str]) -> None:
    child = spawn(session_env, "today", "--name", "Ada", "--budget", "6")
    child.expect("Read the lesson")
    child.sendline("n")
    child.expect("Add two numbers")
    child.expect(r"\[Enter\] check")
    child.sendline("")  # a manual check of the starter: an attempt, saved
    child.expect("2 of 2 checks failed")
    child.sendintr()
    child.expect(
        r"Stopped \(Ctrl-C\)\. What was finished is saved; run the command again to go on\."
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130 and "Traceback" not in (child.before or "")
    with sqlite3.connect(session_env["TUTOR_DB"]) as conn:
        rows = conn.execute("SELECT key, outcome FROM attempts").fetchall()
    assert rows == [("alpha/add", "failed")]
