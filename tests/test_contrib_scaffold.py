"""`tutor new exercise` inserts the exercise's lines into module.yaml and leaves every other
line as written: long lines unwrapped, comments, blank lines and the file's own indentation.
Checked with `git diff` in a real repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutor.cli import app
from tutor.curriculum import CodeExercise, load_curriculum

WHO = ("-c", "user.name=T", "-c", "user.email=t@example.com")
LONG = "A summary written on one long line, " * 5 + "longer than any wrapping width."
HINT = "a hint that goes on and on, " * 4


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *WHO, *args], cwd=root, check=True, capture_output=True)
    return done.stdout.decode()


def new_exercise(root: Path, *args: str) -> None:
    result = CliRunner().invoke(app, ["--curriculum", str(root), "new", "exercise", *args])
    assert result.exit_code == 0, result.output


def diff_of(root: Path, *args: str) -> tuple[list[str], list[str]]:
    """The lines `tutor new exercise ARGS` removed and added, by git."""
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "before")
    new_exercise(root, *args)
    diff = git(root, "diff", "-U0", "--", "alpha/module.yaml").splitlines()
    removed = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    return removed, added


@pytest.fixture
def alpha(mini: Path) -> Path:
    return mini / "alpha" / "module.yaml"


def test_a_new_exercise_is_the_only_change_to_a_file_with_long_lines(
    tutor_env: dict[str, str], mini: Path, alpha: Path
) -> None:
    text = alpha.read_text()
    text = text.replace("summary: Adding numbers and picking options.", f"summary: {LONG}")
    text = text.replace(
        'hints: ["Python has an operator for that.", "return a + b"]',
        f'hints: ["{HINT}", "return a + b"]    # two hints, the second tells',
    )
    text = text.replace("lessons:\n", "lessons:\n\n  # The only lesson, for now.\n")
    alpha.write_text(text + "\n# Notebooks come later.\n")
    removed, added = diff_of(mini, "alpha", "sum-three", "--type", "code")
    assert removed == []
    assert added[0] == "      - id: sum-three" and added[1] == "        type: code"
    assert len(added) == 9, added
    after = alpha.read_text()
    assert f"summary: {LONG}\n" in after and "# Notebooks come later.\n" in after
    module = load_curriculum(mini).module("alpha")
    assert module is not None
    assert [ex.id for ex in module.exercises] == ["add", "pick", "say", "sum-three"]
    assert isinstance(module.exercises[-1], CodeExercise)


def test_the_file_s_own_indentation_is_followed(
    tutor_env: dict[str, str], mini: Path, alpha: Path
) -> None:
    """Dashes at the key's column (another common style), and a lesson followed by another."""
    alpha.write_text(
        "id: alpha\ntitle: Alpha\nsummary: S.\nlevel: beginner\nskills: [arithmetic]\n"
        "lessons:\n"
        "- id: first\n  title: First lesson\n  file: lessons/first.md\n  exercises:\n"
        "  - id: pick\n    type: choice\n    question: Which is even?\n"
        "    options: ['1', '2']\n    answer: 1\n"
        "  # More to come.\n\n"
        "- id: later\n  title: Later\n  file: lessons/first.md\n  exercises: []\n"
    )
    assert load_curriculum(mini).module("alpha") is not None
    removed, added = diff_of(mini, "alpha", "one-more", "--type", "choice", "--lesson", "first")
    assert removed == [] and added[0] == "  - id: one-more", added
    module = load_curriculum(mini).module("alpha")
    assert module is not None
    assert [ex.id for ex in module.lessons[0].exercises] == ["pick", "one-more"]
    assert "nearly the answer']\n  # More to come.\n\n- id: later\n" in alpha.read_text()


def test_an_empty_list_of_exercises_changes_its_one_line(
    tutor_env: dict[str, str], mini: Path, alpha: Path
) -> None:
    alpha.write_text(
        alpha.read_text()
        + "  - id: empty\n    title: Empty\n    file: lessons/first.md\n"
        + "    exercises: []       # add some later\n"
        + "  - id: bare\n    title: Bare\n    file: lessons/first.md\n\n# The end.\n"
    )
    removed, added = diff_of(
        mini, "alpha", "first-of-empty", "--type", "answer", "--lesson", "empty"
    )
    assert removed == ["    exercises: []       # add some later"]
    assert added[:2] == ["    exercises:  # add some later", "      - id: first-of-empty"]
    git(mini, "commit", "-qam", "one")
    new_exercise(mini, "alpha", "first-of-bare", "--type", "answer", "--lesson", "bare")
    diff = git(mini, "diff", "-U0", "--", "alpha/module.yaml").splitlines()
    assert not [line for line in diff if line.startswith("-") and not line.startswith("---")]
    assert "+    exercises:" in diff and "+      - id: first-of-bare" in diff
    module = load_curriculum(mini).module("alpha")
    assert module is not None
    assert [[ex.id for ex in lesson.exercises] for lesson in module.lessons[1:]] == [
        ["first-of-empty"],
        ["first-of-bare"],
    ]
    assert alpha.read_text().endswith(
        "        hints: ['TODO: a nudge in the right direction', 'TODO: nearly the answer']\n"
        "\n# The end.\n"
    )
