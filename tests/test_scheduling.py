"""The scheduler's core with an injected clock: ratings, FSRS over simulated weeks, the 4 a.m.
day, streaks and freezes, mastery with lapses, plan stability, caps and the derived cache."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tutor.base.days import day_start, learning_day
from tutor.curriculum import load_curriculum
from tutor.curriculum.model import Curriculum
from tutor.curriculum.tracks import TrackGap, track_gaps
from tutor.progress.derived import Progress, fold_all, load_progress
from tutor.progress.frontier import Waiting
from tutor.progress.history import (
    ATTEMPTED,
    FAMILIAR,
    MASTERED,
    NOT_STARTED,
    PROFICIENT,
    Entry,
    ExerciseState,
    History,
    end_try,
    settle,
    step,
)
from tutor.progress.mastery import is_rusty, level_of_percent, module_mastery, skill_mastery
from tutor.progress.messages import limit_message
from tutor.progress.plan import DayPlan, Limits, ReadEvents, day_plan, more_plan
from tutor.progress.report import progress_report, standup
from tutor.progress.reviews import AGAIN, EASY, GOOD, HARD, rate
from tutor.progress.streaks import streak
from tutor.progress.workload import review_minutes
from tutor.store import Event, ProgressStore, new_attempt, open_store
from tutor.store.model import Outcome
from tutor.team.summarise import team_summary

REPO = Path(__file__).resolve().parents[1]
BERLIN = ZoneInfo("Europe/Berlin")
MINUTES = {"alpha/add": 3, "alpha/pick": 1, "alpha/say": 1, "beta/primes": 2, "beta/shout": 1}


def minutes_of(key: str) -> int:
    return MINUTES.get(key, 5)


def local(day: date, hour: int, minute: int = 0, zone: tzinfo = BERLIN) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


@pytest.fixture
def curriculum(mini: Path) -> Curriculum:
    return load_curriculum(mini)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ProgressStore]:
    with open_store(tmp_path / "progress.sqlite3") as opened:
        yield opened


class Learner:
    """Records attempts at chosen times and reads progress back the way the CLI does."""

    def __init__(self, store: ProgressStore, curriculum: Curriculum, cache: Path | None) -> None:
        self.store = store
        self.curriculum = curriculum
        self.cache = cache

    def attempt(
        self,
        key: str,
        at: datetime,
        outcome: Outcome = "passed",
        *,
        score: float | None = None,
        hints: int = 0,
        seconds: float = 100.0,
        revealed: bool = False,
        started: datetime | None = None,  # another check of the try begun then
    ) -> None:
        finished = at.astimezone(UTC)
        self.store.record(
            new_attempt(
                learner="ana",
                key=key,
                started=started or finished - timedelta(seconds=seconds),
                finished=finished,
                outcome=outcome,
                score=score if score is not None else (1.0 if outcome == "passed" else 0.0),
                hints_used=hints,
                seconds=seconds,
                revealed=revealed,
            )
        )

    def read(self, lesson: str, at: datetime) -> None:
        self.store.record_event(Event("ana", lesson, at.astimezone(UTC), "read"))

    def progress(self, now: datetime) -> Progress:
        return load_progress(
            self.store,
            "ana",
            now=now,
            zone=BERLIN,
            minutes_of=minutes_of,
            curriculum_digest=b"test",
            cache_dir=self.cache,
        )

    def day(
        self,
        now: datetime,
        limits: Limits | None = None,
        track: str = "",
        reads: ReadEvents | None = None,
    ) -> DayPlan:
        progress = self.progress(now)
        return day_plan(
            self.curriculum,
            progress.morning,
            progress.today_entries,
            progress.today,
            limits or Limits(budget=60),
            track=track,
            zone=BERLIN,
            read_events=reads or (lambda: self.store.events("ana", kind="read")),
        )

    def plan(self, now: datetime, limits: Limits | None = None, track: str = "") -> list[str]:
        return [item.exercise.key for item in self.day(now, limits, track).remaining]


@pytest.fixture
def ana(store: ProgressStore, curriculum: Curriculum, tmp_path: Path) -> Learner:
    return Learner(store, curriculum, tmp_path / "cache")


# --- ratings and single steps -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("passed", "hints", "failed_before", "seconds", "expected"),
    [
        (False, 0, False, 10, AGAIN),
        (True, 1, False, 10, HARD),
        (True, 0, True, 10, HARD),
        (True, 0, False, 200, GOOD),  # 5-minute estimate: 300 s; over half of it
        (True, 0, False, 150, EASY),  # at most half the estimate
    ],
)
def test_outcomes_map_to_ratings(
    passed: bool, hints: int, failed_before: bool, seconds: float, expected: int
) -> None:
    rating = rate(
        passed=passed, hints_used=hints, failed_before=failed_before, seconds=seconds, minutes=5
    )
    assert rating == expected


def steps(*attempts: tuple[int, str, float] | tuple[int, str, float, int]) -> list[ExerciseState]:
    """Fold (day offset, outcome, score[, try]) attempts at one exercise; the state after each.

    Each attempt is a try of its own unless it names a try: attempts naming the same try are
    its checks (drafts, then perhaps a pass), as a learner runs them while editing.
    """
    state = ExerciseState()
    states = []
    base = local(date(2026, 3, 2), 10)
    for n, (offset, outcome, score, *named) in enumerate(attempts):
        at = base + timedelta(days=offset, minutes=n)
        finished_us = int(at.timestamp() * 1e6)
        started_us = -named[0] if named else finished_us - 200_000_000
        seconds = (finished_us - started_us) / 1e6 if not named else 200.0
        entry = Entry(finished_us, "alpha/add", outcome, score, 0, seconds, started_us)
        day = learning_day(at, BERLIN).toordinal()
        state = end_try(state, started_us, day)
        state = step(state, entry, at, day, minutes_of)
        states.append(state)
    return states


def test_mastery_climbs_through_every_level_and_a_lapse_drops_one() -> None:
    levels = [
        s.level
        for s in steps(
            (0, "failed", 0.5),  # attempted: under 70 % of the checks
            (0, "failed", 0.8),  # familiar
            (0, "passed", 1.0),  # proficient, first pass: becomes a review item
            (3, "passed", 1.0),  # a review 3 days later: not yet mastered
            (10, "passed", 1.0),  # a review 10 days after proficiency: mastered
            (40, "failed", 0.5),  # a failed review: a lapse once its try ends
            (40, "passed", 1.0),  # the next try ends it: one level down; no second review
            (45, "passed", 1.0),  # a review 5 days after the lapse: still proficient
            (49, "passed", 1.0),  # 9 days after the lapse: mastered again
        )
    ]
    assert levels == [
        ATTEMPTED,
        FAMILIAR,
        PROFICIENT,
        PROFICIENT,
        MASTERED,
        MASTERED,
        PROFICIENT,
        PROFICIENT,
        MASTERED,
    ]


def test_failed_drafts_before_the_first_pass_rate_it_hard_and_are_no_leech() -> None:
    states = steps(*[(0, "failed", 0.0, 1)] * 8, (0, "passed", 1.0, 1))
    assert states[-1].lapses == 0 and not states[-1].leech
    assert states[-1].tries == 1
    first_clean = steps((0, "passed", 1.0))[-1]
    assert states[-1].card is not None and first_clean.card is not None
    # Hard schedules sooner than Good on a new card.
    assert states[-1].card.due_us < first_clean.card.due_us


def test_a_review_try_that_fails_drafts_then_passes_is_no_lapse() -> None:
    reviewed = steps((0, "passed", 1.0), *[(5, "failed", 0.0, 2)] * 8, (5, "passed", 1.0, 2))[-1]
    assert reviewed.lapses == 0 and reviewed.level == PROFICIENT
    clean = steps((0, "passed", 1.0), (5, "passed", 1.0))[-1]
    assert reviewed.card is not None and clean.card is not None
    assert reviewed.card.due_us < clean.card.due_us  # rated Hard: checks failed on the way


def test_eight_failed_reviews_make_a_leech() -> None:
    failing = [(day, "failed", 0.0) for day in range(5, 45, 5)]
    states = steps((0, "passed", 1.0), *failing, (50, "passed", 1.0))
    assert [s.lapses for s in states] == [0, 0, 1, 2, 3, 4, 5, 6, 7, 8]
    assert states[-1].leech and not states[-2].leech


def test_a_failed_review_try_lapses_when_its_day_ends() -> None:
    passed, failed = steps((0, "passed", 1.0), (5, "failed", 0.0))
    assert failed.lapses == 0 and failed.lapse_us  # its try may still pass today
    history = History({"alpha/add": failed})
    settle(history, learning_day(local(date(2026, 3, 7), 23), BERLIN))  # the same day
    assert history.exercises["alpha/add"] == failed
    settle(history, date(2026, 3, 8))
    settled = history.exercises["alpha/add"]
    assert settled.lapses == 1 and settled.level == passed.level - 1
    assert settled.card is not None and passed.card is not None
    assert settled.card.last_review_us == failed.lapse_us  # reviewed Again when it failed


def test_a_pass_after_a_revealed_solution_is_hard_and_at_most_familiar() -> None:
    base = local(date(2026, 3, 2), 10)
    us = int(base.timestamp() * 1e6)
    day = learning_day(base, BERLIN).toordinal()
    revealed = Entry(us, "alpha/add", "passed", 1.0, 0, 200.0, us - 1, revealed=True)
    state = step(ExerciseState(), revealed, base, day, minutes_of)
    assert state.level == FAMILIAR
    own = step(ExerciseState(), revealed._replace(revealed=False), base, day, minutes_of)
    assert own.level == PROFICIENT
    assert state.card is not None and own.card is not None
    assert state.card.due_us < own.card.due_us  # Hard, not Good or Easy


def test_a_review_is_rated_once_a_day() -> None:
    once = steps((0, "passed", 1.0), (5, "failed", 0.0), (5, "passed", 1.0))[-1]
    thrice = steps(
        (0, "passed", 1.0),
        (5, "failed", 0.0),
        (5, "passed", 1.0),
        (5, "failed", 0),
        (5, "passed", 1),
    )[-1]
    assert once.card == thrice.card and once.lapses == thrice.lapses == 1


# --- days, time zones and streaks -------------------------------------------------------------


def test_the_day_starts_at_4_am_local_time() -> None:
    monday = date(2026, 3, 2)
    assert learning_day(local(monday, 3, 59), BERLIN) == monday - timedelta(days=1)
    assert learning_day(local(monday, 4, 0), BERLIN) == monday
    # The same instant is another learning day in another zone.
    instant = datetime(2026, 3, 2, 2, 30, tzinfo=UTC)  # 03:30 in Berlin, 21:30 in New York
    assert learning_day(instant, BERLIN) == date(2026, 3, 1)
    assert learning_day(instant, ZoneInfo("Asia/Tokyo")) == date(2026, 3, 2)  # 11:30
    assert learning_day(instant, timezone(timedelta(hours=-5))) == date(2026, 3, 1)
    # Across a DST change the boundary stays at 4 a.m. local.
    assert day_start(date(2026, 3, 29), BERLIN) == datetime(2026, 3, 29, 2, 0, tzinfo=UTC)
    assert day_start(date(2026, 3, 28), BERLIN) == datetime(2026, 3, 28, 3, 0, tzinfo=UTC)


def days(start: date, *offsets: int) -> set[date]:
    return {start + timedelta(days=n) for n in offsets}


D0 = date(2026, 1, 5)


def test_streak_counts_consecutive_days_and_today_is_not_missed_until_it_ends() -> None:
    active = days(D0, 0, 1, 2)
    assert streak(active, D0 + timedelta(days=2))[:3] == (3, 3, 0)
    assert streak(active, D0 + timedelta(days=3))[:3] == (3, 3, 0)  # today not done yet
    assert streak(active, D0 + timedelta(days=4))[:3] == (0, 3, 0)  # yesterday missed
    assert streak(set(), D0) == (0, 0, 0, frozenset())


def test_freezes_are_earned_weekly_banked_up_to_two_and_spent_on_missed_days() -> None:
    # 14 days in a row earn 2 freezes; then days 14 and 15 are missed, 16 is done.
    active = days(D0, *range(14), 16)
    result = streak(active, D0 + timedelta(days=16))
    assert result.current == 15 and result.freezes == 0
    assert result.frozen == days(D0, 14, 15)
    # 21 days in a row would earn a third, but the bank holds two.
    assert streak(days(D0, *range(21)), D0 + timedelta(days=20)).freezes == 2
    # Three missed days with two freezes: the streak ends.
    broken = streak(days(D0, *range(14), 17), D0 + timedelta(days=17))
    assert broken.current == 1 and broken.longest == 14


# --- the plan ---------------------------------------------------------------------------------


def test_a_new_learner_gets_the_frontier_in_track_order(ana: Learner) -> None:
    assert ana.plan(local(D0, 9)) == ["alpha/add", "alpha/pick", "alpha/say"]


def test_weeks_of_daily_learning_follow_the_fsrs_schedule(ana: Learner) -> None:
    """Each day the learner does the whole plan, cleanly; the plan of each day is checked."""
    plans: dict[int, list[str]] = {}
    for n in range(100):
        now = local(D0 + timedelta(days=n), 9)
        plan = ana.plan(now)
        plans[n] = plan
        for key in plan:
            ana.attempt(key, now, seconds=120)
    assert plans[0] == ["alpha/add", "alpha/pick", "alpha/say"]
    # Day 1: alpha is learned, so beta is on the frontier; nothing is due yet.
    assert plans[1] == ["beta/primes", "beta/shout"]
    # Reviews come back at growing intervals: count the days each exercise was reviewed.
    reviewed = {key: [n for n, p in plans.items() if key in p][1:] for key in MINUTES}
    for key, review_days in reviewed.items():
        assert len(review_days) >= 3, (key, review_days)
        gaps = [b - a for a, b in itertools.pairwise(review_days)]
        assert gaps == sorted(gaps) and gaps[-1] > gaps[0], (key, review_days)
    # Items due on a day come back as reviews, not as new items.
    items = ana.day(local(D0 + timedelta(days=100), 9)).items
    assert all(item.kind == "review" for item in items)


def test_overdue_reviews_come_first_least_recallable_first(ana: Learner) -> None:
    ana.attempt("alpha/add", local(D0, 9))
    ana.attempt("alpha/pick", local(D0 + timedelta(days=6), 9))
    ana.attempt("alpha/say", local(D0 + timedelta(days=6), 9), hints=1)
    later = local(D0 + timedelta(days=60), 9)
    plan = ana.day(later)
    items, backlog = plan.items, plan.backlog
    assert backlog == 3
    # Passed with a hint (Hard: lower stability) six days later still fades fastest.
    assert [i.exercise.key for i in items[:3]] == ["alpha/say", "alpha/add", "alpha/pick"]
    assert items[0].reason.startswith("review, due ") and items[0].reason.endswith("days ago")
    assert [i.kind for i in items] == ["review"] * 3 + ["new"] * 2


def test_the_plan_is_stable_within_a_day_minus_what_is_done(ana: Learner) -> None:
    morning = ana.plan(local(D0, 9))
    assert ana.plan(local(D0, 13)) == morning
    ana.attempt("alpha/pick", local(D0, 14))
    ana.attempt("alpha/add", local(D0, 14, 5), outcome="failed", score=0.5)  # code: not done
    assert ana.plan(local(D0, 23)) == ["alpha/add", "alpha/say"]
    # Past midnight but before 4 a.m. it is still the same day.
    assert ana.plan(local(D0 + timedelta(days=1), 3, 30)) == ["alpha/add", "alpha/say"]
    # The next day's plan is made afresh.
    assert ana.plan(local(D0 + timedelta(days=1), 4, 0)) == ["alpha/add", "alpha/say"]


def test_budget_and_caps(ana: Learner) -> None:
    now = local(D0, 9)
    assert ana.plan(now, Limits(budget=1)) == ["alpha/add"]  # the first item always fits
    # alpha/add: 3 minutes and a minute of reading its lesson; alpha/pick: 1.
    assert ana.plan(now, Limits(budget=5)) == ["alpha/add", "alpha/pick"]
    assert ana.plan(now, Limits(budget=60, new_per_day=1)) == ["alpha/add"]
    for key in ("alpha/add", "alpha/pick", "alpha/say"):
        ana.attempt(key, now)
    later = local(D0 + timedelta(days=90), 9)
    # Three reviews due, a cap of two: the backlog blocks new items.
    assert ana.plan(later, Limits(budget=60, reviews_per_day=2)) == ["alpha/add", "alpha/pick"]
    assert ana.plan(later, Limits(budget=60, reviews_per_day=3))[3:] == [
        "beta/primes",
        "beta/shout",
    ]


# --- tracks -----------------------------------------------------------------------------------


def write_curriculum(
    root: Path,
    modules: Mapping[str, tuple[tuple[str, ...], tuple[int, ...]]],
    tracks: Mapping[str, tuple[str, ...]],
    words: int = 10,
) -> Curriculum:
    """A curriculum of quizzes: module id -> (prerequisites, each quiz's minutes), one lesson
    of `words` words each."""
    lines = ["format: 1", "title: Generated", "tracks:"]
    for track, listed in tracks.items():
        lines += [f"  - id: {track}", f"    title: {track}", f"    modules: [{', '.join(listed)}]"]
    root.mkdir()
    (root / "curriculum.yaml").write_text("\n".join(lines) + "\n")
    for module_id, (prerequisites, minutes) in modules.items():
        (root / module_id / "lessons").mkdir(parents=True)
        (root / module_id / "lessons" / "l.md").write_text("word " * words)
        quizzes = "".join(
            f"      - {{id: q{n}, type: choice, question: Q?, options: [a, b], answer: 0, "
            f"minutes: {m}}}\n"
            for n, m in enumerate(minutes, 1)
        )
        (root / module_id / "module.yaml").write_text(
            f"id: {module_id}\ntitle: {module_id}\nsummary: S.\nlevel: beginner\nskills: [s]\n"
            f"prerequisites: [{', '.join(prerequisites)}]\n"
            f"lessons:\n  - id: l\n    title: L\n    file: lessons/l.md\n    exercises:\n{quizzes}"
        )
    return load_curriculum(root)


CROSS = {"ml": ("x", "s"), "df": ("p", "q")}


def test_tracks_not_closed_under_prerequisites_are_listed(tmp_path: Path) -> None:
    modules = {"x": ((), (1,)), "p": (("r",), (1,)), "q": ((), (1,)), "r": ((), (1,))}
    modules["s"] = (("x", "p"), (1,))
    curriculum = write_curriculum(tmp_path / "c", modules, CROSS)
    gaps = track_gaps(curriculum)
    assert gaps == [
        TrackGap("ml", "s", "p", "df"),
        TrackGap("ml", "p", "r", None),  # followed through the prerequisite the track lacks
        TrackGap("df", "p", "r", None),
    ]
    assert gaps[0].message == (
        "track 'ml': s needs p (from the df track); learners of ml are served p first. List it "
        "in the track, or leave it to the plan"
    )
    assert "(which no track lists)" in gaps[1].message
    assert track_gaps(load_curriculum(REPO / "curriculum")) == []  # the shipped tracks are closed


# --- sharing the day, limits, lessons, prerequisites, and more --------------------------------


def learner_of(
    store: ProgressStore,
    tmp_path: Path,
    *modules: tuple[str, tuple[str, ...], tuple[int, ...]],
    tracks: Mapping[str, tuple[str, ...]] | None = None,
    words: int = 10,
) -> Learner:
    table = {module_id: (prerequisites, minutes) for module_id, prerequisites, minutes in modules}
    curriculum = write_curriculum(
        tmp_path / "generated", table, tracks or {"t": tuple(table)}, words
    )
    return Learner(store, curriculum, None)


def kinds(plan: DayPlan) -> list[str]:
    return [item.kind for item in plan.items]


@pytest.fixture
def twelve_due(store: ProgressStore, tmp_path: Path) -> Learner:
    """Twelve 2-minute quizzes of module a passed a month ago (all due: a minute each to
    review), and module b, which needs a, new."""
    learner = learner_of(store, tmp_path, ("a", (), (2,) * 12), ("b", ("a",), (2, 2, 2)))
    for n in range(1, 13):
        learner.attempt(f"a/q{n}", local(D0, 9))
    return learner


LATER = local(D0 + timedelta(days=30), 10)


def test_a_review_is_planned_at_a_share_of_its_first_time_minutes(ana: Learner) -> None:
    assert [review_minutes(m) for m in (1, 2, 3, 7, 10, 15)] == [1, 1, 2, 3, 4, 6]
    for key in ("alpha/add", "alpha/pick", "alpha/say"):
        ana.attempt(key, local(D0, 9))
    reviews = [i for i in ana.day(local(D0 + timedelta(days=60), 9)).items if i.kind == "review"]
    assert [(i.exercise.key, i.minutes) for i in reviews] == [
        ("alpha/add", 2),  # a 3-minute code exercise
        ("alpha/pick", 1),
        ("alpha/say", 1),
    ]


def test_new_work_keeps_a_share_of_the_day_while_reviews_are_due(twelve_due: Learner) -> None:
    plan = twelve_due.day(LATER, Limits(budget=12))
    # A third of 12 minutes (4) is kept for b/q1 (2 minutes, 1 of reading); reviews get 8, and
    # the minute new work left over.
    assert kinds(plan) == ["review"] * 9 + ["new"]
    assert plan.minutes == 12 and plan.postponed == 3 and plan.limit == "budget"
    # Postponed by priority: the nine planned are the least recallable, in order.
    assert [i.exercise.key for i in plan.items[:9]] == sorted(f"a/q{n}" for n in range(1, 13))[:9]
    message = limit_message(plan)
    assert message == (
        "Your 12-minute budget is used; 3 due reviews wait for another day, the least "
        "recallable planned first. `tutor today --more` goes on."
    )
    assert "cap" not in message  # the review cap (50) did not apply, the budget did


def test_a_budget_with_room_left_names_what_did_not_fit(
    store: ProgressStore, tmp_path: Path
) -> None:
    """'Your budget is used' with 9 of 12 minutes planned read as wrong: the item next in line
    is longer than what is left, and the message says so."""
    learner = learner_of(store, tmp_path, ("m", (), (8, 6)))
    plan = learner.day(local(D0, 9), Limits(budget=12))
    assert [i.exercise.key for i in plan.items] == ["m/q1"] and plan.minutes == 9
    assert plan.limit == "budget" and plan.next_up is not None
    assert limit_message(plan) == (
        "Your 12-minute budget is used but for 3 minutes: next would be m/q2 (~6 min). "
        "`tutor today --more` goes on."
    )


def test_the_reserve_goes_back_to_reviews_when_new_work_stops_early(twelve_due: Learner) -> None:
    plan = twelve_due.day(LATER, Limits(budget=15, new_per_day=1))
    assert kinds(plan) == ["review"] * 12 + ["new"]  # 10 in the reviews' share, 2 after b/q1
    assert plan.limit == "new_per_day" and plan.new_today == 1
    assert limit_message(plan) == (
        "That is 1 new exercise today, your daily cap of 1 (`tutor config --new-per-day`). "
        "`tutor today --more` goes on."
    )


def test_a_backlog_over_two_budgets_pauses_new_work(twelve_due: Learner) -> None:
    plan = twelve_due.day(LATER, Limits(budget=5))
    assert kinds(plan) == ["review"] * 5
    assert (plan.limit, plan.backlog, plan.due_minutes) == ("backlog", 12, 12)
    assert limit_message(plan) == (
        "12 reviews are due, about 12 minutes: more than 2 days of your 5-minute budget, so new "
        "exercises pause until the reviews are caught up."
    )
    assert twelve_due.day(LATER, Limits(budget=6)).limit == "budget"  # 12 = two budgets: new


def test_more_due_than_the_review_cap_holds_new_work(twelve_due: Learner) -> None:
    plan = twelve_due.day(LATER, Limits(budget=60, reviews_per_day=10))
    assert kinds(plan) == ["review"] * 10 and plan.limit == "reviews_per_day"
    assert limit_message(plan) == (
        "12 reviews are due, more than your cap of 10 a day: new exercises wait until the "
        "backlog is under it (`tutor config --reviews-per-day`)."
    )


def test_nothing_new_left_is_the_frontier(ana: Learner) -> None:
    for key in MINUTES:
        ana.attempt(key, local(D0, 9))
    plan = ana.day(local(D0 + timedelta(days=1), 10))  # every exercise passed, none due yet
    assert plan.items == [] and plan.limit == "frontier"
    assert limit_message(plan).startswith("Nothing new left to learn")


def test_new_work_waiting_for_a_prerequisite_says_which(
    store: ProgressStore, tmp_path: Path
) -> None:
    learner = learner_of(store, tmp_path, ("a", (), (1, 1)), ("b", ("a",), (1,)))
    learner.attempt("a/q1", local(D0, 9))
    learner.attempt("a/q2", local(D0, 9), revealed=True)  # familiar at most: a is not learned
    plan = learner.day(local(D0 + timedelta(days=1), 10))
    assert plan.limit == "prerequisites" and plan.waiting == Waiting("b", ("a",))
    assert limit_message(plan) == (
        "New exercises wait for a, which b needs: pass its exercises on your own when they "
        "come back as reviews."
    )


def test_a_begun_module_stays_open_when_a_prerequisite_lapses(
    store: ProgressStore, tmp_path: Path
) -> None:
    learner = learner_of(store, tmp_path, ("a", (), (1,)), ("b", ("a",), (1, 1)))
    learner.attempt("a/q1", local(D0, 9))
    learner.attempt("b/q1", local(D0 + timedelta(days=1), 9))
    learner.attempt("a/q1", local(D0 + timedelta(days=30), 9), outcome="failed")  # a lapse
    progress = learner.progress(local(D0 + timedelta(days=31), 10))
    assert progress.morning.state("a/q1").level == FAMILIAR  # a is no longer learned
    assert "b/q2" in learner.plan(local(D0 + timedelta(days=31), 10))


def test_a_track_brings_in_a_prerequisite_from_another_track_and_says_so(
    store: ProgressStore, tmp_path: Path
) -> None:
    learner = learner_of(
        store,
        tmp_path,
        ("x", (), (1,)),
        ("p", (), (1,)),
        ("q", ("p",), (1,)),
        ("s", ("x", "p"), (1,)),
        tracks=CROSS,
    )
    for n, expected in enumerate([["x/q1", "p/q1"], ["s/q1", "q/q1"]]):
        day = local(D0 + timedelta(days=n), 9)
        plan = learner.day(day, track="ml")
        assert [i.exercise.key for i in plan.items] == expected
        for key in expected:
            learner.attempt(key, day)
        if n == 0:
            assert [i.reason for i in plan.items] == [
                "new in x",
                "new in p: s needs it first, from the df track",
            ]
        else:
            assert [i.reason for i in plan.items] == ["new in s", "new in q, from the df track"]


def test_the_new_per_day_cap_and_the_budget_hold_across_a_track_switch(
    store: ProgressStore, tmp_path: Path
) -> None:
    learner = learner_of(
        store,
        tmp_path,
        ("a", (), (1,) * 6),
        ("b", (), (1,) * 6),
        tracks={"t1": ("a",), "t2": ("b",)},
    )
    now = local(D0, 9)
    capped = Limits(budget=60, new_per_day=4)
    first = learner.day(now, capped, track="t1")
    assert [i.exercise.key for i in first.items] == ["a/q1", "a/q2", "a/q3", "a/q4"]
    for item in first.items:
        learner.attempt(item.exercise.key, now)
    switched = learner.day(local(D0, 10), capped, track="t2")
    assert switched.remaining == [] and switched.new_today == 4
    assert switched.limit == "new_per_day" and len(switched.done) == 4
    # The budget too: 5 minutes (a/q1 with its lesson's minute, then three) were used in t1.
    assert learner.plan(local(D0, 10), Limits(budget=5), track="t2") == []
    assert learner.day(local(D0, 10), Limits(budget=5), track="t2").limit == "budget"


def test_the_plan_holds_all_day_whatever_order_its_items_are_done_in(
    twelve_due: Learner,
) -> None:
    import random

    limits = Limits(budget=14)
    morning = twelve_due.day(LATER, limits)
    keys = [i.exercise.key for i in morning.items]
    assert "new" in kinds(morning) and morning.postponed  # both parts, and a budget that binds
    order = keys[:]
    random.Random(3).shuffle(order)
    for n, key in enumerate(order):
        twelve_due.attempt(key, LATER + timedelta(minutes=n + 1))
        again = twelve_due.day(LATER + timedelta(minutes=n + 2), limits)
        assert [i.exercise.key for i in again.items] == keys
        assert again.done == set(order[: n + 1])


def test_more_goes_on_with_due_reviews_beyond_the_caps_then_new_work(
    twelve_due: Learner,
) -> None:
    limits = Limits(budget=60, reviews_per_day=10)
    plan = twelve_due.day(LATER, limits)
    progress = twelve_due.progress(LATER)

    def more(minutes: int | None = None) -> list[str]:
        found = more_plan(
            twelve_due.curriculum, progress.now, plan, progress.today, zone=BERLIN, minutes=minutes
        )
        return [f"{i.kind} {i.exercise.key}" for i in found]

    # The ten planned were a/q1, a/q10 to a/q12, a/q2 to a/q7 (equally recallable: by key).
    assert more() == ["review a/q8", "review a/q9", "new b/q1", "new b/q2", "new b/q3"]
    assert more(minutes=2) == ["review a/q8", "review a/q9"]


def test_more_follows_what_was_learned_today_and_ends_empty(ana: Learner) -> None:
    now = local(D0, 9)
    plan = ana.day(now)
    for item in plan.items:  # alpha, all of it: beta opens today, not only tomorrow
        ana.attempt(item.exercise.key, now)
    progress = ana.progress(local(D0, 10))
    plan = ana.day(local(D0, 10))
    found = more_plan(ana.curriculum, progress.now, plan, progress.today, zone=BERLIN)
    assert [i.exercise.key for i in found] == ["beta/primes", "beta/shout"]
    for item in found:
        ana.attempt(item.exercise.key, local(D0, 11))
    progress = ana.progress(local(D0, 12))
    assert more_plan(ana.curriculum, progress.now, plan, progress.today, zone=BERLIN) == []


def test_a_lesson_not_read_counts_its_reading_time_once_and_is_offered_first(
    store: ProgressStore, tmp_path: Path
) -> None:
    learner = learner_of(store, tmp_path, ("a", (), (2, 2, 2)), words=1000)  # 5 min reading
    now = local(D0, 9)
    plan = learner.day(now)
    assert [(i.minutes, i.reading) for i in plan.items] == [(7, 5), (2, 0), (2, 0)]
    lesson = plan.items[0].lesson
    assert lesson is not None and lesson.id == "l"
    assert [i.lesson for i in plan.remaining] == [lesson, None, None]  # offered once, first
    assert learner.plan(now, Limits(budget=8)) == ["a/q1"]  # the reading counts in the budget
    learner.attempt("a/q1", now)  # done without reading it: offered on the next one
    assert [i.lesson for i in learner.day(now).remaining] == [lesson, None]
    learner.read("a/l", now)  # read today: no longer offered, still counted (the plan holds)
    today = learner.day(now)
    assert [i.lesson for i in today.remaining] == [None, None] and today.minutes == 11
    tomorrow = learner.day(now + timedelta(days=1))  # read before: nothing to read
    assert [(i.minutes, i.lesson) for i in tomorrow.items] == [(2, None), (2, None)]


def test_a_review_planned_before_its_lessons_new_exercise_offers_the_lesson_and_its_minutes(
    store: ProgressStore, tmp_path: Path
) -> None:
    learner = learner_of(store, tmp_path, ("a", (), (2, 2, 2)), words=1000)  # 5 min reading
    learner.attempt("a/q1", local(D0, 9))  # done without reading the lesson
    later = local(D0 + timedelta(days=30), 9)
    plan = learner.day(later)
    assert [(i.exercise.key, i.kind) for i in plan.items][:2] == [
        ("a/q1", "review"),
        ("a/q2", "new"),
    ]
    assert plan.items[1].reading == 5  # counted with the first new exercise, as planned
    first, second, *_ = plan.remaining  # the session offers the lesson before the review
    assert first.lesson is not None and first.reading == 5
    assert first.minutes == plan.items[0].minutes + 5
    assert second.lesson is None and second.reading == 0 and second.minutes == 2
    assert sum(i.minutes for i in plan.remaining) == plan.minutes


def test_the_plan_reads_only_the_lessons_it_plans_and_asks_for_reads_only_then(
    store: ProgressStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    learner = learner_of(store, tmp_path, ("a", (), (1,)), ("b", ("a",), (1,)))
    opened: list[str] = []
    read_text = Path.read_text

    def spy(path: Path, *args: object, **kwargs: object) -> str:
        if path.suffix == ".md":
            opened.append(path.parent.parent.name)
        return read_text(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", spy)
    asked: list[int] = []

    def reads() -> list[Event]:
        asked.append(1)
        return []

    assert [i.exercise.key for i in learner.day(local(D0, 9), reads=reads).items] == ["a/q1"]
    assert opened == ["a"] and asked == [1]  # b waits for a: its lesson is not read
    learner.attempt("a/q1", local(D0, 9))
    learner.attempt("b/q1", local(D0, 9))
    opened.clear()
    asked.clear()
    reviews = learner.day(local(D0 + timedelta(days=40), 9), reads=reads).items
    assert [i.kind for i in reviews] == ["review"] * 2
    assert opened == [] and asked == []  # only reviews: no lesson, no question to the store


# --- the derived cache ------------------------------------------------------------------------


def test_the_cache_always_equals_a_fold_of_the_whole_log(ana: Learner) -> None:
    for n in range(12):
        now = local(D0 + timedelta(days=n), 9)
        for key in ana.plan(now):
            outcome: Outcome = "failed" if (n + len(key)) % 3 == 0 else "passed"
            ana.attempt(key, now, outcome=outcome)
        today = learning_day(now, BERLIN)
        expected = fold_all(ana.store.attempts("ana"), minutes_of, BERLIN, today)
        # Folded afresh from the cache, then served again with nothing new in the log.
        for _ in range(2):
            progress = ana.progress(now + timedelta(hours=1))
            assert progress.now.exercises == expected.exercises
            assert progress.now.days == expected.days
            assert progress.now.recent.get(progress.today) == expected.recent.get(progress.today)


def test_an_imported_older_attempt_rebuilds_the_cache(ana: Learner) -> None:
    ana.attempt("alpha/add", local(D0, 9))
    ana.progress(local(D0 + timedelta(days=3), 9))  # cached, with alpha/add passed
    # An attempt recorded now that finished before the cached morning (as an import does).
    ana.attempt("alpha/pick", local(D0 + timedelta(days=1), 9))
    progress = ana.progress(local(D0 + timedelta(days=3), 10))
    assert progress.morning.state("alpha/pick").level == PROFICIENT
    assert progress.morning.days.keys() == {D0, D0 + timedelta(days=1)}


def test_a_new_database_at_the_same_path_is_not_served_the_old_cache(
    tmp_path: Path, curriculum: Curriculum
) -> None:
    cache = tmp_path / "cache"
    path = tmp_path / "db.sqlite3"
    with open_store(path) as first:
        learner = Learner(first, curriculum, cache)
        learner.attempt("alpha/add", local(D0, 9))
        assert learner.progress(local(D0, 10)).now.state("alpha/add").level == PROFICIENT
    path.unlink()
    with open_store(path) as second:
        learner = Learner(second, curriculum, cache)
        assert learner.progress(local(D0, 10)).now.state("alpha/add").level == NOT_STARTED


# --- views ------------------------------------------------------------------------------------


def test_module_and_skill_mastery_average_points(ana: Learner) -> None:
    ana.attempt("alpha/add", local(D0, 9))  # proficient: 80
    ana.attempt("alpha/pick", local(D0, 9), outcome="failed")  # attempted: 20
    now = ana.progress(local(D0, 10)).now
    mastery = module_mastery(ana.curriculum.outlines["alpha"], now)
    assert mastery.percent == pytest.approx(100 / 3)  # (80 + 20 + 0) / 3
    assert mastery.level == ATTEMPTED
    assert skill_mastery(ana.curriculum, now)["arithmetic"].percent == pytest.approx(100 / 3)
    assert level_of_percent(80, True) == PROFICIENT and level_of_percent(99, True) == PROFICIENT
    assert level_of_percent(100, True) == MASTERED and level_of_percent(0, False) == NOT_STARTED


def test_a_mastered_exercise_goes_rusty_when_recall_fades(ana: Learner) -> None:
    ana.attempt("alpha/add", local(D0, 9))
    ana.attempt("alpha/add", local(D0 + timedelta(days=9), 9))
    now = ana.progress(local(D0 + timedelta(days=9), 10)).now
    assert now.state("alpha/add").level == MASTERED
    assert not is_rusty("alpha/add", now, local(D0 + timedelta(days=10), 9))
    assert is_rusty("alpha/add", now, local(D0 + timedelta(days=400), 9))


def test_progress_report_standup_and_team_summary(ana: Learner) -> None:
    yesterday = D0 + timedelta(days=1)
    ana.attempt("alpha/add", local(D0, 9))
    ana.attempt("alpha/pick", local(yesterday, 9))
    ana.attempt("alpha/say", local(yesterday, 9, 5), seconds=240)
    for n in range(8):
        ana.attempt("beta/shout", local(yesterday, 10, n), outcome="failed")
    today = local(D0 + timedelta(days=2), 9)
    progress = ana.progress(today)
    report = progress_report(ana.curriculum, progress, BERLIN)
    assert report.streak.current == 2 and report.days == {D0: 1, yesterday: 10}
    assert report.leeches == []  # eight failed tries at a new exercise are no lapses
    data = report.to_json()
    assert data["skills"]["arithmetic"]["level_name"] == "proficient"
    plan = day_plan(
        ana.curriculum,
        progress.morning,
        progress.today_entries,
        progress.today,
        Limits(60),
        zone=BERLIN,
    )
    note = standup(ana.curriculum, progress, plan)
    assert note.exercises == [
        ("alpha/pick", "passed"),
        ("alpha/say", "passed"),
        ("beta/shout", "failed"),
    ]
    assert round(note.seconds) == 100 + 240 + 8 * 100
    # alpha went from 1 of 3 proficient to all 3: (80 + 0 + 0) / 3 -> 80.
    assert [(m, round(b), round(a)) for m, b, a in note.modules] == [
        ("alpha", 27, 80),
        ("beta", 0, 10),
    ]
    member = team_summary(ana.curriculum, progress, handle="ana", name="Ana")
    assert dict(member.skills) == {"arithmetic": PROFICIENT, "logic": ATTEMPTED}
    assert member.proficient == ("alpha",) and member.mastered == ()
    assert (member.streak, member.longest_streak, member.last_active) == (2, 2, yesterday)


def test_standup_counts_the_time_of_a_try_of_many_checks_once(ana: Learner) -> None:
    """Each check of a try reports the time since the try began: a draft checked at 10 and
    20 minutes, then passed at 30, is 30 minutes of work, not 60."""
    yesterday = D0 + timedelta(days=1)
    began = local(yesterday, 9)
    for minute, outcome in ((10, "failed"), (20, "failed"), (30, "passed")):
        ana.attempt(
            "alpha/add", local(yesterday, 9, minute), outcome, seconds=minute * 60, started=began
        )
    progress = ana.progress(local(D0 + timedelta(days=2), 9))
    plan = day_plan(
        ana.curriculum, progress.morning, progress.today_entries, progress.today, Limits(60)
    )
    note = standup(ana.curriculum, progress, plan)
    assert note.exercises == [("alpha/add", "passed")]
    assert round(note.seconds) == 30 * 60 == round(progress.morning.days[yesterday].seconds)


def test_history_copies_do_not_share_state() -> None:
    base = History()
    copy = base.copy()
    copy.exercises["x"] = ExerciseState(tries=1)
    assert "x" not in base.exercises


def test_an_unreadable_or_foreign_cache_file_is_a_miss(ana: Learner) -> None:
    import pickle

    from tutor.progress.derived import _Snapshot

    ana.attempt("alpha/add", local(D0, 9))
    now = local(D0, 10)
    assert ana.progress(now).now.state("alpha/add").level == PROFICIENT
    assert ana.cache is not None
    (entry,) = (ana.cache / "progress").iterdir()
    half_made = object.__new__(_Snapshot)  # as an older version's snapshot would load
    half_made.key = b"?"
    for content in (b"garbage", pickle.dumps({"a": 1}), pickle.dumps(half_made)):
        entry.write_bytes(content)
        assert ana.progress(now).now.state("alpha/add").level == PROFICIENT


def test_the_team_from_a_shared_store(ana: Learner) -> None:
    from tutor.team.summarise import team_from_store

    ana.attempt("alpha/add", local(D0, 9))
    ana.store.record(
        new_attempt(
            learner="bo",
            key="alpha/pick",
            started=local(D0, 9),
            finished=local(D0, 9, 1),
            outcome="failed",
            score=0.0,
            hints_used=0,
            seconds=60.0,
        )
    )
    team = team_from_store(
        ana.store, ana.curriculum, now=local(D0, 12), zone=BERLIN, names={"ana": "Ana Lima"}
    )
    assert [(m.handle, m.name) for m in team] == [("ana", "Ana Lima"), ("bo", "bo")]
    assert team[0].skills["arithmetic"] == ATTEMPTED  # (80 + 0 + 0) / 3 of alpha
    assert team[1].skills["arithmetic"] == ATTEMPTED and team[1].streak == 1


@pytest.mark.parametrize("rating", [AGAIN, HARD, GOOD, EASY])
@pytest.mark.parametrize("days", [0, 1, 3, 17, 400])
def test_retrievability_is_fsrs_own(rating: int, days: int) -> None:
    from tutor.progress.reviews import _scheduler, _to_fsrs, retrievability, review

    made = datetime(2026, 1, 5, 9, tzinfo=UTC)
    card = review(review(None, GOOD, made), rating, made + timedelta(days=2))
    at = made + timedelta(days=2 + days, hours=5)
    expected = _scheduler().get_card_retrievability(_to_fsrs(card), at)
    assert retrievability(card, at) == pytest.approx(expected, rel=1e-12)


def test_a_quiz_review_shuffles_its_options_the_same_way_all_day(curriculum: Curriculum) -> None:
    from tutor.curriculum import ChoiceExercise
    from tutor.progress.plan import shuffled_options

    primes = curriculum.exercise("beta/primes")
    assert isinstance(primes, ChoiceExercise)
    orders = {tuple(shuffled_options(primes, D0 + timedelta(days=n))) for n in range(20)}
    assert all(sorted(order) == [0, 1, 2] for order in orders)
    assert len(orders) > 1  # another day, another order
    assert shuffled_options(primes, D0) == shuffled_options(primes, D0)
