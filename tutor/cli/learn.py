"""Commands for learning: today's session and working on code exercises."""

from __future__ import annotations

from typing import Annotated

import typer

from tutor.cli.common import context, find_code_exercise, find_exercise

app = typer.Typer()


@app.command()
def today(
    ctx: typer.Context,
    plan: Annotated[
        bool, typer.Option("--plan", help="Print the plan and exit, without a session.")
    ] = False,
    name: Annotated[str | None, typer.Option(help="Your display name (first run).")] = None,
    budget: Annotated[
        int | None, typer.Option(min=1, help="Daily budget in minutes (first run).")
    ] = None,
) -> None:
    """Today's plan, then an interactive session through it.

    Quizzes are answered here; code exercises open in your editor and are checked on every save.

    Example: tutor today            (or: tutor today --plan, for scripts)
    """
    env = context(ctx)
    if plan:  # for scripts and benchmarks: no session, so none of its imports
        from tutor.terminal import render

        render.plan_lines(env.day_plan().remaining)
        return
    from tutor.terminal import session

    session.first_run(env, name=name, budget=budget)
    session.run_today(env)


@app.command()
def start(
    ctx: typer.Context,
    exercise: Annotated[
        str, typer.Argument(help="Exercise key, e.g. numpy-idioms/pairwise-distances.")
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace your edits with the starter.")
    ] = False,
) -> None:
    """Put a code exercise's starter in your workspace and print its path.

    Your edits are never overwritten unless you pass --force.

    Example: tutor start numpy-idioms/pairwise-distances
    """
    from tutor.practice.attempts import now
    from tutor.store import Event
    from tutor.terminal import render, session

    env = context(ctx)
    ex = find_code_exercise(env, exercise)
    path = env.workspace.start(ex, force=force)
    session.warn_unmet(env, ex)  # the file is there to read; checks wait for the libraries
    env.store.record_event(Event(env.learner, ex.key, now(), "start"))
    render.exercise(ex, "started")
    render.info(
        f"Edit [bold]{path}[/] in your editor, then run [bold]tutor check[/] (or [bold]tutor check --watch[/])."
    )


@app.command()
def check(
    ctx: typer.Context,
    exercise: Annotated[
        str | None, typer.Argument(help="Exercise key (default: the one you started last).")
    ] = None,
    watch: Annotated[
        bool, typer.Option("--watch", "-w", help="Check again on every save.")
    ] = False,
    poll: Annotated[
        bool,
        typer.Option(
            "--poll", help="With --watch: poll the file instead of waiting for file events."
        ),
    ] = False,
) -> None:
    """Run the checks on your workspace file and record the attempt.

    Example: tutor check --watch
    """
    from tutor.terminal import session

    env = context(ctx)
    ex = find_code_exercise(env, exercise)
    if watch:
        session.watch_checks(env, ex, poll=poll)
        return
    result = session.check_once(env, ex)
    if not result.passed:
        raise typer.Exit(1)


@app.command()
def hint(
    ctx: typer.Context,
    exercise: Annotated[
        str | None, typer.Argument(help="Exercise key (default: the one you started last).")
    ] = None,
) -> None:
    """Reveal the next hint (one at a time; revealing is recorded).

    Example: tutor hint numpy-idioms/pairwise-distances
    """
    from tutor.terminal import session

    env = context(ctx)
    session.reveal_hint(env, find_exercise(env, exercise))


@app.command()
def reset(
    ctx: typer.Context,
    exercise: Annotated[str, typer.Argument(help="Exercise key.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Restore the starter file, discarding your edits (asks first).

    Example: tutor reset numpy-idioms/pairwise-distances
    """
    from tutor.practice.attempts import now
    from tutor.store import Event
    from tutor.terminal import render

    env = context(ctx)
    ex = find_code_exercise(env, exercise)
    path = env.workspace.file_for(ex)
    if (
        env.workspace.has_edits(ex)
        and not yes
        and not typer.confirm(f"Discard your edits in {path}?", default=False)
    ):
        raise typer.Exit(1)
    env.workspace.reset(ex)
    env.store.record_event(Event(env.learner, ex.key, now(), "reset"))
    render.success(f"{path} is back to the starter.")


@app.command()
def solution(
    ctx: typer.Context,
    exercise: Annotated[str, typer.Argument(help="Exercise key.")],
    reveal: Annotated[
        bool, typer.Option("--reveal", help="Show it before you have passed (recorded).")
    ] = False,
) -> None:
    """Show the reference solution, once you have passed the exercise.

    Example: tutor solution numpy-idioms/pairwise-distances
    """
    from tutor.terminal import session

    env = context(ctx)
    session.show_solution(env, find_exercise(env, exercise), reveal=reveal)
