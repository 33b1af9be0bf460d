"""All terminal output: the only module that imports rich (its heavier parts on first use)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape

from tutor.base.errors import Problem, ProblemsError, TutorError

if TYPE_CHECKING:
    from tutor.authoring.stamps import Drift
    from tutor.authoring.verify import Finding
    from tutor.curriculum.model import AnyExercise, ChoiceExercise, Curriculum
    from tutor.practice.checker import CheckResult
    from tutor.progress.plan import PlanItem
    from tutor.progress.report import ProgressReport, Standup
    from tutor.progress.streaks import Streak
    from tutor.store import Attempt

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

STATUS_STYLE = {"passed": "green", "failed": "red", "skipped": "yellow", "new": "dim"}


def error(exc: TutorError) -> None:
    """One line of cause (plus the curriculum's problems), then what to do."""
    if isinstance(exc, ProblemsError):
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


def plan(items: Sequence[PlanItem], budget: int, done_today: int, backlog: int = 0) -> None:
    from rich.table import Table

    if not items:
        if done_today:
            out.print(
                f"[green bold]All done for today[/] ({done_today} finished). See you tomorrow!"
            )
        else:
            out.print("[green]Nothing due and nothing new to learn today. Well done![/]")
        return
    total = sum(item.exercise.minutes for item in items)
    reviews = sum(item.kind == "review" for item in items)
    title = (
        f"Today: {reviews} review{'s' if reviews != 1 else ''}, {len(items) - reviews} new"
        f" · ~{total} of {budget} min"
    )
    table = Table(title=title, title_justify="left")
    for column in ("#", "exercise", "type", "min", "why"):
        table.add_column(column)
    for n, item in enumerate(items, 1):
        ex = item.exercise
        style = "cyan" if item.kind == "review" else ""
        table.add_row(
            str(n),
            f"{escape(ex.title)} [dim]{ex.key}[/]",
            ex.type,
            str(ex.minutes),
            f"[{style}]{escape(item.reason)}[/]" if style else escape(item.reason),
        )
    out.print(table)
    if done_today:
        out.print(f"[dim]{done_today} done already today.[/]")
    if backlog > len(items):
        out.print(
            f"[yellow]{backlog} reviews are due: new exercises wait until the backlog is under "
            "your daily cap (`tutor config --reviews-per-day`).[/]"
        )


def streak_line(streak: Streak) -> None:
    if not streak.current and not streak.longest:
        out.print("[dim]Finish an exercise today to start a streak.[/]")
        return
    flame = "🔥 " if streak.current else ""
    freezes = (
        f" · {streak.freezes} freeze{'s' if streak.freezes != 1 else ''} banked"
        if streak.freezes
        else ""
    )
    out.print(
        f"{flame}[bold]{streak.current}-day streak[/] [dim](longest {streak.longest}){freezes}[/]"
    )


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
    subtitle = " · ".join(part for part in (position, escape(status)) if part)
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


LEECHES_SHOWN = 10
HEAT = ("grey23", "green4", "green3", "spring_green2", "bright_green")


def progress_report(report: ProgressReport) -> None:
    """Streak, a year's calendar heat map, mastery per skill, reviews, leeches."""
    streak_line(report.streak)
    heatmap(report.days, report.today, report.streak.frozen)
    skill_bars(report)
    due = report.due_today
    overdue = f" ({report.due_overdue} overdue)" if report.due_overdue else ""
    out.print(f"\n[bold]Reviews[/] {due} due today{overdue}")
    if report.rusty:
        rusty = report.rusty[:LEECHES_SHOWN]
        more = len(report.rusty) - len(rusty)
        extra = f" [dim]and {more} more[/]" if more else ""
        out.print(f"[yellow]Rusty[/] (mastered, fading): {escape(', '.join(rusty))}{extra}")
    if report.leeches:
        out.print(
            "[bold red]Leeches[/] (8 failed reviews or more: reread the lesson, ask a colleague):"
        )
        shown = report.leeches[:LEECHES_SHOWN]
        out.print("  " + ", ".join(f"{escape(key)} [dim]({lapses}×)[/]" for key, lapses in shown))
        if len(report.leeches) > len(shown):
            more = len(report.leeches) - len(shown)
            out.print(f"  [dim]and {more} more (`tutor progress --json` lists them all)[/]")


def heatmap(days: dict[date, int], today: date, frozen: frozenset[date] = frozenset()) -> None:
    """Weeks as columns, Monday to Sunday as rows, like a contribution graph."""
    from datetime import timedelta

    from rich.text import Text

    weeks = 52
    first = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    busiest = max(days.values(), default=0)
    months = [" "] * weeks
    for w in range(weeks):
        monday = first + timedelta(weeks=w)
        label = monday.strftime("%b")
        if monday.day <= 7 and all(c == " " for c in months[w : w + len(label)]):
            months[w : w + len(label)] = list(label)
    out.print("\n[bold]Last 52 weeks[/]")
    out.print("    " + "".join(months)[:weeks])
    # Styled Text pieces, not markup: parsing 364 markup cells is most of this view's time.
    for row, name in enumerate(("Mon", "", "Wed", "", "Fri", "", "Sun")):
        line = Text(f"{name:<4}")
        for w in range(weeks):
            day = first + timedelta(weeks=w, days=row)
            if day > today:
                line.append(" ")
            elif day in frozen:
                line.append("■", "bright_blue")
            else:
                n = days.get(day, 0)
                shade = 0 if not n else 1 + min(3, (4 * n - 1) // max(1, busiest))
                line.append("■", HEAT[shade])
        out.print(line)
    legend = "".join(f"[{colour}]■[/]" for colour in HEAT)
    active = sum(1 for n in days.values() if n)
    out.print(f"    less {legend} more   [bright_blue]■[/] freeze   [dim]{active} active days[/]")


def skill_bars(report: ProgressReport, width: int = 30) -> None:
    from tutor.progress.mastery import LEVEL_NAMES

    if not report.skills:
        return
    out.print("\n[bold]Mastery per skill[/]")
    name_width = max(len(name) for name in report.skills)
    for name, m in report.skills.items():
        filled = round(width * m.percent / 100)
        bar = f"[green]{'█' * filled}[/][grey23]{'█' * (width - filled)}[/]"
        label = f"{m.percent:3.0f}% {LEVEL_NAMES[m.level]}"
        out.print(f"  {escape(name):<{name_width}}  {bar} {label}")


def standup(note: Standup, *, markdown: bool) -> None:
    """A few lines to paste into the team chat (plain print keeps them free of styling)."""
    bullet = "- " if markdown else "• "
    bold = "**" if markdown else ""
    lines = [f"{bold}Yesterday{bold} ({note.yesterday:%a %d %b}):"]
    if note.exercises:
        passed = [k for k, o in note.exercises if o == "passed"]
        failed = [k for k, o in note.exercises if o != "passed"]
        minutes = round(note.seconds / 60)
        lines.append(
            f"{bullet}{len(note.exercises)} exercises, ~{minutes} min: {len(passed)} passed"
        )
        if passed:
            lines.append(f"{bullet}passed: {', '.join(passed)}")
        if failed:
            lines.append(f"{bullet}still working on: {', '.join(failed)}")
        for module, before, after in note.modules:
            lines.append(f"{bullet}{module}: {before:.0f}% -> {after:.0f}%")
    else:
        lines.append(f"{bullet}no learning logged")
    lines.append(f"{bold}Today{bold}:")
    if note.plan:
        reviews = sum(item.kind == "review" for item in note.plan)
        modules = sorted({item.exercise.module for item in note.plan if item.kind == "new"})
        minutes = sum(item.exercise.minutes for item in note.plan)
        parts = [f"{reviews} reviews"] if reviews else []
        if len(note.plan) > reviews:
            parts.append(f"{len(note.plan) - reviews} new in {', '.join(modules)}")
        lines.append(f"{bullet}{' + '.join(parts)} (~{minutes} min)")
    else:
        lines.append(f"{bullet}nothing left on the plan")
    lines.append(f"{bold}Streak{bold}: {note.streak.current} days (longest {note.streak.longest})")
    for line in lines:
        print(line)


class NotebookProgress:
    """A progress bar of notebook executions: the total, and a line per running notebook."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self._bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        )
        self._total: Any = None
        self._running: dict[str, Any] = {}

    def __enter__(self) -> NotebookProgress:
        self._bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.__exit__(None, None, None)

    def start(self, total: int) -> None:
        self._total = self._bar.add_task("Executing notebooks", total=total)

    def running(self, label: str, cell: int, cells: int) -> None:
        task = self._running.get(label)
        description = f"  [cyan]{escape(label)}[/] cell"
        if task is None:
            self._running[label] = self._bar.add_task(description, total=cells, completed=cell - 1)
        else:
            self._bar.update(task, completed=cell - 1)

    def done(self, label: str) -> None:
        task = self._running.pop(label, None)
        if task is not None:
            self._bar.remove_task(task)
        if self._total is not None:
            self._bar.advance(self._total)


class Progress:
    """A progress bar with what is running now; safe to update from worker threads."""

    def __init__(self, title: str, total: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        self._bar = Bar(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("[dim]{task.fields[now]}"),
            console=err,
            transient=True,
        )
        self._task = self._bar.add_task(title, total=total, now="")
        self._running: list[str] = []

    def __enter__(self) -> Progress:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def running(self, label: str) -> None:
        self._running.append(label)
        self._bar.update(self._task, now=", ".join(self._running[-2:]))

    def done(self, finding: Finding) -> None:
        if finding.key in self._running:
            self._running.remove(finding.key)
        self._bar.update(self._task, advance=1, now=", ".join(self._running[-2:]))


def findings(found: Sequence[Finding], stamped: Sequence[object] = ()) -> None:
    """One line per exercise or notebook, then a summary."""
    for finding in found:
        took = "cached" if finding.cached else f"{finding.seconds:.1f} s"
        if finding.ok:
            out.print(f"[green]✓[/] {escape(finding.key)} [dim]({took})[/]")
        else:
            out.print(f"[red]✗[/] {escape(finding.key)} [dim]({took})[/]")
            for problem in finding.problems:
                out.print(f"    {escape(problem)}")
    bad = sum(not f.ok for f in found)
    exercises = sum(f.kind == "exercise" for f in found)
    notebooks = len(found) - exercises
    summary = f"{exercises} code exercises and {notebooks} notebooks"
    if bad:
        out.print(f"[bold red]{bad} of {summary} have problems.[/]")
    else:
        out.print(f"[green bold]All {summary} hold up.[/]")
    for path in stamped:
        out.print(f"[dim]stamped {escape(str(path))}[/]")


def drift(found: Sequence[Drift], modules: int) -> None:
    style = {"error": "[red]✗[/]", "warning": "[yellow]![/]", "note": "[dim]·[/]"}
    for item in found:
        out.print(f"{style[item.level]} {escape(item.module)}: {escape(item.message)}")
    errors = sum(d.level == "error" for d in found)
    warnings = sum(d.level == "warning" for d in found)
    if not errors and not warnings:
        out.print(f"[green]✓[/] {modules} modules: requirements met, nothing drifted")
    else:
        out.print(
            f"{errors} module requirement problems, {warnings} possible drifts: "
            "rerun `tutor validate --run --module ID --stamp` after checking them"
        )
