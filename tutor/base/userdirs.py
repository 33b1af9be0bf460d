"""Where the tutor keeps a user's files: platformdirs' answer, without its import on Linux.

On Linux the answer is the XDG base directories, which take three lines to read; importing
platformdirs to get them costs every start of the tutor a few milliseconds. Elsewhere (macOS,
Windows) platformdirs answers.
"""

import os
import sys
from pathlib import Path

APP_NAME = "ml-daily-tutor"
_XDG = {
    "cache": ("XDG_CACHE_HOME", ".cache"),
    "config": ("XDG_CONFIG_HOME", ".config"),
    "data": ("XDG_DATA_HOME", ".local/share"),
}


def user_dir(kind: str) -> Path:
    """The folder for `kind` ("cache", "config" or "data") of this application."""
    variable, fallback = _XDG[kind]
    if sys.platform.startswith("linux"):
        base = Path(os.environ.get(variable, "").strip())
        # As platformdirs does: a relative XDG path is ignored (the spec says so).
        if not base.is_absolute():
            base = Path.home() / fallback
        return base / APP_NAME
    import platformdirs

    find = {
        "cache": platformdirs.user_cache_path,
        "config": platformdirs.user_config_path,
        "data": platformdirs.user_data_path,
    }[kind]
    return find(APP_NAME, appauthor=False)
