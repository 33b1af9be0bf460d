"""`tutor validate --run`: every code exercise both ways, and every notebook executed.

A code exercise is honest when its starter fails its checks, its reference solution passes
them, and an empty `exercise.py` fails them (a check that passes on nothing cannot fail).
Exercises and notebooks run on a pool of workers: each is a subprocess or a kernel of its
own, so threads only wait on them.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

from tutor.base.errors import NotebookError
from tutor.curriculum.model import CodeExercise, Curriculum, Module


class Finding(NamedTuple):
    kind: str  # "exercise" | "notebook"
    key: str  # module/exercise, or module/notebooks/name.ipynb
    module: str
    problems: tuple[str, ...]  # empty when all is well
    seconds: float
    cached: bool = False  # a notebook served from the execution cache

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "module": self.module,
            "ok": self.ok,
            "problems": list(self.problems),
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
    """(label, task) for every code exercise and notebook of the chosen modules."""
    chosen = set(modules) if modules is not None else None
    found: list[tuple[str, Task]] = []
    for module in curriculum.modules:
        if chosen is not None and module.id not in chosen:
            continue
        for ex in module.exercises:
            if isinstance(ex, CodeExercise):
                found.append((ex.key, _exercise_task(ex)))
        if notebooks:
            for index in range(len(module.notebooks)):
                label = f"{module.id}/{module.notebooks[index].file.as_posix()}"
                found.append((label, _notebook_task(module, index, cache_dir, refresh)))
    return found


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

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(one, label, task) for label, task in work]
        return [future.result() for future in futures]


def verify_exercise(ex: CodeExercise) -> Finding:
    from tutor.practice.checker import run_check

    began = time.perf_counter()
    problems = []
    solution = run_check(ex.solution, ex.check, timeout=ex.timeout, memory_mb=ex.memory_mb)
    if not solution.passed:
        problems.append(f"the reference solution fails its checks: {solution.cause}")
    starter = run_check(ex.starter, ex.check, timeout=ex.timeout, memory_mb=ex.memory_mb)
    if starter.passed:
        problems.append("the starter passes its checks: there is nothing to do")
    with tempfile.TemporaryDirectory(prefix="tutor-empty-") as tmp:
        empty = Path(tmp) / "exercise.py"
        empty.write_text("")
        nothing = run_check(empty, ex.check, timeout=ex.timeout, memory_mb=ex.memory_mb)
    if nothing.passed:
        problems.append("the checks pass on an empty exercise.py: they cannot fail")
    seconds = time.perf_counter() - began
    return Finding("exercise", ex.key, ex.module, tuple(problems), seconds)


def _exercise_task(ex: CodeExercise) -> Task:
    return lambda: verify_exercise(ex)


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


def changed_modules(root: Path, ref: str) -> set[str] | None:
    """Modules with a file changed since git `ref` (committed, staged, unstaged or new).

    None means every module: `curriculum.yaml` changed (its defaults reach every exercise).
    """
    import subprocess

    from tutor.base.errors import TutorError

    def git(*args: str) -> list[str]:
        try:
            done = subprocess.run(
                ["git", *args], cwd=root, capture_output=True, text=True, check=False, timeout=60
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise TutorError(
                f"cannot run git: {exc}", hint="install git, or drop --changed"
            ) from None
        if done.returncode != 0:
            reason = (done.stderr.strip().splitlines() or ["git failed"])[-1]
            raise TutorError(
                f"git cannot compare with {ref!r}: {reason}",
                hint="pass a branch, tag or commit, e.g. --changed origin/main",
            )
        return [line for line in done.stdout.splitlines() if line]

    top = Path(git("rev-parse", "--show-toplevel")[0])
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    paths = git("diff", "--name-only", ref, "--", ".") + git(
        "ls-files", "--others", "--exclude-standard", "--full-name", "--", "."
    )
    modules: set[str] = set()
    for path in paths:
        inside = path[len(prefix) + 1 :] if prefix not in ("", ".") else path
        if prefix not in ("", ".") and not path.startswith(prefix + "/"):
            continue
        first, _, rest = inside.partition("/")
        if not rest:
            if first == "curriculum.yaml":
                return None
            continue
        modules.add(first)
    return modules
