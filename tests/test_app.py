"""The application object: every use case, and the record it keeps, on a real SQLite file with a
pinned clock (no terminal, no CLI)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tutor.app.application import App
from tutor.app.settings import Config, save_config
from tutor.base.errors import NotFoundError, TutorError, UsageError
from tutor.curriculum.model import AnswerExercise, ChoiceExercise, CodeExercise
from tutor.progress.history import FAMILIAR, PROFICIENT

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(tutor_env: dict[str, str], mini: Path, clock: Clock) -> Iterator[App]:
    save_config(Config(name="Ana", handle="ana"), Path(tutor_env["TUTOR_CONFIG"]))
    with App(mini, tutor_env["TUTOR_DB"], now=clock) as opened:
        yield opened


def solve(app: App, ex: CodeExercise) -> None:
    app.workspace.file_for(ex).write_text(ex.solution.read_text())


def code(app: App) -> CodeExercise:
    return app.code_exercise("alpha/add")


def passed(app: App, ex: CodeExercise) -> str:
    """Start the exercise, solve it and pass its check: the passing file's text."""
    app.start(ex)
    solve(app, ex)
    assert app.check(ex).attempt.outcome == "passed"
    return app.workspace.file_for(ex).read_text()


def test_an_attempt_lasts_from_its_first_start_wherever_it_was_checked(
    app: App, clock: Clock
) -> None:
    ex = code(app)
    app.start(ex)  # as `tutor start` or the session does
    clock.advance(minutes=6)
    solve(app, ex)
    attempt = app.check(ex).attempt  # as a later `tutor check` does
    assert attempt.outcome == "passed"
    assert attempt.seconds == pytest.approx(360)
    assert attempt.started == T0 and attempt.kind == "new"


def test_a_session_start_is_recorded_and_resuming_keeps_the_first_start(
    app: App, clock: Clock
) -> None:
    ex = code(app)
    app.start(ex, resume=True)
    clock.advance(minutes=2)
    app.workspace.file_for(ex).write_text("def add(a, b):\n    return 0\n")
    assert app.check(ex).attempt.outcome == "failed"
    clock.advance(minutes=3)
    app.start(ex, resume=True)  # the session again: the edits and the try go on
    solve(app, ex)
    passed = app.check(ex).attempt
    assert passed.started == T0 and passed.seconds == pytest.approx(300)
    assert [e.kind for e in app.store.events("ana", ex.key)] == ["start"]


def test_kind_is_review_once_passed_before_the_try(app: App, clock: Clock) -> None:
    ex = code(app)
    app.start(ex)
    solve(app, ex)
    assert app.check(ex).attempt.kind == "new"
    clock.advance(days=3)
    started = app.start(ex, review=True)
    assert started.previous is not None and started.previous.exists()  # the old solution kept
    assert app.check(ex).attempt.kind == "review"  # the starter fails: a draft of the review
    solve(app, ex)
    review = app.check(ex).attempt
    assert review.kind == "review" and review.started == T0 + timedelta(days=3)


def test_a_review_under_way_today_is_told_by_the_tutors_clock_not_the_files(
    app: App, clock: Clock
) -> None:
    """The tutor's clock (TUTOR_NOW) runs months apart from the file system's here: a review
    on a later day still sets the passing solution aside, and its draft stays the same day."""
    ex = code(app)
    passing = passed(app, ex)
    clock.advance(days=3)
    started = app.start(ex, review=True)
    assert started.previous is not None and started.previous.read_text() == passing
    assert started.path.read_bytes() == ex.starter.read_bytes()
    started.path.write_text("def add(a, b):\n    return a +\n")  # a draft of the review
    clock.advance(hours=2)
    again = app.start(ex, review=True)  # the session again, the same day
    assert again.previous is None and again.path.read_text() == "def add(a, b):\n    return a +\n"
    clock.advance(days=1)
    assert app.start(ex, review=True).previous is not None  # the next day starts afresh


def test_a_review_never_overwrites_a_solution_set_aside_before(app: App, clock: Clock) -> None:
    """A passing solution is set aside when a review starts; a draft of that review that never
    passed, set aside by the next one, must not take its place."""
    ex = code(app)
    passing = passed(app, ex)

    clock.advance(days=3)
    first = app.start(ex, review=True).previous
    assert first is not None and first.read_text() == passing
    app.workspace.file_for(ex).write_text("def add(a, b):\n    return a +\n")  # a broken draft
    assert app.check(ex).attempt.outcome == "failed"
    clock.advance(days=1)
    second = app.start(ex, review=True).previous
    assert second == first and second.read_text() == "def add(a, b):\n    return a +\n"
    older = first.with_name(f"{ex.id}.previous-2.py")
    assert older.read_text() == passing
    # The same text set aside again adds no copy.
    app.workspace.file_for(ex).write_text(second.read_text())
    assert app.check(ex).attempt.outcome == "failed"
    clock.advance(days=1)
    app.start(ex, review=True)
    assert sorted(p.name for p in first.parent.glob(f"{ex.id}.previous*.py")) == [
        f"{ex.id}.previous-2.py",
        f"{ex.id}.previous.py",
    ]


def test_quizzes_are_graded_recorded_and_timed_from_when_they_were_shown(
    app: App, clock: Clock
) -> None:
    pick = app.exercise("alpha/pick")
    assert isinstance(pick, ChoiceExercise)
    app.begin(pick)
    clock.advance(seconds=40)
    assert app.answer(pick, "7", [0, 1, 2]) is None  # no such option: not an answer
    answered = app.answer(pick, "1", [1, 0, 2])  # the options shown shuffled: 1 is "2"
    assert answered is not None and answered.correct
    assert answered.attempt.seconds == pytest.approx(40)
    say = app.exercise("alpha/say")
    assert isinstance(say, AnswerExercise)
    app.begin(say)
    wrong = app.answer(say, "five", [])
    assert wrong is not None and not wrong.correct and wrong.right_answer == "4"


def test_hints_one_at_a_time_then_all_again_and_a_review_starts_with_none(
    app: App, clock: Clock
) -> None:
    ex = code(app)
    app.start(ex)
    assert [app.hint(ex).number for _ in range(3)] == [1, 2, 2]
    assert app.hint(ex).repeated
    solve(app, ex)
    assert app.check(ex).attempt.hints_used == 2
    clock.advance(days=4)
    app.start(ex, review=True)
    assert app.hint(ex).number == 1


def test_a_pass_after_a_revealed_solution_counts_as_familiar_at_most(app: App) -> None:
    ex = code(app)
    app.start(ex)
    with pytest.raises(TutorError, match="not passed"):
        app.solution(ex, reveal=False)
    shown = app.solution(ex, reveal=True)
    assert shown.revealed and shown.code and "return a + b" in shown.text
    solve(app, ex)
    attempt = app.check(ex).attempt
    assert attempt.revealed
    assert app.progress().now.state(ex.key).level == FAMILIAR
    assert app.solution(ex, reveal=False).revealed is False  # passed now: shown freely


def test_an_own_pass_makes_the_exercise_proficient(app: App) -> None:
    ex = code(app)
    app.start(ex)
    solve(app, ex)
    app.check(ex)
    assert app.progress().now.state(ex.key).level == PROFICIENT


def test_failed_drafts_then_a_pass_are_no_leech(app: App, clock: Clock) -> None:
    ex = code(app)
    app.start(ex)
    for _ in range(8):  # saves under --watch, each one checked
        clock.advance(seconds=30)
        app.check(ex)
    solve(app, ex)
    app.check(ex)
    state = app.progress().now.state(ex.key)
    assert not state.leech and state.lapses == 0 and state.tries == 1
    assert len(app.store.attempts("ana", ex.key)) == 9  # every draft is in the log


def test_skip_and_reset(app: App, clock: Clock) -> None:
    ex = code(app)
    path = app.start(ex).path
    path.write_text("# mine\n")
    app.reset(ex)
    assert path.read_text() == ex.starter.read_text()
    assert app.skip(ex).outcome == "skipped"
    assert [e.kind for e in app.store.events("ana", ex.key)] == ["start", "reset"]


def test_finding_exercises(app: App) -> None:
    assert app.exercise("add").key == "alpha/add"  # a unique bare id
    with pytest.raises(NotFoundError):
        app.exercise("nope")
    with pytest.raises(UsageError, match="none started yet"):
        app.exercise(None)
    with pytest.raises(UsageError, match="choice exercise"):
        app.code_exercise("alpha/pick")
    app.start(code(app))
    assert app.exercise(None).key == "alpha/add"  # the one started last


def test_a_new_handle_takes_the_whole_log_with_it(app: App, tutor_env: dict[str, str]) -> None:
    ex = code(app)
    app.start(ex)
    solve(app, ex)
    app.check(ex)
    renamed = app.change_handle("ana-lovelace")
    assert (renamed.old, renamed.new, renamed.attempts, renamed.events) == (
        "ana",
        "ana-lovelace",
        1,
        1,
    )
    assert app.learner == "ana-lovelace"
    assert app.progress().now.state(ex.key).level == PROFICIENT
    assert app.store.attempts("ana") == []
    with App(app.curriculum_option, tutor_env["TUTOR_DB"]) as again:  # saved for the next run
        assert again.learner == "ana-lovelace" and len(again.store.attempts(again.learner)) == 1


def test_an_unwritable_settings_file_keeps_the_log_under_the_old_handle(
    app: App, tmp_path: Path
) -> None:
    ex = code(app)
    app.start(ex)
    app.settings_path = tmp_path / "missing-folder-file" / "config.toml"
    (tmp_path / "missing-folder-file").write_text("a file, not a folder")
    with pytest.raises(TutorError, match="cannot write"):
        app.change_handle("bob")
    assert len(app.store.events("ana", ex.key)) == 1 and app.store.events("bob") == []
