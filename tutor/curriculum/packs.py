"""Curriculum packs: curricula installed as Python distributions, found by name.

A pack registers its folder (the one holding `curriculum.yaml`) under the entry-point group
`tutor.curricula`. The entry point's value is either a package (`acme_curriculum`), whose
folder is the pack, found without running its code; or `module:attribute`, an attribute that
is a path or a function returning one. The shipped curriculum is the pack `ml-daily`: the
wheel carries it as `tutor/_pack/` (the build maps the repository's `curriculum/` there); a
checkout serves the repository's `curriculum/` itself.
"""

from __future__ import annotations

import os
from pathlib import Path

ENTRY_POINT_GROUP = "tutor.curricula"
SHIPPED_PACK = "ml-daily"
CURRICULUM_FILE = "curriculum.yaml"
_PACKAGE = Path(__file__).resolve().parents[1]  # the tutor package
_IN_WHEEL = _PACKAGE / "_pack"
_IN_CHECKOUT = _PACKAGE.parent / "curriculum"
_SCHEMAS_IN_WHEEL = _PACKAGE / "_schemas"
_SCHEMAS_IN_CHECKOUT = _PACKAGE.parent / "schemas"


class PackError(Exception):
    """A pack that cannot be found; the message is for the user."""


def shipped() -> Path:
    """The shipped curriculum's folder (the `ml-daily` pack's entry point)."""
    if (_IN_WHEEL / CURRICULUM_FILE).is_file():
        return _IN_WHEEL
    return _IN_CHECKOUT


def shipped_schemas() -> Path:
    """The folder of the JSON Schemas of the YAML files, as the wheel or the checkout has it."""
    if _SCHEMAS_IN_WHEEL.is_dir():
        return _SCHEMAS_IN_WHEEL
    return _SCHEMAS_IN_CHECKOUT


def installed_copy(folder: Path) -> str:
    """The pack name when `folder` is the shipped pack as installed from the wheel (read-only:
    it belongs to the installation, not to whoever runs the tutor), else ""."""
    try:
        same = folder.resolve() == _IN_WHEEL
    except OSError:
        return ""
    return SHIPPED_PACK if same else ""


def installed() -> dict[str, str]:
    """Every installed pack: name -> its entry point's value (the first of each name)."""
    from importlib.metadata import entry_points

    found: dict[str, str] = {}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(point.name, point.value)
    return found


def pack_folder(name: str) -> Path:
    """The folder of the installed pack `name`, or PackError saying what is missing."""
    value = installed().get(name)
    if value is None and name == SHIPPED_PACK:  # known without metadata (a stale editable one)
        return shipped()
    if value is None:
        known = ", ".join(sorted(installed())) or "none"
        raise PackError(f"no installed pack {name!r} (installed: {known})")
    folder = _resolve(name, value)
    if not (folder / CURRICULUM_FILE).is_file():
        raise PackError(f"pack {name!r} points at {folder}, which has no {CURRICULUM_FILE}")
    return folder


def _resolve(name: str, value: str) -> Path:
    module, _, attribute = value.partition(":")
    module, attribute = module.strip(), attribute.strip()
    try:
        if not attribute:
            from importlib.util import find_spec

            spec = find_spec(module)
            locations = list(spec.submodule_search_locations or []) if spec else []
            if not locations:
                raise PackError(f"pack {name!r}: {module!r} is not an installed package")
            return Path(locations[0])
        from importlib import import_module

        target: object = import_module(module)
        for part in attribute.split("."):
            target = getattr(target, part)
        if callable(target):
            target = target()
        if not isinstance(target, str | os.PathLike):
            raise PackError(f"pack {name!r}: {value!r} gives no folder")
        return Path(target)
    except PackError:
        raise
    except Exception as exc:  # a broken third-party pack is the user's problem to name
        raise PackError(f"pack {name!r} ({value}) cannot be loaded: {exc}") from None
