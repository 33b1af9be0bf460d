"""Counterexamples prove the checks: every code exercise's wrong solutions fail them and its
alternatives pass them. The loader finds them, `validate` counts them, `validate --run` runs
them (tutor.authoring.verify), `tutor new exercise` scaffolds them and the site shows them.

`test_every_shipped_code_exercise_has_its_counterexamples` fails until the counterexamples of
the 25 shipped code exercises land (issue 13's content); it is the gate that keeps them.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutor.authoring import verify
from tutor.authoring.rules import MIN_ALTERNATIVES, MIN_WRONG, counterexample_problems
from tutor.cli import app
from tutor.curriculum import CodeExercise, Curriculum, check_curriculum, load_curriculum
from tutor.practice.checker import warm_checks

SHIPPED = Path(__file__).parent.parent / "curriculum"
ADD = "alpha/exercises/add"


def tutor(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--curriculum", str(root), *args], env={"COLUMNS": "200"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def add_of(root: Path) -> CodeExercise:
    ex = load_curriculum(root).exercise("alpha/add")
    assert isinstance(ex, CodeExercise)
    return ex


# The shipped curriculum


def shipped() -> Curriculum:
    curriculum, problems = check_curriculum(SHIPPED)
    assert curriculum is not None, "\n".join(str(problem) for problem in problems)
    return curriculum


def test_every_shipped_code_exercise_has_its_counterexamples() -> None:
    """At least 3 wrong solutions and 2 alternatives each (expected to fail until they land)."""
    problems = counterexample_problems(shipped())
    assert not problems, "\n".join(str(problem) for problem in problems)


def test_validate_run_runs_every_shipped_counterexample() -> None:
    """Every counterexample file on disk is a task of `validate --run` (test_shipped.py runs
    them), found by the loader rather than by this test's own reading of the folders."""
    curriculum = shipped()
    labels = [label for label, _ in verify.tasks(curriculum, notebooks=False)]
    on_disk = {
        path.relative_to(SHIPPED).as_posix()
        for folder in ("wrong", "alternatives")
        for path in SHIPPED.glob(f"*/exercises/*/{folder}/*.py")
        if not path.name.startswith(("_", "."))
    }
    assert on_disk <= set(labels), sorted(on_disk - set(labels))
    assert len(labels) == len(set(labels))
    code = [ex for ex in curriculum.exercises if isinstance(ex, CodeExercise)]
    assert sum(len(ex.wrong) + len(ex.alternatives) for ex in code) == len(on_disk)


# `tutor validate`: the counts


def test_validate_reports_too_few_counterexamples(tutor_env: dict[str, str], mini: Path) -> None:
    assert tutor(mini, "validate")[0] == 0
    (mini / ADD / "wrong/multiplies.py").unlink()
    shutil.rmtree(mini / ADD / "alternatives")
    code, output = tutor(mini, "validate")
    assert code == 1
    assert f"{ADD}/wrong/: holds 2 files: write at least {MIN_WRONG} (plausible" in output
    assert f"{ADD}/alternatives/: is empty or absent: write at least {MIN_ALTERNATIVES}" in output
    code, output = tutor(mini, "validate", "--json")
    assert code == 1 and len(json.loads(output)["problems"]) == 2
    # The tutor itself still serves the exercise: a module being written runs.
    assert tutor(mini, "show", "alpha/add")[0] == 0


# `tutor validate --run`: each counterexample run, and reported by file


def test_a_wrong_solution_the_checks_accept_is_reported_with_its_mistake(mini: Path) -> None:
    path = mini / ADD / "wrong/subtracts.py"
    path.write_text('"""Subtracts `b` from `a`."""\n\n\ndef add(a, b):\n    return a + b\n')
    ex = add_of(mini)
    (wrong,) = [w for w in ex.wrong if w.path == path]
    finding = verify.verify_wrong(ex, wrong)
    assert finding.kind == "wrong" and finding.key == f"{ADD}/wrong/subtracts.py"
    (problem,) = finding.problems
    assert problem.startswith(f"{ADD}/wrong/subtracts.py passes the checks")
    assert "'Subtracts `b` from `a`.'" in problem and "make check.py catch" in problem


def test_a_wrong_solution_the_checks_catch_names_the_checks(mini: Path) -> None:
    ex = add_of(mini)
    finding = verify.verify_wrong(ex, ex.wrong[0])
    assert finding.ok and finding.note == "caught by test_small_numbers, test_negative"


def test_an_alternative_the_checks_reject_is_reported_with_the_failing_test(mini: Path) -> None:
    path = mini / ADD / "alternatives/builtin_sum.py"
    path.write_text("def add(a, b):\n    return abs(a) + b\n")  # wrong for negatives only
    finding = verify.verify_alternative(add_of(mini), path)
    (problem,) = finding.problems
    assert problem.startswith(f"{ADD}/alternatives/builtin_sum.py is a correct solution")
    assert "1 of 2 checks failed: test_negative" in problem and "test_small_numbers" not in problem


def test_a_failing_reference_solution_names_the_failing_test(mini: Path) -> None:
    (mini / ADD / "solution.py").write_text("def add(a, b):\n    return abs(a) + b\n")
    finding = verify.verify_exercise(add_of(mini))
    (problem,) = finding.problems
    assert "the reference solution fails its checks: 1 of 2 checks failed: test_negative" in problem
    assert f"fix {ADD}/solution.py" in problem


STALLS_ONCE = """import os, time
from pathlib import Path

MARK = Path({mark!r})


def started_by():
    def parent(pid):
        return int(open(f"/proc/{{pid}}/stat").read().rsplit(")", 1)[1].split()[1])

    above_guard = open(f"/proc/{{parent(parent(os.getpid()))}}/cmdline").read()
    return "warm" if "_warm.main" in above_guard else "cold"


def add(a, b):
    first = not MARK.exists()
    with MARK.open("a") as runs:
        runs.write(started_by() + "\\n")
    if first:  # the first run stalls, as on a machine busy with other work
        time.sleep(60)
    return a + b
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_solution_stalled_once_is_run_again_in_an_interpreter_of_its_own(
    mini: Path, tmp_path: Path
) -> None:
    """A run that must pass and runs out of wall time once (a busy machine, or a library not
    safe to fork in the warm launcher) is run again, cold; one that always does is reported,
    with 'twice'."""
    mark = tmp_path / "stalled"
    path = mini / ADD / "alternatives/builtin_sum.py"
    path.write_text(STALLS_ONCE.format(mark=str(mark)))
    ex = add_of(mini)._replace(timeout=3)
    with warm_checks():
        assert verify.verify_alternative(ex, path).ok
    first, *again = mark.read_text().split()  # a line for each call of add
    assert first == "warm" and again and set(again) == {"cold"}
    (mini / ADD / "solution.py").write_text("import time\n\n\ndef add(a, b):\n    time.sleep(60)\n")
    (problem,) = verify.verify_exercise(add_of(mini)._replace(timeout=3), rules=False).problems
    assert re.search(
        r"the reference solution fails its checks: timed out after 3 s"
        r"( \(at \S+solution\.py line \d+, in \w+\))?, twice",
        problem,
    ), problem


def test_validate_run_reports_each_counterexample_by_file(
    tutor_env: dict[str, str], mini: Path
) -> None:
    (mini / ADD / "wrong/subtracts.py").write_text(
        '"""Subtracts."""\ndef add(a, b):\n    return b + a\n'
    )
    (mini / ADD / "wrong/multiplies.py").unlink()
    code, output = tutor(mini, "validate", "--run", "--json", "--workers", "2", "--no-notebooks")
    assert code == 1
    found = {f["key"]: f for f in json.loads(output)["findings"]}
    assert {key: f["kind"] for key, f in found.items()} == {
        "alpha/add": "exercise",
        f"{ADD}/wrong/joins_digits.py": "wrong",
        f"{ADD}/wrong/subtracts.py": "wrong",
        f"{ADD}/alternatives/builtin_sum.py": "alternative",
        f"{ADD}/alternatives/operator_add.py": "alternative",
    }
    assert {f["exercise"] for f in found.values()} == {"alpha/add"}
    assert not found[f"{ADD}/wrong/subtracts.py"]["ok"]
    assert found[f"{ADD}/wrong/joins_digits.py"]["note"].startswith("caught by")
    (gap,) = found["alpha/add"]["problems"]  # too few wrong solutions: a problem of the exercise
    assert gap.startswith(f"{ADD}/wrong/ holds 2 files: write at least 3")
    code, output = tutor(mini, "validate", "--run", "--workers", "2", "--no-notebooks")
    assert code == 1
    assert f"✗ {ADD}/wrong/subtracts.py" in output and "'Subtracts.'" in output
    assert f"✓ {ADD}/alternatives/builtin_sum.py" in output
    assert "1 code exercise, 4 counterexamples and 0 notebooks" in output


# `tutor new exercise`: honest placeholders


def test_a_scaffolded_exercise_has_honest_counterexamples(
    tutor_env: dict[str, str], mini: Path
) -> None:
    code, output = tutor(mini, "new", "exercise", "alpha", "doubling", "--type", "code")
    assert code == 0, output
    folder = mini / "alpha/exercises/doubling"
    assert len(list((folder / "wrong").glob("*.py"))) == MIN_WRONG
    assert len(list((folder / "alternatives").glob("*.py"))) == MIN_ALTERNATIVES
    for path in [*folder.glob("wrong/*.py"), *folder.glob("alternatives/*.py")]:
        assert "TODO: replace this file with" in path.read_text(), path
        assert f"wrote {path}" in " ".join(output.split())
    ex = load_curriculum(mini).exercise("alpha/doubling")
    assert isinstance(ex, CodeExercise)
    assert all(not w.mistake.startswith("TODO") for w in ex.wrong)  # a real title on the site
    assert tutor(mini, "validate")[0] == 0
    code, output = tutor(mini, "validate", "--run", "--json", "--module", "alpha", "--no-notebooks")
    found = json.loads(output)["findings"]
    assert code == 0, [f["problems"] for f in found if not f["ok"]]
    assert sum(f["exercise"] == "alpha/doubling" for f in found) == 1 + 3 + 2


# The site: after the reference solution, folded and escaped


def test_the_site_shows_other_solutions_and_common_mistakes_escaped(mini: Path) -> None:
    import markdown

    from tutor.site.exercises import exercise_block

    (mini / ADD / "wrong/subtracts.py").write_text(
        '"""Uses <img src=x onerror=alert(1)> {: onclick="x" } and `a - b`."""\n'
        "def add(a, b):\n"
        "    '''\n```\n<script>alert(2)</script>\n'''\n"
        "    return a - b\n"
    )
    (mini / ADD / "alternatives/builtin_sum.py").write_text(
        '"""With the `sum` builtin."""\ndef add(a, b):\n    return sum((a, b))\n'
    )
    ex = add_of(mini)
    page = exercise_block(ex)
    order = ['"Solution"', '"Other solutions"', '"Common mistakes"', "**Try it:**"]
    assert [page.index(marker) for marker in order] == sorted(page.index(m) for m in order)
    html = markdown.markdown(
        page, extensions=["admonition", "attr_list", "pymdownx.details", "pymdownx.superfences"]
    )
    assert "<img" not in html and "<script>" not in html and "onclick" not in html.split("&")[0]
    assert "<summary>With the <code>sum</code> builtin.</summary>" in html
    assert "<summary><code>operator_add.py</code></summary>" in html  # no docstring: its name
    assert "Uses &lt;img src=x onerror=alert(1)&gt;" in html
    assert html.count("<details") == 2 + 2 + 3 + 3  # hints, the solution, folds and their files
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html  # inside the code, as code


def test_quizzes_have_no_other_solutions(mini: Path) -> None:
    from tutor.site.solutions import more_solutions

    curriculum = load_curriculum(mini)
    assert more_solutions(curriculum.exercise("alpha/pick")) == []  # type: ignore[arg-type]


@pytest.mark.parametrize("folder", ["wrong", "alternatives"])
def test_an_exercise_without_counterexamples_shows_no_empty_fold(mini: Path, folder: str) -> None:
    from tutor.site.solutions import COMMON_MISTAKES, OTHER_SOLUTIONS, more_solutions

    shutil.rmtree(mini / ADD / folder)
    blocks = more_solutions(add_of(mini))
    assert len(blocks) == 1
    gone = COMMON_MISTAKES if folder == "wrong" else OTHER_SOLUTIONS
    assert gone not in blocks[0]


def test_the_longest_runs_start_first_and_findings_keep_their_order() -> None:
    """A notebook, then a lesson's code, start before the exercises' runs, so that none is
    left alone at the end while the other workers wait (LPT scheduling)."""
    labels = [
        "m/e1",
        "m/exercises/e1/wrong/a.py",
        "m/lessons/l.md",
        "m/lessons/l.md#quizzes",
        "m/notebooks/n.ipynb",
    ]

    def finding(label: str) -> verify.Task:
        return lambda: verify.Finding("exercise", label, "m", (), 0.0)

    started: list[str] = []
    found = verify.run([(label, finding(label)) for label in labels], 1, on_start=started.append)
    assert started == [labels[4], labels[2], labels[3], labels[0], labels[1]]
    assert [f.key for f in found] == labels
