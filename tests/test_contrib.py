"""Contributor tools: scaffolding, `validate --run` (with --module, --changed, --json, --stamp)
and `doctor`, through the CLI on a copy of the small fixture curriculum."""

from __future__ import annotations

import json
import re
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutor.cli import app
from tutor.curriculum import load_curriculum


def tutor(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--curriculum", str(root), *args], env={"COLUMNS": "200"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def findings(root: Path, *args: str) -> tuple[int, dict[str, dict[str, object]]]:
    code, output = tutor(root, "validate", "--run", "--json", "--workers", "2", *args)
    return code, {f["key"]: f for f in json.loads(output)["findings"]}


def test_scaffolded_module_and_exercises_are_valid_and_keep_comments(
    tutor_env: dict[str, str], mini: Path
) -> None:
    (mini / "curriculum.yaml").write_text(
        (mini / "curriculum.yaml").read_text().replace("tracks:", "tracks:  # the order matters")
    )
    code, output = tutor(
        mini, "new", "module", "gamma", "--title", "Gamma", "--summary", "Third.",
        "--skill", "greek", "--requires", "pytest>=7", "--track", "basics",
    )  # fmt: skip
    assert code == 0, output
    module_yaml = (mini / "gamma" / "module.yaml").read_text()
    assert module_yaml.startswith(
        "# yaml-language-server: $schema=../../schemas/module.schema.json"
    )
    top = (mini / "curriculum.yaml").read_text()
    assert "tracks:  # the order matters" in top and "modules: [alpha, beta, gamma]" in top
    for kind in ("code", "choice", "answer"):
        code, output = tutor(mini, "new", "exercise", "gamma", f"an-{kind}", "--type", kind)
        assert code == 0, output
    assert "# beginner | intermediate | advanced" in (mini / "gamma" / "module.yaml").read_text()
    gamma = load_curriculum(mini).module("gamma")
    assert gamma is not None
    assert [ex.type for ex in gamma.exercises] == ["code", "choice", "answer"]
    # Fill it in, as docs/contributing.md says: solution, checks, then the starter.
    folder = mini / "gamma" / "exercises" / "an-code"
    (folder / "solution.py").write_text(
        "def mean(xs):\n    return sum(xs) / len(xs) if xs else 0.0\n"
    )
    (folder / "check.py").write_text(
        "from exercise import mean\n\n\n"
        "def test_mean():\n    assert mean([1, 2, 3]) == 2\n\n\n"
        "def test_empty_is_zero():\n    assert mean([]) == 0.0\n"
    )
    (folder / "starter.py").write_text("def mean(xs):\n    # TODO: the average\n    return None\n")
    # ... and the counterexamples: mistakes that fail the checks, other idioms that pass them.
    for path in [*folder.glob("wrong/*.py"), *folder.glob("alternatives/*.py")]:
        path.unlink()
    wrong = {
        "halves": ("Divides by 2, not by the length.", "sum(xs) / 2 if xs else 0.0"),
        "crashes_on_empty": ("Divides by zero on an empty list.", "sum(xs) / len(xs)"),
        "sums": ("Returns the sum, not the mean.", "float(sum(xs))"),
    }
    for name, (mistake, body) in wrong.items():
        text = f'"""{mistake}"""\n\n\ndef mean(xs):\n    return {body}\n'
        (folder / "wrong" / f"{name}.py").write_text(text)
    for name, body in {"statistics": "statistics.fmean(xs)", "loop": "sum(x for x in xs)"}.items():
        body = f"{body} / len(xs)" if name == "loop" else body
        text = f"import statistics\n\n\ndef mean(xs):\n    return {body} if xs else 0.0\n"
        (folder / "alternatives" / f"{name}.py").write_text(text)
    code, found = findings(mini, "--module", "gamma")
    assert code == 0, found
    counterexamples = {
        f"gamma/exercises/an-code/{kind}/{name}.py"
        for kind, names in (("wrong", wrong), ("alternatives", ("statistics", "loop")))
        for name in names
    }
    lesson = "gamma/lessons/introduction.md"  # its `python` block prints what it shows
    assert set(found) == {"gamma/an-code", lesson, "gamma/notebooks/tour.ipynb", *counterexamples}
    # ... and it is on the site.
    code, output = tutor(mini, "site", "export", str(mini.parent / "site-pages"))
    assert code == 0, output
    page = (mini.parent / "site-pages" / "modules" / "gamma" / "index.md").read_text()
    assert "# Gamma" in page.splitlines() and "Third." in page  # after any front matter
    # Scaffolding refuses what would clash.
    assert tutor(mini, "new", "module", "gamma")[0] == 1
    code, output = tutor(mini, "new", "exercise", "gamma", "an-code")
    assert code == 1 and "already has an exercise 'an-code'" in output


@pytest.mark.parametrize(
    ("file", "text", "problem"),
    [
        ("starter.py", "def add(a, b):\n    return a + b\n", "the starter passes its checks"),
        ("solution.py", "def add(a, b):\n    return a - b\n", "the reference solution fails"),
        ("check.py", "def test_nothing():\n    assert True\n", "pass on an empty exercise.py"),
    ],
)
def test_validate_run_catches_dishonest_exercises(
    tutor_env: dict[str, str], mini: Path, file: str, text: str, problem: str
) -> None:
    (mini / "alpha" / "exercises" / "add" / file).write_text(text)
    code, found = findings(mini, "--no-notebooks")
    assert code == 1
    problems = found["alpha/add"]["problems"]
    assert isinstance(problems, list) and any(problem in p for p in problems), problems
    code, output = tutor(mini, "validate", "--run", "--no-notebooks")
    assert code == 1 and "✗ alpha/add" in output
    assert re.search(r"\d of 6 \(1 code exercise, 5 counterexamples and 0 notebooks\) ha", output)


def test_validate_run_proves_lesson_outputs_and_quiz_answers(
    tutor_env: dict[str, str], mini: Path
) -> None:
    """A contributor's slips that no exercise run sees: an output line that is not what the
    code prints, and a quiz whose accepted answer is not what its code prints."""
    lesson = mini / "alpha" / "lessons" / "first.md"
    lesson.write_text(
        lesson.read_text() + "\n```python\nprint(sorted([3, 1, 2]))\n# -> [1, 2, 3]\n```\n"
    )
    module = mini / "alpha" / "module.yaml"
    module.write_text(
        module.read_text().replace(
            "question: What is 2 + 2?",
            'question: "What does it print?\\n\\n```python\\nprint(2 + 2)\\n```\\n"',
        )
    )
    code, found = findings(mini, "--module", "alpha", "--no-notebooks")
    assert code == 0, found
    assert found["alpha/lessons/first.md"]["kind"] == "lesson"
    assert found["alpha/lessons/first.md#quizzes"]["note"] == "1 answer proved"

    lesson.write_text(lesson.read_text().replace("# -> [1, 2, 3]", "# -> [3, 2, 1]"))
    module.write_text(module.read_text().replace('accept: ["4", "four"]', 'accept: ["5"]'))
    code, found = findings(mini, "--module", "alpha", "--no-notebooks")
    assert code == 1
    (output,) = found["alpha/lessons/first.md"]["problems"]
    assert f"{lesson}:" in output and "expected '[3, 2, 1]', got '[1, 2, 3]'" in output
    (quiz,) = found["alpha/lessons/first.md#quizzes"]["problems"]
    assert quiz == "alpha/say: its code prints '4'; the quiz accepts '5'"
    code, text = tutor(mini, "validate", "--run", "--module", "alpha", "--no-notebooks")
    assert code == 1 and "the outputs of 1 lesson, the quizzes of 1 lesson" in text


def test_validate_run_reports_a_failing_notebook(tutor_env: dict[str, str], mini: Path) -> None:
    code, found = findings(mini)
    assert code == 0 and found["beta/notebooks/count.ipynb"]["ok"]
    notebook = mini / "beta" / "notebooks" / "count.ipynb"
    notebook.write_text(notebook.read_text().replace("sum(numbers)", "sum(numbers) / 0"))
    code, found = findings(mini, "--module", "beta")
    assert code == 1
    (problem,) = found["beta/notebooks/count.ipynb"]["problems"]  # type: ignore[misc]
    assert "ZeroDivisionError" in str(problem)


def test_stamp_and_doctor(tutor_env: dict[str, str], mini: Path) -> None:
    code, output = tutor(mini, "doctor")
    assert code == 0 and "alpha: never verified" in output
    code, _ = tutor(mini, "validate", "--run", "--stamp", "--module", "alpha", "--no-notebooks")
    assert code == 0
    stamp = json.loads((mini / "alpha" / "verified.json").read_text())
    assert set(stamp["requires"]) == {"pytest"}
    code, output = tutor(mini, "doctor")
    assert code == 0 and "nothing drifted" in output
    stamp["requires"]["pytest"] = "0.0.1"
    (mini / "alpha" / "verified.json").write_text(json.dumps(stamp))
    code, output = tutor(mini, "doctor")
    assert code == 0 and "verified with pytest 0.0.1" in output
    module = mini / "alpha" / "module.yaml"
    module.write_text(module.read_text().replace('"pytest>=7"', '"no-such-package-here>=1"'))
    code, output = tutor(mini, "doctor")
    assert code == 1 and "requires no-such-package-here>=1 (not installed)" in output
    # A version outside the range is told as such, with what is installed.
    module.write_text(module.read_text().replace('"no-such-package-here>=1"', '"pytest>=999"'))
    code, output = tutor(mini, "doctor")
    assert code == 1 and f"requires pytest>=999 ({version('pytest')} installed)" in output


@pytest.mark.parametrize(
    ("requirement", "named"),
    [
        ("no-such-package-here>=1", "no-such-package-here>=1 (not installed)"),
        ("pytest>=999", "pytest>=999 ({pytest} installed)"),
    ],
)
def test_stamp_refuses_a_module_whose_requirements_are_unmet(
    tutor_env: dict[str, str], mini: Path, requirement: str, named: str
) -> None:

    named = named.format(pytest=version("pytest"))
    module = mini / "alpha" / "module.yaml"
    module.write_text(module.read_text().replace('"pytest>=7"', f'"pytest>=7", "{requirement}"'))
    args = ("validate", "--run", "--stamp", "--module", "alpha", "--no-notebooks")
    code, output = tutor(mini, *args)
    assert code == 1, output
    assert f"alpha not stamped: its requirements are not met: {named}" in output
    assert "hold up." in output and "problems." not in output  # the exercises held up
    assert not (mini / "alpha" / "verified.json").exists()
    code, output = tutor(mini, *args, "--json")
    data = json.loads(output)
    assert code == 1 and data["ok"] is False
    assert data["not_stamped"] == [{"module": "alpha", "unmet": [named]}]
    assert not (mini / "alpha" / "verified.json").exists()


def test_stamp_records_how_long_notebooks_ran(tutor_env: dict[str, str], mini: Path) -> None:
    code, _ = tutor(mini, "validate", "--run", "--stamp", "--module", "beta", "--refresh")
    assert code == 0
    stamp = json.loads((mini / "beta" / "verified.json").read_text())
    assert stamp["notebooks"]["notebooks/count.ipynb"] > 0


def test_options_that_need_run(tutor_env: dict[str, str], mini: Path) -> None:
    code, output = tutor(mini, "validate", "--stamp")
    assert code == 1 and "go with --run" in output
    code, output = tutor(mini, "validate", "--json")
    assert code == 0 and json.loads(output)["ok"] is True


def test_pre_commit_hooks_name_real_options(tutor_env: dict[str, str], mini: Path) -> None:
    import yaml

    hooks = yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text())
    assert {hook["id"] for hook in hooks} == {"tutor-validate", "tutor-validate-run"}
    _, help_text = tutor(mini, "validate", "--help")
    for hook in hooks:
        command, *args = hook["entry"].split()
        assert command == "tutor" and args[0] == "validate"
        for option in (a for a in args[1:] if a.startswith("--")):
            assert option in help_text, (hook["id"], option)


def test_unwritable_places_are_one_line_and_leave_nothing_half_made(
    tutor_env: dict[str, str], mini: Path
) -> None:
    # A file where a folder must go fails even for root, whom permissions do not stop.
    (mini / "delta").write_text("not a folder")
    code, output = tutor(mini, "new", "module", "delta", "--title", "D", "--summary", "S.")
    assert code == 1 and "already exists" in output
    (mini / "alpha" / "exercises" / "blocked").write_text("")
    code, output = tutor(mini, "new", "exercise", "alpha", "blocked", "--type", "code")
    assert code == 1 and "already exists" in output and "Traceback" not in output
    (mini / "delta").unlink()
    (mini / "alpha" / "exercises" / "blocked").unlink()
    (mini.parent / "team").write_text("a file where the team folder goes")
    code, output = tutor(mini, "share", "--handle", "ana")
    assert code == 1 and "cannot write" in output and "Traceback" not in output
    assert load_curriculum(mini).module_ids == ("alpha", "beta")  # nothing half-made


def test_a_stamp_that_cannot_be_written_is_one_line(tutor_env: dict[str, str], mini: Path) -> None:
    (mini / "alpha" / "verified.json").mkdir()  # a folder where the stamp goes stops root too
    code, output = tutor(
        mini, "validate", "--run", "--stamp", "--module", "alpha", "--no-notebooks"
    )
    assert code == 1 and "cannot write" in output and "Traceback" not in output


def test_site_export_into_an_unwritable_place_is_one_line(
    tutor_env: dict[str, str], mini: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    code, output = tutor(mini, "site", "export", str(blocker / "out"), "--no-execute")
    assert code == 1 and "cannot write" in output and "Traceback" not in output
