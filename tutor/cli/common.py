"""What the command modules share: the application of this run and the terminal's screen."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import typer

from tutor.app.application import App

if TYPE_CHECKING:
    from tutor.terminal.render import Screen


def app_of(ctx: typer.Context) -> App:
    obj = ctx.find_root().obj
    assert isinstance(obj, App)
    return obj


@cache
def terminal() -> Screen:
    """The screen on this process's standard output and error (made once, on first use)."""
    from tutor.terminal.render import Screen

    return Screen()
