"""The pure core imports neither the CLI framework, the terminal library nor the site engine."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = [
    "tutor.practice.attempts",
    "tutor.practice.checker",
    "tutor.base.clock",
    "tutor.app.settings",
    "tutor.curriculum",
    "tutor.curriculum.cache",
    "tutor.curriculum.json_schema",
    "tutor.curriculum.loader",
    "tutor.base.days",
    "tutor.base.errors",
    "tutor.progress.history",
    "tutor.progress.mastery",
    "tutor.progress.plan",
    "tutor.progress.derived",
    "tutor.practice.quiz",
    "tutor.progress.report",
    "tutor.base.requirements",
    "tutor.progress.reviews",
    "tutor.authoring.scaffold",
    "tutor.site.generate",
    "tutor.authoring.stamps",
    "tutor.store",
    "tutor.progress.streaks",
    "tutor.team.summaries",
    "tutor.base.userdirs",
    "tutor.authoring.verify",
    "tutor.practice.workspace",
]
EDGES = ("typer", "rich", "mkdocs", "click")


@pytest.mark.parametrize("module", CORE)
def test_the_core_imports_no_edge_library(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        f"found = [m for m in {EDGES!r} if m in sys.modules]\n"
        "print(','.join(found))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"{module} imports {done.stdout.strip()}"
