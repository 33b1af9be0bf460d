"""Progress views: progress, stand-up, sharing with the team, and choosing a track."""

from __future__ import annotations

from typing import Annotated

import typer

from tutor.cli.common import context

app = typer.Typer()


@app.command()
def progress(
    ctx: typer.Context,
    json_: Annotated[bool, typer.Option("--json", help="Print the same data as JSON.")] = False,
) -> None:
    """Your streak, a year's calendar heat map, mastery per skill, due reviews and leeches.

    Example: tutor progress        (or: tutor progress --json, for scripts)
    """
    from tutor.progress.report import progress_report
    from tutor.terminal import render

    env = context(ctx)
    report = progress_report(env.curriculum, env.progress(), None)
    if json_:
        import json

        print(json.dumps(report.to_json(), indent=2))
        return
    render.progress_report(report)


@app.command()
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
    from tutor.terminal import render

    env = context(ctx)
    note = make_standup(env.curriculum, env.progress(), env.day_plan())
    if json_:
        import json

        print(json.dumps(note.to_json(), indent=2))
        return
    render.standup(note, markdown=markdown)


@app.command()
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
    from tutor.app.settings import HANDLE
    from tutor.base.errors import ConfigError
    from tutor.team.summaries import team_folder, write_member
    from tutor.team.summarise import team_summary
    from tutor.terminal import render

    env = context(ctx)
    chosen = handle or env.config.handle or _git_handle() or env.learner
    if not HANDLE.match(chosen):
        raise ConfigError(
            f"handle {chosen!r} must be lowercase letters, digits and '-'",
            hint="pass --handle, e.g. tutor share --handle ada-lovelace",
        )
    member = team_summary(
        env.curriculum, env.progress(), handle=chosen, name=env.config.name or chosen
    )
    path = write_member(team_folder(env.curriculum.root), member)
    render.success(f"Wrote {path}")
    render.info("Commit it so the team's site shows it:")
    render.plain(f"  git add {path}")
    render.plain(f'  git commit -m "Share {chosen}\'s progress"')
    render.plain("  git push")


@app.command()
def track(
    ctx: typer.Context,
    track_id: Annotated[str | None, typer.Argument(help="The track to follow.")] = None,
) -> None:
    """Show the tracks, or choose the one today's new exercises follow.

    Example: tutor track dataframes
    """
    from tutor.app.settings import save_config
    from tutor.base.errors import NotFoundError
    from tutor.terminal import render

    env = context(ctx)
    tracks = env.curriculum.tracks
    if track_id is not None:
        if track_id not in {t.id for t in tracks}:
            known = ", ".join(t.id for t in tracks)
            raise NotFoundError(f"no track {track_id!r}", hint=f"choose one of: {known}")
        config = env.config.with_changes(track=track_id)
        save_config(config, env.config_path)
        env.use_config(config)
        render.success(f"You now follow {track_id}")
    chosen = env.config.track or (tracks[0].id if tracks else "")
    for t in tracks:
        mark = "→" if t.id == chosen else " "
        render.plain(f"{mark} {t.id}: {t.title} ({', '.join(t.modules)})")


def _git_handle() -> str | None:
    """A handle from git's user.name, when git and a name are there."""
    import subprocess

    from tutor.app.settings import handle_from_name

    try:
        found = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    name = found.stdout.strip()
    return handle_from_name(name) if found.returncode == 0 and name else None
