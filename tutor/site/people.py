"""Who to ask about a module: the learners whose shared summaries say they know it well.

Team summaries are untrusted (anyone commits them): names and handles land in HTML built here,
escaped, never in Markdown.
"""

from __future__ import annotations

from collections.abc import Sequence

from tutor.curriculum.model import Module
from tutor.site import paths
from tutor.site.text import html_text
from tutor.team.summaries import TeamMember


def experts(module: Module, team: Sequence[TeamMember]) -> list[tuple[TeamMember, str]]:
    """The learners proficient in the module or who mastered it, with that level: masters
    first, then by name."""
    found = [
        (member, "mastered" if module.id in member.mastered else "proficient")
        for member in team
        if module.id in member.mastered or module.id in member.proficient
    ]
    return sorted(found, key=lambda f: (f[1] != "mastered", (f[0].name or f[0].handle).casefold()))


def who_to_ask(module: Module, team: Sequence[TeamMember], page: str) -> str:
    """The "who to ask" section's body: a list of learners, or how to become the first."""
    found = experts(module, team)
    matrix = paths.md_link(page, paths.TEAM)
    if not found:
        return (
            "Nobody on the team has shared that they know this module well yet. Learn it, then "
            f"`tutor share` puts you here and in the [skills matrix]({matrix})."
        )
    items = "\n".join(
        f'<li><span class="tutor-person">{html_text(member.name or member.handle)}</span> '
        f'<span class="tutor-badge tutor-badge--{level}">{level}</span> '
        f'<span class="tutor-person-handle">@{html_text(member.handle)}</span></li>'
        for member, level in found
    )
    return (
        f"Learners who have shown they know this module, from their shared summaries "
        f"(see the [skills matrix]({matrix})):\n\n"
        f'<ul class="tutor-people">\n{items}\n</ul>'
    )
