"""`tutor init`: a team's own repository, ready for `tutor today` and `mkdocs build`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tutor.cli.common import terminal

cli = typer.Typer()


@cli.command()
def init(
    folder: Annotated[
        Path, typer.Argument(help="The new repository's folder (new or empty).")
    ] = Path(),
    empty: Annotated[
        bool, typer.Option("--empty", help="Include no shipped modules: only the example.")
    ] = False,
    title: Annotated[
        str | None, typer.Option(help="The curriculum's and the site's title.")
    ] = None,
) -> None:
    """Make a team's own repository: a curriculum that includes the shipped modules (unless
    --empty), an example module, the team site, editor schemas, pre-commit hooks and a CI
    workflow. `tutor validate`, `tutor today` and `mkdocs build` work in it at once.

    Example: tutor init my-team-learning
    """
    from tutor.authoring.team_repo import make_team_repo, start_git

    screen = terminal()
    name = title or _title_of(folder)
    make_team_repo(folder, title=name, empty=empty)
    screen.success(f"{folder}: a team repository, {name!r}")
    git = start_git(folder)
    if git == "started":
        screen.plain("git: a new repository on branch main, nothing committed yet")
    elif git == "failed":
        screen.plain(f"Not a git repository yet: git init {folder}, then commit")
    screen.plain(f"cd {folder}  then  tutor today  (a session)  ·  mkdocs serve  (the site)")
    screen.plain(
        "Contributors: pip install pre-commit, then "
        "pre-commit install --hook-type pre-commit --hook-type pre-push"
    )


def _title_of(folder: Path) -> str:
    name = folder.resolve().name.replace("-", " ").replace("_", " ").strip()
    return name.capitalize() if name else "Our team's learning"
