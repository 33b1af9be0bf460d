"""What the screen draws, as text at a fixed width without colour (as Rich's own tests compare):
levels told apart by characters, and keys never cut at 80 columns."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from tutor.cli import app
from tutor.progress.plan import DayPlan, Limits, PlanItem
from tutor.terminal.render import Screen, new_console

REPO = Path(__file__).resolve().parents[1]
TODAY = date(2026, 3, 4)

HEATMAP = "\n".join(
    [
        "",
        "Last 52 weeks",
        "        Apr May Jun  Jul Aug Sep  Oct Nov Dec  Jan Feb  ",
        "Mon ················································▓░█▒",
        "    ···············································█▒·▓░",
        "Wed ···············································▓░█▒·",
        "    ···············································▒·▓░ ",
        "Fri ·············································*·░█▒· ",
        "    ················································▓░█ ",
        "Sun ···············································█▒·▓ ",
        "    less ·░▒▓█ more   * freeze   24 active days",
        "",
    ]
)


def plain_screen(width: int = 80) -> tuple[Screen, io.StringIO]:
    text = io.StringIO()
    console = new_console(file=text, width=width, color_system=None)
    return Screen(console, console), text


def test_the_heat_map_without_colour_tells_levels_apart_by_character() -> None:
    screen, text = plain_screen()
    days = {TODAY - timedelta(days=n): n % 5 for n in range(30)}
    screen.heatmap(days, TODAY, frozenset({TODAY - timedelta(days=40)}))
    assert text.getvalue() == HEATMAP


def test_the_month_in_progress_is_named_when_there_is_room() -> None:
    """Begun two weeks ago, December has no room of its own after its first Monday: its name
    ends with the last week, a blank column after November's."""
    screen, text = plain_screen()
    screen.heatmap({}, date(2026, 12, 16))
    labels = text.getvalue().splitlines()[2]
    assert labels.endswith("Oct Nov Dec") and labels.startswith("      Jan Feb")
    screen, text = plain_screen()
    screen.heatmap({}, date(2026, 12, 9))  # one week of December: no room beside November
    assert text.getvalue().splitlines()[2].endswith("Nov   ")


def test_the_heat_map_in_colour_keeps_its_squares() -> None:
    text = io.StringIO()
    console = Console(file=text, width=80, color_system="truecolor", force_terminal=True)
    Screen(console, console).heatmap({TODAY: 3}, TODAY)
    assert "■" in text.getvalue() and "▓" not in text.getvalue()


def test_a_streak_that_ended_says_so() -> None:
    from tutor.progress.streaks import Streak

    screen, text = plain_screen()
    screen.streak_line(Streak(0, 6, 0, frozenset()))
    assert text.getvalue() == (
        "Your streak ended (longest 6 days): finish an exercise today to start a new one.\n"
    )


def test_mastery_bars_without_colour_show_filled_and_empty_apart() -> None:
    from tutor.progress.mastery import Mastery
    from tutor.progress.report import ProgressReport
    from tutor.progress.streaks import Streak

    screen, text = plain_screen()
    report = ProgressReport(
        today=TODAY,
        streak=Streak(0, 0, 0, frozenset()),
        days={},
        skills={"numpy": Mastery(50.0, 2, 4), "sql": Mastery(0.0, 0, 3)},
        modules=[],
        due_today=0,
        due_overdue=0,
        leeches=[],
        rusty=[],
    )
    screen.skill_bars(report, width=10)
    assert text.getvalue().splitlines()[2:] == [
        "  numpy  █████░░░░░  50% familiar",
        "  sql    ░░░░░░░░░░   0% not started",
    ]


def test_tutor_list_at_80_columns_keeps_every_key_whole(
    tutor_env: dict[str, str],
) -> None:
    result = CliRunner().invoke(
        app,
        ["--curriculum", str(REPO / "curriculum"), "list", "--status", "new"],
        env={"COLUMNS": "80", "NO_COLOR": "1"},
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    from tutor.curriculum import load_curriculum

    keys = [ex.key for ex in load_curriculum(REPO / "curriculum").exercises]
    for key in keys:
        assert any(line.startswith(f"│ {key} ") for line in lines), key


LIST_AT_80 = (
    "3 exercises                                    \n"
    "┏━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━┳━━━━━┳━━━━━━━━┓\n"
    "┃ exercise   ┃ lesson ┃ type   ┃ min ┃ status ┃\n"
    "┡━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━╇━━━━━╇━━━━━━━━┩\n"
    "│ alpha/add  │ first  │ code   │ 3   │ new    │\n"
    "│ alpha/pick │ first  │ choice │ 1   │ new    │\n"
    "│ alpha/say  │ first  │ answer │ 1   │ new    │\n"
    "└────────────┴────────┴────────┴─────┴────────┘\n"
)


def test_tutor_list_snapshot_at_80_columns(tutor_env: dict[str, str]) -> None:
    result = CliRunner().invoke(
        app, ["list", "--module", "alpha"], env={"COLUMNS": "80", "NO_COLOR": "1"}
    )
    assert result.output == LIST_AT_80


def test_text_into_a_pipe_keeps_its_lines_whole_and_a_terminal_wraps_it() -> None:
    path = "/home/ana/tutor-workspace/experiment-tracking/a-rather-long-exercise-name.py"
    line = f"Open {path} in your editor. Checks run on every save."
    piped, text = plain_screen(width=40)
    piped.info(line)
    piped.success(f"wrote {path}")
    assert text.getvalue().splitlines() == [line, f"✓ wrote {path}"]
    shown = io.StringIO()
    terminal = new_console(file=shown, width=40, force_terminal=True, color_system=None)
    Screen(terminal, terminal).info("Checks run on every save, and each says what it found.")
    assert [line.rstrip() for line in shown.getvalue().splitlines()] == [
        "Checks run on every save, and each says",
        "what it found.",
    ]


def test_a_line_number_is_not_read_as_an_emoji_code(capsys: pytest.CaptureFixture[str]) -> None:
    Screen().failure("upto.jsonl:100: [learner] is 'lena'")
    assert "upto.jsonl:100: [learner]" in capsys.readouterr().out


def test_a_solution_wider_than_the_screen_is_wrapped_not_cut() -> None:
    screen, text = plain_screen(width=60)
    screen.code(
        'Optimizer = Annotated[SGD | AdamW, Field(discriminator="kind")]\n', "solution: x/y"
    )
    shown = "".join(line.strip("│ ") for line in text.getvalue().splitlines())
    assert 'discriminator="kind")]' in shown


def test_options_hints_and_explanations_render_inline_markdown() -> None:
    screen, text = plain_screen()
    screen.hint(1, 2, "Use `np.newaxis`, **not** a loop; [brackets] stay")
    screen.quiz_feedback(False, "Pads to `(1, 4)`.", "`(5, 4)`")
    out = text.getvalue()
    assert "`" not in out and "**" not in out
    assert "Use np.newaxis, not a loop; [brackets] stay" in out
    assert "The answer: (5, 4). Pads to (1, 4)." in out


def _plan_of_long_keys() -> DayPlan:
    from tutor.curriculum import load_curriculum

    exercises = sorted(load_curriculum(REPO / "curriculum").exercises, key=lambda e: -len(e.key))
    items = [PlanItem(ex, f"new in {ex.module}", minutes=ex.minutes) for ex in exercises[:3]]
    return DayPlan(items, set(), 0, Limits(25), "budget")


def test_the_plan_keeps_its_keys_whole_at_any_width() -> None:
    """Keys are typed (`tutor start KEY`): never cut or broken, narrow or wide; nothing drawn
    wider than the window."""
    plan = _plan_of_long_keys()
    keys = [item.exercise.key for item in plan.items]
    for width in (50, 60, 80, max(map(len, keys)) + 48, 120):
        screen, text = plain_screen(width)
        screen.plan(plan)
        lines = text.getvalue().splitlines()
        shown = [line.strip(" │") for line in lines]
        for key in keys:
            assert any(key in line for line in shown), (width, key, text.getvalue())
        if width >= 60:  # a narrower window wraps the longest key, as the terminal would
            assert max(map(len, lines)) <= width, text.getvalue()
