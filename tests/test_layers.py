"""The pure core imports neither the CLI framework, the terminal library nor the site engine."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = [
    "tutor.attempts",
    "tutor.checker",
    "tutor.clock",
    "tutor.config",
    "tutor.curriculum",
    "tutor.curriculum.cache",
    "tutor.curriculum.json_schema",
    "tutor.curriculum.loader",
    "tutor.days",
    "tutor.errors",
    "tutor.history",
    "tutor.mastery",
    "tutor.plan",
    "tutor.progress_cache",
    "tutor.quiz",
    "tutor.report",
    "tutor.requirements",
    "tutor.reviews",
    "tutor.scaffold",
    "tutor.site.generate",
    "tutor.stamps",
    "tutor.store",
    "tutor.streaks",
    "tutor.team",
    "tutor.userdirs",
    "tutor.verify",
    "tutor.workspace",
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
