"""The settings file: what `save_config` writes, `load_config` reads back, fast path or not."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutor.app.settings import Config, _simple_toml, load_config, save_config
from tutor.cli import app


@pytest.mark.parametrize(
    "name",
    ["Ada Lovelace", "", "Zoë Ñúñez", 'He said "hi"', "back\\slash", "tab\there", "日本語"],
)
def test_every_saved_config_reads_back_the_same(tmp_path: Path, name: str) -> None:
    path = tmp_path / "config.toml"
    config = Config(name=name, handle="ada", budget=25, track="dataframes", new_per_day=0)
    save_config(config, path)
    assert load_config(path) == config
    # The fast path, when it answers, agrees with a real TOML parser.
    text = path.read_text(encoding="utf-8")
    fast = _simple_toml(text)
    assert fast is None or fast == tomllib.loads(text)


@pytest.mark.parametrize(
    "text",
    [
        "budget = 20 # a comment\n",
        "name = 'single quotes'\n",
        '[section]\nname = "x"\n',
        "budget = 012\n",
        'name = "x"\nname = "y"\n',
    ],
)
def test_anything_else_goes_to_the_toml_parser(text: str) -> None:
    assert _simple_toml(text) is None


def test_settings_in_an_unwritable_place_are_a_one_line_error(
    tutor_env: dict[str, str], tmp_path: Path
) -> None:
    # A link to a folder that is not there: nothing to read (a first run), and no folder can be
    # made in its place, even by root, whom permissions do not stop.
    link = tmp_path / "gone"
    link.symlink_to(tmp_path / "nowhere" / "deeper")
    config = link / "config.toml"
    result = CliRunner().invoke(
        app, ["config", "--budget", "5"], env={"TUTOR_CONFIG": str(config), "COLUMNS": "300"}
    )
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert errors == [f"Error: cannot write {config}: File exists"]
    assert "Traceback" not in result.output and not (tmp_path / "nowhere").exists()
