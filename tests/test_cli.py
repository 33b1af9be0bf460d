"""The CLI through Typer's CliRunner: every command, and errors as one-line messages."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tutor.app.settings import load_config
from tutor.cli import app

REPO = Path(__file__).parent.parent
runner = CliRunner()


def tutor(*args: str, input: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), input=input, env={"COLUMNS": "200"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def db_rows(env: dict[str, str], sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(env["TUTOR_DB"]) as conn:
        return conn.execute(sql).fetchall()


def all_commands() -> list[str]:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    names = group.list_commands(typer.Context(group))
    assert len(names) == len(set(names)) >= 11
    return sorted(names)


def test_the_command_table_names_every_command_of_every_cli_module() -> None:
    from tutor.cli.main import COMMANDS, _name, sub_app

    modules = sorted(p.stem for p in (REPO / "tutor" / "cli").glob("*.py"))
    defined = {}
    for module in modules:
        cli = getattr(__import__(f"tutor.cli.{module}", fromlist=["cli"]), "cli", None)
        if module == "main" or not isinstance(cli, typer.Typer):
            continue
        for info in sub_app(module).registered_commands:
            defined[_name(info)] = module
        for group in cli.registered_groups:
            defined[str(group.name)] = module
    defined.pop("tutor", None)  # the root app itself
    assert defined == COMMANDS


@pytest.mark.parametrize("command", all_commands())
def test_every_command_has_help_with_an_example_and_is_documented(command: str) -> None:
    code, output = tutor(command, "--help")
    assert code == 0
    assert "Example: tutor " in output, f"`tutor {command} --help` gives no example"
    docs = (REPO / "docs" / "tutor.md").read_text() + (REPO / "README.md").read_text()
    assert f"tutor {command}" in docs, f"`tutor {command}` is not in docs/tutor.md or the README"


def test_plan_lists_the_frontier_in_track_order(tutor_env: dict[str, str]) -> None:
    code, output = tutor("today", "--plan")
    assert code == 0
    keys = [line.split("\t")[0] for line in output.splitlines()]
    # beta waits until its prerequisite alpha is learned.
    assert keys == ["alpha/add", "alpha/pick", "alpha/say"]
    assert output.splitlines()[0].split("\t")[1:] == [
        "code",
        "4",
        "new in alpha",
    ]  # 3 and 1 of reading


def test_plan_is_sized_by_the_budget(tutor_env: dict[str, str]) -> None:
    tutor("config", "--budget", "5")  # alpha/add's 3 minutes, its lesson's 1, alpha/pick's 1
    _code, output = tutor("today", "--plan")
    assert [line.split("\t")[0] for line in output.splitlines()] == ["alpha/add", "alpha/pick"]


def test_plan_with_more_lists_what_comes_past_the_budget(tutor_env: dict[str, str]) -> None:
    tutor("config", "--budget", "5")
    _code, output = tutor("today", "--more", "--plan")
    keys = [line.split("\t")[0] for line in output.splitlines()]
    assert keys == ["alpha/add", "alpha/pick", "alpha/say"]


def test_first_run_without_a_terminal_asks_nothing_and_saves(tutor_env: dict[str, str]) -> None:
    code, output = tutor("today", "--name", "Ada Lovelace", "--budget", "15")
    assert code == 0
    assert "Welcome" in output and "Not a terminal" in output
    config = load_config(Path(tutor_env["TUTOR_CONFIG"]))
    assert config is not None
    assert (config.name, config.handle, config.budget) == ("Ada Lovelace", "ada-lovelace", 15)


def test_config_shows_and_changes_settings(tutor_env: dict[str, str]) -> None:
    code, output = tutor("config", "--name", "Grace", "--budget", "30", "--track", "basics")
    assert code == 0 and "budget:    30 min a day" in output
    code, output = tutor("config", "--track", "nope")
    assert code == 2 and "no track 'nope'" in output
    code, output = tutor("config", "--handle", "Not A Slug")
    assert code == 1 and "handle 'Not A Slug'" in output


def test_a_new_handle_takes_the_progress_along_after_confirming(tutor_env: dict[str, str]) -> None:
    tutor("config", "--name", "Ana", "--handle", "ana")
    tutor("today", "--plan")
    assert tutor("start", "alpha/add")[0] == 0
    solution = Path(tutor_env["TUTOR_CURRICULUM"]) / "alpha/exercises/add/solution.py"
    shutil.copy(solution, Path(tutor_env["TUTOR_WORKSPACE"]) / "alpha" / "add.py")
    assert tutor("check")[0] == 0
    code, output = tutor("config", "--handle", "ana-l", input="n\n")
    assert code == 1 and "Move your progress (1 attempt, 1 event) from ana to ana-l?" in output
    assert load_config(Path(tutor_env["TUTOR_CONFIG"])).handle == "ana"  # type: ignore[union-attr]
    code, output = tutor("config", "--handle", "ana-l", input="y\n")
    assert code == 0 and "1 attempt and 1 event moved from ana" in output
    assert db_rows(tutor_env, "SELECT DISTINCT learner FROM attempts") == [("ana-l",)]
    code, output = tutor("list")
    assert "1/3" in output  # the pass is still there, under the new handle


def test_a_corrupt_config_is_one_line_and_left_alone(tutor_env: dict[str, str]) -> None:
    path = Path(tutor_env["TUTOR_CONFIG"])
    path.write_text("name = [unclosed\n")
    code, output = tutor("today", "--plan")
    assert code == 1
    assert "is not valid TOML" in output and "Traceback" not in output
    assert path.read_text() == "name = [unclosed\n"
    # What the message says to do works.
    assert "without it, `tutor today` asks for your name and writes a new one" in " ".join(
        output.split()
    )
    path.unlink()
    assert tutor("today")[0] == 0
    assert load_config(path) is not None


def test_list_show_and_filters(tutor_env: dict[str, str]) -> None:
    code, output = tutor("list")
    assert code == 0 and "Alpha" in output and "0/3" in output
    code, output = tutor("list", "--module", "beta")
    assert "beta/primes" in output and "alpha/add" not in output
    code, output = tutor("list", "--status", "passed")
    assert "0 exercises" in output
    code, output = tutor("list", "--status", "bogus")
    assert code == 2 and "unknown status" in output
    code, output = tutor("show", "beta/primes")
    assert code == 0 and "Which are prime?" in output and "1. 2" in output
    code, output = tutor("show", "nothing")
    assert code == 2 and "no exercise 'nothing'" in output


def test_code_exercise_start_check_and_record(tutor_env: dict[str, str]) -> None:
    code, output = tutor("start", "alpha/add")
    assert code == 0
    workspace_file = Path(tutor_env["TUTOR_WORKSPACE"]) / "alpha" / "add.py"
    assert str(workspace_file) in output.replace("\n", "")
    code, output = tutor("check")
    assert code == 1
    assert "✗ test_small_numbers" in output and "add(2, 3) should be 5" in output
    workspace_file.write_text("def add(a, b):\n    return a + b\n")
    code, output = tutor("check", "add")
    assert code == 0 and "All 2 checks passed" in output
    outcomes = db_rows(tutor_env, "SELECT key, outcome FROM attempts ORDER BY finished_us")
    assert [tuple(row) for row in outcomes] == [("alpha/add", "failed"), ("alpha/add", "passed")]
    code, output = tutor("today", "--plan")
    assert "alpha/add" not in output


def test_start_never_overwrites_edits_without_force(tutor_env: dict[str, str]) -> None:
    tutor("start", "alpha/add")
    workspace_file = Path(tutor_env["TUTOR_WORKSPACE"]) / "alpha" / "add.py"
    workspace_file.write_text("# my work\n")
    code, output = tutor("start", "alpha/add")
    assert code == 1 and "already has your edits" in output
    assert workspace_file.read_text() == "# my work\n"
    # What `show` suggests for an exercise with edits is what works, not the refused start.
    code, output = tutor("show", "alpha/add")
    shown = " ".join(output.split())
    assert code == 0 and "Start it with" not in shown
    assert "tutor check alpha/add" in shown and "tutor start alpha/add --force" in shown
    code, output = tutor("start", "alpha/add", "--force")
    assert code == 0 and "TODO" in workspace_file.read_text()
    code, output = tutor("show", "alpha/add")
    assert "Start it with tutor start alpha/add" in " ".join(output.split())


def test_reset_asks_first(tutor_env: dict[str, str]) -> None:
    tutor("start", "alpha/add")
    workspace_file = Path(tutor_env["TUTOR_WORKSPACE"]) / "alpha" / "add.py"
    workspace_file.write_text("# my work\n")
    code, _ = tutor("reset", "alpha/add", input="n\n")
    assert code == 1 and workspace_file.read_text() == "# my work\n"
    code, _output = tutor("reset", "alpha/add", input="y\n")
    assert code == 0 and "TODO" in workspace_file.read_text()


def test_hints_are_revealed_one_at_a_time_and_recorded(tutor_env: dict[str, str]) -> None:
    code, output = tutor("hint", "alpha/add")
    assert code == 0 and "Hint 1/2" in output and "Hint 2/2" not in output
    code, output = tutor("hint", "alpha/add")
    assert code == 0 and "Hint 2/2: return a + b" in output
    _code, output = tutor("hint", "alpha/add")
    assert "No more hints" in output
    assert db_rows(tutor_env, "SELECT count(*) FROM events WHERE kind = 'hint'") == [(2,)]


def test_solution_only_after_passing_or_an_explicit_reveal(tutor_env: dict[str, str]) -> None:
    code, output = tutor("solution", "alpha/add")
    assert code == 1 and "you have not passed alpha/add yet" in output
    code, output = tutor("solution", "alpha/add", "--reveal")
    assert code == 0 and "return a + b" in output
    code, output = tutor("solution", "beta/primes", "--reveal")
    assert "2; 5" in output
    assert db_rows(tutor_env, "SELECT count(*) FROM events WHERE kind = 'reveal'") == [(2,)]


def test_quiz_exercise_cannot_be_started(tutor_env: dict[str, str]) -> None:
    code, output = tutor("start", "alpha/pick")
    assert code == 2 and "is a choice exercise" in output


def test_progress_shows_streak_heat_map_and_skills(tutor_env: dict[str, str]) -> None:
    tutor("start", "alpha/add")
    tutor("check")
    code, output = tutor("progress")
    assert code == 0
    assert "1-day streak" in output and "Last 52 weeks" in output
    assert "Mastery per skill" in output and "arithmetic" in output


def test_validate_warns_about_a_track_not_closed_under_prerequisites(
    tutor_env: dict[str, str], mini: Path
) -> None:
    yaml = mini / "curriculum.yaml"
    yaml.write_text(yaml.read_text().replace("modules: [alpha, beta]", "modules: [beta]"))
    code, output = tutor("validate")
    assert code == 0 and "no problems" in output
    assert "track 'basics': beta needs alpha" in output


def test_validate_clean_and_broken(tutor_env: dict[str, str], mini: Path) -> None:
    code, output = tutor("validate")
    assert code == 0 and "2 modules, 5 exercises, 1 track: no problems" in output
    path = mini / "alpha" / "module.yaml"
    path.write_text(path.read_text().replace("level: beginner", "level: expert"))
    (mini / "beta" / "lessons" / "second.md").unlink()
    code, output = tutor("validate")
    assert code == 1
    assert "alpha/module.yaml:4: [level] 'expert' is not one of" in output
    assert "beta/module.yaml:10: [lessons[0].file] file not found" in output
    assert "the curriculum has 2 problems" in output


@pytest.mark.parametrize("command", [["today", "--plan"], ["list"], ["progress"], ["check", "add"]])
def test_any_command_meeting_a_broken_curriculum_lists_the_problems(
    tutor_env: dict[str, str], mini: Path, command: list[str]
) -> None:
    (mini / "curriculum.yaml").write_text("format: 1\ntitle: [\n")
    code, output = tutor(*command)
    assert code == 1
    assert "curriculum.yaml:3: YAML syntax error" in output
    assert "Traceback" not in output


def test_a_corrupt_database_is_one_line_and_untouched(tutor_env: dict[str, str]) -> None:
    db = Path(tutor_env["TUTOR_DB"])
    db.write_bytes(b"this is not a database" * 100)
    code, output = tutor("list")
    assert code == 1
    assert str(db) in output.replace("\n", "") and "Traceback" not in output
    assert db.read_bytes() == b"this is not a database" * 100


def test_missing_curriculum_folder(tutor_env: dict[str, str], tmp_path: Path) -> None:
    code, output = tutor("--curriculum", str(tmp_path / "nowhere"), "list")
    assert code == 2 and "no curriculum.yaml in" in output


def test_python_dash_m_runs_the_same_cli(tutor_env: dict[str, str]) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "tutor", "today", "--plan"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.startswith("alpha/add\t")


def test_shipped_curriculum_is_valid(tutor_env: dict[str, str]) -> None:
    code, output = tutor("--curriculum", str(REPO / "curriculum"), "validate")
    assert code == 0, output


def test_copy_of_the_shipped_curriculum_loads(tmp_path: Path) -> None:
    shutil.copytree(REPO / "curriculum", tmp_path / "c")
    code, output = tutor("--curriculum", str(tmp_path / "c"), "validate")
    assert code == 0, output


@pytest.mark.parametrize(
    ("args", "code", "stream", "text"),
    [
        (["list"], 0, "stdout", "alpha"),
        (["show", "no-such-exercise"], 2, "stderr", "no exercise 'no-such-exercise'"),
        (["no-such-command"], 2, "stderr", "No such command"),
    ],
)
def test_the_console_script_exits_with_the_commands_code_and_all_its_output(
    tutor_env: dict[str, str], args: list[str], code: int, stream: str, text: str
) -> None:
    """`main` leaves without the interpreter's teardown: nothing may be lost on the way out."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "tutor", *args], capture_output=True, text=True, check=False, env=env
    )
    assert done.returncode == code
    assert text in getattr(done, stream)
    if code == 0:  # all of it, as the same command run in-process prints it
        assert done.stdout == tutor(*args)[1]
