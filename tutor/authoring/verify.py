"""`tutor validate --run`: every code exercise both ways, its counterexamples, what every
lesson's code prints and every quiz's code proves, every notebook.

A code exercise is honest when its starter fails its checks, its reference solution passes
them, and an empty `exercise.py` fails them (a check that passes on nothing cannot fail). Its
counterexamples prove the checks: every wrong solution (`wrong/*.py`, a plausible mistake) must
fail them and every alternative (`alternatives/*.py`, another correct idiom) must pass them.
A lesson holds when its `python` blocks print what its `# ->` lines show, and its quizzes when
their code proves the answers they accept (tutor.authoring.snippets). Each run is a task on a
pool of workers: each is a subprocess or a kernel of its own, so threads only wait on them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from tutor.authoring.rules import counterexample_gaps
from tutor.authoring.shards import kind_of
from tutor.base.errors import NotebookError
from tutor.base.words import plural
from tutor.curriculum.model import (
    AnswerExercise,
    ChoiceExercise,
    CodeExercise,
    Counterexample,
    Curriculum,
    Lesson,
    Module,
)

if TYPE_CHECKING:
    from tutor.practice.checker import CheckResult

KINDS = ("exercise", "wrong", "alternative", "lesson", "quizzes", "notebook")
_LONG_FIRST = {"notebook": 0, "lesson": 1}  # by shards.kind_of(label); the rest after
QUIZZES = "#quizzes"  # after a lesson's key: the run of its quizzes' code
COLD_ENV = "TUTOR_COLD_CHECKS"


class Finding(NamedTuple):
    kind: str  # one of KINDS
    key: str  # module/exercise, or the file run, relative to the curriculum's root
    module: str
    problems: tuple[str, ...]  # empty when all is well
    seconds: float
    cached: bool = False  # a notebook served from the execution cache
    exercise: str = ""  # the exercise's key, for an exercise and its counterexamples
    note: str = ""  # what a run that holds up showed: which checks caught a wrong solution

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "module": self.module,
            "exercise": self.exercise or None,
            "ok": self.ok,
            "problems": list(self.problems),
            "note": self.note or None,
            "seconds": round(self.seconds, 2),
            "cached": self.cached,
        }


Task = Callable[[], Finding]


def tasks(
    curriculum: Curriculum,
    modules: Iterable[str] | None = None,
    *,
    notebooks: bool = True,
    cache_dir: Path | None = None,
    refresh: bool = False,
) -> list[tuple[str, Task]]:
    """(label, task) for every code exercise, counterexample, lesson, lesson's quizzes and
    notebook of the chosen modules."""
    chosen = set(modules) if modules is not None else None
    found: list[tuple[str, Task]] = []
    for module in curriculum.modules:
        if chosen is not None and module.id not in chosen:
            continue
        for ex in module.exercises:
            if isinstance(ex, CodeExercise):
                found.extend(exercise_tasks(ex))
        found.extend(lesson_tasks(module))
        if notebooks:
            for index in range(len(module.notebooks)):
                label = f"{module.id}/{module.notebooks[index].file.as_posix()}"
                found.append((label, _notebook_task(module, index, cache_dir, refresh)))
    return found


def exercise_tasks(ex: CodeExercise, *, rules: bool = True) -> list[tuple[str, Task]]:
    """(label, task) for one code exercise both ways, and for each of its counterexamples;
    a counterexample's label is its file, relative to the curriculum's root. With `rules`,
    too few counterexamples is a problem of the exercise's finding."""
    found: list[tuple[str, Task]] = [(ex.key, lambda: verify_exercise(ex, rules=rules))]
    for wrong in ex.wrong:
        found.append((shown(ex, wrong.path), _wrong_task(ex, wrong)))
    for path in ex.alternatives:
        found.append((shown(ex, path), _alternative_task(ex, path)))
    return found


def lesson_tasks(module: Module) -> list[tuple[str, Task]]:
    """(label, task) for each lesson of the module with code that runs, and for each lesson's
    quizzes whose questions hold code that runs."""
    from tutor.authoring import snippets

    found: list[tuple[str, Task]] = []
    for lesson in module.lessons:
        key = f"{module.id}/{lesson.file.as_posix()}"
        if snippets.lesson_blocks(module.folder / lesson.file):
            found.append((key, _lesson_task(module, lesson, key)))
        module_file = module.folder / snippets.MODULE_FILE
        if any(
            snippets.quiz_blocks(quiz, module_file)
            for quiz in lesson.exercises
            if isinstance(quiz, AnswerExercise | ChoiceExercise)
        ):
            found.append((key + QUIZZES, _quizzes_task(module, lesson, key + QUIZZES)))
    return found


def _lesson_task(module: Module, lesson: Lesson, key: str) -> Task:
    def task() -> Finding:
        from tutor.authoring import snippets

        began = time.perf_counter()
        found = snippets.check_lesson(module.folder / lesson.file, family=module.id)
        problems = tuple(
            f"{problem}"
            + (f" (it printed: {' | '.join(problem.printed)})" if problem.printed else "")
            for problem in found
        )
        return Finding("lesson", key, module.id, problems, time.perf_counter() - began)

    return task


def _quizzes_task(module: Module, lesson: Lesson, key: str) -> Task:
    def task() -> Finding:
        from tutor.authoring import snippets

        began = time.perf_counter()
        checks = snippets.check_quizzes(module, lesson)
        problems = tuple(
            f"{check.key}: {problem}" for check in checks for problem in check.problems
        )
        note = "" if problems else f"{plural(len(checks), 'answer')} proved"
        seconds = time.perf_counter() - began
        return Finding("quizzes", key, module.id, problems, seconds, note=note)

    return task


def run(
    work: list[tuple[str, Task]],
    workers: int,
    on_start: Callable[[str], None] | None = None,
    on_done: Callable[[Finding], None] | None = None,
) -> list[Finding]:
    """Run every task on `workers` threads; findings in the order of `work`."""

    def one(label: str, task: Task) -> Finding:
        if on_start is not None:
            on_start(label)
        finding = task()
        if on_done is not None:
            on_done(finding)
        return finding

    from tutor.practice.checker import warm_checks

    # The runs fork from warm launchers, one per module: their imports are most of a run's time,
    # and a module's libraries stay out of another's forks (warm.py says why). COLD_ENV
    # starts an interpreter for each, for a check that needs one (or to measure the difference).
    warm = warm_checks() if not os.environ.get(COLD_ENV) else contextlib.nullcontext()
    # The longest runs start first (a notebook, then a lesson's or its quizzes' code, each one
    # run of many seconds), so that none is left alone at the end while the other workers
    # wait: the findings keep the order of `work`.
    order = sorted(range(len(work)), key=lambda n: (_LONG_FIRST.get(kind_of(work[n][0]), 2), n))
    with warm, ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {n: pool.submit(one, *work[n]) for n in order}
        return [futures[n].result() for n in range(len(work))]


def verify_exercise(ex: CodeExercise, *, rules: bool = True) -> Finding:
    """The starter fails, the reference solution passes, an empty file fails; with `rules`,
    the exercise also has the counterexamples a contribution needs."""
    began = time.perf_counter()
    problems = []
    solution = _check_to_pass(ex, ex.solution)
    if not solution.passed:
        problems.append(
            f"the reference solution fails its checks: {failures(solution)}; fix "
            f"{shown(ex, ex.solution)}, or the check that rejects it"
        )
    starter = _check(ex, ex.starter)
    if starter.passed:
        problems.append(
            "the starter passes its checks: there is nothing to do; take the interesting part "
            "out of it, or make the checks demand it"
        )
    with tempfile.TemporaryDirectory(prefix="tutor-empty-") as tmp:
        empty = Path(tmp) / "exercise.py"
        empty.write_text("")
        nothing = _check(ex, empty)
    if nothing.passed:
        problems.append(
            "the checks pass on an empty exercise.py: they cannot fail; make check.py call the "
            "learner's code and assert on what it returns"
        )
    if rules:
        problems.extend(f"{folder} {gap}" for folder, gap in counterexample_gaps(ex))
    seconds = time.perf_counter() - began
    return Finding("exercise", ex.key, ex.module, tuple(problems), seconds, exercise=ex.key)


def verify_wrong(ex: CodeExercise, wrong: Counterexample) -> Finding:
    """A wrong solution must fail the checks; which ones caught it is the finding's note."""
    began = time.perf_counter()
    result = _check(ex, wrong.path)
    file = shown(ex, wrong.path)
    problems: tuple[str, ...] = ()
    note = ""
    if result.passed:
        problems = (
            f"{file} passes the checks, but it is a wrong solution: {wrong.mistake!r}; make "
            "check.py catch this mistake, with a failure message that names the rule it breaks",
        )
    else:
        caught = [case.name for case in result.cases if not case.passed]
        note = f"caught by {', '.join(caught)}" if caught else f"fails: {result.cause}"
    seconds = time.perf_counter() - began
    return Finding("wrong", file, ex.module, problems, seconds, exercise=ex.key, note=note)


def verify_alternative(ex: CodeExercise, path: Path) -> Finding:
    """Another correct solution must pass the checks; the failing tests are named if not."""
    began = time.perf_counter()
    result = _check_to_pass(ex, path)
    file = shown(ex, path)
    problems: tuple[str, ...] = ()
    if not result.passed:
        problems = (
            f"{file} is a correct solution, but the checks reject it: {failures(result)}; make "
            "check.py accept every correct idiom and demand only what the prompt states (or "
            "fix the alternative, if it is wrong)",
        )
    seconds = time.perf_counter() - began
    return Finding("alternative", file, ex.module, problems, seconds, exercise=ex.key)


def failures(result: CheckResult) -> str:
    """Why a run did not pass, naming the failing tests: '1 of 2 checks failed: test_negative
    (AssertionError: add(-1, 1) should be 0)'."""
    failed = [case for case in result.cases if not case.passed]
    if not failed:
        return result.cause
    lines = failed[0].message.strip().splitlines()
    why = f" ({lines[0]})" if lines else ""
    return f"{result.cause}: {', '.join(case.name for case in failed)}{why}"


def _check(ex: CodeExercise, file: Path, *, warm: bool = True) -> CheckResult:
    from tutor.practice.checker import run_check

    return run_check(
        file, ex.check, timeout=ex.timeout, memory_mb=ex.memory_mb, warm=warm, family=ex.module
    )


def _check_to_pass(ex: CodeExercise, file: Path) -> CheckResult:
    """A run that must pass (a reference solution, an alternative) and ran out of wall time is
    run once more, in an interpreter of its own: a machine busy with other work (a test suite's
    other workers, a build) can stall one run, and so can a library that is not safe to fork
    (Polars says so of itself) in the warm launcher's state, and `validate --run` should not
    blame the solution for either. Twice is the solution's (or its timeout's) fault, and is
    reported as such."""
    result = _check(ex, file)
    if not _out_of_wall_time(result):
        return result
    again = _check(ex, file, warm=False)
    if _out_of_wall_time(again):
        return dataclasses.replace(again, cause=f"{again.cause}, twice")
    return again


def _out_of_wall_time(result: CheckResult) -> bool:
    # Not out of CPU time ("ran out of CPU time"), which a busy machine does not cause.
    return result.outcome == "timeout" and result.cause.startswith("timed out")


def shown(ex: CodeExercise, path: Path) -> str:
    """A file of the exercise's folder as problems name it: relative to the curriculum."""
    return f"{ex.module}/exercises/{ex.id}/{path.relative_to(ex.folder).as_posix()}"


def _wrong_task(ex: CodeExercise, wrong: Counterexample) -> Task:
    return lambda: verify_wrong(ex, wrong)


def _alternative_task(ex: CodeExercise, path: Path) -> Task:
    return lambda: verify_alternative(ex, path)


def _notebook_task(module: Module, index: int, cache_dir: Path | None, refresh: bool) -> Task:
    def task() -> Finding:
        from tutor.notebooks import Job, run_notebooks

        job = Job(module, module.notebooks[index])
        began = time.perf_counter()
        try:
            report = run_notebooks([job], cache_dir=cache_dir, workers=1, refresh=refresh)
        except NotebookError as exc:
            problem = exc.message + (f" ({exc.hint})" if exc.hint else "")
            return Finding(
                "notebook", job.label, module.id, (problem,), time.perf_counter() - began
            )
        cached = job.label in report.cached
        return Finding("notebook", job.label, module.id, (), time.perf_counter() - began, cached)

    return task
