"""Drawing progress: the streak's year as a heat map, mastery bars, reviews, the stand-up note.

Readable without colour: with NO_COLOR or in a pipe, levels are told apart by their characters
(`·░▒▓█` in the heat map, filled `█` against empty `░` in the bars), never by colour alone.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

from tutor.base.words import plural

if TYPE_CHECKING:
    from tutor.progress.report import ProgressReport, Standup
    from tutor.progress.streaks import Streak
    from tutor.store.model import Pending

LEECHES_SHOWN = 10
WEEKS = 52
HEAT = ("grey23", "green4", "green3", "spring_green2", "bright_green")
SHADES = "·░▒▓█"  # no activity .. the busiest days, for output without colour
FREEZE_COLOUR, FREEZE_MARK = "bright_blue", "*"
BAR_WIDTH = 30


def plain(console: Console) -> bool:
    """Whether this console shows no colour (NO_COLOR, a pipe, a dumb terminal)."""
    return console.no_color or console.color_system is None


class ProgressViews:
    """The progress views of the Screen (a mixin: the Screen gives `out`)."""

    out: Console

    def streak_line(self, streak: Streak) -> None:
        if not streak.current and not streak.longest:
            self.out.print("[dim]Finish an exercise today to start a streak.[/]")
            return
        if not streak.current:  # a missed day with no freeze banked ended it
            self.out.print(
                f"[dim]Your streak ended (longest {plural(streak.longest, 'day')}): finish an "
                "exercise today to start a new one.[/]"
            )
            return
        flame = "🔥 " if streak.current and not plain(self.out) else ""
        freezes = f" · {plural(streak.freezes, 'freeze')} banked" if streak.freezes else ""
        self.out.print(
            f"{flame}[bold]{streak.current}-day streak[/] [dim](longest {streak.longest}){freezes}[/]"
        )

    def waiting(self, pending: Pending, *, offline: bool = False) -> None:
        """What waits on this machine for the progress server; `offline`: said once, when a
        session's first write cannot reach it."""
        if not pending and not offline:
            return
        parts = [
            plural(n, what)
            for n, what in ((pending.attempts, "attempt"), (pending.events, "event"))
            if n
        ]
        what = " and ".join(parts) or "nothing"
        verb = "waits" if pending.total == 1 else "wait"
        if offline:
            self.out.print(
                f"[yellow]Working offline:[/] the progress server cannot be reached. {what} {verb}"
                " on this machine, and will be sent, in order, as soon as it can be reached."
            )
        else:
            self.out.print(
                f"[yellow]{what} {verb} to be sent to the progress server[/] [dim](the next"
                " command that reaches it sends them)[/]"
            )

    def progress_report(self, report: ProgressReport) -> None:
        """Streak, a year's calendar heat map, mastery per skill, reviews, leeches."""
        self.streak_line(report.streak)
        self.heatmap(report.days, report.today, report.streak.frozen)
        self.skill_bars(report)
        overdue = f" ({report.due_overdue} overdue)" if report.due_overdue else ""
        self.out.print(f"\n[bold]Reviews[/] {report.due_today} due today{overdue}")
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
        from rich.text import Text

        colourless = plain(self.out)
        first = today - timedelta(days=today.weekday(), weeks=WEEKS - 1)
        busiest = max(days.values(), default=0)
        self.out.print("\n[bold]Last 52 weeks[/]")
        self.out.print("    " + _month_labels(first))
        # Styled Text pieces, not markup: parsing 364 markup cells is most of this view's time.
        for row, name in enumerate(("Mon", "", "Wed", "", "Fri", "", "Sun")):
            line = Text(f"{name:<4}")
            for w in range(WEEKS):
                day = first + timedelta(weeks=w, days=row)
                if day > today:
                    line.append(" ")
                elif day in frozen:
                    line.append(FREEZE_MARK if colourless else "■", FREEZE_COLOUR)
                else:
                    n = days.get(day, 0)
                    shade = 0 if not n else 1 + min(3, (4 * n - 1) // max(1, busiest))
                    line.append(SHADES[shade] if colourless else "■", HEAT[shade])
            self.out.print(line)
        if colourless:
            legend, freeze = SHADES, FREEZE_MARK
        else:
            legend = "".join(f"[{colour}]■[/]" for colour in HEAT)
            freeze = f"[{FREEZE_COLOUR}]■[/]"
        active = sum(1 for n in days.values() if n)
        self.out.print(
            f"    less {legend} more   {freeze} freeze   [dim]{plural(active, 'active day')}[/]"
        )

    def skill_bars(self, report: ProgressReport, width: int = BAR_WIDTH) -> None:
        from tutor.progress.mastery import LEVEL_NAMES

        if not report.skills:
            return
        self.out.print("\n[bold]Mastery per skill[/]")
        name_width = max(len(name) for name in report.skills)
        for name, m in report.skills.items():
            filled = round(width * m.percent / 100)
            bar = f"[green]{'█' * filled}[/][grey23]{'░' * (width - filled)}[/]"
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
                f"{bullet}{plural(len(note.exercises), 'exercise')}, ~{minutes} min: "
                f"{len(passed)} passed"
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
            # As the plan counts them: a review's share of its estimate, a lesson's reading.
            minutes = sum(item.minutes or item.exercise.minutes for item in note.plan)
            parts = [plural(reviews, "review")] if reviews else []
            if len(note.plan) > reviews:
                parts.append(f"{len(note.plan) - reviews} new in {', '.join(modules)}")
            lines.append(f"{bullet}{' + '.join(parts)} (~{minutes} min)")
        else:
            lines.append(f"{bullet}nothing left on the plan")
        lines.append(
            f"{bold}Streak{bold}: {plural(note.streak.current, 'day')} "
            f"(longest {note.streak.longest})"
        )
        for line in lines:
            print(line)


def _month_labels(first: date) -> str:
    """Month names over the weeks whose Monday starts the month. The month in progress, begun
    in the last two weeks, has its name moved left to end with the last week when a blank
    column still parts it from the month before."""
    months = [" "] * WEEKS
    for w in range(WEEKS):
        monday = first + timedelta(weeks=w)
        label = monday.strftime("%b")
        at = min(w, WEEKS - len(label))
        if monday.day <= 7 and all(c == " " for c in months[max(at - 1, 0) : at + len(label)]):
            months[at : at + len(label)] = list(label)
    return "".join(months)
