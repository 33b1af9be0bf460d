"""Which of a module's `requires` are not installed (`tutor install MODULE` installs them)."""

from __future__ import annotations

from collections.abc import Iterable

from tutor.base.errors import TutorError


def unmet(requires: Iterable[str]) -> list[str]:
    """The requirements (PEP 508 strings) that the running Python does not satisfy."""
    from importlib.metadata import PackageNotFoundError, version

    from packaging.requirements import Requirement

    missing = []
    for text in requires:
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        try:
            installed = version(requirement.name)
        except PackageNotFoundError:
            missing.append(text)
            continue
        if not requirement.specifier.contains(installed, prereleases=True):
            missing.append(text)
    return missing


def require(module_id: str, requires: Iterable[str]) -> None:
    """Raise a TutorError naming what is missing and how to install it, before a check runs
    into an ImportError the learner did not cause."""
    missing = unmet(requires)
    if missing:
        raise TutorError(
            f"module {module_id} needs {', '.join(missing)}, which this Python does not have",
            hint=f"install it: tutor install {module_id}",
        )
