"""The pre-push hook, for real: pre-commit (from PyPI) installed as a git pre-push hook in a
real repository, pushing to a local bare remote. The hook is this repository's
`.pre-commit-hooks.yaml`, served from a git repository of its own as a team's config names it.
A push whose commits break an exercise is blocked; a push of good commits passes, verifying only
the modules they change."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
BIN = Path(sys.executable).parent
WHO = ("-c", "user.name=T", "-c", "user.email=t@example.com")

pytestmark = pytest.mark.skipif(
    not (BIN / "pre-commit").exists(),
    reason="pre-commit is in the dev extra: pip install -e .[dev]",
)


def sh(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"  # the hook runs this `tutor`
    env["COLUMNS"] = "200"
    done = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return sh(cwd, "git", *WHO, *args, check=check)


def hooks_repository(folder: Path) -> str:
    """A git repository holding this checkout's hooks file; its commit sha, for `rev:`."""
    folder.mkdir()
    shutil.copy(REPO / ".pre-commit-hooks.yaml", folder)
    git(folder, "init", "-q")
    git(folder, "add", ".")
    git(folder, "commit", "-qm", "hooks")
    return git(folder, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture
def team(tmp_path: Path, mini: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    for name in ("TUTOR_CURRICULUM", "PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    rev = hooks_repository(tmp_path / "hooks")
    repo = tmp_path / "team"
    repo.mkdir()
    shutil.copytree(mini, repo / "curriculum")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {tmp_path / 'hooks'}\n    rev: {rev}\n    hooks:\n"
        "      - id: tutor-validate\n      - id: tutor-validate-run\n"
    )
    git(tmp_path, "init", "-q", "--bare", "remote.git")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "remote", "add", "origin", str(tmp_path / "remote.git"))
    sh(repo, str(BIN / "pre-commit"), "install", "--hook-type", "pre-push")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "the curriculum")
    git(repo, "push", "-q", "--no-verify", "origin", "main")
    return repo


def remote_head(repo: Path) -> str:
    return git(repo, "ls-remote", "origin", "refs/heads/main").stdout.split()[0]


def test_a_push_that_breaks_an_exercise_is_blocked_and_a_good_one_passes(team: Path) -> None:
    before = remote_head(team)
    solution = team / "curriculum" / "alpha" / "exercises" / "add" / "solution.py"
    solution.write_text("def add(a, b):\n    return a - b\n")
    git(team, "commit", "-qam", "break add")
    pushed = git(team, "push", "origin", "main", check=False)
    output = pushed.stdout + pushed.stderr
    assert pushed.returncode != 0, output
    assert "tutor validate --run (modules being pushed)" in output and "Failed" in output
    assert "alpha: exercises/add/solution.py changed" in output
    assert "the reference solution fails its checks" in output
    assert remote_head(team) == before  # nothing reached the remote

    solution.write_text("def add(a, b):\n    return a + b\n")
    lesson = team / "curriculum" / "beta" / "lessons" / "second.md"
    lesson.write_text(lesson.read_text() + "\nOne more line.\n")
    git(team, "commit", "-qam", "fix add, and a lesson")
    pushed = git(team, "push", "origin", "main", check=False)
    output = pushed.stdout + pushed.stderr
    assert pushed.returncode == 0, output
    assert "Passed" in output and remote_head(team) == git(team, "rev-parse", "HEAD").stdout.strip()


def test_a_push_that_changes_no_module_verifies_nothing(team: Path) -> None:
    (team / "curriculum" / "curriculum.yaml").write_text(
        (team / "curriculum" / "curriculum.yaml").read_text().replace("Mini curriculum", "Mini")
    )
    git(team, "commit", "-qam", "a new title")
    pushed = git(team, "push", "origin", "main", check=False)
    output = pushed.stdout + pushed.stderr
    assert pushed.returncode == 0, output
    assert "No module changed since" in output or "Passed" in output
