"""The `tutor export` and `tutor import` commands: the attempt log as JSON Lines, to move or merge."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tutor.base.errors import UsageError
from tutor.cli.common import app_of, terminal

cli = typer.Typer()

STDIO = "-"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@cli.command("export")
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

    screen = terminal()

    app = app_of(ctx)
    learners = app.store.learners() if all_learners else [app.learner]
    if file == STDIO:
        export_log(app.store, learners, sys.stdout)
        return
    attempts, events = export_file(app.store, learners, Path(file).expanduser(), force=force)
    whose = f"{len(learners)} learners" if all_learners else app.learner
    screen.success(
        f"Wrote {_count(attempts, 'attempt')} and {_count(events, 'event')} of {whose} to {file}"
    )


@cli.command("import")
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

    screen = terminal()

    app = app_of(ctx)
    if all_learners and adopt is not None:
        raise UsageError(
            "--as and --all cannot go together",
            hint="--as takes one handle's lines as yours; --all keeps every learner's as they are",
        )
    learner = None if all_learners else app.learner
    if file == STDIO:
        done = import_log(app.store, sys.stdin.buffer, "<stdin>", learner=learner, adopt=adopt)
    else:
        done = import_file(app.store, Path(file).expanduser(), learner=learner, adopt=adopt)
    added = f"{_count(done.new_attempts, 'new attempt')} and {_count(done.new_events, 'new event')}"
    taken = f" ({adopt}'s lines as {app.learner}'s)" if adopt and adopt != app.learner else ""
    screen.success(f"Imported {added} from {file}{taken}")
    known = (done.attempts - done.new_attempts, done.events - done.new_events)
    if any(known):
        already = f"{_count(known[0], 'attempt')} and {_count(known[1], 'event')}"
        screen.plain(f"({already} already recorded, skipped)")
