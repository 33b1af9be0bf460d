"""Which versions a module was last verified with (`validate --run --stamp`), and drift from them.

Fast-moving libraries break exercises: a module verified with polars 2.1 may not hold on 2.3.
The stamp is a small committed file per module (read by `tutor.curriculum.stamps`); `tutor
doctor` compares it with what is installed, so the team notices first.
"""

from __future__ import annotations

import json
import platform
from datetime import date
from pathlib import Path
from typing import NamedTuple

from tutor.base.files import write_atomic
from tutor.base.requirements import unmet
from tutor.curriculum.model import Module
from tutor.curriculum.stamps import STAMP_FILE, read_stamp


class Drift(NamedTuple):
    module: str
    level: str  # "error" (requirements not met), "warning" (drifted), "note" (never verified)
    message: str


def installed_versions(requires: tuple[str, ...]) -> dict[str, str | None]:
    from importlib.metadata import PackageNotFoundError, version

    from packaging.requirements import Requirement

    found: dict[str, str | None] = {}
    for text in requires:
        name = Requirement(text).name
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


def unmet_requirements(module: Module) -> list[str]:
    """Each of the module's requirements this Python does not satisfy, with what is installed:
    'xarray>=2024.1 (not installed)', 'numpy>=2 (1.26.4 installed)'. A stamp records the
    versions a module passed with, so a module with unmet requirements cannot be stamped."""
    from packaging.requirements import Requirement

    installed = installed_versions(module.requires)
    described = []
    for text in unmet(module.requires):
        now = installed.get(Requirement(text).name)
        described.append(f"{text} ({'not installed' if now is None else f'{now} installed'})")
    return described


def write_stamp(module: Module, today: date, notebook_seconds: dict[str, float]) -> Path:
    """Record the versions the module passed with, and how long its notebooks ran (a site
    build with nothing cached yet starts the longest first)."""
    before = (read_stamp(module) or {}).get("notebooks") or {}
    seconds = {
        nb.file.as_posix(): round(
            notebook_seconds.get(nb.file.as_posix(), before.get(nb.file.as_posix(), 0)), 1
        )
        for nb in module.notebooks
    }
    data = {
        "comment": "Written by `tutor validate --run --stamp`: the versions this module passed with.",
        "verified": today.isoformat(),
        "python": platform.python_version(),
        "requires": installed_versions(module.requires),
        "notebooks": {name: s for name, s in seconds.items() if s > 0},
    }
    path = module.folder / STAMP_FILE
    text = json.dumps(data, indent=2, sort_keys=False) + "\n"
    write_atomic(path, text, hint="check that the curriculum folder is writable")
    return path


def drift(module: Module) -> list[Drift]:
    """What may keep the module's exercises and notebooks from behaving as verified."""
    found = []
    missing = unmet_requirements(module)
    if missing:
        found.append(Drift(module.id, "error", f"requires {', '.join(missing)}"))
    stamp = read_stamp(module)
    if stamp is None:
        if module.requires:
            found.append(Drift(module.id, "note", "never verified (no verified.json)"))
        return found
    verified = stamp.get("requires") or {}
    for name, now in installed_versions(module.requires).items():
        then = verified.get(name)
        if now is not None and then is not None and now != then:
            found.append(
                Drift(
                    module.id,
                    "warning",
                    f"verified with {name} {then} on {stamp.get('verified', '?')}, "
                    f"{name} {now} is installed",
                )
            )
    return found
