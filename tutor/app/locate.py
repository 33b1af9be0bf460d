"""Where the curriculum is: an option, the environment, or the nearest `curriculum/`."""

from __future__ import annotations

import os
from pathlib import Path

from tutor.base.errors import NotFoundError

CURRICULUM_ENV = "TUTOR_CURRICULUM"
CURRICULUM_FILE = "curriculum.yaml"


def find_curriculum(explicit: Path | None) -> Path:
    """The curriculum folder: the option, the environment, the nearest `curriculum/` upwards
    from the current folder, or the one beside the installed package (a repository checkout).

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
    beside = Path(__file__).resolve().parents[2] / "curriculum"
    if (beside / CURRICULUM_FILE).is_file():
        return beside
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
