"""Where the curriculum is: an option, the environment, or the nearest `curriculum/`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.base.errors import NotFoundError

if TYPE_CHECKING:
    pass

CURRICULUM_ENV = "TUTOR_CURRICULUM"


def find_curriculum(explicit: Path | None) -> Path:
    """The curriculum folder: the option, the environment, the nearest `curriculum/` upwards
    from the current folder, or the one beside the installed package (a repository checkout)."""
    if explicit is None and os.environ.get(CURRICULUM_ENV):
        explicit = Path(os.environ[CURRICULUM_ENV])
    if explicit is not None:
        if not (explicit / "curriculum.yaml").is_file():
            raise NotFoundError(
                f"no curriculum.yaml in {explicit}",
                hint="pass the folder that holds curriculum.yaml (--curriculum or TUTOR_CURRICULUM)",
            )
        return explicit
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "curriculum" / "curriculum.yaml").is_file():
            return folder / "curriculum"
    beside = Path(__file__).resolve().parents[2] / "curriculum"
    if (beside / "curriculum.yaml").is_file():
        return beside
    raise NotFoundError(
        "no curriculum found here",
        hint="run the tutor inside the team's repository, or pass --curriculum PATH",
    )
