"""The `tutor` command line: thin Typer sub-apps over the core."""

from tutor.cli.main import app, main

__all__ = ["app", "main"]
