"""The learning loop: today's session, the live check loop, and the first-run questions.

Events (a line typed, the exercise file saved) arrive on one queue, as in rustlings' watch
loop, so a single thread decides what happens next and input is never read in two places.
Every use case is the application's (`tutor.app`); this module only asks, and draws the
results on the Screen it is given.
"""

from __future__ import annotations

import queue
import signal
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TextIO

from tutor.app.settings import DEFAULT_BUDGET, handle_from_name
from tutor.base.words import plural
from tutor.curriculum.model import AnswerExercise, AnyExercise, ChoiceExercise, CodeExercise

if TYPE_CHECKING:
    from tutor.app.application import App, Checked
    from tutor.progress.plan import PlanItem
    from tutor.terminal.render import Screen

WATCH_FALLBACK = (
    "If saving does not start a check (some editors replace files; network folders send no "
    "events), run `tutor check --watch --poll`, or press Enter to check by hand."
)
DEBOUNCE_MS = 200


class Input(NamedTuple):
    text: str | None  # None: end of input


class Changed(NamedTuple):
    pass


class Events:
    """One queue for typed lines and file changes; a daemon thread reads the input."""

    def __init__(self, screen: Screen, lines: Iterable[str]) -> None:
        self.screen = screen
        self.queue: queue.Queue[Input | Changed] = queue.Queue()
        self.lessons_offered: set[str] = set()  # asked once a session, whatever the answer
        start_helper(lambda: self._read(lines))

    def _read(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.queue.put(Input(line.strip()))
        self.queue.put(Input(None))

    def next(self, prompt: str) -> Input | Changed:
        self.screen.prompt(prompt)
        event = self.queue.get()
        if isinstance(event, Changed):
            self.screen.out.print()  # the prompt's line was left open
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
                path.parent, stop_event=stop, force_polling=poll, debounce=DEBOUNCE_MS
            ):
                if any(Path(changed).name == path.name for _, changed in changes):
                    self.queue.put(Changed())

        start_helper(run)


def start_helper(target: Callable[[], None]) -> None:
    """Start a daemon thread that never takes SIGINT, so that Ctrl-C reaches the main thread.

    Linux hands a process's SIGINT to any thread that does not block it. Python only sets a
    flag when another thread takes it, and the main thread, asleep on the events queue, never
    saw it: ^C was echoed and the session went on waiting (the terminal test did, in one of
    four full runs of the suite on a busy machine). A thread inherits the mask of the thread
    that starts it.
    """
    thread = threading.Thread(target=target, daemon=True)
    if not hasattr(signal, "pthread_sigmask"):  # Windows: signals go to the main thread
        thread.start()
        return
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        thread.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def show_plan(app: App, screen: Screen, *, more: bool = False) -> list[PlanItem]:
    """The streak, then today's plan with why each item is in it; returns what remains."""
    plan = app.day_plan()
    screen.streak_line(app.streak())
    screen.plan(plan, more=more)
    screen.waiting(app.waiting())
    return plan.remaining


def first_run(
    app: App, screen: Screen, stdin: TextIO, *, name: str | None, budget: int | None
) -> None:
    """Welcome a new learner: ask for a name and a budget (only on a terminal), then save."""
    saved = app.saved_settings()
    if saved is not None and name is None and budget is None:
        return
    settings = saved or app.settings
    interactive = saved is None and stdin.isatty()
    if saved is None:
        screen.info("[bold]Welcome to the daily tutor![/] A few minutes a day, every day.")
    if interactive and name is None:
        name = _ask(screen, stdin, "Your display name", default=_default_name())
    if interactive and budget is None:
        budget = _ask_int(screen, stdin, "Minutes a day for learning", default=DEFAULT_BUDGET)
    name = name if name is not None else (settings.name or _default_name())
    app.save_settings(
        settings.with_changes(
            name=name, budget=budget, handle=settings.handle or handle_from_name(name)
        )
    )
    screen.info(
        f"[dim]Saved your settings in {app.settings_path} (change them with `tutor config`).[/]"
    )


def run_today(app: App, screen: Screen, stdin: TextIO, *, more: bool = False) -> None:
    """Today's session through the plan, then, with `more`, on past it while the learner
    wants: due reviews first, then new exercises."""
    items = show_plan(app, screen, more=more)
    if not items and not more:
        return
    if not stdin.isatty():
        screen.info("[dim]Not a terminal: run `tutor today` in one for the session.[/]")
        return
    events = Events(screen, stdin)
    app.remember(items)
    if not _work_through(app, screen, events, items):
        return
    offered = {item.exercise.key for item in items}
    while more:
        # A skipped item is not done, and would come back at once: each is offered once a run.
        extra = [item for item in app.more_items() if item.exercise.key not in offered]
        offered.update(item.exercise.key for item in extra)
        if not extra:
            screen.info("[green bold]All done:[/] nothing more is due and nothing new is open.")
            return
        screen.info(f"[bold]More:[/] {plural(len(extra), 'item')} past your budget.")
        app.remember(extra)
        if not _work_through(app, screen, events, extra):
            return
    screen.info(
        "[green bold]Done for today![/] Come back tomorrow to keep your streak "
        "(`tutor today --more` goes on now)."
    )


def _work_through(app: App, screen: Screen, events: Events, items: list[PlanItem]) -> bool:
    """Each item in turn; False when the learner stops."""
    for n, item in enumerate(items, 1):
        if item.lesson is not None and not offer_lesson(app, screen, events, item):
            return _stopped(screen)
        position = f"{n}/{len(items)}"
        screen.exercise(item.exercise, item.reason, position)
        if isinstance(item.exercise, CodeExercise):
            keep_going = code_session(app, screen, item.exercise, events, item.kind == "review")
        else:
            keep_going = quiz_session(app, screen, item.exercise, events, item.kind == "review")
        tell_offline(app, screen)
        if not keep_going:
            return _stopped(screen)
    return True


def tell_offline(app: App, screen: Screen) -> None:
    """Once, when a write could not reach the progress server: what waits on this machine."""
    news = app.offline_news()
    if news is not None:
        screen.waiting(news, offline=True)


def _stopped(screen: Screen) -> bool:
    """The learner quit before the end of the plan: what happens to the rest."""
    screen.info("Stopped. What you finished is saved; `tutor today` goes on from here.")
    return False


def offer_lesson(app: App, screen: Screen, events: Events, item: PlanItem) -> bool:
    """Offer the exercise's lesson before its first exercise; False when the learner quits."""
    lesson = app.lesson(item.exercise.key)
    if lesson.read or lesson.key in events.lessons_offered:
        return True
    events.lessons_offered.add(lesson.key)
    answer = events.ask(
        f"Read the lesson [bold]{lesson.title}[/] first (~{lesson.minutes} min)? "
        "[dim][Y/n, q quit][/] "
    )
    if answer is None or answer.strip().lower() == "q":
        return False
    if answer.strip().lower() in ("", "y", "yes"):
        screen.lesson(lesson, events.ask)
        app.read_lesson(lesson)
    return True


def quiz_session(
    app: App, screen: Screen, ex: ChoiceExercise | AnswerExercise, events: Events, review: bool
) -> bool:
    """Ask one quiz until it is answered or skipped; False when the learner quits."""
    from tutor.progress.plan import shuffled_options

    order: list[int] = []
    if isinstance(ex, ChoiceExercise):
        count = len(ex.options)
        order = shuffled_options(ex, app.progress().today) if review else list(range(count))
        screen.choices(ex, order)
    app.begin(ex)
    while True:
        text = events.ask("[bold]Your answer[/] [dim](? hint, s skip, q quit)[/]: ")
        if text is None or text == "q":
            return False
        if text == "?":
            screen.show_hint(app.hint(ex), ex.hints)
            continue
        if text == "s":
            app.skip(ex)
            return True
        answered = app.answer(ex, text, order)
        if answered is None:
            what = "the number of an option" if isinstance(ex, ChoiceExercise) else "an answer"
            screen.info(f"[yellow]Type {what}.[/]")
            continue
        screen.quiz_feedback(answered.correct, answered.explanation, answered.right_answer)
        return True


def code_session(app: App, screen: Screen, ex: CodeExercise, events: Events, review: bool) -> bool:
    """Check the exercise on every save until it passes or is skipped; False on quit."""
    started = app.start(ex, resume=True, review=review)
    if started.unmet:
        show_unmet(screen, ex, started.unmet)
        return True  # on to the next item: this one waits for its libraries
    if started.previous is not None:
        screen.info(f"[dim]A review starts afresh; your last solution is in {started.previous}.[/]")
    screen.info(f"Open [bold]{started.path}[/] in your editor. Checks run on every save.")
    screen.info(f"[dim]{WATCH_FALLBACK}[/]")
    stop = threading.Event()
    events.watch(started.path, stop)
    try:
        while True:
            event = events.next("[dim][Enter] check · h hint · s skip · q quit[/] ")
            text = event.text if isinstance(event, Input) else ""
            if text is None or text == "q":
                return False
            if text == "h":
                screen.show_hint(app.hint(ex), ex.hints)
                continue
            if text == "s":
                app.skip(ex)
                return True
            if check_and_show(app, screen, ex).result.passed:
                return True
    finally:
        stop.set()


def practice(app: App, screen: Screen, stdin: TextIO, ex: AnyExercise) -> None:
    """One exercise or quiz outside the plan, in the terminal."""
    from tutor.base.errors import UsageError

    if not stdin.isatty():
        raise UsageError(
            "practice needs a terminal to answer in",
            hint=f"run `tutor practice {ex.key}` in a terminal",
        )
    review = app.statuses().get(ex.key) == "passed"
    screen.exercise(ex, "review" if review else "practice")
    events = Events(screen, stdin)
    if isinstance(ex, CodeExercise):
        code_session(app, screen, ex, events, review=review)
    else:
        quiz_session(app, screen, ex, events, review=review)
    tell_offline(app, screen)


def line_reader(screen: Screen, stdin: TextIO) -> Callable[[str], str | None]:
    """A prompt that returns the line typed (None at the end of input)."""

    def ask(prompt: str) -> str | None:
        screen.prompt(prompt)
        line = stdin.readline()
        return line.rstrip("\n") if line else None

    return ask


def check_and_show(app: App, screen: Screen, ex: CodeExercise) -> Checked:
    screen.info(f"[dim]Checking {app.workspace.file_for(ex)} ...[/]")
    checked = app.check(ex)
    screen.check_result(checked.result)
    tell_offline(app, screen)
    return checked


def watch_checks(app: App, screen: Screen, ex: CodeExercise, *, poll: bool) -> None:
    """Check now and again on every save of the workspace file, until it passes or Ctrl-C."""
    import watchfiles

    path = app.workspace.file_for(ex)
    if check_and_show(app, screen, ex).result.passed:
        return
    # Polling already: the advice to poll would be no help.
    advice = "Polling for changes." if poll else WATCH_FALLBACK
    screen.info(f"[dim]Watching {path}; press Ctrl-C to stop. {advice}[/]")
    try:
        for changes in watchfiles.watch(path.parent, force_polling=poll, debounce=DEBOUNCE_MS):
            saved = any(Path(changed).name == path.name for _, changed in changes)
            if saved and check_and_show(app, screen, ex).result.passed:
                return
    except KeyboardInterrupt:
        screen.info("Stopped watching.")


def show_unmet(screen: Screen, ex: AnyExercise, missing: list[str]) -> None:
    """Say which of the module's requirements are missing and how to install them."""
    screen.failure(f"{ex.module} needs {', '.join(missing)}: its checks cannot run yet.")
    screen.info(f"Install it: [bold]tutor install {ex.module}[/]")


def _default_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "learner"


def _ask(screen: Screen, stdin: TextIO, question: str, default: str) -> str:
    screen.prompt(f"{question} [dim]\\[{default}][/]: ")
    answer = stdin.readline().strip()
    return answer or default


def _ask_int(screen: Screen, stdin: TextIO, question: str, default: int) -> int:
    while True:
        answer = _ask(screen, stdin, question, str(default))
        if answer.isdigit() and int(answer) > 0:
            return int(answer)
        screen.info("[yellow]A positive whole number, please.[/]")
