"""`validate --run --changed REF`: only the modules a change touches, each with its reason,
in a real git repository holding a copy of the small fixture curriculum."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from typer.testing import CliRunner

from tutor.authoring.changes import changed_modules
from tutor.cli import app
from tutor.curriculum import load_curriculum

WHO = ("-c", "user.name=T", "-c", "user.email=t@example.com")


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *WHO, *args], cwd=root, check=True, capture_output=True)
    return done.stdout.decode().strip()


def committed(root: Path) -> Path:
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "all")
    return root


def changed(root: Path, ref: str = "HEAD") -> dict[str, str]:
    return changed_modules(load_curriculum(root), ref)


def test_a_file_of_a_module_chooses_that_module_and_says_which(mini: Path) -> None:
    committed(mini)
    assert changed(mini) == {}
    lesson = mini / "beta" / "lessons" / "second.md"
    lesson.write_text(lesson.read_text() + "\nMore.\n")
    assert changed(mini) == {"beta": "lessons/second.md changed"}
    (mini / "alpha" / "exercises" / "add" / "wrong" / "off_by_one.py").write_text('"""Off."""\n')
    (mini / "alpha" / "exercises" / "add" / "check.py").write_text("def test_x(): pass\n")
    (mini / "alpha" / "exercises" / "add" / "wrong" / "subtracts.py").unlink()
    assert changed(mini) == {
        "alpha": "exercises/add/check.py changed, and 2 more",
        "beta": "lessons/second.md changed",
    }
    git(mini, "add", "-A")
    git(mini, "commit", "-qm", "more")
    assert changed(mini, "HEAD~1") == changed(mini, "HEAD~1..HEAD") != {}
    assert changed(mini, "HEAD~1")["alpha"].startswith("exercises/add/check.py changed")
    assert changed(mini, "HEAD..HEAD~1")["alpha"].startswith("exercises/add/check.py changed")


def test_curriculum_yaml_chooses_only_the_modules_whose_entries_changed(mini: Path) -> None:
    committed(mini)
    top = mini / "curriculum.yaml"
    original = top.read_text()
    top.write_text(original.replace("Mini curriculum", "A new title") + "\n# a comment\n")
    assert changed(mini) == {}
    top.write_text(original + "  - id: more\n    title: More\n    modules: [beta]\n")
    assert changed(mini) == {"beta": "curriculum.yaml: joined track more"}
    top.write_text(original.replace("[alpha, beta]", "[beta]"))
    assert changed(mini) == {"alpha": "curriculum.yaml: left track basics"}
    # Defaults reach every code exercise: every module, saying why.
    top.write_text(original.replace("timeout: 10", "timeout: 20"))
    assert changed(mini) == dict.fromkeys(("alpha", "beta"), "curriculum.yaml: defaults changed")


def test_a_new_module_joining_a_track_chooses_only_itself(
    tutor_env: dict[str, str], mini: Path
) -> None:
    committed(mini)
    result = CliRunner().invoke(
        app,
        ["--curriculum", str(mini), "new", "module", "gamma", "--title", "Gamma",
         "--summary", "Third.", "--requires", "pytest>=7", "--track", "basics"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (reason,) = changed(mini).values()
    assert list(changed(mini)) == ["gamma"] and reason.endswith(" added, and 3 more"), reason


def test_pushed_commits_are_compared_with_where_they_left_the_remote(mini: Path) -> None:
    """`A...B` compares B with its merge base with A: what a push adds, not what the remote
    gained meanwhile."""
    committed(mini)
    git(mini, "branch", "remote-side")
    lesson = mini / "beta" / "lessons" / "second.md"
    lesson.write_text(lesson.read_text() + "\nMore.\n")
    git(mini, "commit", "-qam", "beta")
    git(mini, "checkout", "-q", "remote-side")
    (mini / "alpha" / "lessons" / "first.md").write_text("# Changed elsewhere\n")
    git(mini, "commit", "-qam", "alpha")
    git(mini, "checkout", "-q", "main")
    assert changed(mini, "remote-side...main") == {"beta": "lessons/second.md changed"}
    assert set(changed(mini, "remote-side..main")) == {"alpha", "beta"}


def test_validate_run_changed_prints_and_reports_each_reason(
    tutor_env: dict[str, str], mini: Path
) -> None:
    committed(mini)
    runner = CliRunner()
    args = ["--curriculum", str(mini), "validate", "--run", "--workers", "2", "--changed", "HEAD"]
    lesson = mini / "beta" / "lessons" / "second.md"
    lesson.write_text(lesson.read_text() + "\nMore.\n")
    (mini / "curriculum.yaml").write_text((mini / "curriculum.yaml").read_text() + "\n")
    result = runner.invoke(app, [*args, "--json"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["selected"] == [{"module": "beta", "reason": "lessons/second.md changed"}]
    assert {f["key"] for f in data["findings"]} == {"beta/notebooks/count.ipynb"}
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "beta: lessons/second.md changed" in result.output
    git(mini, "commit", "-qam", "beta")
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "No module changed since HEAD" in result.output
    result = runner.invoke(app, [*args[:-1], "no-such-ref"], env={"COLUMNS": "200"})
    assert result.exit_code == 1 and "git cannot compare with 'no-such-ref'" in result.output
