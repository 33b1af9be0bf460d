"""Lesson outputs and quiz answers, checked by running their code with the installed libraries.

The convention (docs/curriculum-format.md, "Outputs in lessons"): a fenced block whose info
string is exactly `python` runs; every other block (`py`, `python title="..."`, `text`, ...) is
only shown. What a block prints is written in it as `# -> ` comment lines, in order (`# -> ...`
stands for one line of any text); an exception the block does not catch prints as its last
traceback line, `TypeName: message`. A lesson's blocks run in order in one session, as a learner
pastes them; a quiz's blocks run in a session of their own after its lesson's imports.

Each lesson (or each lesson's quizzes) is one subprocess of the current interpreter in an empty
temporary folder, the BLAS thread variables at 1 as for checks, with a timeout.
"""

from __future__ import annotations

import ast
import contextlib
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from tutor.base import pysource
from tutor.curriculum.model import AnswerExercise, ChoiceExercise, Lesson, Module
from tutor.practice.quiz import grade_answer

RUN_INFO = "python"  # the one info string that runs; `py` shows Python without running it
OUTPUT = "# ->"
ANY_LINE = "..."  # `# -> ...`: one line of any text (an address, a time)
DEFAULT_TIMEOUT = 180.0  # seconds for one lesson's blocks, or one lesson's quizzes

MODULE_FILE = "module.yaml"  # where a quiz's question is written
_RUNNER = Path(__file__).with_name("_snippet_runner.py")
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
_RAISED = "raised "  # after the marker: the type of an uncaught exception, for choice quizzes


class Block(NamedTuple):
    """A fenced code block of a lesson or a quiz question."""

    file: Path
    line: int  # the line of its first code line in the file (1-based)
    end: int  # the line of its closing fence
    info: str  # the info string after the fence, stripped
    code: str  # its lines, without the indentation of the fence
    expected: tuple[str, ...]  # the text of its `# ->` lines, in order
    expected_at: tuple[int, ...]  # the file line of each

    @property
    def runs(self) -> bool:
        return self.info == RUN_INFO


class Outcome(NamedTuple):
    """What a block did when it ran: the lines it printed, and the exception it did not catch
    (its last traceback line is the last printed line)."""

    printed: tuple[str, ...]
    raised: str = ""  # the exception's type name, "" when none


class Problem(NamedTuple):
    file: Path
    line: int
    message: str
    printed: tuple[str, ...] = ()  # all the block printed, to compare or paste

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def fenced_blocks(text: str, file: Path) -> list[Block]:
    """Every fenced block of a Markdown text, indented ones (in lists, admonitions) included."""
    found: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if opening is None:
            i += 1
            continue
        indent, fence = len(opening["indent"]), opening["fence"]
        body: list[str] = []
        i += 1
        while i < len(lines) and not _closes(lines[i], fence):
            body.append(_dedent(lines[i], indent))
            i += 1
        found.append(_block(file, i - len(body) + 1, i + 1, opening["info"].strip(), body))
        i += 1
    return found


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(fence) and not stripped.lstrip(fence[0])


def _dedent(line: str, indent: int) -> str:
    cut = len(line) - len(line.lstrip(" \t"))
    return line[min(cut, indent) :]


def _block(file: Path, first: int, end: int, info: str, body: list[str]) -> Block:
    expected, at = [], []
    for offset, line in enumerate(body):
        stripped = line.strip()
        if stripped == OUTPUT or stripped.startswith(OUTPUT + " "):
            expected.append(stripped[len(OUTPUT) + 1 :].rstrip())
            at.append(first + offset)
    code = "\n".join(body) + "\n"
    return Block(file, first, end, info, code, tuple(expected), tuple(at))


def runnable(blocks: Iterable[Block]) -> list[Block]:
    return [block for block in blocks if block.runs]


def lesson_blocks(path: Path) -> list[Block]:
    """The blocks of a lesson file that run."""
    return runnable(fenced_blocks(path.read_text(encoding="utf-8"), path))


def compare(block: Block, outcome: Outcome | None, stopped: str = "") -> Problem | None:
    """The first difference between what the block shows and what it printed, if any."""
    if outcome is None:
        return Problem(block.file, block.line, f"the block did not finish: {stopped}")
    expected, got = _trimmed(block.expected), _trimmed(outcome.printed)
    for index in range(max(len(expected), len(got))):
        want = expected[index] if index < len(expected) else None
        have = got[index] if index < len(got) else None
        if want is not None and have is not None and want in (ANY_LINE, have):
            continue
        line = block.expected_at[index] if want is not None else block.end
        message = f"expected {_shown(want)}, got {_shown(have)}"
        return Problem(block.file, line, message, outcome.printed)
    return None


def _trimmed(lines: Sequence[str]) -> Sequence[str]:
    """Without the blank lines at the end (`print` of a text that ends with a newline)."""
    end = len(lines)
    while end and not lines[end - 1]:
        end -= 1
    return lines[:end]


def _shown(line: str | None) -> str:
    return "nothing more" if line is None else repr(line)


def check_lesson(path: Path, timeout: float = DEFAULT_TIMEOUT, family: str = "") -> list[Problem]:
    """Run a lesson's blocks in one session; a problem for each block whose output differs.
    Within `warm_checks()`, `family` names the warm launcher it forks from (its module's)."""
    blocks = lesson_blocks(path)
    if not blocks:
        return []
    outcomes, stopped = run_sessions([("", blocks)], timeout, family)
    problems = [
        compare(block, outcome, stopped) for block, outcome in zip(blocks, outcomes, strict=True)
    ]
    return [problem for problem in problems if problem is not None]


# Quizzes -------------------------------------------------------------------------------------

Quiz = AnswerExercise | ChoiceExercise


class QuizCheck(NamedTuple):
    key: str
    problems: tuple[str, ...]  # empty when the quiz's answer holds
    printed: tuple[str, ...] = ()


def quiz_blocks(quiz: Quiz, module_file: Path) -> list[Block]:
    """The blocks of a quiz's question that run, named `<module.yaml>#<quiz id>` (their lines
    count from the question's first line)."""
    return runnable(fenced_blocks(quiz.question, Path(f"{module_file}#{quiz.id}")))


def imports_of(blocks: Sequence[Block]) -> str:
    """The top-level import statements of the blocks: a quiz's session starts with its lesson's."""
    statements: list[str] = []
    for block in blocks:
        try:
            tree = pysource.parse(block.code)
        except SyntaxError:
            continue  # the lesson's own check reports it
        for node in tree.body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                statements.append(ast.unparse(node))
    return "\n".join(dict.fromkeys(statements))


def check_quizzes(
    module: Module, lesson: Lesson, timeout: float = DEFAULT_TIMEOUT
) -> list[QuizCheck]:
    """Run the code of each quiz of the lesson whose question has a `python` block, each in a
    session of its own started with the lesson's imports, in one subprocess, and judge it."""
    quizzes = [
        (quiz, blocks)
        for quiz in lesson.exercises
        if isinstance(quiz, AnswerExercise | ChoiceExercise)
        if (blocks := quiz_blocks(quiz, module.folder / MODULE_FILE))
    ]
    if not quizzes:
        return []
    prelude = imports_of(lesson_blocks(module.folder / lesson.file))
    sessions = [(prelude, blocks) for _, blocks in quizzes]
    outcomes, stopped = run_sessions(sessions, timeout, family=module.id)
    checks, start = [], 0
    for quiz, blocks in quizzes:
        mine = outcomes[start : start + len(blocks)]
        start += len(blocks)
        if any(outcome is None for outcome in mine):
            checks.append(QuizCheck(quiz.key, (f"its code did not finish: {stopped}",)))
            continue
        done = [outcome for outcome in mine if outcome is not None]
        printed = tuple(line for outcome in done for line in outcome.printed)
        raised = next((o.raised for o in reversed(done) if o.raised), "")
        judged = (
            judge_answer(quiz, printed)
            if isinstance(quiz, AnswerExercise)
            else judge_choice(quiz, printed, raised)
        )
        checks.append(QuizCheck(quiz.key, tuple(judged), printed))
    return checks


def judge_answer(quiz: AnswerExercise, printed: Sequence[str]) -> list[str]:
    """What the code printed (an uncaught exception's line included), stripped, must be accepted
    by the quiz's own grading."""
    text = "\n".join(printed).strip()
    if grade_answer(quiz, text):
        return []
    accepted = ", ".join(repr(a) for a in quiz.accept) or "nothing"
    pattern = f" or the pattern {quiz.pattern!r}" if quiz.pattern else ""
    return [f"its code prints {text!r}; the quiz accepts {accepted}{pattern}"]


def judge_choice(quiz: ChoiceExercise, printed: Sequence[str], raised: str) -> list[str]:
    """The code's outcome must single out the right options. One right option: the type of the
    exception the code raises, or else every line it prints, appears in it and in no wrong
    option (a wrong one may hold some of it). Several (select all that apply): each right option
    says one of the printed lines, every line is said by a right option, no wrong one says any."""
    if raised:
        evidence, what = [raised], f"raises {raised}"
    else:
        evidence = [line.strip() for line in printed if line.strip()]
        what = "prints " + " / ".join(repr(line) for line in evidence)
    if not evidence:
        return [
            "its code neither prints nor raises, so nothing says which option is right: make it "
            "print what the options state, or show it as `py` (not run)"
        ]
    said = [[text for text in evidence if _mentions(option, text)] for option in quiz.options]
    problems = []
    if quiz.multiple:
        unsaid = [text for text in evidence if not any(text in said[i] for i in quiz.answer)]
        if unsaid:
            problems.append(f"its code prints {unsaid!r}, which no right option says")
    for index in range(len(quiz.options)):
        right = index in quiz.answer
        says = bool(said[index]) if quiz.multiple else len(said[index]) == len(evidence)
        if right and not says:
            problems.append(f"its code {what}, which the right option {index} does not say")
        if not right and says:
            problems.append(f"its code {what}, which the wrong option {index} says too")
    return problems


def _mentions(option: str, text: str) -> bool:
    if re.fullmatch(r"\w+", text):  # a name: as a whole word
        return re.search(rf"\b{re.escape(text)}\b", option) is not None
    return text in option


# Running -------------------------------------------------------------------------------------


def run_sessions(
    sessions: Sequence[tuple[str, Sequence[Block]]],
    timeout: float = DEFAULT_TIMEOUT,
    family: str = "",
) -> tuple[list[Outcome | None], str]:
    """Run sessions (a prelude, then blocks) one after another in one subprocess (forked from
    `family`'s warm launcher within `warm_checks()`). Returns one outcome per block, in order,
    None for a block that did not finish, and why the process stopped early ("" when it did
    not)."""
    import json

    marker = f"=== tutor snippet {secrets.token_hex(8)} ==="
    payload = {
        "marker": marker,
        "sessions": [
            {
                "prelude": prelude,
                "blocks": [{"file": str(b.file), "line": b.line, "code": b.code} for b in blocks],
            }
            for prelude, blocks in sessions
        ],
    }
    count = sum(len(blocks) for _, blocks in sessions)
    from tutor.practice.checker import imports_in

    modules = {
        name
        for prelude, blocks in sessions
        for code in (prelude, *(block.code for block in blocks))
        for name in imports_in(code)
    }
    stdout, stopped = _run_child(json.dumps(payload), timeout, modules, family)
    outcomes: list[Outcome | None] = _split(stdout, marker)[:count]
    if len(outcomes) < count and not stopped:
        stopped = "the process ended early"
    return outcomes + [None] * (count - len(outcomes)), stopped


def _run_child(
    payload: str, timeout: float, modules: Iterable[str] = (), family: str = ""
) -> tuple[str, str]:
    warm = _run_warm(payload, timeout, modules, family)
    if warm is not None:
        return warm
    with tempfile.TemporaryDirectory(prefix="tutor-snippets-") as folder:
        child = subprocess.Popen(
            [sys.executable, "-c", _RUNNER.read_text(encoding="utf-8")],
            cwd=folder,
            env=_environment(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            start_new_session=True,
        )
        try:
            stdout, stderr = child.communicate(payload, timeout=timeout)
        except subprocess.TimeoutExpired:
            _end(child)
            stdout, _ = child.communicate()
            return stdout, _timed_out(timeout)
    return stdout, _ended(child.returncode, stderr)


def _run_warm(
    payload: str, timeout: float, modules: Iterable[str], family: str
) -> tuple[str, str] | None:
    """The blocks forked from the warm launcher of `checker.warm_checks()` (None outside one),
    once it has imported what they import: a lesson's imports (MLflow, torch) are most of its
    time. The same empty folder and environment as a new interpreter; the launcher's start
    fixed the hash seed and the plotting backend as `_environment` does."""
    from tutor.practice.checker import run_warm_script

    with (
        tempfile.TemporaryDirectory(prefix="tutor-snippets-") as folder,
        tempfile.TemporaryDirectory(prefix="tutor-snippets-io-") as private,
    ):
        request, errors = Path(private) / "payload.json", Path(private) / "stderr.txt"
        request.write_text(payload, encoding="utf-8")
        # Run from a folder of its own, which is first on the blocks' path (as the empty
        # folder is for `python -c`): not the tutor's, whose modules a block could import.
        runner = shutil.copy(_RUNNER, Path(private) / _RUNNER.name)
        run = run_warm_script(
            Path(runner),
            [str(request), str(errors)],
            cwd=Path(folder),
            env=_environment(),
            timeout=timeout,
            modules=modules,
            family=family,
        )
        if run is None:
            return None
        if run.timed_out:
            return run.output, _timed_out(timeout)
        stderr = errors.read_text(encoding="utf-8", errors="replace") if errors.exists() else ""
        return run.output, _ended(run.returncode, stderr or run.output)


def _timed_out(timeout: float) -> str:
    return f"timed out after {timeout:g} s"


def _ended(returncode: int, stderr: str) -> str:
    """Why the process stopped early: "" when it exited cleanly."""
    if returncode == 0:
        return ""
    tail = " | ".join(stderr.strip().splitlines()[-3:])
    return f"the process ended with exit code {returncode}: {tail}"


def _end(child: subprocess.Popen[str]) -> None:
    import signal

    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)  # what the block started goes too


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(dict.fromkeys(_THREAD_VARIABLES, "1"))
    env.update(MPLBACKEND="Agg", PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1")
    for variable in ("COLUMNS", "LINES", "PYTHONSTARTUP"):  # what would change how output looks
        env.pop(variable, None)
    return env


def _split(stdout: str, marker: str) -> list[Outcome | None]:
    outcomes: list[Outcome | None] = []
    printed: list[str] = []
    raised = ""
    for line in stdout.splitlines():
        if line == marker:
            outcomes.append(Outcome(tuple(printed), raised))
            printed, raised = [], ""
        elif line.startswith(marker + _RAISED):
            raised = line[len(marker + _RAISED) :]
        else:
            printed.append(line.rstrip())
    return outcomes
