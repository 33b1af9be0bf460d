"""The `tutor export` and `tutor import` commands: the attempt log as JSON Lines, to move or merge."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tutor.base.errors import UsageError
from tutor.cli.common import context

app = typer.Typer()

STDIO = "-"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@app.command("export")
def export(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="File to write (- for standard output).")],
    all_learners: Annotated[
        bool, typer.Option("--all", help="Every learner in the database, not just you.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Write your attempt log (attempts, hints and reveals) as JSON Lines, to move or merge it.

    Example: tutor export ~/progress.jsonl
    """
    import sys

    from tutor.store.jsonl import export_file, export_log
    from tutor.terminal import render

    env = context(ctx)
    learners = env.store.learners() if all_learners else [env.learner]
    if file == STDIO:
        export_log(env.store, learners, sys.stdout)
        return
    attempts, events = export_file(env.store, learners, Path(file).expanduser(), force=force)
    whose = f"{len(learners)} learners" if all_learners else env.learner
    render.success(
        f"Wrote {_count(attempts, 'attempt')} and {_count(events, 'event')} of {whose} to {file}"
    )


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        str, typer.Argument(help="A file written by `tutor export` (- for standard input).")
    ],
    all_learners: Annotated[
        bool,
        typer.Option("--all", help="Import every learner's lines, not only yours."),
    ] = False,
    adopt: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="HANDLE",
            help="Import HANDLE's lines as yours: your handle on the machine that wrote the file.",
        ),
    ] = None,
) -> None:
    """Merge an attempt log written by `tutor export` into your progress; a second import adds nothing.

    Every line is checked first: if any is bad, they are all listed and nothing is imported.

    Example: tutor import ~/progress.jsonl    (or, written as ana on another laptop: --as ana)
    """
    import sys

    from tutor.store.jsonl import import_file, import_log
    from tutor.terminal import render

    env = context(ctx)
    if all_learners and adopt is not None:
        raise UsageError(
            "--as and --all cannot go together",
            hint="--as takes one handle's lines as yours; --all keeps every learner's as they are",
        )
    learner = None if all_learners else env.learner
    if file == STDIO:
        done = import_log(env.store, sys.stdin.buffer, "<stdin>", learner=learner, adopt=adopt)
    else:
        done = import_file(env.store, Path(file).expanduser(), learner=learner, adopt=adopt)
    added = f"{_count(done.new_attempts, 'new attempt')} and {_count(done.new_events, 'new event')}"
    taken = f" ({adopt}'s lines as {env.learner}'s)" if adopt and adopt != env.learner else ""
    render.success(f"Imported {added} from {file}{taken}")
    known = (done.attempts - done.new_attempts, done.events - done.new_events)
    if any(known):
        already = f"{_count(known[0], 'attempt')} and {_count(known[1], 'event')}"
        render.plain(f"({already} already recorded, skipped)")
