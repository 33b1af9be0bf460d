"""Where the curriculum is: an option, the environment, the nearest `curriculum/`, or else the
shipped one (said once per user, not on every command)."""

from __future__ import annotations

import os
from pathlib import Path

from tutor.base.errors import NotFoundError

CURRICULUM_ENV = "TUTOR_CURRICULUM"
CURRICULUM_FILE = "curriculum.yaml"
NOTED_FILE = "shipped-curriculum-noted"  # in the user's data folder: the note was given
SHIPPED_NOTE = (
    "No curriculum here or above: the tutor serves its shipped one (the ml-daily pack, {folder}). "
    "`tutor init DIR` makes a team's own; --curriculum or TUTOR_CURRICULUM chooses another. "
    "(Said once.)"
)
_served_shipped: list[Path] = []  # this process fell back to the shipped curriculum


def find_curriculum(explicit: Path | None) -> Path:
    """The curriculum folder: the option, the environment, the nearest `curriculum/` upwards
    from the current folder, or the shipped one (the `ml-daily` pack the package carries, or a
    checkout's `curriculum/`).

    A `curriculum/` folder found on the way up without a `curriculum.yaml` is an error naming
    it: skipping it would silently serve another curriculum than the one meant.
    """
    if explicit is None and os.environ.get(CURRICULUM_ENV):
        explicit = Path(os.environ[CURRICULUM_ENV])
    if explicit is not None:
        return _given(explicit)
    here = Path.cwd()
    for folder in (here, *here.parents):
        candidate = folder / "curriculum"
        if (candidate / CURRICULUM_FILE).is_file():
            return candidate
        if candidate.is_dir():
            raise NotFoundError(
                f"{candidate} has no {CURRICULUM_FILE}",
                hint=f"add {CURRICULUM_FILE} there (docs/curriculum-format.md), or pass "
                "--curriculum PATH",
            )
    from tutor.curriculum.packs import shipped

    folder = shipped()
    if (folder / CURRICULUM_FILE).is_file():
        _served_shipped.append(folder)
        return folder
    raise NotFoundError(
        "no curriculum found here",
        hint="run the tutor inside the team's repository, or pass --curriculum PATH",
    )


def _given(explicit: Path) -> Path:
    """A folder named by --curriculum or TUTOR_CURRICULUM: the curriculum folder itself, or a
    repository holding one in `curriculum/`."""
    if (explicit / CURRICULUM_FILE).is_file():
        return explicit
    if (explicit / "curriculum" / CURRICULUM_FILE).is_file():
        return explicit / "curriculum"
    raise NotFoundError(
        f"no {CURRICULUM_FILE} in {explicit}",
        hint=f"pass the folder that holds {CURRICULUM_FILE} (--curriculum or TUTOR_CURRICULUM)",
    )


def shipped_note() -> str | None:
    """The note that the shipped curriculum was served because none was found, the first time
    that happens for this user (a marker in their data folder remembers it), else None."""
    if not _served_shipped:
        return None
    folder = _served_shipped[-1]
    _served_shipped.clear()
    from tutor.base.files import write_cache
    from tutor.base.userdirs import user_dir

    marker = user_dir("data") / NOTED_FILE
    if marker.exists():
        return None
    write_cache(marker, f"{folder}\n")  # unwritable: the note is only said again
    return SHIPPED_NOTE.format(folder=folder)


def writable_curriculum(explicit: Path | None) -> Path:
    """`find_curriculum`, for a command that writes into it (a new module or exercise, the
    team's summaries): the shipped pack installed with the tutor belongs to the installation,
    so writing there is refused with the way to a curriculum of one's own."""
    from tutor.base.errors import UsageError
    from tutor.curriculum.packs import installed_copy

    root = find_curriculum(explicit)
    if installed_copy(root):
        raise UsageError(
            f"the curriculum here is the one installed with the tutor ({root}), which is not "
            "for editing",
            hint="make your team's own with `tutor init DIR` and run this inside it (it includes "
            "the shipped modules)",
        )
    return root
