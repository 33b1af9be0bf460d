"""Helpers the command modules share: finding the exercise a command is about."""

from __future__ import annotations

import typer

from tutor.app.context import Context
from tutor.base.errors import NotFoundError, TutorError
from tutor.curriculum.model import AnyExercise, CodeExercise


def context(ctx: typer.Context) -> Context:
    obj = ctx.find_root().obj
    assert isinstance(obj, Context)
    return obj


def find_exercise(env: Context, key: str | None) -> AnyExercise:
    """The exercise named by `key` (`module/exercise` or a unique bare id), or the current one."""
    if key is None:
        key = env.workspace.current()
        if key is None:
            raise NotFoundError(
                "no exercise given and none started yet",
                hint="name one, e.g. `tutor start KEY`; `tutor list` shows them",
            )
    ex = env.curriculum.exercise(key)
    if ex is not None:
        return ex
    matches = env.curriculum.ambiguous(key)
    if len(matches) > 1:
        raise NotFoundError(
            f"{key!r} is in several modules: {', '.join(matches)}",
            hint="use the full key `module/exercise`",
        )
    raise NotFoundError(
        f"no exercise {key!r} in the curriculum",
        hint="`tutor list` shows every exercise and its key",
    )


def find_code_exercise(env: Context, key: str | None) -> CodeExercise:
    ex = find_exercise(env, key)
    if not isinstance(ex, CodeExercise):
        raise TutorError(
            f"{ex.key} is a {ex.type} exercise, answered in `tutor today`",
            hint="`tutor start` and `tutor check` are for code exercises",
        )
    return ex
