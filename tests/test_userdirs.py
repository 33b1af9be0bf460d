"""Our XDG reading agrees with platformdirs, which it stands in for on Linux."""

from __future__ import annotations

import sys

import platformdirs
import pytest

from tutor.base.userdirs import APP_NAME, user_dir


@pytest.mark.parametrize("kind", ["cache", "config", "data"])
@pytest.mark.parametrize("xdg", ["", "/srv/xdg", "relative/ignored"])
def test_same_folders_as_platformdirs(kind: str, xdg: str, monkeypatch: pytest.MonkeyPatch) -> None:
    variable = {"cache": "XDG_CACHE_HOME", "config": "XDG_CONFIG_HOME", "data": "XDG_DATA_HOME"}
    monkeypatch.setenv(variable[kind], xdg)
    expected = {
        "cache": platformdirs.user_cache_path,
        "config": platformdirs.user_config_path,
        "data": platformdirs.user_data_path,
    }[kind](APP_NAME, appauthor=False)
    if not sys.platform.startswith("linux"):
        pytest.skip("the XDG reading is only used on Linux")
    assert user_dir(kind) == expected
