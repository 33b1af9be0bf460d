"""The `tutor config` command: show and change the learner's settings."""

from __future__ import annotations

from typing import Annotated

import typer

from tutor.cli.common import context

app = typer.Typer()


@app.command()
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
) -> None:
    """Show your settings, or change them with options.

    Example: tutor config --name "Ada Lovelace" --budget 30
    """
    from tutor.app.settings import save_config, validate_config
    from tutor.base.errors import NotFoundError
    from tutor.terminal import render

    env = context(ctx)
    current = env.config
    changes = {
        "name": name,
        "handle": handle,
        "budget": budget,
        "track": track,
        "workspace": workspace,
        "new_per_day": new_per_day,
        "reviews_per_day": reviews_per_day,
    }
    if track and track not in {t.id for t in env.curriculum.tracks}:
        known = ", ".join(t.id for t in env.curriculum.tracks)
        raise NotFoundError(f"no track {track!r}", hint=f"choose one of: {known}")
    if any(v is not None for v in changes.values()):
        current = current.with_changes(**changes)
        validate_config(current, env.config_path)
        save_config(current, env.config_path)
        render.success(f"Saved {env.config_path}")
    render.info(f"[dim]{env.config_path}[/]")
    render.plain(f"name:      {current.name or '(not set)'}")
    render.plain(f"handle:    {current.handle or env.learner}")
    render.plain(f"budget:    {current.budget} min a day")
    render.plain(f"track:     {current.track or '(the first track)'}")
    render.plain(f"caps:      {current.new_per_day} new, {current.reviews_per_day} reviews a day")
    render.plain(f"workspace: {env.workspace.root}")
