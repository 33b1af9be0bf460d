"""Site fixtures (a pytest plugin: `pytest_plugins = ["helpers.site_fixtures"]`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from filelock import FileLock
from helpers.site import build, make_project


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The fixture project, hostile module included, built once with `mkdocs build --strict`:
    its site folder. Built once a run: pytest-xdist's workers share it (the first to ask builds
    it while the others wait on a lock), and every test only reads it."""
    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if worker_id != "master" else base) / "fixture-site"
    with FileLock(f"{shared}.lock"):
        if not (shared / "built").exists():
            shutil.rmtree(shared / "project", ignore_errors=True)  # a failed build's
            project = make_project(shared / "project", hostile=True)
            site = build(project, shared / "cache")
            (shared / "built").write_text(str(site), encoding="utf-8")
        return Path((shared / "built").read_text(encoding="utf-8"))
