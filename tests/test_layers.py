"""The layers hold: the core imports neither the CLI framework, the terminal library nor the site
engine, even at run time, and the import-linter contracts (`make test` runs them) are kept."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import tutor

CORE_PACKAGES = (
    "base",
    "curriculum",
    "store",
    "progress",
    "practice",
    "notebooks",
    "team",
    "authoring",
    "app",
    "site",
)
EDGES = ("typer", "rich", "mkdocs", "click")
REPO = Path(__file__).resolve().parents[1]


def core_modules() -> list[str]:
    found = []
    for info in pkgutil.walk_packages(tutor.__path__, "tutor."):
        if info.name.split(".")[1] in CORE_PACKAGES and not info.name.endswith("_checkplugin"):
            found.append(info.name)
    return sorted(found)


def test_every_layer_is_a_package_of_the_tree() -> None:
    packages = {
        p.name for p in Path(tutor.__file__).parent.iterdir() if (p / "__init__.py").exists()
    }
    assert set(CORE_PACKAGES) <= packages
    assert packages - set(CORE_PACKAGES) == {"terminal", "cli", "mkdocs_plugin"}


@pytest.mark.parametrize("module", core_modules())
def test_the_core_imports_no_edge_library(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        f"found = [m for m in {EDGES!r} if m in sys.modules]\n"
        "print(','.join(found))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"{module} imports {done.stdout.strip()}"


def test_the_import_contracts_are_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), "--no-cache"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:]
