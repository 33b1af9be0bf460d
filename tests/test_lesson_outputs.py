"""The shipped lessons' outputs and quiz answers hold with the installed libraries (the versions
each module's verified.json stamps), so an upgrade that changes an output fails here: every
lesson's `python` blocks run in one session and must print exactly their `# ->` lines, and every
quiz whose question holds a `python` block is judged by its own answer (tutor.authoring.snippets,
the convention in docs/curriculum-format.md, "Outputs in lessons")."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

from tutor.authoring import snippets
from tutor.base.requirements import unmet
from tutor.curriculum import check_curriculum
from tutor.curriculum.model import AnswerExercise, ChoiceExercise, Lesson, Module
from tutor.curriculum.stamps import read_stamp
from tutor.practice import warm
from tutor.practice.checker import warm_checks

ROOT = Path(os.environ.get("TUTOR_SHIPPED_CURRICULUM", Path(__file__).parent.parent / "curriculum"))
CURRICULUM, _ = check_curriculum(ROOT)  # test_shipped.py reports a broken curriculum
MODULES = CURRICULUM.modules if CURRICULUM else ()
LESSONS = [(module, lesson) for module in MODULES for lesson in module.lessons]
QUIZZES = [
    (module, lesson, quiz)
    for module, lesson in LESSONS
    for quiz in lesson.exercises
    if isinstance(quiz, AnswerExercise | ChoiceExercise)
    if snippets.quiz_blocks(quiz, module.folder / snippets.MODULE_FILE)
]


def needs_installed(module: Module) -> None:
    missing = unmet(module.requires)
    if missing and not os.environ.get("CI"):  # CI installs every module's requirements
        pytest.skip(f"{module.id} needs {', '.join(missing)} (tutor install {module.id})")


def drift(module: Module) -> str:
    """How the installed libraries differ from those the module was stamped with."""
    stamped = (read_stamp(module) or {}).get("requires") or {}
    changed = []
    for name, wanted in sorted(stamped.items()):
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = "none"
        if installed != wanted:
            changed.append(f"{name} {installed} (stamped {wanted})")
    return "installed: " + ", ".join(changed) if changed else "installed as stamped"


@pytest.fixture(scope="module")
def launcher(warm_pool: warm.LauncherPool) -> Iterator[None]:
    """The warm launchers of the lessons and quizzes a worker runs (the session's, which the
    shipped exercises' checks share, one per module): each library imported once."""
    with warm_checks(warm_pool):
        yield


@pytest.mark.slow
@pytest.mark.parametrize(
    ("module", "lesson"), LESSONS, ids=[f"{m.id}/{lesson.file.name}" for m, lesson in LESSONS]
)
def test_the_lesson_prints_what_it_shows(module: Module, lesson: Lesson, launcher: None) -> None:
    needs_installed(module)
    problems = snippets.check_lesson(module.folder / lesson.file, family=module.id)
    report = [
        f"{p}\n    it printed:\n" + "\n".join(f"    # -> {x}" for x in p.printed) for p in problems
    ]
    assert not problems, "\n".join([*report, drift(module)])


@functools.cache
def quiz_checks(module: Module, lesson: Lesson) -> dict[str, snippets.QuizCheck]:
    """One subprocess for a lesson's quizzes, whichever of them is asked first."""
    return {check.key: check for check in snippets.check_quizzes(module, lesson)}


@pytest.mark.slow
@pytest.mark.parametrize(("module", "lesson", "quiz"), QUIZZES, ids=[q.key for _, _, q in QUIZZES])
def test_the_quiz_answer_is_what_its_code_does(
    module: Module, lesson: Lesson, quiz: AnswerExercise | ChoiceExercise, launcher: None
) -> None:
    needs_installed(module)
    check = quiz_checks(module, lesson)[quiz.key]
    printed = "\n".join(f"    {line}" for line in check.printed)
    assert not check.problems, "\n".join([*check.problems, "it printed:", printed, drift(module)])


def test_the_shipped_curriculum_has_outputs_and_quizzes_to_check() -> None:
    assert len(LESSONS) >= 20 and len(QUIZZES) >= 10
    shown = sum(
        len(block.expected)
        for module, lesson in LESSONS
        for block in snippets.lesson_blocks(module.folder / lesson.file)
    )
    assert shown >= 500


# The checker itself, on a tiny lesson and quizzes -------------------------------------------

LESSON = """# A lesson

```python
import math

print(math.sqrt(16))
# -> 4.0
```

Prose, then a block that runs in the same session:

```python
print(math.floor(2.5))
print("two")
# -> 2
# -> two
```

```python
print(id(math))
# -> ...
```

```python
math.sqrt(-1)
# -> ValueError: math domain error
```

```py
this is shown, never run
```

1. In a list:

    ```python
    print(math.pi > 3)
    # -> True
    ```

```python
print("unshown")
```
"""


@pytest.fixture(params=["cold", "warm"])
def start(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each block session its own interpreter, or forked by a warm launcher (as this file's
    shipped lessons are): the same outputs and problems either way."""
    if request.param == "cold":
        yield "cold"
        return
    with warm_checks():
        yield "warm"


def test_a_lesson_whose_outputs_hold_has_no_problems(tmp_path: Path, start: str) -> None:
    lesson = tmp_path / "lesson.md"
    lesson.write_text(LESSON.replace('print("unshown")', "pass"), encoding="utf-8")
    assert snippets.check_lesson(lesson) == []


def test_a_wrong_output_is_named_with_its_file_and_line(tmp_path: Path, start: str) -> None:
    lesson = tmp_path / "lesson.md"
    lesson.write_text(LESSON.replace("# -> 2", "# -> 3"), encoding="utf-8")
    problems = [str(p) for p in snippets.check_lesson(lesson)]
    assert problems == [
        f"{lesson}:15: expected '3', got '2'",
        f"{lesson}:42: expected nothing more, got 'unshown'",
    ]


def test_an_exception_raised_on_purpose_is_its_output(tmp_path: Path, start: str) -> None:
    lesson = tmp_path / "lesson.md"
    lesson.write_text(LESSON.replace("# -> ValueError: math domain error", ""), encoding="utf-8")
    problems = snippets.check_lesson(lesson)
    assert str(problems[0]) == (
        f"{lesson}:27: expected nothing more, got 'ValueError: math domain error'"
    )


def test_a_block_that_does_not_finish_is_a_problem(tmp_path: Path, start: str) -> None:
    lesson = tmp_path / "lesson.md"
    lesson.write_text("```python\nimport time\ntime.sleep(60)\n```\n", encoding="utf-8")
    problems = snippets.check_lesson(lesson, timeout=2)
    assert [str(p) for p in problems] == [
        f"{lesson}:2: the block did not finish: timed out after 2 s"
    ]


def test_what_goes_to_stderr_is_not_output_and_a_crash_says_why(tmp_path: Path, start: str) -> None:
    lesson = tmp_path / "lesson.md"
    lesson.write_text(
        "```python\nimport os, sys\nprint('warned', file=sys.stderr)\nprint('out')\n# -> out\n```\n"
        "\n```python\nsys.stderr.write('dying\\n'); sys.stderr.flush(); os._exit(3)\n```\n",
        encoding="utf-8",
    )
    problems = [str(p) for p in snippets.check_lesson(lesson)]
    assert problems == [
        f"{lesson}:9: the block did not finish: the process ended with exit code 3: warned | dying"
    ]


def quiz_module(tmp_path: Path, *quizzes: AnswerExercise | ChoiceExercise) -> Module:
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "one.md").write_text("```python\nimport math\n```\n", encoding="utf-8")
    lesson = Lesson("one", "One", Path("lessons/one.md"), quizzes)
    return Module("m", "M", "", "beginner", (), (), (), (lesson,), (), tmp_path)


def answer(accept: str) -> AnswerExercise:
    question = "What does this print?\n\n```python\nprint(math.floor(2.5))\n```\n"
    return AnswerExercise("m", "one", "floor", "", 1, 1, (), question, accept=(accept,))


def choice(answer: int, *options: str) -> ChoiceExercise:
    question = "What happens?\n\n```python\nmath.sqrt(-1)\n```\n"
    return ChoiceExercise("m", "one", "sqrt", "", 1, 1, (), question, options, (answer,), False)


def test_a_quiz_is_judged_by_what_its_code_does(tmp_path: Path, start: str) -> None:
    module = quiz_module(tmp_path, answer("2"), choice(1, "`nan`", "It raises `ValueError`"))
    checks = snippets.check_quizzes(module, module.lessons[0])
    assert [(c.key, c.problems) for c in checks] == [("m/floor", ()), ("m/sqrt", ())]


def test_a_wrong_quiz_answer_fails(tmp_path: Path, start: str) -> None:
    module = quiz_module(tmp_path, answer("3"), choice(0, "`nan`", "It raises `ValueError`"))
    checks = snippets.check_quizzes(module, module.lessons[0])
    assert [(c.key, c.problems) for c in checks] == [
        ("m/floor", ("its code prints '2'; the quiz accepts '3'",)),
        (
            "m/sqrt",
            (
                "its code raises ValueError, which the right option 0 does not say",
                "its code raises ValueError, which the wrong option 1 says too",
            ),
        ),
    ]


def test_a_multiple_choice_quiz_needs_every_printed_line_in_a_right_option() -> None:
    quiz = ChoiceExercise("m", "one", "q", "", 1, 1, (), "", ("`a`", "`b`", "`c`"), (0, 1), True)
    assert snippets.judge_choice(quiz, ["a", "b"], "") == []
    assert snippets.judge_choice(quiz, ["a"], "") == [
        "its code prints 'a', which the right option 1 does not say"
    ]
    assert snippets.judge_choice(quiz, ["a", "b", "c"], "") == [
        "its code prints ['c'], which no right option says",
        "its code prints 'a' / 'b' / 'c', which the wrong option 2 says too",
    ]
