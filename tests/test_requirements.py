"""Modules whose requirements are missing: named, with the command that installs them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from tutor.base.requirements import install_command, unmet
from tutor.cli import app


def test_unmet_requirements() -> None:
    assert unmet(["pytest>=1", 'pytest>=1; python_version < "3"', "rich"]) == []
    assert unmet(["pytest>=999", "no-such-package-here"]) == ["pytest>=999", "no-such-package-here"]
    assert "-m pip install 'pytest>=999'" in install_command(["pytest>=999"])


def test_a_check_with_missing_requirements_says_what_to_install(
    tutor_env: dict[str, str], mini: Path
) -> None:
    module = mini / "alpha" / "module.yaml"
    module.write_text(module.read_text().replace('"pytest>=7"', '"no-such-package-here>=1"'))
    runner = CliRunner()
    started = runner.invoke(app, ["start", "alpha/add"], env={"COLUMNS": "200"})
    assert started.exit_code == 0
    assert "needs no-such-package-here>=1" in started.output
    checked = runner.invoke(app, ["check", "alpha/add"], env={"COLUMNS": "200"})
    assert checked.exit_code == 1
    assert "module alpha needs no-such-package-here>=1" in checked.output
    assert "pip install 'no-such-package-here>=1'" in checked.output
    assert "Traceback" not in checked.output
    with sqlite3.connect(tutor_env["TUTOR_DB"]) as conn:
        assert conn.execute("SELECT COUNT(*) FROM attempts").fetchone() == (0,)
