"""Commands for learning: today's session and working on code exercises."""

from __future__ import annotations

from typing import Annotated

import typer

from tutor.cli.common import app_of, terminal

cli = typer.Typer()


@cli.command()
def today(
    ctx: typer.Context,
    plan: Annotated[
        bool, typer.Option("--plan", help="Print the plan and exit, without a session.")
    ] = False,
    more: Annotated[
        bool,
        typer.Option("--more", help="Go on past your budget: due reviews, then new exercises."),
    ] = False,
    name: Annotated[str | None, typer.Option(help="Your display name (first run).")] = None,
    budget: Annotated[
        int | None, typer.Option(min=1, help="Daily budget in minutes (first run).")
    ] = None,
) -> None:
    """Today's plan, then an interactive session through it.

    Quizzes are answered here; code exercises open in your editor and are checked on every save.

    Example: tutor today            (or: tutor today --more; tutor today --plan, for scripts)
    """
    app = app_of(ctx)
    screen = terminal()
    if plan:  # for scripts and benchmarks: no session, so none of its imports
        # With --more, what a session with --more offers: the rest of the plan, then beyond it.
        screen.plan_lines([*app.day_plan().remaining, *(app.more_items() if more else ())])
        return
    import sys

    from tutor.terminal import session

    session.first_run(app, screen, sys.stdin, name=name, budget=budget)
    session.run_today(app, screen, sys.stdin, more=more)


@cli.command()
def lesson(
    ctx: typer.Context,
    key: Annotated[
        str | None,
        typer.Argument(
            help="A lesson (module/lesson), or an exercise of it (default: the one you "
            "started last)."
        ),
    ] = None,
) -> None:
    """Read a lesson in the terminal: a screenful at a time, or whole when piped.

    Reading it is recorded: `tutor today` then stops offering it before its exercises.

    Example: tutor lesson numpy-idioms/broadcasting
    """
    import sys

    from tutor.terminal import session

    app = app_of(ctx)
    screen = terminal()
    text = app.lesson(key)
    paged = sys.stdin.isatty() and sys.stdout.isatty()
    screen.lesson(text, session.line_reader(screen, sys.stdin) if paged else None)
    app.read_lesson(text)


@cli.command()
def practice(
    ctx: typer.Context,
    exercise: Annotated[
        str, typer.Argument(help="Exercise key, e.g. numpy-idioms/pairwise-distances.")
    ],
) -> None:
    """Do any exercise or quiz now, outside today's plan.

    It is recorded like any attempt and rated for your review schedule the same way.

    Example: tutor practice numpy-idioms/pick-axis
    """
    import sys

    from tutor.terminal import session

    app = app_of(ctx)
    session.practice(app, terminal(), sys.stdin, app.exercise(exercise))


@cli.command()
def install(
    ctx: typer.Context,
    modules: Annotated[list[str], typer.Argument(help="Module ids, e.g. pytorch-training.")],
) -> None:
    """Install the libraries the named modules need and this Python lacks (with pip).

    Example: tutor install pytorch-training
    """
    app = app_of(ctx)
    screen = terminal()
    command, status = app.install(modules)
    if not command:
        screen.success(f"Everything {', '.join(modules)} needs is installed.")
        return
    if status:
        screen.failure(f"pip could not install {' '.join(command[4:])} (its message is above).")
        raise typer.Exit(1)
    screen.success(f"Installed what {', '.join(modules)} needs.")


@cli.command()
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
    app = app_of(ctx)
    screen = terminal()
    ex = app.code_exercise(exercise)
    started = app.start(ex, force=force)
    screen.exercise(ex, "started")
    if started.unmet:  # the file is there to read; checks wait for the libraries
        from tutor.terminal.session import show_unmet

        show_unmet(screen, ex, started.unmet)
    screen.info(
        f"Edit [bold]{started.path}[/] in your editor, then run [bold]tutor check[/] "
        "(or [bold]tutor check --watch[/])."
    )


@cli.command()
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

    app = app_of(ctx)
    ex = app.code_exercise(exercise)
    if watch:
        session.watch_checks(app, terminal(), ex, poll=poll)
        return
    if not session.check_and_show(app, terminal(), ex).result.passed:
        raise typer.Exit(1)


@cli.command()
def hint(
    ctx: typer.Context,
    exercise: Annotated[
        str | None, typer.Argument(help="Exercise key (default: the one you started last).")
    ] = None,
) -> None:
    """Reveal the next hint (one at a time; revealing is recorded).

    Example: tutor hint numpy-idioms/pairwise-distances
    """
    app = app_of(ctx)
    ex = app.exercise(exercise)
    terminal().show_hint(app.hint(ex), ex.hints)


@cli.command()
def reset(
    ctx: typer.Context,
    exercise: Annotated[str, typer.Argument(help="Exercise key.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Restore the starter file, discarding your edits (asks first).

    Example: tutor reset numpy-idioms/pairwise-distances
    """
    app = app_of(ctx)
    ex = app.code_exercise(exercise)
    path = app.workspace.file_for(ex)
    if (
        app.workspace.has_edits(ex)
        and not yes
        and not typer.confirm(f"Discard your edits in {path}?", default=False)
    ):
        raise typer.Exit(1)
    app.reset(ex)
    terminal().success(f"{path} is back to the starter.")


@cli.command()
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
    app = app_of(ctx)
    ex = app.exercise(exercise)
    terminal().solution(ex.key, app.solution(ex, reveal=reveal))
