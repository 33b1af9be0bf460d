"""A module's stamp, read: `verified.json`, the versions the module last passed with and how
long its notebooks ran.

A stamp is a committed file of the module, so reading it belongs with the curriculum (the site
build reads it to start the longest notebooks first); writing it, and comparing it with what is
installed, is the contributor's tooling (`tutor.authoring.stamps`).
"""

from __future__ import annotations

import json
from typing import Any

from tutor.curriculum.model import Module

STAMP_FILE = "verified.json"


def read_stamp(module: Module) -> dict[str, Any] | None:
    """The module's stamp, or None when it has none (or one that is not a JSON object)."""
    try:
        data = json.loads((module.folder / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def notebook_seconds(module: Module, notebook: str) -> float | None:
    """How long the notebook ran when the module was last stamped, if it was."""
    seconds = ((read_stamp(module) or {}).get("notebooks") or {}).get(notebook)
    return float(seconds) if isinstance(seconds, int | float) else None
