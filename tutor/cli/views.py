"""Progress views: progress, stand-up, sharing with the team, and choosing a track."""

from __future__ import annotations

from typing import Annotated

import typer

from tutor.cli.common import app_of, terminal

cli = typer.Typer()


@cli.command()
def progress(
    ctx: typer.Context,
    json_: Annotated[bool, typer.Option("--json", help="Print the same data as JSON.")] = False,
) -> None:
    """Your streak, a year's calendar heat map, mastery per skill, due reviews and leeches.

    Example: tutor progress        (or: tutor progress --json, for scripts)
    """
    from tutor.progress.report import progress_report

    screen = terminal()

    app = app_of(ctx)
    report = progress_report(app.curriculum, app.progress(), None)
    if json_:
        import json

        waiting = app.waiting()
        data = report.to_json() | {"waiting": waiting._asdict()}
        print(json.dumps(data, indent=2))
        return
    screen.progress_report(report)
    screen.waiting(app.waiting())


@cli.command()
def standup(
    ctx: typer.Context,
    markdown: Annotated[
        bool, typer.Option(help="Format for a chat that renders Markdown.")
    ] = False,
    json_: Annotated[bool, typer.Option("--json", help="Print the same data as JSON.")] = False,
) -> None:
    """Yesterday's learning and today's plan, in a few lines for the team chat.

    Example: tutor standup --markdown | pbcopy
    """
    from tutor.progress.report import standup as make_standup

    screen = terminal()

    app = app_of(ctx)
    note = make_standup(app.curriculum, app.progress(), app.day_plan())
    if json_:
        import json

        print(json.dumps(note.to_json(), indent=2))
        return
    screen.standup(note, markdown=markdown)


@cli.command()
def share(
    ctx: typer.Context,
    handle: Annotated[
        str | None, typer.Option(help="Handle to publish under (default: from config or git).")
    ] = None,
) -> None:
    """Write your progress summary to team/<handle>.yaml for the team's skills matrix.

    It holds your display name, skill levels, modules learned and streak: no answers, no
    code, no attempt log. It only writes the file; commit it with git.

    Example: tutor share && git add team/ && git commit -m "Share my progress"
    """
    app = app_of(ctx)
    screen = terminal()
    path, member = app.share(handle)
    chosen = member.handle
    screen.success(f"Wrote {path}")
    screen.info("Commit it so the team's site shows it:")
    screen.plain(f"  git add {path}")
    screen.plain(f'  git commit -m "Share {chosen}\'s progress"')
    screen.plain("  git push")


@cli.command()
def track(
    ctx: typer.Context,
    track_id: Annotated[str | None, typer.Argument(help="The track to follow.")] = None,
) -> None:
    """Show the tracks, or choose the one today's new exercises follow.

    Example: tutor track dataframes
    """
    app = app_of(ctx)
    screen = terminal()
    tracks = app.curriculum.tracks
    if track_id is not None:
        app.save_settings(app.settings.with_changes(track=track_id))
        screen.success(f"You now follow {track_id}")
    chosen = app.settings.track or (tracks[0].id if tracks else "")
    for t in tracks:
        mark = "→" if t.id == chosen else " "
        screen.plain(f"{mark} {t.id}: {t.title} ({', '.join(t.modules)})")
