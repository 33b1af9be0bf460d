"""Modules whose requirements are missing: named, with the command that installs them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from tutor.base.requirements import unmet
from tutor.cli import app


def test_unmet_requirements() -> None:
    assert unmet(["pytest>=1", 'pytest>=1; python_version < "3"', "rich"]) == []
    assert unmet(["pytest>=999", "no-such-package-here"]) == ["pytest>=999", "no-such-package-here"]


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
    assert "install it: tutor install alpha" in checked.output
    assert "Traceback" not in checked.output
    with sqlite3.connect(tutor_env["TUTOR_DB"]) as conn:
        assert conn.execute("SELECT COUNT(*) FROM attempts").fetchone() == (0,)


def test_tutor_install_installs_what_a_module_lacks_or_says_why_not(
    tutor_env: dict[str, str], mini: Path
) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["install", "alpha"], env={"COLUMNS": "200"})
    assert done.exit_code == 0 and "Everything alpha needs is installed" in done.output
    done = runner.invoke(app, ["install", "nope"], env={"COLUMNS": "200"})
    assert done.exit_code == 2 and "no module 'nope'" in done.output
    module = mini / "alpha" / "module.yaml"
    module.write_text(module.read_text().replace('"pytest>=7"', '"no-such-package-here>=1"'))
    # No index: pip fails at once, offline, as it would for a package that does not exist.
    done = runner.invoke(app, ["install", "alpha"], env={"COLUMNS": "200", "PIP_NO_INDEX": "1"})
    assert done.exit_code == 1
    assert "pip could not install no-such-package-here>=1" in done.output
