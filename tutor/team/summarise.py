"""A learner's summary for the team, made from their progress: what `tutor share` writes, and
what the skills matrix reads from a shared progress store."""

from collections.abc import Mapping
from datetime import datetime, tzinfo

from tutor.curriculum.model import Curriculum
from tutor.curriculum.schema import SLUG
from tutor.progress.derived import Progress, estimates, load_progress
from tutor.progress.history import MASTERED
from tutor.progress.mastery import module_is_learned, skill_mastery
from tutor.progress.report import learner_streak
from tutor.store.model import ProgressStore
from tutor.team.summaries import TeamMember


def team_summary(
    curriculum: Curriculum, progress: Progress, *, handle: str, name: str
) -> TeamMember:
    """What `tutor share` publishes: levels and streaks only, never answers or attempts."""
    now = progress.now
    skills = {skill: m.level for skill, m in skill_mastery(curriculum, now).items()}
    outlines = curriculum.outlines.values()
    proficient = tuple(m.id for m in outlines if m.keys and module_is_learned(m, now))
    mastered = tuple(
        m.id for m in outlines if m.keys and all(now.state(k).level >= MASTERED for k in m.keys)
    )
    active = [d for d, stat in now.days.items() if stat.items]
    current = learner_streak(now, progress.today)
    return TeamMember(
        handle=handle,
        name=name,
        skills=skills,
        proficient=proficient,
        mastered=mastered,
        streak=current.current,
        longest_streak=current.longest,
        last_active=max(active) if active else None,
    )


def team_from_store(
    store: ProgressStore,
    curriculum: Curriculum,
    *,
    now: datetime,
    zone: tzinfo | None = None,
    names: Mapping[str, str] | None = None,
) -> tuple[TeamMember, ...]:
    """Every learner of a shared progress store, summarised as `tutor share` would: the skills
    matrix of a team whose progress lives on a server rather than in `team/` files.

    The store knows handles, not display names: `names` (from `team/*.yaml`) fills them in.
    """
    minutes_of = estimates(curriculum)
    members = []
    for learner in store.learners():
        if not SLUG.match(learner):
            continue  # not a handle a team file could have: never shown
        progress = load_progress(
            store,
            learner,
            now=now,
            zone=zone,
            minutes_of=minutes_of,
            curriculum_digest=curriculum.digest,
            cache_dir=None,
        )
        name = (names or {}).get(learner, learner)
        members.append(team_summary(curriculum, progress, handle=learner, name=name))
    return tuple(members)
