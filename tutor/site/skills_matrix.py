"""The team's skills matrix, from `team/*.yaml`: learners x skills, and each skill's spread.

Team files are written by each learner and committed by anyone: every value from them is
escaped, and the whole page is plain HTML built here, with no Markdown to interpret them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from tutor.curriculum import schema
from tutor.curriculum.model import Curriculum
from tutor.site import paths
from tutor.site.text import html_text
from tutor.team.summaries import TeamMember

LEVELS = schema.MASTERY_LEVELS  # index = level 0..4


class _Links(NamedTuple):
    taught: set[str]  # skills with a section on the exercises-by-skill page
    directory_urls: bool


def skills_of(curriculum: Curriculum, team: Sequence[TeamMember]) -> list[str]:
    """The curriculum's skills in the order modules teach them, then skills only learners list."""
    skills: dict[str, None] = {}
    for module in curriculum.modules:
        skills.update(dict.fromkeys(module.skills))
    extra = sorted({s for member in team for s in member.skills} - skills.keys())
    return [*skills, *extra]


def matrix_page(
    curriculum: Curriculum, team: Sequence[TeamMember], directory_urls: bool = True
) -> str:
    """The skills matrix page, or an empty state inviting the first learner to share."""
    intro = (
        "# Skills matrix\n\n"
        "Who on the team knows what: each learner's mastery of each skill, from the summaries "
        "they share with `tutor share` (`team/<handle>.yaml`, committed like any other file)."
    )
    if not team:
        return f"{intro}\n\n{_empty_state()}\n"
    skills = skills_of(curriculum, team)
    links = _Links({s for m in curriculum.modules for s in m.skills}, directory_urls)
    return (
        "\n\n".join(
            [
                intro,
                _legend(),
                "## Learners",
                _matrix(team, skills, links),
                "## The team, skill by skill",
                "How many learners are at each level, per skill: where the team is strong, and "
                "what nobody has started.",
                _distribution(team, skills, links),
            ]
        )
        + "\n"
    )


def _empty_state() -> str:
    return "\n".join(
        [
            '<div class="tutor-empty" markdown>',
            "",
            "**Nobody has shared their progress yet.**",
            "",
            "Be the first: run `tutor share`, then commit the file it writes.",
            "",
            "```sh",
            "tutor share",
            "git add team/ && git commit -m 'Share my progress'",
            "```",
            "",
            "A summary holds your display name, your level per skill, the modules you know, "
            "and your streak: no answers and no code.",
            "",
            "</div>",
        ]
    )


def _legend() -> str:
    cells = "".join(
        f'<span class="tutor-legend-item"><span class="tutor-cell tutor-cell--{n}">{n}</span>'
        f" {html_text(name)}</span>"
        for n, name in enumerate(LEVELS)
    )
    return f'<div class="tutor-legend" data-search-exclude>{cells}</div>'


def _skill_header(skill: str, links: _Links, scope: str = "col") -> str:
    if skill not in links.taught:
        return f'<th scope="{scope}">{html_text(skill)}</th>'
    href = paths.url(paths.TEAM, paths.SKILLS, links.directory_urls, paths.skill_anchor(skill))
    return f'<th scope="{scope}"><a href="{html_text(href)}">{html_text(skill)}</a></th>'


def _matrix(team: Sequence[TeamMember], skills: Sequence[str], links: _Links) -> str:
    head = "".join(_skill_header(skill, links) for skill in skills)
    rows = []
    for member in team:
        cells = "".join(_cell(member, skill) for skill in skills)
        rows.append(f"<tr>{_learner(member)}{cells}</tr>")
    return "\n".join(
        [
            '<div class="tutor-matrix-wrap" data-search-exclude tabindex="0" role="region"'
            ' aria-label="Skills matrix">',
            '<table class="tutor-matrix">',
            f'<thead><tr><th scope="col">Learner</th>{head}</tr></thead>',
            "<tbody>",
            *rows,
            "</tbody>",
            "</table>",
            "</div>",
        ]
    )


def _learner(member: TeamMember) -> str:
    facts = [f"@{member.handle}"]
    if member.streak:
        facts.append(f"{member.streak}-day streak")
    if member.last_active:
        facts.append(f"active {member.last_active.isoformat()}")
    name = member.name or member.handle
    return (
        f'<th scope="row" class="tutor-learner">{html_text(name)}'
        f'<span class="tutor-learner-facts">{html_text(" · ".join(facts))}</span></th>'
    )


def _cell(member: TeamMember, skill: str) -> str:
    level = member.skills.get(skill, 0)
    label = f"{member.name or member.handle}: {skill}: {LEVELS[level]}"
    return (
        f'<td class="tutor-cell tutor-cell--{level}" title="{html_text(label)}">'
        f'{level}<span class="tutor-sr"> ({html_text(LEVELS[level])})</span></td>'
    )


def _distribution(team: Sequence[TeamMember], skills: Sequence[str], links: _Links) -> str:
    rows = []
    for skill in skills:
        counts = [0] * len(LEVELS)
        for member in team:
            counts[member.skills.get(skill, 0)] += 1
        segments = "".join(
            f'<span class="tutor-bar-part tutor-cell--{level}" style="width: {100 * n / len(team):.2f}%"'
            f' title="{n} {html_text(LEVELS[level])}"></span>'
            for level, n in enumerate(counts)
            if n
        )
        numbers = "".join(f'<td class="tutor-count">{n or ""}</td>' for n in counts)
        rows.append(
            f"<tr>{_skill_header(skill, links, 'row')}"
            f'<td class="tutor-bar-cell"><span class="tutor-bar">{segments}</span></td>{numbers}</tr>'
        )
    levels = "".join(f'<th scope="col">{html_text(name)}</th>' for name in LEVELS)
    return "\n".join(
        [
            '<div class="tutor-matrix-wrap" data-search-exclude tabindex="0" role="region"'
            ' aria-label="Learners per level, skill by skill">',
            '<table class="tutor-distribution">',
            f'<thead><tr><th scope="col">Skill</th><th scope="col">Spread</th>{levels}</tr></thead>',
            "<tbody>",
            *rows,
            "</tbody>",
            "</table>",
            "</div>",
        ]
    )
