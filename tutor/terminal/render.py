"""All terminal output: the only module that imports rich (its heavier parts on first use)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape

from tutor.base.errors import Problem, ProblemsError, TutorError

if TYPE_CHECKING:
    from tutor.app.application import Hint, Solution
    from tutor.authoring.stamps import Drift
    from tutor.authoring.verify import Finding
    from tutor.curriculum.model import AnyExercise, ChoiceExercise, Curriculum
    from tutor.practice.checker import CheckResult
    from tutor.progress.plan import PlanItem
    from tutor.progress.report import ProgressReport, Standup
    from tutor.progress.streaks import Streak
    from tutor.store import Attempt

STATUS_STYLE = {"passed": "green", "failed": "red", "skipped": "yellow", "new": "dim"}

LEECHES_SHOWN = 10
HEAT = ("grey23", "green4", "green3", "spring_green2", "bright_green")


class Screen:
    """Everything the tutor draws, on the consoles it is given: the terminal's by default,
    a `Console(file=io.StringIO(), width=100, color_system=None)` in tests."""

    def __init__(self, out: Console | None = None, err: Console | None = None) -> None:
        self.out = out or Console(highlight=False)
        self.err = err or Console(stderr=True, highlight=False)

    def error(self, exc: TutorError) -> None:
        """One line of cause (plus the curriculum's problems), then what to do."""
        if isinstance(exc, ProblemsError):
            self.problems(exc.problems, console=self.err)
        self.err.print(f"[bold red]Error:[/] {escape(exc.message)}")
        if exc.hint:
            self.err.print(f"[dim]→ {escape(exc.hint)}[/]")

    def problems(self, found: Sequence[Problem], console: Console | None = None) -> None:
        for problem in found:
            (console or self.out).print(f"[red]✗[/] {escape(str(problem))}")

    def info(self, text: str) -> None:
        self.out.print(text)

    def plain(self, text: str) -> None:
        self.out.print(escape(text))

    def prompt(self, text: str) -> None:
        """A question on a line left open for the answer."""
        self.out.print(text, end="")
        self.out.file.flush()

    def heading(self, text: str) -> None:
        self.out.print(f"\n[bold]{escape(text)}[/]")

    def success(self, text: str) -> None:
        self.out.print(f"[green]✓[/] {escape(text)}")

    def failure(self, text: str) -> None:
        self.out.print(f"[red]✗[/] {escape(text)}")

    def plan(
        self, items: Sequence[PlanItem], budget: int, done_today: int, backlog: int = 0
    ) -> None:
        from rich.table import Table

        if not items:
            if done_today:
                self.out.print(
                    f"[green bold]All done for today[/] ({done_today} finished). See you tomorrow!"
                )
            else:
                self.out.print("[green]Nothing due and nothing new to learn today. Well done![/]")
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
        self.out.print(table)
        if done_today:
            self.out.print(f"[dim]{done_today} done already today.[/]")
        if backlog > len(items):
            self.out.print(
                f"[yellow]{backlog} reviews are due: new exercises wait until the backlog is under "
                "your daily cap (`tutor config --reviews-per-day`).[/]"
            )

    def streak_line(self, streak: Streak) -> None:
        if not streak.current and not streak.longest:
            self.out.print("[dim]Finish an exercise today to start a streak.[/]")
            return
        flame = "🔥 " if streak.current else ""
        freezes = (
            f" · {streak.freezes} freeze{'s' if streak.freezes != 1 else ''} banked"
            if streak.freezes
            else ""
        )
        self.out.print(
            f"{flame}[bold]{streak.current}-day streak[/] [dim](longest {streak.longest}){freezes}[/]"
        )

    def plan_lines(self, items: Sequence[PlanItem]) -> None:
        """The plan for scripts: one tab-separated line per item."""
        # Plain print: rich would expand the tabs that scripts split on.
        for item in items:
            ex = item.exercise
            print(f"{ex.key}\t{ex.type}\t{ex.minutes}\t{item.reason}")

    def exercise_table(self, rows: Iterable[tuple[AnyExercise, str]], title: str) -> None:
        from rich.table import Table

        table = Table(title=title, title_justify="left")
        for column in ("exercise", "lesson", "type", "min", "status"):
            table.add_column(column)
        for ex, status in rows:
            style = STATUS_STYLE.get(status, "")
            table.add_row(ex.key, ex.lesson, ex.type, str(ex.minutes), f"[{style}]{status}[/]")
        self.out.print(table)

    def modules_table(self, curriculum: Curriculum, counts: dict[str, tuple[int, int]]) -> None:
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
        self.out.print(table)

    def exercise(self, ex: AnyExercise, status: str, position: str = "") -> None:
        from rich.panel import Panel

        from tutor.curriculum.model import CodeExercise

        title = f"{escape(ex.title)} [dim]({ex.key}, {ex.type}, ~{ex.minutes} min, difficulty {ex.difficulty})[/]"
        body = ex.prompt if isinstance(ex, CodeExercise) else ex.question
        subtitle = " · ".join(part for part in (position, escape(status)) if part)
        self.out.print(
            Panel(
                escape(body.strip()),
                title=title,
                title_align="left",
                subtitle=subtitle,
                subtitle_align="right",
            )
        )

    def choices(self, ex: ChoiceExercise, order: Sequence[int]) -> None:
        for n, index in enumerate(order, 1):
            self.out.print(f"  [bold]{n}[/]. {escape(ex.options[index])}")
        self.out.print(
            "[dim]Several answers: type their numbers separated by spaces.[/]"
            if ex.multiple
            else ""
        )

    def quiz_feedback(self, correct: bool, explanation: str, right: str) -> None:
        if correct:
            self.out.print("[green]✓ Correct.[/]", escape(explanation))
        else:
            self.out.print(
                f"[red]✗ Not quite.[/] The answer: [bold]{escape(right)}[/]. {escape(explanation)}"
            )

    def check_result(self, result: CheckResult) -> None:
        from rich.panel import Panel

        for case in result.cases:
            mark = "[green]✓[/]" if case.passed else "[red]✗[/]"
            self.out.print(f"  {mark} {escape(case.name)}")
        first = result.first_failure
        if first is not None and first.message:
            self.out.print(
                Panel(
                    escape(first.message),
                    title=f"first failure: {escape(first.name)}",
                    border_style="red",
                    title_align="left",
                )
            )
        if result.output_truncated:
            self.out.print("[dim]The output was too long and was cut.[/]")
        if result.passed:
            self.out.print(f"[green bold]All {len(result.cases)} checks passed.[/]")
        else:
            self.out.print(f"[red bold]Not yet:[/] {escape(result.cause)}")

    def hint(self, n: int, total: int, text: str) -> None:
        self.out.print(f"[yellow]Hint {n}/{total}:[/] {escape(text)}")

    def show_hint(self, shown: Hint, hints: Sequence[str]) -> None:
        if not shown.total:
            self.info("This exercise has no hints.")
        elif shown.repeated:
            self.info("[dim]No more hints; here they all are again.[/]")
            for n, text in enumerate(hints, 1):
                self.hint(n, len(hints), text)
        else:
            self.hint(shown.number, shown.total, shown.text)

    def solution(self, key: str, shown: Solution) -> None:
        if shown.code:
            self.code(shown.text, f"solution: {key}")
        else:
            self.info(f"[bold]Answer:[/] {escape(shown.text)}")
            if shown.explanation:
                self.plain(shown.explanation)

    def code(self, source: str, title: str) -> None:
        from rich.panel import Panel
        from rich.syntax import Syntax

        self.out.print(
            Panel(
                Syntax(source, "python", theme="ansi_dark", line_numbers=True),
                title=escape(title),
                title_align="left",
            )
        )

    def attempts_table(self, attempts: Sequence[Attempt]) -> None:
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
        self.out.print(table)

    def progress_report(self, report: ProgressReport) -> None:
        """Streak, a year's calendar heat map, mastery per skill, reviews, leeches."""
        self.streak_line(report.streak)
        self.heatmap(report.days, report.today, report.streak.frozen)
        self.skill_bars(report)
        due = report.due_today
        overdue = f" ({report.due_overdue} overdue)" if report.due_overdue else ""
        self.out.print(f"\n[bold]Reviews[/] {due} due today{overdue}")
        if report.rusty:
            rusty = report.rusty[:LEECHES_SHOWN]
            more = len(report.rusty) - len(rusty)
            extra = f" [dim]and {more} more[/]" if more else ""
            self.out.print(
                f"[yellow]Rusty[/] (mastered, fading): {escape(', '.join(rusty))}{extra}"
            )
        if report.leeches:
            self.out.print(
                "[bold red]Leeches[/] (8 failed reviews or more: reread the lesson, ask a colleague):"
            )
            shown = report.leeches[:LEECHES_SHOWN]
            self.out.print(
                "  " + ", ".join(f"{escape(key)} [dim]({lapses}×)[/]" for key, lapses in shown)
            )
            if len(report.leeches) > len(shown):
                more = len(report.leeches) - len(shown)
                self.out.print(
                    f"  [dim]and {more} more (`tutor progress --json` lists them all)[/]"
                )

    def heatmap(
        self, days: dict[date, int], today: date, frozen: frozenset[date] = frozenset()
    ) -> None:
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
        self.out.print("\n[bold]Last 52 weeks[/]")
        self.out.print("    " + "".join(months)[:weeks])
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
            self.out.print(line)
        legend = "".join(f"[{colour}]■[/]" for colour in HEAT)
        active = sum(1 for n in days.values() if n)
        self.out.print(
            f"    less {legend} more   [bright_blue]■[/] freeze   [dim]{active} active days[/]"
        )

    def skill_bars(self, report: ProgressReport, width: int = 30) -> None:
        from tutor.progress.mastery import LEVEL_NAMES

        if not report.skills:
            return
        self.out.print("\n[bold]Mastery per skill[/]")
        name_width = max(len(name) for name in report.skills)
        for name, m in report.skills.items():
            filled = round(width * m.percent / 100)
            bar = f"[green]{'█' * filled}[/][grey23]{'█' * (width - filled)}[/]"
            label = f"{m.percent:3.0f}% {LEVEL_NAMES[m.level]}"
            self.out.print(f"  {escape(name):<{name_width}}  {bar} {label}")

    def standup(self, note: Standup, *, markdown: bool) -> None:
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
        lines.append(
            f"{bold}Streak{bold}: {note.streak.current} days (longest {note.streak.longest})"
        )
        for line in lines:
            print(line)

    def findings(self, found: Sequence[Finding], stamped: Sequence[object] = ()) -> None:
        """One line per exercise or notebook, then a summary."""
        for finding in found:
            took = "cached" if finding.cached else f"{finding.seconds:.1f} s"
            if finding.ok:
                self.out.print(f"[green]✓[/] {escape(finding.key)} [dim]({took})[/]")
            else:
                self.out.print(f"[red]✗[/] {escape(finding.key)} [dim]({took})[/]")
                for problem in finding.problems:
                    self.out.print(f"    {escape(problem)}")
        bad = sum(not f.ok for f in found)
        exercises = sum(f.kind == "exercise" for f in found)
        notebooks = len(found) - exercises
        summary = f"{exercises} code exercises and {notebooks} notebooks"
        if bad:
            self.out.print(f"[bold red]{bad} of {summary} have problems.[/]")
        else:
            self.out.print(f"[green bold]All {summary} hold up.[/]")
        for path in stamped:
            self.out.print(f"[dim]stamped {escape(str(path))}[/]")

    def notebook_progress(self) -> NotebookProgress:
        return NotebookProgress(self.err)

    def progress_bar(self, title: str, total: int) -> ProgressBar:
        return ProgressBar(self.err, title, total)

    def drift(self, found: Sequence[Drift], modules: int) -> None:
        style = {"error": "[red]✗[/]", "warning": "[yellow]![/]", "note": "[dim]·[/]"}
        for item in found:
            self.out.print(f"{style[item.level]} {escape(item.module)}: {escape(item.message)}")
        errors = sum(d.level == "error" for d in found)
        warnings = sum(d.level == "warning" for d in found)
        if not errors and not warnings:
            self.out.print(f"[green]✓[/] {modules} modules: requirements met, nothing drifted")
        else:
            self.out.print(
                f"{errors} module requirement problems, {warnings} possible drifts: "
                "rerun `tutor validate --run --module ID --stamp` after checking them"
            )


class NotebookProgress:
    """A progress bar of notebook executions: the total, and a line per running notebook."""

    def __init__(self, console: Console) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self._bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
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


class ProgressBar:
    """A progress bar with what is running now; safe to update from worker threads."""

    def __init__(self, console: Console, title: str, total: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        self._bar = Bar(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("[dim]{task.fields[now]}"),
            console=console,
            transient=True,
        )
        self._task = self._bar.add_task(title, total=total, now="")
        self._running: list[str] = []

    def __enter__(self) -> ProgressBar:
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
