"""The whole site from the application's curriculum: execute notebooks, read the team, generate."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.site.generate import generate
from tutor.site.model import Site, SiteOptions

if TYPE_CHECKING:
    from tutor.app.application import App
    from tutor.notebooks import Progress, Report
    from tutor.team.summaries import TeamMember

TEAM_DB_ENV = "TUTOR_TEAM_DB"


def build_site(
    app: App,
    options: SiteOptions | None = None,
    *,
    team_dir: Path | None = None,
    home: bool = False,
    progress: Progress | None = None,
) -> tuple[Site, Report]:
    """The generated pages of the app's curriculum, and what ran to make them.

    Raises TutorError (a broken curriculum or team file, a failing notebook) with every problem.
    """
    from tutor.site.notebook_pages import render_notebooks
    from tutor.team.summaries import load_team, team_folder

    options = options or SiteOptions()
    curriculum = app.curriculum
    team = load_team(team_dir or team_folder(curriculum.root))
    location = options.team_db or os.environ.get(TEAM_DB_ENV, "").strip()
    if location:
        team = _with_store(app, team, location)
    notebooks, report = render_notebooks(curriculum, options, progress)
    site = generate(curriculum, team, notebooks, directory_urls=options.directory_urls, home=home)
    return site, report


def _with_store(app: App, files: tuple[TeamMember, ...], location: str) -> tuple[TeamMember, ...]:
    """The team files' learners, with every learner of the store: a learner in both is shown
    from the store (live), under the display name of their file."""
    names = {member.handle: member.name for member in files}
    live = app.team_from_store(location, names)
    merged = {member.handle: member for member in files}
    merged.update((member.handle, member) for member in live)
    return tuple(merged[handle] for handle in sorted(merged))
