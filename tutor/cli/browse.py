"""Commands for looking around: the curriculum, one exercise, and your progress."""

from __future__ import annotations

from typing import Annotated

import typer

from tutor.base.words import plural
from tutor.cli.common import app_of, terminal

cli = typer.Typer()

STATUSES = ("new", "passed", "failed", "skipped")


@cli.command("list")
def list_(
    ctx: typer.Context,
    module: Annotated[
        str | None, typer.Option("--module", "-m", help="Only this module's exercises.")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status", "-s", help="Only exercises with this status: new, passed, failed, skipped."
        ),
    ] = None,
) -> None:
    """The curriculum: modules, or exercises with your status on each.

    Without options, lists modules; with --module or --status, lists exercises.

    Example: tutor list --module numpy-idioms --status new
    """
    from tutor.base.errors import NotFoundError

    screen = terminal()

    app = app_of(ctx)
    curriculum = app.curriculum
    outcomes = app.statuses()
    if status is not None and status not in STATUSES:
        raise NotFoundError(f"unknown status {status!r}", hint=f"use one of: {', '.join(STATUSES)}")
    if module is None and status is None:
        counts = {
            m.id: (sum(outcomes.get(ex.key) == "passed" for ex in m.exercises), len(m.exercises))
            for m in curriculum.modules
        }
        screen.modules_table(curriculum, counts)
        return
    modules = curriculum.modules
    if module is not None:
        found = curriculum.module(module)
        if found is None:
            raise NotFoundError(f"no module {module!r}", hint="`tutor list` shows the modules")
        modules = (found,)
    rows = [
        (ex, outcomes.get(ex.key, "new"))
        for m in modules
        for ex in m.exercises
        if status is None or outcomes.get(ex.key, "new") == status
    ]
    screen.exercise_table(rows, title=plural(len(rows), "exercise"))


@cli.command()
def show(
    ctx: typer.Context,
    exercise: Annotated[
        str, typer.Argument(help="Exercise key, e.g. numpy-idioms/pairwise-distances.")
    ],
) -> None:
    """One exercise: its prompt or question, options, your status and how to start it.

    Example: tutor show numpy-idioms/pairwise-distances
    """
    from tutor.curriculum.model import ChoiceExercise, CodeExercise

    screen = terminal()

    app = app_of(ctx)
    ex = app.exercise(exercise)
    status = app.statuses().get(ex.key, "new")
    screen.exercise(ex, status)
    if isinstance(ex, ChoiceExercise):
        screen.choices(ex, range(len(ex.options)))
    if isinstance(ex, CodeExercise):
        if app.workspace.has_edits(ex):  # `tutor start` would refuse, to keep them
            screen.info(
                f"Your file is {app.workspace.file_for(ex)}: check it with "
                f"[bold]tutor check {ex.key}[/], or start over with "
                f"[bold]tutor start {ex.key} --force[/]."
            )
        else:
            screen.info(f"Start it with [bold]tutor start {ex.key}[/].")
    else:
        screen.info(f"Answer it with [bold]tutor practice {ex.key}[/] (or in tutor today).")
