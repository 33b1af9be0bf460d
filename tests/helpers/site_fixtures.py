"""Site fixtures (a pytest plugin: `pytest_plugins = ["helpers.site_fixtures"]`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.site import build, make_project


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project, hostile module included, built once with `mkdocs build --strict`:
    its site folder."""
    project = make_project(tmp_path_factory.mktemp("project"), hostile=True)
    return build(project, tmp_path_factory.mktemp("cache"))
