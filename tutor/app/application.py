"""The application object: settings, curriculum, store, progress and today's plan, and every use
case once, as calls that return results.

The CLI, the session loop, the MkDocs plugin and the tests all come through here. It prints
nothing and imports no typer, rich or mkdocs; what it returns, the terminal draws. Each part
is resolved on first use, so a command that needs no store never opens one (start-up rules:
docs/architecture.md).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from tutor.app.settings import Config, default_config_path, handle_from_name, load_config
from tutor.base import clock
from tutor.base.errors import NotFoundError, TutorError, UsageError
from tutor.base.words import article
from tutor.curriculum.model import (
    AnswerExercise,
    AnyExercise,
    ChoiceExercise,
    CodeExercise,
    Lesson,
)

if TYPE_CHECKING:
    from tutor.curriculum.model import Curriculum
    from tutor.practice.checker import CheckResult
    from tutor.practice.workspace import Workspace
    from tutor.progress.derived import Progress
    from tutor.progress.plan import DayPlan, Limits, PlanItem
    from tutor.progress.streaks import Streak
    from tutor.store import Attempt, ProgressStore
    from tutor.store.model import Outcome, Pending
    from tutor.team.summaries import TeamMember


class Started(NamedTuple):
    path: Path  # the learner's file
    previous: Path | None  # a review set the last solution aside here
    unmet: list[str]  # requirements of the module this Python lacks: checks wait for them


class Checked(NamedTuple):
    path: Path
    result: CheckResult
    attempt: Attempt


class Answered(NamedTuple):
    correct: bool
    right_answer: str
    explanation: str
    attempt: Attempt


class Hint(NamedTuple):
    number: int  # 1-based; 0 when the exercise has none
    total: int
    text: str
    repeated: bool  # every hint was already shown: `hints` lists them all


class Solution(NamedTuple):
    text: str  # the reference solution's code, or the quiz's right answer
    code: bool
    explanation: str
    revealed: bool  # shown before a pass: recorded, and the next pass counts less


class LessonText(NamedTuple):
    key: str  # `<module>/<lesson>`: how reading it is recorded
    title: str
    module: str
    text: str  # Markdown
    minutes: int  # reading time
    read: bool  # read before


class Renamed(NamedTuple):
    old: str
    new: str
    attempts: int
    events: int


class App:
    """One learner's tutor. Close it (or use it as a context manager) to release the store."""

    def __init__(
        self,
        curriculum: Path | None = None,
        db: str | None = None,
        *,
        settings_path: Path | None = None,
        now: Callable[[], datetime] = clock.now,
    ) -> None:
        self.curriculum_option = curriculum
        self.db_option = db
        self.settings_path = settings_path or default_config_path()
        self.now = now
        self._curriculum: Curriculum | None = None
        self._store: ProgressStore | None = None
        self._settings: Config | None = None
        self._progress: Progress | None = None
        self._plan: DayPlan | None = None
        self._last_progress: Progress | None = None
        self._told_offline = False

    def __enter__(self) -> App:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # --- the parts --------------------------------------------------------------------------

    def saved_settings(self) -> Config | None:
        return load_config(self.settings_path)

    @property
    def settings(self) -> Config:
        if self._settings is None:
            self._settings = self.saved_settings() or Config()
        return self._settings

    def save_settings(self, settings: Config) -> Config:
        """Validate, save and adopt settings for the rest of this run."""
        from tutor.app.settings import save_config, validate_config

        track = settings.track
        if track and track != self.settings.track:
            self.check_track(track)  # an unknown track is named before anything is saved
        validate_config(settings, self.settings_path)
        save_config(settings, self.settings_path)
        self._settings = settings
        self._plan = None
        return settings

    @property
    def learner(self) -> str:
        settings = self.settings
        return settings.handle or handle_from_name(settings.name or os.environ.get("USER", ""))

    @property
    def curriculum(self) -> Curriculum:
        if self._curriculum is None:
            from tutor.app.locate import find_curriculum
            from tutor.curriculum.cache import load_cached

            self._curriculum = load_cached(find_curriculum(self.curriculum_option))
        return self._curriculum

    @property
    def store(self) -> ProgressStore:
        if self._store is None:
            from tutor.store import default_location, open_store

            self._store = open_store(self.db_option or default_location())
        return self._store

    @property
    def workspace(self) -> Workspace:
        from tutor.practice.workspace import Workspace, default_workspace

        configured = self.settings.workspace
        return Workspace(Path(configured).expanduser() if configured else default_workspace())

    def progress(self) -> Progress:
        """The learner's history as of this morning and now (from the derived cache)."""
        if self._progress is None:
            from tutor.curriculum.cache import default_cache_dir
            from tutor.progress.derived import estimates, load_progress
            from tutor.store.model import OfflineError

            curriculum = self.curriculum
            try:
                self._progress = load_progress(
                    self.store,
                    self.learner,
                    now=self.now(),
                    zone=None,
                    minutes_of=estimates(curriculum),
                    curriculum_digest=curriculum.digest,
                    cache_dir=default_cache_dir() if curriculum.digest else None,
                )
            except OfflineError:
                # Working offline: the history read before the server went away, without what
                # was recorded since (it waits in the outbox), keeps a session going.
                if self._last_progress is None:
                    raise
                return self._last_progress
            self._last_progress = self._progress
        return self._progress

    def remember(self, items: Sequence[PlanItem]) -> None:
        """Read each item's try in progress now, so that a session that loses its progress server
        can go on through these items: the store answers the same reads from memory, and keeps
        what is recorded in its outbox."""
        from tutor.app.tries import current_try

        for item in items:
            ex = item.exercise
            current_try(self.store, self.learner, ex.key, quiz=_is_quiz(ex))

    @property
    def limits(self) -> Limits:
        from tutor.progress.plan import Limits

        settings = self.settings
        return Limits(settings.budget, settings.new_per_day, settings.reviews_per_day)

    def day_plan(self) -> DayPlan:
        """Today's plan, as made this morning, with what was done before this run."""
        if self._plan is None:
            from tutor.progress.plan import day_plan

            progress = self.progress()
            self._plan = day_plan(
                self.curriculum,
                progress.morning,
                progress.today_entries,
                progress.today,
                self.limits,
                track=self.settings.track,
                # Asked only when a new exercise is planned: one more round trip to a server.
                read_events=lambda: self.store.events(self.learner, kind="read"),
            )
        return self._plan

    def more_items(self) -> list[PlanItem]:
        """What comes after today's plan, for a learner going on past the budget: due reviews
        first, then new exercises (empty: nothing more today)."""
        from tutor.progress.plan import more_plan

        progress = self.progress()
        return more_plan(
            self.curriculum,
            progress.now,
            self.day_plan(),
            progress.today,
            track=self.settings.track,
            read_events=lambda: self.store.events(self.learner, kind="read"),
        )

    def streak(self) -> Streak:
        from tutor.progress.report import learner_streak

        progress = self.progress()
        return learner_streak(progress.now, progress.today)

    def statuses(self) -> dict[str, Outcome]:
        """Exercise key -> "passed" if ever passed, else its latest outcome (absent: new)."""
        return self.store.latest_outcomes(self.learner)

    # --- finding things ---------------------------------------------------------------------

    def exercise(self, key: str | None) -> AnyExercise:
        """The exercise named by `key` (`module/exercise` or a unique bare id), or the one
        started last."""
        if key is None:
            key = self.workspace.current()
            if key is None:
                raise UsageError(
                    "no exercise given and none started yet",
                    hint="name one, e.g. `tutor start KEY`; `tutor list` shows them",
                )
        ex = self.curriculum.exercise(key)
        if ex is not None:
            return ex
        matches = self.curriculum.ambiguous(key)
        if len(matches) > 1:
            raise UsageError(
                f"{key!r} is in several modules: {', '.join(matches)}",
                hint="use the full key `module/exercise`",
            )
        raise NotFoundError(
            f"no exercise {key!r} in the curriculum",
            hint="`tutor list` shows every exercise and its key",
        )

    def code_exercise(self, key: str | None) -> CodeExercise:
        ex = self.exercise(key)
        if not isinstance(ex, CodeExercise):
            raise UsageError(
                f"{ex.key} is {article(ex.type)} exercise: answer it with `tutor practice "
                f"{ex.key}` (or in `tutor today`)",
                hint="`tutor start` and `tutor check` are for code exercises",
            )
        return ex

    def check_track(self, track_id: str) -> None:
        """Raise unless `track_id` is one of the curriculum's tracks."""
        tracks = self.curriculum.tracks
        if track_id not in {t.id for t in tracks}:
            known = ", ".join(t.id for t in tracks)
            raise NotFoundError(f"no track {track_id!r}", hint=f"choose one of: {known}")

    def unmet(self, ex: AnyExercise) -> list[str]:
        """The module's requirements this Python lacks (its checks cannot run without them)."""
        from tutor.base.requirements import unmet

        module = self.curriculum.module(ex.module)
        return unmet(module.requires) if module is not None else []

    def install(self, module_ids: list[str]) -> tuple[list[str], int]:
        """Install what the named modules require and this Python lacks, with pip into the
        running environment; returns the command run (empty: nothing to do) and its status."""
        import subprocess
        import sys

        from tutor.base.requirements import unmet

        missing: list[str] = []
        for module_id in module_ids:
            module = self.curriculum.module(module_id)
            if module is None:
                known = ", ".join(self.curriculum.module_ids)
                raise NotFoundError(f"no module {module_id!r}", hint=f"choose among: {known}")
            missing += [r for r in unmet(module.requires) if r not in missing]
        if not missing:
            return [], 0
        argv = [sys.executable, "-m", "pip", "install", *missing]
        done = subprocess.run(argv, check=False)
        return argv, done.returncode

    # --- lessons ----------------------------------------------------------------------------

    def lesson(self, key: str | None) -> LessonText:
        """A lesson by `<module>/<lesson>`, by an exercise of it, or the current exercise's."""
        from tutor.curriculum.reading import reading_minutes

        module_id, lesson = self._find_lesson(key)
        lesson_key = f"{module_id}/{lesson.id}"
        module = self.curriculum.module(module_id)
        assert module is not None
        path = module.folder / lesson.file
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise NotFoundError(
                f"cannot read the lesson {path}: {exc}", hint="run `tutor validate`"
            ) from None
        read = lesson_key in self.lessons_read()
        return LessonText(lesson_key, lesson.title, module_id, text, reading_minutes(text), read)

    def read_lesson(self, lesson: LessonText) -> None:
        """Record that the learner read a lesson (the plan then stops offering it)."""
        from tutor.store import Event

        self.store.record_event(Event(self.learner, lesson.key, self.now(), "read"))
        self._plan = None  # a plan made now knows the lesson is read

    def lessons_read(self) -> frozenset[str]:
        return frozenset(e.key for e in self.store.events(self.learner, kind="read"))

    def _find_lesson(self, key: str | None) -> tuple[str, Lesson]:
        if key is not None and "/" in key:
            module_id, _, lesson_id = key.partition("/")
            module = self.curriculum.module(module_id)
            found = next((x for x in module.lessons if x.id == lesson_id), None) if module else None
            if module is not None and found is not None:
                return module.id, found
        elif key is not None:
            found_in = [
                (m.id, x) for m in self.curriculum.modules for x in m.lessons if x.id == key
            ]
            if len(found_in) == 1:
                return found_in[0]
        try:
            ex = self.exercise(key)
        except NotFoundError:
            raise NotFoundError(
                f"no lesson or exercise {key!r} in the curriculum",
                hint="name a lesson as module/lesson, or an exercise; `tutor list` shows them",
            ) from None
        module = self.curriculum.module(ex.module)
        assert module is not None
        return module.id, next(x for x in module.lessons if x.id == ex.lesson)

    # --- working on an exercise -------------------------------------------------------------

    def start(
        self, ex: CodeExercise, *, force: bool = False, resume: bool = False, review: bool = False
    ) -> Started:
        """Put the exercise in the workspace and begin a try (or go on with the one begun).

        `review`: start afresh from the starter, the last solution set aside (today's review
        in progress is kept). `resume`: keep the learner's edits. Otherwise, edits are only
        replaced with `force`.
        """
        workspace = self.workspace
        previous = None
        if review:
            from tutor.app.tries import current_try
            from tutor.base.days import day_start, learning_day

            # On the tutor's clock (TUTOR_NOW may differ from the file system's): a review
            # whose try began today is under way, its file today's work.
            began = current_try(self.store, self.learner, ex.key, quiz=False).started
            today = day_start(learning_day(self.now()))
            path, previous = workspace.review(ex, keep=began is not None and began >= today)
        elif resume and workspace.has_edits(ex):
            path = workspace.file_for(ex)
            workspace.set_current(ex.key)
        else:
            path = workspace.start(ex, force=force)
        self.begin(ex)
        return Started(path, previous, self.unmet(ex))

    def begin(self, ex: AnyExercise) -> None:
        """Record the start of a try, unless one is under way: a try starts at its first start."""
        from tutor.app.tries import current_try, start_event

        if current_try(self.store, self.learner, ex.key, quiz=_is_quiz(ex)).started is None:
            self.store.record_event(start_event(self.learner, ex.key, self.now()))

    def check(self, ex: CodeExercise) -> Checked:
        """Run the checks on the learner's file and record the attempt."""
        from tutor.base.requirements import require
        from tutor.practice.checker import run_check

        path = self.workspace.file_for(ex)
        if not path.exists():
            raise TutorError(f"{path} does not exist yet", hint=f"run `tutor start {ex.key}` first")
        module = self.curriculum.module(ex.module)
        if module is not None:
            require(module.id, module.requires)
        result = run_check(path, ex.check, timeout=ex.timeout, memory_mb=ex.memory_mb)
        detail = "" if result.passed else result.cause[:200]
        outcome: Outcome = "passed" if result.passed else "failed"
        attempt = self._record(ex, outcome, result.score, detail)
        return Checked(path, result, attempt)

    def answer(
        self, ex: ChoiceExercise | AnswerExercise, text: str, order: list[int]
    ) -> Answered | None:
        """Grade a quiz answer (`order`: the options as shown) and record it; None if the text
        is not an answer at all (nothing typed, or no option's number)."""
        from tutor.practice import quiz

        if isinstance(ex, AnswerExercise):
            correct = quiz.grade_answer(ex, text) if text.strip() else None
        else:
            picked = quiz.parse_choice(ex, text)
            shown = frozenset(order[i] for i in picked) if picked is not None else None
            correct = quiz.grade_choice(ex, shown) if shown is not None else None
        if correct is None:
            return None
        attempt = self._record(ex, "passed" if correct else "failed", float(correct))
        return Answered(correct, right_answer(ex), ex.explanation, attempt)

    def skip(self, ex: AnyExercise) -> Attempt:
        return self._record(ex, "skipped", 0.0)

    def hint(self, ex: AnyExercise) -> Hint:
        """The next hint of this try (recorded), or the last one again once all are shown."""
        from tutor.app.tries import current_try
        from tutor.store import Event

        total = len(ex.hints)
        if not total:
            return Hint(0, 0, "", repeated=False)
        shown = current_try(self.store, self.learner, ex.key, quiz=_is_quiz(ex)).hints
        if shown >= total:
            return Hint(total, total, ex.hints[-1], repeated=True)
        self.store.record_event(Event(self.learner, ex.key, self.now(), "hint", shown + 1))
        return Hint(shown + 1, total, ex.hints[shown], repeated=False)

    def solution(self, ex: AnyExercise, *, reveal: bool) -> Solution:
        """The reference solution once passed; before, only with `reveal` (recorded: the next
        pass of this exercise is rated Hard at best and counts as familiar at most)."""
        from tutor.store import Event

        passed = self.statuses().get(ex.key) == "passed"
        if not passed and not reveal:
            raise TutorError(
                f"you have not passed {ex.key} yet",
                hint=f"keep at it (`tutor hint {ex.key}`), or `tutor solution {ex.key} "
                "--reveal` (recorded: your next pass then counts as familiar at most)",
            )
        if not passed:
            self.store.record_event(Event(self.learner, ex.key, self.now(), "reveal"))
        if isinstance(ex, CodeExercise):
            code = ex.solution.read_text(encoding="utf-8")
            return Solution(code, True, "", revealed=not passed)
        return Solution(right_answer(ex), False, ex.explanation, revealed=not passed)

    def reset(self, ex: CodeExercise) -> Path:
        """Put the starter back, discarding the learner's edits (the try goes on)."""
        from tutor.store import Event

        path = self.workspace.reset(ex)
        self.store.record_event(Event(self.learner, ex.key, self.now(), "reset"))
        self.begin(ex)
        return path

    def _record(self, ex: AnyExercise, outcome: Outcome, score: float, detail: str = "") -> Attempt:
        from tutor.app.tries import current_try, start_event
        from tutor.store import new_attempt

        quiz = _is_quiz(ex)
        now = self.now()
        current = current_try(self.store, self.learner, ex.key, quiz=quiz)
        started = current.started
        if started is None:  # checked again after the try ended, without a new start
            self.store.record_event(start_event(self.learner, ex.key, now))
            started = now
        attempt = new_attempt(
            learner=self.learner,
            key=ex.key,
            started=started,
            finished=now,
            outcome=outcome,
            score=score,
            hints_used=current.hints,
            seconds=max(0.0, (now - started).total_seconds()),
            kind=current.kind,
            detail=detail,
            revealed=current.revealed,
        )
        self.store.record(attempt)
        self._progress = None  # what is derived from the log is stale now
        return attempt

    # --- the learner and the team -----------------------------------------------------------

    def share(self, handle: str | None = None) -> tuple[Path, TeamMember]:
        """Write this learner's summary to `team/<handle>.yaml`."""
        from tutor.app.settings import HANDLE
        from tutor.base.errors import ConfigError
        from tutor.team.summaries import team_folder, write_member
        from tutor.team.summarise import team_summary

        settings = self.settings
        chosen = handle or settings.handle or _git_handle() or self.learner
        if not HANDLE.match(chosen):
            raise ConfigError(
                f"handle {chosen!r} must be lowercase letters, digits and '-'",
                hint="pass --handle, e.g. tutor share --handle ada-lovelace",
            )
        member = team_summary(
            self.curriculum, self.progress(), handle=chosen, name=settings.name or chosen
        )
        from tutor.curriculum.packs import installed_copy

        if installed_copy(self.curriculum.root):
            from tutor.base.errors import UsageError

            raise UsageError(
                "there is no team folder here: the tutor serves the curriculum installed with it",
                hint="share from your team's repository (`tutor init DIR` makes one)",
            )
        return write_member(team_folder(self.curriculum.root), member), member

    def team_from_store(self, location: str, names: Mapping[str, str]) -> tuple[TeamMember, ...]:
        """Every learner of a shared progress store, summarised as `tutor share` would (`names`:
        display names by handle, from the team files)."""
        from tutor.store import open_store
        from tutor.team.summarise import team_from_store

        with open_store(location) as store:
            return team_from_store(store, self.curriculum, now=self.now(), names=names)

    def waiting(self) -> Pending:
        """What waits on this machine to be sent to the progress server (nothing for a file)."""
        return self.store.pending()

    def offline_news(self) -> Pending | None:
        """What waits to be sent, the first time the store works offline since it last reached
        its server; None otherwise. The session says it once, not after every attempt."""
        store = self._store
        if store is None or not store.offline:
            self._told_offline = False
            return None
        if self._told_offline:
            return None
        self._told_offline = True
        return store.pending()

    def progress_count(self) -> tuple[int, int]:
        """How many attempts and events the learner has in the store."""
        learner = self.learner
        return len(self.store.attempts(learner)), len(self.store.events(learner))

    def change_handle(self, new: str) -> Renamed:
        """Take on a new handle, and the learner's whole log with it (one transaction)."""
        from tutor.app.settings import HANDLE
        from tutor.base.errors import ConfigError

        if not HANDLE.match(new):
            raise ConfigError(
                f"handle {new!r} must be lowercase letters, digits and '-'",
                hint="e.g. tutor config --handle ada-lovelace",
            )
        old = self.learner
        settings = self.settings.with_changes(handle=new)
        from tutor.app.settings import validate_config

        validate_config(settings, self.settings_path)
        attempts, events = self.store.rename_learner(old, new)
        try:
            self.save_settings(settings)
        except TutorError:
            self.store.rename_learner(new, old)  # the settings still say `old`: so does the log
            raise
        self._progress = None
        return Renamed(old, new, attempts, events)


def right_answer(ex: ChoiceExercise | AnswerExercise) -> str:
    if isinstance(ex, ChoiceExercise):
        return "; ".join(ex.options[i] for i in ex.answer)
    return ex.accept[0] if ex.accept else f"something matching {ex.pattern}"


def _is_quiz(ex: AnyExercise) -> bool:
    return not isinstance(ex, CodeExercise)


def _git_handle() -> str | None:
    """A handle from git's user.name, when git and a name are there."""
    import subprocess

    try:
        found = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    name = found.stdout.strip()
    return handle_from_name(name) if found.returncode == 0 and name else None
