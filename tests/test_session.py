"""The session loop and the screen, with a console passed in (as Rich's own tests do): typed
lines come from a list, and what the learner would see is compared as text."""

from __future__ import annotations

import io
import signal
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tutor.app.application import App, Hint, Solution
from tutor.app.settings import Config, save_config
from tutor.curriculum.model import AnswerExercise, ChoiceExercise, CodeExercise
from tutor.terminal import session
from tutor.terminal.render import Screen, new_console

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Typed(io.StringIO):
    """Typed lines, as from a terminal."""

    def isatty(self) -> bool:
        return True


def screen() -> tuple[Screen, io.StringIO]:
    text = io.StringIO()
    console = new_console(file=text, width=100, color_system=None)
    return Screen(console, console), text


@pytest.fixture
def app(tutor_env: dict[str, str], mini: Path) -> Iterator[App]:
    save_config(Config(name="Ana", handle="ana", budget=30), Path(tutor_env["TUTOR_CONFIG"]))
    with App(mini, tutor_env["TUTOR_DB"], now=lambda: NOW) as opened:
        yield opened


def events(shown: Screen, *lines: str) -> session.Events:
    return session.Events(shown, [f"{line}\n" for line in lines])


def test_the_input_reader_leaves_ctrl_c_to_the_main_thread() -> None:
    """Ctrl-C must wake the main thread asleep on the events queue: the thread that reads the
    input blocks SIGINT, so the kernel never hands it there (where Python only sets a flag)."""
    masks: list[set[signal.Signals]] = []

    def typed() -> Iterator[str]:
        masks.append(signal.pthread_sigmask(signal.SIG_BLOCK, set()))  # the reader's own mask
        yield "q\n"

    shown, _ = screen()
    assert session.Events(shown, typed()).ask("> ") == "q"
    assert signal.SIGINT in masks[0]
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())


def test_a_quiz_takes_a_hint_refuses_a_non_answer_then_records_the_answer(app: App) -> None:
    shown, text = screen()
    pick = app.exercise("alpha/pick")
    assert isinstance(pick, ChoiceExercise)
    assert session.quiz_session(app, shown, pick, events(shown, "?", "9", "2"), review=False)
    out = text.getvalue()
    assert "1. 1" in out and "2. 2" in out  # the options, numbered
    assert "Hint 1/" not in out and "no hints" in out  # alpha/pick has none
    assert "Type the number of an option." in out
    assert "Correct" in out and "2 is divisible by 2." in out
    [attempt] = app.store.attempts("ana", pick.key)
    assert attempt.outcome == "passed" and attempt.kind == "new"


def test_quitting_a_quiz_records_nothing_and_skipping_records_a_skip(app: App) -> None:
    shown, _ = screen()
    say = app.exercise("alpha/say")
    assert isinstance(say, AnswerExercise)
    assert not session.quiz_session(app, shown, say, events(shown, "q"), review=False)
    assert app.store.attempts("ana", say.key) == []
    assert session.quiz_session(app, shown, say, events(shown, "s"), review=False)
    assert [a.outcome for a in app.store.attempts("ana", say.key)] == ["skipped"]


def test_a_code_exercise_shows_hints_and_passes_on_a_check(app: App) -> None:
    shown, text = screen()
    ex = app.code_exercise("alpha/add")
    path = app.workspace.file_for(ex)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ex.solution.read_text())  # solved in the editor before Enter
    assert session.code_session(app, shown, ex, events(shown, "h", ""), review=False)
    out = text.getvalue()
    assert f"Open {path}" in " ".join(out.split())  # a long temporary path may wrap
    assert "Hint 1/2" in out and "Python has an operator for that." in out
    assert "passed" in out.lower()
    [attempt] = app.store.attempts("ana", ex.key)
    assert attempt.outcome == "passed" and attempt.hints_used == 1


def test_a_whole_day_runs_through_the_plan(app: App) -> None:
    shown, text = screen()
    ex = app.code_exercise("alpha/add")
    path = app.workspace.file_for(ex)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ex.solution.read_text())
    # Its lesson first (y), alpha/add (Enter: check), alpha/pick, alpha/say, the rest skipped.
    typed = Typed("y\n\n2\nfour\n" + "s\n" * 10)
    session.run_today(app, shown, typed)
    out = text.getvalue()
    assert "Today" in out and "Done for today!" in out
    assert "Read the lesson First lesson first" in out and "Adding is a + b" in out
    assert app.lessons_read() == {"alpha/first"}
    outcomes = app.store.latest_outcomes("ana")
    assert outcomes["alpha/add"] == outcomes["alpha/pick"] == outcomes["alpha/say"] == "passed"


def test_not_a_terminal_shows_the_plan_only(app: App) -> None:
    shown, text = screen()
    session.run_today(app, shown, io.StringIO("2\n"))
    assert "Not a terminal" in text.getvalue()
    assert app.store.attempts("ana") == []


def test_first_run_asks_name_and_budget_and_saves_them(
    tutor_env: dict[str, str], mini: Path
) -> None:
    shown, text = screen()
    with App(mini, tutor_env["TUTOR_DB"], now=lambda: NOW) as fresh:
        session.first_run(fresh, shown, Typed("Ada Lovelace\nlots\n15\n"), name=None, budget=None)
        assert (fresh.settings.name, fresh.settings.handle, fresh.settings.budget) == (
            "Ada Lovelace",
            "ada-lovelace",
            15,
        )
    assert "A positive whole number, please." in text.getvalue()
    assert "Welcome" in text.getvalue()


def test_the_screen_draws_hints_and_solutions_as_text() -> None:
    shown, text = screen()
    shown.show_hint(Hint(2, 3, "use **sum**", repeated=False), ["a", "use **sum**", "c"])
    shown.show_hint(Hint(3, 3, "c", repeated=True), ["a", "b", "c"])
    shown.solution("alpha/say", Solution("[4]", False, "Two and two.", revealed=True))
    out = text.getvalue()
    assert "Hint 2/3" in out and "No more hints; here they all are again." in out
    assert "Hint 1/3" in out and "Hint 3/3" in out
    assert "Answer: [4]" in out and "Two and two." in out  # markup in answers is escaped


def test_code_exercise_type_is_what_the_session_dispatches_on(app: App) -> None:
    kinds = {item.exercise.key: type(item.exercise) for item in app.day_plan().items}
    assert kinds["alpha/add"] is CodeExercise
