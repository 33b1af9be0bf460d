"""What the views show, as plain data: progress and the stand-up note."""

from datetime import date, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, NamedTuple

from tutor.base.days import day_start, to_us
from tutor.curriculum.model import Curriculum
from tutor.progress.derived import Progress
from tutor.progress.history import MASTERED, History
from tutor.progress.mastery import (
    LEVEL_NAMES,
    POINTS,
    Mastery,
    is_rusty,
    mastery_of,
    module_mastery,
    skill_mastery,
)
from tutor.progress.plan import DayPlan, PlanItem, due_reviews
from tutor.progress.streaks import Streak, streak

if TYPE_CHECKING:
    pass

HEATMAP_WEEKS = 52


class ModuleRow(NamedTuple):
    id: str
    title: str
    mastery: Mastery


class ProgressReport(NamedTuple):
    today: date
    streak: Streak
    days: dict[date, int]  # items completed per day, the last 52 weeks
    skills: dict[str, Mastery]
    modules: list[ModuleRow]
    due_today: int
    due_overdue: int  # of which due before today
    leeches: list[tuple[str, int]]  # (exercise key, lapses)
    rusty: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "streak": {
                "current": self.streak.current,
                "longest": self.streak.longest,
                "freezes": self.streak.freezes,
                "frozen_days": sorted(d.isoformat() for d in self.streak.frozen),
            },
            "days": {d.isoformat(): n for d, n in sorted(self.days.items())},
            "skills": {name: _mastery_json(m) for name, m in self.skills.items()},
            "modules": [
                {"id": row.id, "title": row.title, **_mastery_json(row.mastery)}
                for row in self.modules
            ],
            "reviews": {"due": self.due_today, "overdue": self.due_overdue},
            "leeches": [{"exercise": key, "lapses": n} for key, n in self.leeches],
            "rusty": self.rusty,
        }


def _mastery_json(m: Mastery) -> dict[str, Any]:
    return {
        "percent": round(m.percent, 1),
        "level": m.level,
        "level_name": LEVEL_NAMES[m.level],
        "exercises": m.exercises,
    }


def learner_streak(history: History, today: date) -> Streak:
    return streak({d for d, stat in history.days.items() if stat.items}, today)


def progress_report(
    curriculum: Curriculum, progress: Progress, zone: tzinfo | None
) -> ProgressReport:
    now = progress.now
    today = progress.today
    first = today - timedelta(days=7 * HEATMAP_WEEKS - 1)
    days = {d: stat.items for d, stat in now.days.items() if first <= d <= today}
    due = due_reviews(curriculum, progress.morning, today, zone)
    done_today = {e.key for e in progress.today_entries if e.outcome != "skipped"}
    pending = [item for item in due if item.key not in done_today]
    modules = [
        ModuleRow(m.id, m.title, module_mastery(m, now)) for m in curriculum.outlines.values()
    ]
    start = day_start(today, zone)
    start_us = to_us(start)
    leeches = sorted(
        ((key, state.lapses) for key, state in now.exercises.items() if state.leech),
        key=lambda item: (-item[1], item[0]),
    )
    rusty = sorted(
        key
        for key, state in now.exercises.items()
        if state.level == MASTERED and is_rusty(key, now, start)
    )
    return ProgressReport(
        today=today,
        streak=learner_streak(now, today),
        days=days,
        skills=skill_mastery(curriculum, now),
        modules=modules,
        due_today=len(pending),
        due_overdue=sum(1 for item in pending if item.due_us < start_us),
        leeches=leeches,
        rusty=rusty,
    )


class Standup(NamedTuple):
    yesterday: date
    exercises: list[tuple[str, str]]  # (key, outcome), first try of each exercise's last result
    seconds: float
    modules: list[tuple[str, float, float]]  # (module id, percent before, after)
    plan: list[PlanItem]
    streak: Streak

    def to_json(self) -> dict[str, Any]:
        return {
            "yesterday": {
                "day": self.yesterday.isoformat(),
                "exercises": [{"exercise": k, "outcome": o} for k, o in self.exercises],
                "minutes": round(self.seconds / 60),
                "modules": [
                    {"id": m, "before": round(b, 1), "after": round(a, 1)}
                    for m, b, a in self.modules
                ],
            },
            "today": [
                {"exercise": i.exercise.key, "kind": i.kind, "reason": i.reason} for i in self.plan
            ],
            "streak": {"current": self.streak.current, "longest": self.streak.longest},
        }


def standup(curriculum: Curriculum, progress: Progress, plan: DayPlan) -> Standup:
    """Yesterday's work (its last outcome per exercise, its time, the modules it moved) and
    today's remaining plan."""
    yesterday = progress.today - timedelta(days=1)
    done = progress.morning.recent.get(yesterday, [])
    outcome: dict[str, str] = {}
    before: dict[str, int] = {}
    for item in done:
        outcome[item.key] = item.outcome
        before.setdefault(item.key, item.level_before)
    seconds = sum(item.seconds for item in done)
    moved: list[tuple[str, float, float]] = []
    touched = {key.partition("/")[0] for key in outcome}
    outlines = curriculum.outlines
    for module_id in sorted(touched):
        outline = outlines.get(module_id)
        if outline is None:
            continue
        keys = outline.keys
        after = mastery_of(keys, progress.morning).percent
        start = sum(POINTS[before.get(k, progress.morning.state(k).level)] for k in keys) / max(
            1, len(keys)
        )
        if after > start:
            moved.append((module_id, start, after))
    return Standup(
        yesterday=yesterday,
        exercises=sorted(outcome.items()),
        seconds=seconds,
        modules=moved,
        plan=plan.remaining,
        streak=learner_streak(progress.now, progress.today),
    )
