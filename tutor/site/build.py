"""The whole site from a curriculum folder: load, execute notebooks, read the team, generate."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.site.generate import generate
from tutor.site.model import Site, SiteOptions

if TYPE_CHECKING:
    from tutor.curriculum.model import Curriculum
    from tutor.notebooks import Progress, Report
    from tutor.team.summaries import TeamMember

TEAM_DB_ENV = "TUTOR_TEAM_DB"


def build_site(
    root: Path,
    options: SiteOptions | None = None,
    *,
    team_dir: Path | None = None,
    home: bool = False,
    progress: Progress | None = None,
) -> tuple[Site, Report]:
    """The generated pages of the curriculum at `root`, and what ran to make them.

    Raises TutorError (a broken curriculum or team file, a failing notebook) with every problem.
    """
    from tutor.curriculum import load_curriculum
    from tutor.site.notebook_pages import render_notebooks
    from tutor.team.summaries import load_team, team_folder

    options = options or SiteOptions()
    curriculum = load_curriculum(root)
    team = load_team(team_dir or team_folder(root))
    location = options.team_db or os.environ.get(TEAM_DB_ENV, "").strip()
    if location:
        team = _with_store(curriculum, team, location)
    notebooks, report = render_notebooks(curriculum, options, progress)
    site = generate(curriculum, team, notebooks, directory_urls=options.directory_urls, home=home)
    return site, report


def _with_store(
    curriculum: Curriculum, files: tuple[TeamMember, ...], location: str
) -> tuple[TeamMember, ...]:
    """The team files' learners, with every learner of the store: a learner in both is shown
    from the store (live), under the display name of their file."""
    from tutor.base import clock
    from tutor.store import open_store
    from tutor.team.summarise import team_from_store

    names = {member.handle: member.name for member in files}
    with open_store(location) as store:
        live = team_from_store(store, curriculum, now=clock.now(), names=names)
    merged = {member.handle: member for member in files}
    merged.update((member.handle, member) for member in live)
    return tuple(merged[handle] for handle in sorted(merged))
