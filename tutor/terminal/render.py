"""All terminal output: the only module that imports rich (its heavier parts on first use)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape

from tutor.base.errors import Problem, ProblemsError, TutorError
from tutor.base.words import plural
from tutor.terminal.progress_view import ProgressViews

if TYPE_CHECKING:
    from tutor.app.application import Hint, LessonText, Solution
    from tutor.authoring.stamps import Drift
    from tutor.authoring.verify import Finding
    from tutor.curriculum.model import AnyExercise, ChoiceExercise, Curriculum
    from tutor.practice.checker import CheckResult
    from tutor.progress.plan import DayPlan, PlanItem
    from tutor.store import Attempt

STATUS_STYLE = {"passed": "green", "failed": "red", "skipped": "yellow", "new": "dim"}
MODULE_DETAILS_WIDTH = 120  # room for skills and prerequisites beside the titles
LESSON_COLUMN_ROOM = 50  # lesson, type, minutes and status beside the keys, with borders
PLAN_COLUMNS_ROOM = 48  # number, type, minutes and a readable "why" beside the keys, with borders


class TextConsole(Console):
    """A Rich console whose text, into a pipe or a file (a CI log, `| grep`), keeps its lines
    whole: folded at 80 columns, a path or a command to copy broke in the middle. A terminal
    wraps text at its words; tables, panels and code keep their layout either way."""

    def print(self, *objects: Any, soft_wrap: bool | None = None, **kwargs: Any) -> None:
        if soft_wrap is None and not self.is_terminal and all(isinstance(o, str) for o in objects):
            soft_wrap = True
        super().print(*objects, soft_wrap=soft_wrap, **kwargs)


def new_console(**options: Any) -> Console:
    """The tutor's console: no highlighting of numbers and paths the tutor did not ask for,
    and no emoji codes (a path's ':100:', file and line, is not a 💯)."""
    return TextConsole(**{"highlight": False, "emoji": False, **options})


class Screen(ProgressViews):
    """Everything the tutor draws, on the consoles it is given: the terminal's by default,
    a `new_console(file=io.StringIO(), width=100, color_system=None)` in tests."""

    def __init__(self, out: Console | None = None, err: Console | None = None) -> None:
        self.out = out or new_console()
        self.err = err or new_console(stderr=True)

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

    def interrupted(self) -> None:
        """Ctrl-C: on a line of its own (the cursor may be at a prompt), what became of the work."""
        self.err.print(
            "\nStopped (Ctrl-C). What was finished is saved; run the command again to go on."
        )

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

    def warning(self, text: str) -> None:
        self.out.print(f"[yellow]![/] {escape(text)}")

    def failure(self, text: str) -> None:
        self.out.print(f"[red]✗[/] {escape(text)}")

    def plan(self, day: DayPlan, *, more: bool = False) -> None:
        """Today's plan with why each item is there, then the limit that stopped it."""
        from rich.table import Table

        from tutor.progress.messages import MORE, limit_message

        items, done = day.remaining, len(day.done)
        if not items:
            if done:
                self.out.print(
                    f"[green bold]All done for today[/] ({plural(done, 'item')} finished)."
                    + ("" if more else f" {escape(MORE)}")
                )
            else:
                self.out.print("[green]Nothing planned for today.[/] " + escape(MORE))
            return
        total = sum(item.minutes or item.exercise.minutes for item in items)
        reviews = sum(item.kind == "review" for item in items)
        title = (
            f"Today: {plural(reviews, 'review')}, {len(items) - reviews} new"
            f" · ~{total} of {day.limits.budget} min"
        )
        rows = []
        for item in items:
            reason = escape(item.reason)
            if item.lesson is not None and item.reading:
                reason += f" [dim](+ its lesson, ~{item.reading} min)[/]"
            rows.append((item, f"[cyan]{reason}[/]" if item.kind == "review" else reason))
        key_width = max(len(item.exercise.key) for item in items)
        if self.out.width < key_width + PLAN_COLUMNS_ROOM:
            # Too narrow for a table that keeps the keys whole (they are typed): one item a
            # few lines, each key on a line of its own that only the terminal may wrap.
            self.out.print(title)
            for n, (item, reason) in enumerate(rows, 1):
                ex = item.exercise
                minutes = item.minutes or ex.minutes
                self.out.print(f"{n}. {escape(ex.title)} [dim]· {ex.type} · {minutes} min[/]")
                self.out.print(f"   [dim]{ex.key}[/]", soft_wrap=True)
                self.out.print(f"   {reason}")
        else:
            table = Table(title=title, title_justify="left")
            table.add_column("#", no_wrap=True)
            table.add_column("exercise", width=key_width)  # (min_width overflows the window)
            table.add_column("type", no_wrap=True)
            table.add_column("min", no_wrap=True, justify="right")
            table.add_column("why")
            for n, (item, reason) in enumerate(rows, 1):
                ex = item.exercise
                cells = (f"{escape(ex.title)} [dim]{ex.key}[/]", ex.type)
                table.add_row(str(n), *cells, str(item.minutes or ex.minutes), reason)
            self.out.print(table)
        if done:
            self.out.print(f"[dim]{plural(done, 'item')} done already today.[/]")
        self.out.print(f"[dim]{escape(limit_message(day))}[/]")

    def plan_lines(self, items: Sequence[PlanItem]) -> None:
        """The plan for scripts: one tab-separated line per item."""
        # Plain print: rich would expand the tabs that scripts split on.
        for item in items:
            ex = item.exercise
            print(f"{ex.key}\t{ex.type}\t{item.minutes or ex.minutes}\t{item.reason}")

    def exercise_table(self, rows: Iterable[tuple[AnyExercise, str]], title: str) -> None:
        """Exercises with their status; the keys, which are typed, are never cut: the lesson
        column goes first when the terminal is narrow."""
        from rich.table import Table

        rows = list(rows)
        key_width = max((len(ex.key) for ex, _ in rows), default=8)
        wide = self.out.width >= key_width + LESSON_COLUMN_ROOM
        table = Table(title=title, title_justify="left")
        table.add_column("exercise", no_wrap=True, min_width=key_width)
        if wide:
            table.add_column("lesson", overflow="fold")
        for column in ("type", "min", "status"):
            table.add_column(column, no_wrap=True)
        for ex, status in rows:
            style = STATUS_STYLE.get(status, "")
            cells = [ex.key, ex.lesson] if wide else [ex.key]
            table.add_row(*cells, ex.type, str(ex.minutes), f"[{style}]{status}[/]")
        self.out.print(table)

    def modules_table(self, curriculum: Curriculum, counts: dict[str, tuple[int, int]]) -> None:
        """Modules with their progress; ids (typed in commands) are never cut, and skills and
        prerequisites give way first when the terminal is narrow."""
        from rich.table import Table

        wide = self.out.width >= MODULE_DETAILS_WIDTH
        table = Table(title=escape(curriculum.title), title_justify="left")
        table.add_column("module", no_wrap=True)
        table.add_column("title", ratio=2)
        table.add_column("level", no_wrap=True)
        table.add_column("done", no_wrap=True, justify="right")
        if wide:
            table.add_column("skills", ratio=1)
            table.add_column("needs", ratio=1)
        for module in curriculum.modules:
            done, total = counts.get(module.id, (0, len(module.exercises)))
            cells = [module.id, escape(module.title), module.level, f"{done}/{total}"]
            if wide:
                cells.append(escape(", ".join(module.skills)))
                cells.append(escape(", ".join(module.prerequisites)) or "-")
            table.add_row(*cells)
        self.out.print(table)

    def exercise(self, ex: AnyExercise, status: str, position: str = "") -> None:
        from rich.markdown import Markdown
        from rich.panel import Panel

        from tutor.curriculum.model import CodeExercise

        title = (
            f"{escape(ex.title)} [dim]({ex.key}, {ex.type}, ~{ex.minutes} min, "
            f"difficulty {ex.difficulty})[/]"
        )
        body = ex.prompt if isinstance(ex, CodeExercise) else ex.question
        subtitle = " · ".join(part for part in (position, escape(status)) if part)
        self.out.print(
            Panel(
                Markdown(body.strip()),
                title=title,
                title_align="left",
                subtitle=subtitle,
                subtitle_align="right",
            )
        )

    def lesson(self, lesson: LessonText, more: Callable[[str], str | None] | None = None) -> None:
        """A lesson as rendered Markdown (headings, highlighted code, tables). With `more` (a
        prompt returning the line typed, None at the end of input) it is shown a screenful at a
        time; without, whole (for a pipe)."""
        from tutor.terminal.lesson_view import rendered_lines

        read = " · read before" if lesson.read else ""
        self.out.rule(
            f"[bold]{escape(lesson.title)}[/] [dim]{lesson.key} · ~{lesson.minutes} min{read}[/]",
            align="left",
        )
        lines = rendered_lines(self.out, lesson.text)
        page = len(lines) if more is None else max(5, self.out.size.height - 2)
        for start in range(0, len(lines), page):
            self.out.file.write("".join(line + "\n" for line in lines[start : start + page]))
            if more is not None and start + page < len(lines):
                left = len(lines) - start - page
                answer = more(
                    f"[dim]-- {left} more lines: Enter for the next page, q to stop --[/] "
                )
                if answer is None or answer.strip().lower() == "q":
                    return

    def choices(self, ex: ChoiceExercise, order: Sequence[int]) -> None:
        for n, index in enumerate(order, 1):
            self.out.print(f"  [bold]{n}[/]. {inline(ex.options[index])}")
        self.out.print(
            "[dim]Several answers: type their numbers separated by spaces.[/]"
            if ex.multiple
            else ""
        )

    def quiz_feedback(self, correct: bool, explanation: str, right: str) -> None:
        if correct:
            self.out.print("[green]✓ Correct.[/]", inline(explanation))
        else:
            self.out.print(
                f"[red]✗ Not quite.[/] The answer: [bold]{inline(right)}[/]. {inline(explanation)}"
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
        self.out.print(f"[yellow]Hint {n}/{total}:[/] {inline(text)}")

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
                # Wrapped, as a lesson's code is: a panel cuts what is wider than the screen.
                Syntax(source, "python", theme="ansi_dark", line_numbers=True, word_wrap=True),
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

    def findings(self, found: Sequence[Finding], stamped: Sequence[object] = ()) -> None:
        """One line per exercise, counterexample or notebook, then a summary."""
        for finding in found:
            took = "cached" if finding.cached else f"{finding.seconds:.1f} s"
            if finding.ok:
                note = f" · {finding.note}" if finding.note else ""
                self.out.print(f"[green]✓[/] {escape(finding.key)} [dim]({took}){escape(note)}[/]")
            else:
                self.out.print(f"[red]✗[/] {escape(finding.key)} [dim]({took})[/]")
                for problem in finding.problems:
                    self.out.print(f"    {escape(problem)}")
        bad = sum(not f.ok for f in found)
        exercises = sum(f.kind == "exercise" for f in found)
        counterexamples = sum(f.kind in ("wrong", "alternative") for f in found)
        lessons = sum(f.kind == "lesson" for f in found)
        quizzes = sum(f.kind == "quizzes" for f in found)
        notebooks = sum(f.kind == "notebook" for f in found)
        parts = [plural(exercises, "code exercise"), plural(counterexamples, "counterexample")]
        if lessons:
            parts.append(f"the outputs of {plural(lessons, 'lesson')}")
        if quizzes:
            parts.append(f"the quizzes of {plural(quizzes, 'lesson')}")
        parts.append(plural(notebooks, "notebook"))
        summary = ", ".join(parts[:-1]) + f" and {parts[-1]}"
        if bad:
            verb = "has" if bad == 1 else "have"
            self.out.print(f"[bold red]{bad} of {len(found)} ({summary}) {verb} problems.[/]")
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


_CODE_SPAN = re.compile(r"`([^`]+)`")
_STRONG = re.compile(r"\*\*(.+?)\*\*")


def inline(text: str) -> str:
    """Rich markup for a line of curriculum Markdown: code spans and strong emphasis shown as
    such, everything else escaped (a full Markdown render would make every option a block)."""
    parts = _CODE_SPAN.split(text)
    out = []
    for n, part in enumerate(parts):
        if n % 2:
            out.append(f"[bold cyan]{escape(part)}[/]")
        else:
            out.append(_STRONG.sub(lambda m: f"[bold]{m.group(1)}[/]", escape(part)))
    return "".join(out)
