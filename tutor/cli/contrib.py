"""Contributor commands: validating the curriculum."""

from __future__ import annotations

import typer

from tutor.cli.common import context

app = typer.Typer()


@app.command()
def validate(ctx: typer.Context) -> None:
    """Check the whole curriculum and list every problem with its file, line and field.

    Exits non-zero when there is any problem.

    Example: tutor validate --curriculum ./curriculum
    """
    from tutor import render
    from tutor.cli.context import find_curriculum
    from tutor.curriculum import check_curriculum
    from tutor.errors import CurriculumError

    root = find_curriculum(context(ctx).curriculum_option)
    curriculum, problems = check_curriculum(root)
    if problems or curriculum is None:
        raise CurriculumError(problems)
    counts = (
        (len(curriculum.modules), "module"),
        (len(curriculum.exercises), "exercise"),
        (len(curriculum.tracks), "track"),
    )
    summary = ", ".join(f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in counts)
    render.success(f"{root}: {summary}: no problems")
