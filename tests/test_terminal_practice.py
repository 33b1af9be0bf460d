"""Lessons and practice beyond the plan, in a real pseudo-terminal (and a pipe)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

LONG_LESSON = "\n".join(
    [
        "# Adding numbers",
        "",
        "Adding is `a + b`.",
        "",
        "| op | meaning |",
        "|---|---|",
        "| + | add |",
    ]
    + [f"Paragraph {n}: more about addition, in words enough to read." for n in range(1, 80)]
    + ["", "```python", "def add(a, b):", "    return a + b", "```", ""]
    + ['!!! warning "Floats"', "    - `0.1 + 0.2` is not `0.3`.", "    - Compare with a tolerance."]
    + ["", "The end of the lesson."]
)


@pytest.fixture
def term_env(tutor_env: dict[str, str], mini: Path) -> dict[str, str]:
    (mini / "alpha" / "lessons" / "first.md").write_text(LONG_LESSON + "\n")
    env = dict(os.environ)
    env.update(tutor_env)
    env.update({"COLUMNS": "100", "LINES": "30", "TERM": "xterm"})
    return env


def spawn(env: dict[str, str], *args: str) -> pexpect.spawn:
    child = pexpect.spawn(
        sys.executable, ["-m", "tutor", *args], env=env, encoding="utf-8", timeout=30
    )
    child.setwinsize(30, 100)
    return child


def rows(env: dict[str, str], sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(env["TUTOR_DB"]) as conn:
        return conn.execute(sql).fetchall()


def test_a_lesson_reads_a_screenful_at_a_time_and_is_recorded(term_env: dict[str, str]) -> None:
    child = spawn(term_env, "lesson", "alpha/first")
    child.expect("First lesson")  # the title from module.yaml, with the key and reading time
    child.expect("alpha/first")
    child.expect("Adding numbers")
    child.expect(r"more lines: Enter for the next page, q to stop")
    assert "# Adding" not in child.before  # a heading, rendered: no raw Markdown
    child.sendline("")
    child.expect("Paragraph 40")
    child.expect("more lines")
    child.sendline("q")
    child.expect(pexpect.EOF)
    assert "The end of the lesson" not in (child.before or "")
    child.close()
    assert child.exitstatus == 0
    assert rows(term_env, "SELECT key, kind FROM events") == [("alpha/first", "read")]


def test_a_piped_lesson_is_shown_whole_without_a_prompt(term_env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tutor", "lesson", "alpha/add"],  # by an exercise of it
        env={**term_env, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Paragraph 79" in done.stdout and "The end of the lesson." in done.stdout
    assert "more lines" not in done.stdout
    assert "return a + b" in done.stdout
    # An admonition is a titled quote, its list a list: not MkDocs' `!!!` syntax, run on.
    assert "!!!" not in done.stdout
    quote = [line.strip() for line in done.stdout.splitlines() if line.lstrip().startswith("▌")]
    assert quote[0] == "▌ Floats"
    assert [line for line in quote if "•" in line] == [
        "▌  • 0.1 + 0.2 is not 0.3.",
        "▌  • Compare with a tolerance.",
    ]


def test_practice_answers_a_quiz_outside_the_plan(term_env: dict[str, str]) -> None:
    child = spawn(term_env, "practice", "beta/primes")  # beta waits for alpha: not planned
    child.expect("Which are prime")
    child.expect("Your answer")
    child.sendline("?")
    child.sendline("1 2")
    child.expect(r"Correct|Not quite")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert rows(term_env, "SELECT key, kind FROM attempts") == [("beta/primes", "new")]


def test_practice_checks_a_code_exercise_and_a_show_points_to_it(term_env: dict[str, str]) -> None:
    child = spawn(term_env, "practice", "alpha/add")
    child.expect(r"\[Enter\] check")
    workspace_file = Path(term_env["TUTOR_WORKSPACE"]) / "alpha" / "add.py"
    workspace_file.write_text("def add(a, b):\n    return a + b\n")
    child.sendline("")
    child.expect("All 2 checks passed")
    child.expect(pexpect.EOF)
    assert rows(term_env, "SELECT key, outcome FROM attempts") == [("alpha/add", "passed")]
    shown = subprocess.run(
        [sys.executable, "-m", "tutor", "show", "alpha/pick"],
        env=term_env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "tutor practice alpha/pick" in shown.stdout


def test_practice_needs_a_terminal(term_env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tutor", "practice", "alpha/pick"],
        env=term_env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.returncode == 2 and "needs a terminal" in done.stderr


def test_today_more_goes_on_past_the_budget(term_env: dict[str, str]) -> None:
    spawn(term_env, "config", "--name", "Bo", "--budget", "1").expect(pexpect.EOF)
    child = spawn(term_env, "today", "--more")
    child.expect("Today: 0 reviews, 1 new")
    child.expect("Your 1-minute budget is used")
    child.expect("Read the lesson")
    child.sendline("n")
    child.expect(r"\[Enter\] check")
    workspace_file = Path(term_env["TUTOR_WORKSPACE"]) / "alpha" / "add.py"
    workspace_file.write_text("def add(a, b):\n    return a + b\n")
    child.sendline("")
    child.expect("All 2 checks passed")
    child.expect("More:")  # past the budget: the rest of alpha, a budget's worth at a time
    child.expect("Which is even")  # its lesson was offered once this session: not again
    child.sendline("2")
    child.expect("Correct")
    child.expect(r"What is 2 \+ 2")
    child.sendline("4")
    child.expect("Correct")
    child.expect("More:")  # alpha is learned: beta opens
    child.expect("Read the lesson")
    child.sendline("n")
    child.expect("Your answer|check")
    child.sendline("q")
    child.expect("What you finished is saved; `tutor today` goes on from here")
    child.expect(pexpect.EOF)
    passed = rows(
        term_env, "SELECT key FROM attempts WHERE outcome = 'passed' ORDER BY finished_us"
    )
    assert passed == [("alpha/add",), ("alpha/pick",), ("alpha/say",)]
