"""Curriculum packs: where the curriculum is found, includes by path and by entry point."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutor.cli import app

DATA = Path(__file__).parent / "data"
runner = CliRunner()


def tutor(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every tutor file in tmp, and no curriculum chosen by the environment."""
    for name, value in {
        "TUTOR_DB": "progress.sqlite3",
        "TUTOR_CONFIG": "config.toml",
        "TUTOR_CACHE_DIR": "cache",
        "TUTOR_WORKSPACE": "workspace",
        "XDG_DATA_HOME": "data",
    }.items():
        monkeypatch.setenv(name, str(tmp_path / value))
    monkeypatch.delenv("TUTOR_CURRICULUM", raising=False)
    return tmp_path


def test_a_curriculum_folder_without_curriculum_yaml_is_an_error_naming_it(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = isolated / "team-repo"
    shutil.copytree(DATA / "mini" / "alpha", team / "curriculum" / "alpha")
    (team / "sub").mkdir()
    monkeypatch.chdir(team / "sub")
    code, output = tutor("validate")
    assert code == 2
    assert f"{team / 'curriculum'} has no curriculum.yaml" in output.replace("\n", "")
    assert "7 modules" not in output and "Traceback" not in output


def test_a_given_folder_without_curriculum_yaml_is_an_error_naming_it(isolated: Path) -> None:
    code, output = tutor("--curriculum", str(isolated), "list")
    assert code == 2 and f"no curriculum.yaml in {isolated}" in output.replace("\n", "")


def test_a_given_repository_means_its_curriculum_folder(isolated: Path) -> None:
    shutil.copytree(DATA / "mini", isolated / "repo" / "curriculum")
    code, output = tutor("--curriculum", str(isolated / "repo"), "validate")
    assert code == 0, output
    assert "no problems" in output
