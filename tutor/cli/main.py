"""The root `tutor` app: global options, the sub-apps, and the one place errors become messages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from tutor.cli import browse, contrib, learn, settings
from tutor.cli.context import Context
from tutor.errors import TutorError


class TutorGroup(TyperGroup):
    """Turns a TutorError raised anywhere below into a message and an exit code, never a traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TutorError as exc:
            from tutor import render

            render.error(exc)
            raise typer.Exit(exc.exit_code) from None
        finally:
            if isinstance(ctx.obj, Context):
                ctx.obj.close()


app = typer.Typer(
    cls=TutorGroup,
    name="tutor",
    help="Your daily learning session: spaced reviews and new exercises on frameworks new to you.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def root(
    ctx: typer.Context,
    curriculum: Annotated[
        Path | None,
        typer.Option(
            help="Curriculum folder (default: ./curriculum or $TUTOR_CURRICULUM).",
            show_default=False,
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            help="Progress database file (default: your data folder, or $TUTOR_DB).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Your daily learning session: spaced reviews and new exercises on frameworks new to you.

    Start with `tutor today`.
    """
    ctx.obj = Context(curriculum_option=curriculum, db_option=db)


for sub in (learn.app, browse.app, settings.app, contrib.app):
    app.add_typer(sub)


def main() -> None:
    app(prog_name="tutor")
