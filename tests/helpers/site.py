"""Site test helpers: a project (curriculum, team, docs, mkdocs.yml) in tmp, built by real MkDocs.

The project is the mini curriculum, plus a notebook with a plot, a table, stderr and an
expected error (tests/data/site/plot.ipynb), plus team files, one of them hostile, plus
(`hostile=True`) a module whose title, lesson math and notebook outputs attack the page
(tests/data/site/gamma).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
REPO = TESTS.parent
DATA = TESTS / "data"
BIN = Path(sys.executable).parent


def make_project(
    folder: Path, *, team: bool = True, plot: bool = True, hostile: bool = False
) -> Path:
    """Write a site project into `folder` and return it."""
    shutil.copytree(DATA / "mini", folder / "curriculum")
    if hostile:
        shutil.copytree(DATA / "site" / "gamma", folder / "curriculum" / "gamma")
    shutil.copytree(REPO / "docs", folder / "docs")
    if team:
        shutil.copytree(DATA / "site" / "team", folder / "team")
    if plot:
        shutil.copy(DATA / "site" / "plot.ipynb", folder / "curriculum" / "beta" / "notebooks")
        with (folder / "curriculum" / "beta" / "module.yaml").open("a") as f:
            f.write("  - file: notebooks/plot.ipynb\n    title: Plots and tables\n")
    config = (REPO / "mkdocs.yml").read_text()
    (folder / "mkdocs.yml").write_text(config)
    return folder


def site_env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(NO_MKDOCS_2_WARNING="1", TUTOR_CACHE_DIR=str(cache))
    env.pop("TUTOR_NOTEBOOKS_REFRESH", None)
    return env


def run_engine(
    project: Path, *args: str, cache: Path, engine: str = "mkdocs"
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict ...` (or properdocs) in `project`, as a user would run it."""
    return subprocess.run(
        [str(BIN / engine), "build", "--strict", *args],
        cwd=project,
        env=site_env(cache),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def build(project: Path, cache: Path, *args: str) -> Path:
    done = run_engine(project, *args, cache=cache)
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr, done.stderr
    return project / "site"
