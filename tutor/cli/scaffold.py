"""`tutor new module` and `tutor new exercise`: scaffolding for contributors."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from tutor.cli.common import app_of, terminal

cli = typer.Typer()
new = typer.Typer(
    help="Scaffold a module or an exercise, valid from the start.\n\n"
    "Example: tutor new module polars-basics --track dataframes"
)
cli.add_typer(new, name="new")


@new.command("module")
def new_module(
    ctx: typer.Context,
    module_id: Annotated[str, typer.Argument(help="The module id (a slug), e.g. polars-basics.")],
    title: Annotated[str | None, typer.Option(help="Title shown everywhere.")] = None,
    summary: Annotated[str | None, typer.Option(help="One sentence: what it teaches.")] = None,
    level: Annotated[str | None, typer.Option(help="beginner, intermediate or advanced.")] = None,
    skill: Annotated[
        list[str] | None, typer.Option(help="A skill slug (repeat the option for several).")
    ] = None,
    requires: Annotated[
        list[str] | None,
        typer.Option(help="A PEP 508 requirement (repeatable), e.g. 'polars>=1.25'."),
    ] = None,
    prerequisite: Annotated[
        list[str] | None, typer.Option(help="A module learned first (repeatable).")
    ] = None,
    track: Annotated[str | None, typer.Option(help="Add the module to this track.")] = None,
) -> None:
    """Create curriculum/ID with module.yaml, a lesson and a notebook.

    Values not given as options are asked for on a terminal (with defaults otherwise).

    Example: tutor new module polars-basics --title "Polars basics" --skill polars --requires "polars>=1.25" --track dataframes
    """
    from tutor.app.locate import writable_curriculum
    from tutor.authoring.scaffold import NewModule
    from tutor.authoring.scaffold import new_module as scaffold

    screen = terminal()

    root = writable_curriculum(app_of(ctx).curriculum_option)
    default_title = module_id.replace("-", " ").capitalize()
    spec = NewModule(
        id=module_id,
        title=title or _ask("Title", default_title),
        summary=summary or _ask("Summary (one sentence)", f"TODO: what {default_title} teaches."),
        level=level or _ask("Level (beginner, intermediate, advanced)", "beginner"),
        skills=tuple(skill or _ask_list("Skills (comma-separated slugs)", module_id)),
        requires=tuple(requires or _ask_list("Requirements (comma-separated, PEP 508)", "")),
        prerequisites=tuple(prerequisite or ()),
    )
    written = scaffold(root, spec, track=track)
    for path in written:
        screen.success(f"wrote {path}")
    screen.info(
        f"Next: write the lesson, add exercises with [bold]tutor new exercise {module_id} ID "
        "--type code[/], then [bold]tutor validate --run --module "
        f"{module_id}[/]."
    )


@new.command("exercise")
def new_exercise(
    ctx: typer.Context,
    module_id: Annotated[str, typer.Argument(help="The module to add it to.")],
    exercise_id: Annotated[str, typer.Argument(help="The exercise id (a slug).")],
    type_: Annotated[str, typer.Option("--type", help="code, choice or answer.")] = "code",
    lesson: Annotated[
        str | None, typer.Option(help="The lesson to add it to (default: the last one).")
    ] = None,
) -> None:
    """Add an exercise to a module's YAML (keeping its comments), with starter, solution and
    check files for a code exercise, and placeholder counterexamples: three wrong solutions
    (wrong/) and two alternatives (alternatives/) to replace with your own.

    Example: tutor new exercise polars-basics select-and-filter --type code --lesson expressions
    """
    from tutor.app.locate import writable_curriculum
    from tutor.authoring.scaffold import new_exercise as scaffold

    screen = terminal()

    root = writable_curriculum(app_of(ctx).curriculum_option)
    for path in scaffold(root, module_id, exercise_id, type_, lesson):
        screen.success(f"wrote {path}")
    screen.info(
        "Replace the TODOs (the counterexamples too), then check both ways: "
        f"[bold]tutor validate --run --module {module_id}[/]"
    )


def _ask(question: str, default: str) -> str:
    if not sys.stdin.isatty():
        return default
    screen = terminal()

    screen.out.print(f"{question} [dim]\\[{default}][/]: ", end="")
    return sys.stdin.readline().strip() or default


def _ask_list(question: str, default: str) -> list[str]:
    return [item.strip() for item in _ask(question, default).split(",") if item.strip()]
