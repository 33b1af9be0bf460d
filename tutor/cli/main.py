"""The root `tutor` app: global options, the sub-apps, and the one place errors become messages."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup
from typer.models import CommandInfo

from tutor.app.application import App
from tutor.base.errors import TutorError
from tutor.cli.common import terminal

# Each command (or command group) and the module under tutor/cli that defines it, in the order
# `tutor --help` lists them. Only the module of the command that runs is imported: importing
# all of them costs every start several milliseconds. A test keeps this table complete.
COMMANDS = {
    "today": "learn",
    "lesson": "learn",
    "practice": "learn",
    "install": "learn",
    "start": "learn",
    "check": "learn",
    "hint": "learn",
    "reset": "learn",
    "solution": "learn",
    "list": "browse",
    "show": "browse",
    "progress": "views",
    "standup": "views",
    "share": "views",
    "track": "views",
    "config": "settings",
    "export": "portable",
    "import": "portable",
    "validate": "contrib",
    "doctor": "contrib",
    "init": "init",
    "new": "scaffold",
    "site": "site",
}


def sub_app(module: str) -> typer.Typer:
    from importlib import import_module

    cli = import_module(f"tutor.cli.{module}").cli
    assert isinstance(cli, typer.Typer)
    return cli


class TutorGroup(TyperGroup):
    """The root group: builds only the command that runs, and turns errors into messages.

    Typer builds every command of every sub-app up front (their options, converters, help);
    building just the one invoked is a tenth of the start-up of a command that runs in 150 ms.
    """

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        sub = sub_app(module)
        for info in sub.registered_commands:
            if _name(info) == cmd_name:
                single = typer.Typer(add_completion=False, rich_markup_mode=None)
                single.registered_commands.append(info)
                return typer.main.get_command(single)
        for group in sub.registered_groups:  # command groups, e.g. `tutor site export`
            if group.name == cmd_name:
                single = typer.Typer(add_completion=False, rich_markup_mode=None)
                single.registered_groups.append(group)
                return typer.main.get_group(single).get_command(ctx, cmd_name)
        return None

    def invoke(self, ctx: Any) -> Any:
        """Turns a TutorError raised anywhere below into a message and an exit code."""
        try:
            return super().invoke(ctx)
        except TutorError as exc:
            from tutor.cli.common import terminal

            terminal().error(exc)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:  # each step is saved as it ends: nothing to undo
            from tutor.cli.common import terminal

            terminal().interrupted()
            raise typer.Exit(130) from None
        finally:
            if isinstance(ctx.obj, App):
                ctx.obj.close()
            _say_once()


def _say_once() -> None:
    """Notes given once per user (the shipped curriculum served outside a repository)."""
    from tutor.app.locate import shipped_note

    note = shipped_note()
    if note:
        print(note, file=sys.stderr)


def _name(info: CommandInfo) -> str:
    """A command's name as Typer derives it: given, or the function's with `_` as `-`."""
    callback = info.callback
    return info.name or (callback.__name__.replace("_", "-") if callback else "")


app = typer.Typer(
    cls=TutorGroup,
    name="tutor",
    help="Your daily learning session: spaced reviews and new exercises on frameworks new to you.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        from tutor import __version__

        print(f"tutor (ml-daily-tutor) {__version__}")
        raise typer.Exit()


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
            help="Progress database: a file, or a postgresql:// URL "
            "(default: your data folder, or $TUTOR_DB).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print the tutor's version and exit.",
            is_eager=True,
            callback=_print_version,
        ),
    ] = False,
) -> None:
    """Your daily learning session: spaced reviews and new exercises on frameworks new to you.

    Start with `tutor today`.
    """
    ctx.obj = App(curriculum, db)
    # A screen is made for each invocation: its consoles read the terminal's size and colours
    # when they are made (several invocations share a process in tests).
    terminal.cache_clear()


def main() -> None:
    """The console script: run the command, then leave without the interpreter's teardown.

    By the time a command returns, everything it owns is closed (the store in `invoke`, files
    as they are written) and its output only needs flushing. Tearing down the interpreter
    (every module, then a last garbage collection) would add more to each run than the
    command itself takes: a `tutor today --plan` spends about 17 ms there. A profiler, a
    tracer or coverage needs that teardown to write its report, so under one the tutor
    exits the ordinary way.
    """
    code: int | str | None = 0
    try:
        app(prog_name="tutor")
    except SystemExit as exc:
        code = exc.code
    if isinstance(code, str):  # a message for stderr, as SystemExit would print it
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            code = code or 1
    if _observed():
        sys.exit(code or 0)
    os._exit(code or 0)


def _observed() -> bool:
    """Whether a profiler, a debugger or coverage watches this process."""
    return (
        sys.getprofile() is not None
        or sys.gettrace() is not None
        or "coverage" in sys.modules
        or "cProfile" in sys.modules
    )
