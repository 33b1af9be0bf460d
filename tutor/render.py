"""All terminal output: the only module that imports rich (its heavier parts on first use)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

from tutor.errors import CurriculumError, Problem, TutorError

if TYPE_CHECKING:
    from tutor.checker import CheckResult
    from tutor.curriculum.model import AnyExercise, ChoiceExercise, Curriculum
    from tutor.plan import PlanItem
    from tutor.store import Attempt

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

STATUS_STYLE = {"passed": "green", "failed": "red", "skipped": "yellow", "new": "dim"}


def error(exc: TutorError) -> None:
    """One line of cause (plus the curriculum's problems), then what to do."""
    if isinstance(exc, CurriculumError):
        problems(exc.problems, console=err)
    err.print(f"[bold red]Error:[/] {escape(exc.message)}")
    if exc.hint:
        err.print(f"[dim]→ {escape(exc.hint)}[/]")


def problems(found: Sequence[Problem], console: Console | None = None) -> None:
    for problem in found:
        (console or out).print(f"[red]✗[/] {escape(str(problem))}")


def info(text: str) -> None:
    out.print(text)


def plain(text: str) -> None:
    out.print(escape(text))


def heading(text: str) -> None:
    out.print(f"\n[bold]{escape(text)}[/]")


def success(text: str) -> None:
    out.print(f"[green]✓[/] {escape(text)}")


def failure(text: str) -> None:
    out.print(f"[red]✗[/] {escape(text)}")


def plan(items: Sequence[PlanItem], budget: int, done_today: int) -> None:
    from rich.table import Table

    total = sum(item.exercise.minutes for item in items)
    if not items:
        out.print("[green]Nothing left to learn in this curriculum. Well done![/]")
        return
    table = Table(
        title=f"Today: {len(items)} exercises, ~{total} of {budget} min", title_justify="left"
    )
    for column in ("#", "exercise", "type", "min", "why"):
        table.add_column(column)
    for n, item in enumerate(items, 1):
        ex = item.exercise
        table.add_row(
            str(n),
            f"{escape(ex.title)} [dim]{ex.key}[/]",
            ex.type,
            str(ex.minutes),
            escape(item.reason),
        )
    out.print(table)
    if done_today:
        out.print(f"[dim]{done_today} done already today.[/]")


def plan_lines(items: Sequence[PlanItem]) -> None:
    """The plan for scripts: one tab-separated line per item."""
    # Plain print: rich would expand the tabs that scripts split on.
    for item in items:
        ex = item.exercise
        print(f"{ex.key}\t{ex.type}\t{ex.minutes}\t{item.reason}")


def exercise_table(rows: Iterable[tuple[AnyExercise, str]], title: str) -> None:
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for column in ("exercise", "lesson", "type", "min", "status"):
        table.add_column(column)
    for ex, status in rows:
        style = STATUS_STYLE.get(status, "")
        table.add_row(ex.key, ex.lesson, ex.type, str(ex.minutes), f"[{style}]{status}[/]")
    out.print(table)


def modules_table(curriculum: Curriculum, counts: dict[str, tuple[int, int]]) -> None:
    from rich.table import Table

    table = Table(title=escape(curriculum.title), title_justify="left")
    for column in ("module", "level", "done", "skills", "prerequisites"):
        table.add_column(column)
    for module in curriculum.modules:
        done, total = counts.get(module.id, (0, len(module.exercises)))
        table.add_row(
            f"{escape(module.title)} [dim]{module.id}[/]",
            module.level,
            f"{done}/{total}",
            escape(", ".join(module.skills)),
            escape(", ".join(module.prerequisites)) or "-",
        )
    out.print(table)


def exercise(ex: AnyExercise, status: str, position: str = "") -> None:
    from rich.panel import Panel

    from tutor.curriculum.model import CodeExercise

    title = f"{escape(ex.title)} [dim]({ex.key}, {ex.type}, ~{ex.minutes} min, difficulty {ex.difficulty})[/]"
    body = ex.prompt if isinstance(ex, CodeExercise) else ex.question
    subtitle = f"{position} status: {status}".strip()
    out.print(
        Panel(
            escape(body.strip()),
            title=title,
            title_align="left",
            subtitle=subtitle,
            subtitle_align="right",
        )
    )


def choices(ex: ChoiceExercise, order: Sequence[int]) -> None:
    for n, index in enumerate(order, 1):
        out.print(f"  [bold]{n}[/]. {escape(ex.options[index])}")
    out.print(
        "[dim]Several answers: type their numbers separated by spaces.[/]" if ex.multiple else ""
    )


def quiz_feedback(correct: bool, explanation: str, right: str) -> None:
    if correct:
        out.print("[green]✓ Correct.[/]", escape(explanation))
    else:
        out.print(
            f"[red]✗ Not quite.[/] The answer: [bold]{escape(right)}[/]. {escape(explanation)}"
        )


def check_result(result: CheckResult) -> None:
    from rich.panel import Panel

    for case in result.cases:
        mark = "[green]✓[/]" if case.passed else "[red]✗[/]"
        out.print(f"  {mark} {escape(case.name)}")
    first = result.first_failure
    if first is not None and first.message:
        out.print(
            Panel(
                escape(first.message),
                title=f"first failure: {escape(first.name)}",
                border_style="red",
                title_align="left",
            )
        )
    if result.output_truncated:
        out.print("[dim]The output was too long and was cut.[/]")
    if result.passed:
        out.print(f"[green bold]All {len(result.cases)} checks passed.[/]")
    else:
        out.print(f"[red bold]Not yet:[/] {escape(result.cause)}")


def hint(n: int, total: int, text: str) -> None:
    out.print(f"[yellow]Hint {n}/{total}:[/] {escape(text)}")


def code(source: str, title: str) -> None:
    from rich.panel import Panel
    from rich.syntax import Syntax

    out.print(
        Panel(
            Syntax(source, "python", theme="ansi_dark", line_numbers=True),
            title=escape(title),
            title_align="left",
        )
    )


def attempts_table(attempts: Sequence[Attempt]) -> None:
    from rich.table import Table

    table = Table(title="Recent attempts", title_justify="left")
    for column in ("when (UTC)", "exercise", "outcome", "score", "hints", "time"):
        table.add_column(column)
    for a in attempts:
        style = STATUS_STYLE.get(a.outcome, "")
        table.add_row(
            a.finished.strftime("%Y-%m-%d %H:%M"),
            a.key,
            f"[{style}]{a.outcome}[/]",
            f"{a.score:.0%}",
            str(a.hints_used),
            f"{a.seconds:.0f} s",
        )
    out.print(table)
