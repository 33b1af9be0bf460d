"""The "Exercises by skill" page: for each skill, the modules that teach it and their exercises."""

from __future__ import annotations

from collections import defaultdict

from tutor.curriculum.model import Curriculum, Module
from tutor.site import paths
from tutor.site.text import md_inline


def skills_page(curriculum: Curriculum) -> str:
    """For every skill, the modules that teach it and their exercises: a table of skills with
    counts, then one short section per skill, a line per module."""
    page = paths.SKILLS
    by_skill: dict[str, list[Module]] = defaultdict(list)
    for module in curriculum.modules:
        for skill in module.skills:
            by_skill[skill].append(module)
    matrix = paths.md_link(page, paths.TEAM)
    lines = [
        "# Exercises by skill",
        "",
        "Every skill the curriculum teaches, with the modules that teach it and their exercises. "
        f"See who on the team knows what in the [skills matrix]({matrix}).",
    ]
    if not by_skill:
        return "\n".join([*lines, "", "The curriculum teaches no skills yet."]) + "\n"
    lines += ["", "| Skill | Modules | Exercises | Practice |", "|---|--:|--:|--:|"]
    for skill in sorted(by_skill):
        modules = by_skill[skill]
        lines.append(
            f"| [{md_inline(skill)}](#{paths.skill_anchor(skill)}){{ .tutor-skill }} "
            f"| {len(modules)} | {sum(len(m.exercises) for m in modules)} "
            f"| {_duration(sum(m.minutes for m in modules))} |"
        )
    for skill in sorted(by_skill):
        lines += ["", *_skill_section(skill, by_skill[skill], page)]
    return "\n".join(lines) + "\n"


def _skill_section(skill: str, modules: list[Module], page: str) -> list[str]:
    count = sum(len(m.exercises) for m in modules)
    minutes = sum(m.minutes for m in modules)
    lines = [
        f"## {md_inline(skill)} {{ #{paths.skill_anchor(skill)} }}",
        "",
        f"{_count(count, 'exercise')} in {_count(len(modules), 'module')}, "
        f"about {_duration(minutes)} of practice.",
        "",
    ]
    for module in modules:
        exercises = " · ".join(
            f"[{md_inline(ex.title)}]"
            f"({paths.md_link(page, paths.lesson_page(module.id, ex.lesson), paths.exercise_anchor(ex))})"
            for ex in module.exercises
        )
        link = paths.md_link(page, paths.module_page(module.id))
        lines.append(
            f"- **[{md_inline(module.title)}]({link})** "
            f"({_count(len(module.exercises), 'exercise')}, ~{module.minutes} min): "
            f"{exercises or 'no exercises yet'}"
        )
    return lines


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _duration(minutes: int) -> str:
    return f"{minutes} min" if minutes < 90 else f"{minutes / 60:.1f} h"
