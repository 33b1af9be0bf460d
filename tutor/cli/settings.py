"""The `tutor config` command: show and change the learner's settings."""

from __future__ import annotations

from typing import Annotated

import typer

from tutor.base.words import plural
from tutor.cli.common import app_of, terminal

cli = typer.Typer()


@cli.command()
def config(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Option(help="Your display name.")] = None,
    handle: Annotated[
        str | None, typer.Option(help="Your handle (lowercase, digits, '-').")
    ] = None,
    budget: Annotated[int | None, typer.Option(min=1, help="Daily budget in minutes.")] = None,
    track: Annotated[str | None, typer.Option(help="The track you follow (a track id).")] = None,
    workspace: Annotated[str | None, typer.Option(help="Folder for your exercise files.")] = None,
    new_per_day: Annotated[
        int | None, typer.Option(min=0, help="New exercises a day at most.")
    ] = None,
    reviews_per_day: Annotated[
        int | None, typer.Option(min=0, help="Reviews a day at most; over it, new ones wait.")
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Move your progress to a new handle without asking.")
    ] = False,
) -> None:
    """Show your settings, or change them with options.

    A new --handle takes your progress with it: your attempts are moved to the new handle in
    the progress store (after you confirm), so nothing is hidden or lost.

    Example: tutor config --name "Ada Lovelace" --budget 30
    """
    app = app_of(ctx)
    screen = terminal()
    current = app.settings
    changes = {
        "name": name,
        "budget": budget,
        "track": track,
        "workspace": workspace,
        "new_per_day": new_per_day,
        "reviews_per_day": reviews_per_day,
    }
    if handle is not None and handle != app.learner:
        moving = app.progress_count()
        if (
            any(moving)
            and not yes
            and not typer.confirm(
                f"Move your progress ({plural(moving[0], 'attempt')}, "
                f"{plural(moving[1], 'event')}) from {app.learner} to {handle}?",
                default=True,
            )
        ):
            raise typer.Exit(1)
        renamed = app.change_handle(handle)
        screen.success(
            f"You are {renamed.new} now; {plural(renamed.attempts, 'attempt')} and "
            f"{plural(renamed.events, 'event')} moved from {renamed.old}"
        )
        current = app.settings
    if any(v is not None for v in changes.values()):
        current = app.save_settings(current.with_changes(**changes))
        screen.success(f"Saved {app.settings_path}")
    screen.info(f"[dim]{app.settings_path}[/]")
    screen.plain(f"name:      {current.name or '(not set)'}")
    screen.plain(f"handle:    {current.handle or app.learner}")
    screen.plain(f"budget:    {current.budget} min a day")
    screen.plain(f"track:     {current.track or '(the first track)'}")
    screen.plain(f"caps:      {current.new_per_day} new, {current.reviews_per_day} reviews a day")
    screen.plain(f"workspace: {app.workspace.root}")
