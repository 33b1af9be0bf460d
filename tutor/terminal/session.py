"""The learning loop: today's session, the live check loop, hints and solutions.

Events (a line typed, the exercise file saved) arrive on one queue, as in rustlings' watch
loop, so a single thread decides what happens next and input is never read in two places.
"""

from __future__ import annotations

import queue
import sys
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.app.settings import DEFAULT_BUDGET, handle_from_name, save_config
from tutor.base.errors import TutorError
from tutor.curriculum.model import AnswerExercise, AnyExercise, ChoiceExercise, CodeExercise
from tutor.practice import attempts
from tutor.progress.plan import PlanItem, shuffled_options
from tutor.store import Event
from tutor.terminal import render

if TYPE_CHECKING:
    from tutor.app.context import Context
    from tutor.practice.checker import CheckResult

WATCH_FALLBACK = (
    "If saving does not start a check (some editors replace files; network folders send no "
    "events), run `tutor check --watch --poll`, or press Enter to check by hand."
)


def show_plan(env: Context) -> list[PlanItem]:
    """The streak, then today's plan with why each item is in it; returns what remains."""
    from tutor.progress.report import learner_streak

    plan = env.day_plan()
    progress = env.progress()
    render.streak_line(learner_streak(progress.now, progress.today))
    render.plan(plan.remaining, env.config.budget, len(plan.done), plan.backlog)
    return plan.remaining


def first_run(env: Context, *, name: str | None, budget: int | None) -> None:
    """Welcome a new learner: ask for a name and a budget (only on a terminal), then save."""
    saved = env.saved_config()
    if saved is not None and name is None and budget is None:
        return
    config = saved or env.config
    interactive = saved is None and sys.stdin.isatty()
    if saved is None:
        render.info("[bold]Welcome to the daily tutor![/] A few minutes a day, every day.")
    if interactive and name is None:
        name = _ask("Your display name", default=_default_name())
    if interactive and budget is None:
        budget = _ask_int("Minutes a day for learning", default=DEFAULT_BUDGET)
    name = name if name is not None else (config.name or _default_name())
    config = config.with_changes(
        name=name, budget=budget, handle=config.handle or handle_from_name(name)
    )
    save_config(config, env.config_path)
    env.use_config(config)
    render.info(
        f"[dim]Saved your settings in {env.config_path} (change them with `tutor config`).[/]"
    )


def run_today(env: Context) -> None:
    items = show_plan(env)
    if not items:
        return
    if not sys.stdin.isatty():
        render.info("[dim]Not a terminal: run `tutor today` in one for the session.[/]")
        return
    events = Events()
    for n, item in enumerate(items, 1):
        position = f"{n}/{len(items)}"
        if isinstance(item.exercise, CodeExercise):
            keep_going = _code_session(env, item, events, position)
        else:
            keep_going = _quiz_session(env, item, events, position)
        if not keep_going:
            render.info("See you tomorrow. Your progress is saved.")
            return
    render.info("[green bold]Done for today![/] Come back tomorrow to keep your streak.")


@dataclass(frozen=True, slots=True)
class Input:
    text: str | None  # None: end of input


class Changed:
    pass


class Events:
    """One queue for typed lines and file changes; a daemon thread reads stdin."""

    def __init__(self) -> None:
        self.queue: queue.Queue[Input | Changed] = queue.Queue()
        threading.Thread(target=self._read_stdin, daemon=True).start()

    def _read_stdin(self) -> None:
        for line in sys.stdin:
            self.queue.put(Input(line.strip()))
        self.queue.put(Input(None))

    def next(self, prompt: str) -> Input | Changed:
        render.out.print(prompt, end="")
        sys.stdout.flush()
        event = self.queue.get()
        if isinstance(event, Changed):
            render.out.print()  # the prompt's line was left open
        return event

    def ask(self, prompt: str) -> str | None:
        """The next typed line (file events are dropped while a question is open)."""
        while True:
            event = self.next(prompt)
            if isinstance(event, Input):
                return event.text

    def watch(self, path: Path, stop: threading.Event, poll: bool = False) -> None:
        def run() -> None:
            import watchfiles

            for changes in watchfiles.watch(
                path.parent, stop_event=stop, force_polling=poll, debounce=200
            ):
                if any(Path(changed).name == path.name for _, changed in changes):
                    self.queue.put(Changed())

        threading.Thread(target=run, daemon=True).start()


def _quiz_session(env: Context, item: PlanItem, events: Events, position: str) -> bool:
    ex = item.exercise
    assert isinstance(ex, ChoiceExercise | AnswerExercise)
    render.exercise(ex, item.reason, position)
    started = attempts.now()
    order: list[int] = []
    if isinstance(ex, ChoiceExercise):
        review = item.kind == "review"
        order = (
            shuffled_options(ex, env.progress().today) if review else list(range(len(ex.options)))
        )
    if isinstance(ex, ChoiceExercise):
        render.choices(ex, order)
    while True:
        text = events.ask("[bold]Your answer[/] [dim](? hint, s skip, q quit)[/]: ")
        if text is None or text == "q":
            return False
        if text == "?":
            reveal_hint(env, ex)
            continue
        hints = hints_this_try(env, ex)
        if text == "s":
            env.store.record(attempts.skipped(env.learner, ex, started, hints))
            return True
        correct = _grade(ex, text, order)
        if correct is None:
            render.info("[yellow]Type the number of an option.[/]")
            continue
        env.store.record(attempts.from_quiz(env.learner, ex, correct, started, hints))
        render.quiz_feedback(correct, ex.explanation, _right_answer(ex))
        return True


def _grade(ex: ChoiceExercise | AnswerExercise, text: str, order: list[int]) -> bool | None:
    from tutor.practice import quiz

    if isinstance(ex, AnswerExercise):
        return quiz.grade_answer(ex, text) if text else None
    picked = quiz.parse_choice(ex, text)
    if picked is None:
        return None
    return quiz.grade_choice(ex, frozenset(order[i] for i in picked))


def _right_answer(ex: ChoiceExercise | AnswerExercise) -> str:
    if isinstance(ex, ChoiceExercise):
        return "; ".join(ex.options[i] for i in ex.answer)
    return ex.accept[0] if ex.accept else f"something matching {ex.pattern}"


def _code_session(env: Context, item: PlanItem, events: Events, position: str) -> bool:
    ex = item.exercise
    assert isinstance(ex, CodeExercise)
    render.exercise(ex, item.reason, position)
    if warn_unmet(env, ex):
        return True  # on to the next item: this one waits for its libraries
    if item.kind == "review":
        from tutor.base.days import day_start

        today = day_start(env.progress().today).timestamp()
        path, previous = env.workspace.review(ex, since=today)
        if previous is not None:
            render.info(f"[dim]A review starts afresh; your last solution is in {previous}.[/]")
    elif env.workspace.has_edits(ex):
        path = env.workspace.file_for(ex)
    else:
        path = env.workspace.start(ex)
    env.workspace.set_current(ex.key)
    started = attempts.now()
    render.info(f"Open [bold]{path}[/] in your editor. Checks run on every save.")
    render.info(f"[dim]{WATCH_FALLBACK}[/]")
    stop = threading.Event()
    events.watch(path, stop)
    try:
        while True:
            event = events.next("[dim][Enter] check · h hint · s skip · q quit[/] ")
            text = event.text if isinstance(event, Input) else ""
            if text in ("q", "s", "h"):
                if text == "q":
                    return False
                if text == "h":
                    reveal_hint(env, ex)
                    continue
                hints = hints_this_try(env, ex)
                env.store.record(attempts.skipped(env.learner, ex, started, hints))
                return True
            if text is None:
                return False
            if check_once(env, ex, started=started).passed:
                return True
    finally:
        stop.set()


def warn_unmet(env: Context, ex: CodeExercise) -> bool:
    """Say which of the module's requirements are missing and how to install them."""
    from tutor.base.requirements import install_command, unmet

    module = env.curriculum.module(ex.module)
    missing = unmet(module.requires) if module is not None else []
    if missing:
        render.failure(f"{ex.module} needs {', '.join(missing)}: its checks cannot run yet.")
        render.info(f"Install it: {install_command(missing)}")
    return bool(missing)


def check_once(env: Context, ex: CodeExercise, started: datetime | None = None) -> CheckResult:
    """Check the workspace file, show the result and record the attempt."""
    from tutor.practice.checker import run_check

    path = env.workspace.file_for(ex)
    if not path.exists():
        raise TutorError(f"{path} does not exist yet", hint=f"run `tutor start {ex.key}` first")
    module = env.curriculum.module(ex.module)
    if module is not None:
        from tutor.base.requirements import require

        require(module.id, module.requires)
    began = started or _start_time(env, ex)
    render.info(f"[dim]Checking {path} ...[/]")
    result = run_check(path, ex.check, timeout=ex.timeout, memory_mb=ex.memory_mb)
    hints = hints_this_try(env, ex)
    env.store.record(attempts.from_check(env.learner, ex, result, began, hints))
    render.check_result(result)
    return result


def _start_time(env: Context, ex: CodeExercise) -> datetime:
    starts = env.store.events(env.learner, ex.key, kind="start")
    return starts[-1].at if starts else attempts.now()


def watch_checks(env: Context, ex: CodeExercise, *, poll: bool) -> None:
    """Check now and again on every save of the workspace file, until Ctrl-C."""
    import watchfiles

    path = env.workspace.file_for(ex)
    began = _start_time(env, ex)
    check_once(env, ex, started=began)
    render.info(f"[dim]Watching {path}; press Ctrl-C to stop. {WATCH_FALLBACK}[/]")
    try:
        for changes in watchfiles.watch(path.parent, force_polling=poll, debounce=200):
            saved = any(Path(changed).name == path.name for _, changed in changes)
            if saved and check_once(env, ex, started=began).passed:
                return
    except KeyboardInterrupt:
        render.info("Stopped watching.")


def reveal_hint(env: Context, ex: AnyExercise) -> None:
    total = len(ex.hints)
    if not total:
        render.info("This exercise has no hints.")
        return
    shown = hints_this_try(env, ex)
    if shown >= total:
        render.info("[dim]No more hints; here they all are again.[/]")
        for n, text in enumerate(ex.hints, 1):
            render.hint(n, total, text)
        return
    env.store.record_event(Event(env.learner, ex.key, attempts.now(), "hint", shown + 1))
    render.hint(shown + 1, total, ex.hints[shown])


def hints_this_try(env: Context, ex: AnyExercise) -> int:
    """Hints revealed since the exercise was last passed: a review starts again from none."""
    passes = [a.finished for a in env.store.attempts(env.learner, ex.key) if a.outcome == "passed"]
    return env.store.hints_revealed(env.learner, ex.key, since=max(passes, default=None))


def show_solution(env: Context, ex: AnyExercise, *, reveal: bool) -> None:
    passed = any(a.outcome == "passed" for a in env.store.attempts(env.learner, ex.key))
    if not passed and not reveal:
        raise TutorError(
            f"you have not passed {ex.key} yet",
            hint=f"keep at it (`tutor hint {ex.key}`), or `tutor solution {ex.key} --reveal` "
            "(recorded as revealed)",
        )
    if not passed:
        env.store.record_event(Event(env.learner, ex.key, attempts.now(), "reveal"))
    if isinstance(ex, CodeExercise):
        render.code(ex.solution.read_text(encoding="utf-8"), f"solution: {ex.key}")
    else:
        render.info(f"[bold]Answer:[/] {_right_answer(ex)}")
        if ex.explanation:
            render.plain(ex.explanation)


def _default_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "learner"


def _ask(question: str, default: str) -> str:
    render.out.print(f"{question} [dim]\\[{default}][/]: ", end="")
    answer = sys.stdin.readline().strip()
    return answer or default


def _ask_int(question: str, default: int) -> int:
    while True:
        answer = _ask(question, str(default))
        if answer.isdigit() and int(answer) > 0:
            return int(answer)
        render.info("[yellow]A positive whole number, please.[/]")
