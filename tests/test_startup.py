"""The start-up rules of docs/architecture.md, held: what a warm `tutor today --plan` imports,
and that the console script's fast exit steps aside for a profiler."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Libraries and modules `tutor today --plan` must not import (rules 1 and 2).
NOT_ON_THE_PLAN_PATH = (
    "fsrs",
    "yaml",
    "ruamel",
    "packaging",
    "watchfiles",
    "pytest",
    "psycopg",
    "nbformat",
    "nbclient",
    "mkdocs",
    "platformdirs",
    "rich.table",
    "rich.panel",
    "rich.syntax",
    "tutor.terminal.session",
    "tutor.practice",
    "tutor.authoring",
    "tutor.notebooks",
    "tutor.site",
    "tutor.team",
    "tutor.cli.browse",
    "tutor.cli.contrib",
    "tutor.cli.portable",
    "tutor.cli.scaffold",
    "tutor.cli.settings",
    "tutor.cli.site",
    "tutor.cli.views",
)

RUN_AND_LIST = """
import sys
from tutor.cli.main import app
try:
    app(["today", "--plan"], prog_name="tutor")
except SystemExit as exc:
    assert not exc.code, exc.code
print("MODULES", " ".join(sorted(sys.modules)))
"""


def plan_imports(env: dict[str, str]) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST], env=env, capture_output=True, text=True, check=True
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("MODULES "))
    return set(line.split()[1:])


def test_a_warm_plan_imports_nothing_it_does_not_need(tutor_env: dict[str, str]) -> None:
    env = {**os.environ, **tutor_env, "TUTOR_CURRICULUM": str(REPO / "curriculum")}
    plan_imports(env)  # the first run fills the curriculum and progress caches
    loaded = plan_imports(env)
    assert "tutor.app.application" in loaded  # the list is real
    found = sorted(
        name
        for name in loaded
        if any(name == bad or name.startswith(bad + ".") for bad in NOT_ON_THE_PLAN_PATH)
    )
    assert found == [], f"`tutor today --plan` imports {found}: see docs/architecture.md"


def test_under_a_profiler_the_tutor_exits_the_ordinary_way(tutor_env: dict[str, str]) -> None:
    env = {**os.environ, **tutor_env}
    done = subprocess.run(
        [sys.executable, "-m", "cProfile", "-s", "cumulative", "-m", "tutor", "list"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "function calls" in done.stdout  # cProfile's report, printed at exit
