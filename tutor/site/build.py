"""The whole site from a curriculum folder: load, execute notebooks, read the team, generate."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tutor.site.generate import generate
from tutor.site.model import Site, SiteOptions

if TYPE_CHECKING:
    from tutor.notebooks import Progress, Report


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
    from tutor.notebooks import render_notebooks
    from tutor.team import load_team, team_folder

    options = options or SiteOptions()
    curriculum = load_curriculum(root)
    team = load_team(team_dir or team_folder(root))
    notebooks, report = render_notebooks(curriculum, options, progress)
    site = generate(curriculum, team, notebooks, directory_urls=options.directory_urls, home=home)
    return site, report
