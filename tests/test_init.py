"""`tutor init`: a team's repository in which validate, today and a strict site build work at once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tutor.cli import app

runner = CliRunner()
BIN = Path(sys.executable).parent


def tutor(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, value in {
        "TUTOR_DB": "progress.sqlite3",
        "TUTOR_CONFIG": "config.toml",
        "TUTOR_CACHE_DIR": "cache",
        "TUTOR_WORKSPACE": "workspace",
        "XDG_DATA_HOME": "data",
    }.items():
        monkeypatch.setenv(name, str(tmp_path / value))
    monkeypatch.delenv("TUTOR_CURRICULUM", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def schema_targets(repo: Path) -> dict[Path, Path]:
    """Each YAML file with a yaml-language-server comment -> the schema file it names."""
    found = {}
    for path in repo.rglob("*.yaml"):
        match = re.search(r"yaml-language-server: \$schema=(\S+)", path.read_text())
        if match:
            found[path] = (path.parent / match.group(1)).resolve()
    return found


def test_init_makes_a_repository_the_tutor_serves_at_once(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, output = tutor("init", "team-repo", "--title", 'Data "Platform" learning')
    assert code == 0, output
    repo = isolated / "team-repo"
    for name in (
        "curriculum/curriculum.yaml",
        "curriculum/team-example/module.yaml",
        "mkdocs.yml",
        "docs/index.md",
        ".pre-commit-config.yaml",
        ".github/workflows/curriculum.yml",
        "README.md",
    ):
        assert (repo / name).is_file(), name
    assert (repo / "team").is_dir()
    top = yaml.safe_load((repo / "curriculum" / "curriculum.yaml").read_text())
    assert top["include"] == [{"pack": "ml-daily"}]
    assert top["title"] == 'Data "Platform" learning'
    readme = (repo / "README.md").read_text()
    assert "tutor today" in readme and "mkdocs serve" in readme
    monkeypatch.chdir(repo)
    code, output = tutor("validate")
    assert code == 0, output
    from tutor.curriculum.packs import shipped

    modules = len(list(shipped().glob("*/module.yaml"))) + 1  # the shipped ones and the example
    assert "no problems" in output and f"{modules} modules" in output
    code, output = tutor("today", "--plan", "--name", "Ada", "--budget", "20")
    assert code == 0, output
    assert output.splitlines()[0].startswith("team-example/top-words\tcode")
    assert "shipped one" not in output  # the team's own curriculum: no note
    code, output = tutor(
        "new",
        "module",
        "my-topic",
        "--title",
        "My topic",
        "--summary",
        "S.",
        "--level",
        "beginner",
        "--skill",
        "x",
        "--track",
        "team",
    )
    assert code == 0, output
    targets = schema_targets(repo)
    assert len(targets) == 3  # curriculum.yaml, the example's and the new module's module.yaml
    for source, target in targets.items():
        assert target.is_file(), f"{source} names {target}, which does not exist"


def test_the_example_module_holds_up_when_run(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert tutor("init", "team-repo", "--empty")[0] == 0
    monkeypatch.chdir(isolated / "team-repo")
    code, output = tutor("validate", "--run", "--module", "team-example", "--workers", "2")
    assert code == 0, output
    assert "1 code exercise, 5 counterexamples" in output.replace("\n", " ")


def test_an_empty_repository_builds_its_site_strictly(isolated: Path) -> None:
    code, output = tutor("init", "team-repo", "--empty")
    assert code == 0, output
    repo = isolated / "team-repo"
    assert "include" not in yaml.safe_load((repo / "curriculum" / "curriculum.yaml").read_text())
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr, done.stderr
    assert (repo / "site" / "modules" / "team-example" / "index.html").is_file()
    assert "team-example" in (repo / "site" / "index.html").read_text()


def test_init_refuses_a_folder_that_holds_anything(isolated: Path) -> None:
    (isolated / "busy").mkdir()
    (isolated / "busy" / "notes.txt").write_text("mine")
    code, output = tutor("init", "busy")
    assert code == 1
    assert "busy is not empty: tutor init makes a new repository" in output
    assert sorted(p.name for p in (isolated / "busy").iterdir()) == ["notes.txt"]
    (isolated / "env.sh").write_text("export A=1\n")
    code, output = tutor("init", "env.sh")
    assert code == 1 and "env.sh is a file: tutor init makes a new repository in a folder" in output
    assert tutor("init", "fresh")[0] == 0 and (isolated / "fresh" / "mkdocs.yml").is_file()


def test_init_makes_a_git_repository_or_fills_an_empty_clone(isolated: Path) -> None:
    """The usual start: a new repository made on the forge and cloned, holding only .git."""
    code, output = tutor("init", "fresh")
    assert code == 0 and "git: a new repository on branch main" in output
    assert git(isolated / "fresh", "branch", "--show-current").strip() == "main"
    git(isolated, "init", "-q", "cloned")
    code, output = tutor("init", "cloned")
    assert code == 0, output
    assert (isolated / "cloned" / "mkdocs.yml").is_file() and "git:" not in output
    assert "curriculum/" in git(isolated / "cloned", "status", "--porcelain", "-uall")


def test_the_pre_commit_hooks_run_the_tutor_of_this_environment(isolated: Path) -> None:
    assert tutor("init", "team-repo")[0] == 0
    config = yaml.safe_load((isolated / "team-repo" / ".pre-commit-config.yaml").read_text())
    [repo] = config["repos"]
    assert repo["repo"] == "local"
    hooks = {hook["id"]: hook for hook in repo["hooks"]}
    assert hooks["tutor-validate"]["entry"] == "tutor validate"
    assert all(hook["language"] == "system" for hook in hooks.values())
    push = hooks["tutor-validate-run"]
    assert push["stages"] == ["pre-push"]
    assert push["entry"] == "tutor validate --run --changed-from-push"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


def test_the_pre_push_hook_blocks_a_broken_exercise_being_pushed(isolated: Path) -> None:
    """The hook's entry run as pre-commit runs it (split like a shell line, no shell, with the
    refs being pushed in PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF), in a real repository with a
    real remote."""
    import shlex

    assert tutor("init", "team-repo", "--empty")[0] == 0
    repo = isolated / "team-repo"
    remote = isolated / "remote.git"
    git(isolated, "init", "-q", "--bare", "-b", "main", str(remote))
    assert git(repo, "branch", "--show-current").strip() == "main"  # tutor init made it
    git(repo, "-c", "user.name=A", "-c", "user.email=a@x", "add", ".")
    git(repo, "-c", "user.name=A", "-c", "user.email=a@x", "commit", "-q", "-m", "start")
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "origin", "main")
    config = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text())
    entry = next(h for h in config["repos"][0]["hooks"] if h["id"] == "tutor-validate-run")["entry"]
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}

    def pre_push() -> subprocess.CompletedProcess[str]:
        refs = {
            "PRE_COMMIT_FROM_REF": git(repo, "rev-parse", "origin/main").strip(),
            "PRE_COMMIT_TO_REF": git(repo, "rev-parse", "HEAD").strip(),
        }
        return subprocess.run(
            shlex.split(entry),
            cwd=repo,
            env={**env, **refs},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    (repo / "docs" / "index.md").write_text("# Changed\n")
    git(repo, "-c", "user.name=A", "-c", "user.email=a@x", "commit", "-q", "-am", "docs only")
    done = pre_push()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 code exercises" in done.stdout.replace("\n", " ")
    solution = repo / "curriculum" / "team-example" / "exercises" / "top-words" / "solution.py"
    solution.write_text("def top_words(text, n):\n    return []\n")
    git(repo, "-c", "user.name=A", "-c", "user.email=a@x", "commit", "-q", "-am", "broken")
    done = pre_push()
    assert done.returncode == 1, done.stdout + done.stderr
    assert "team-example/top-words" in done.stdout
