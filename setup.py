"""Build hook: the wheel carries the shipped curriculum and the JSON Schemas inside `tutor/`.

The repository keeps them at the top (`curriculum/`, `schemas/`); a wheel needs them in the
package: `curriculum/` becomes `tutor/_pack/` (the `ml-daily` pack) and `schemas/` becomes
`tutor/_schemas/`. An editable install builds nothing here: the package finds the checkout's
folders beside it (see tutor/curriculum/packs.py). Everything else is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
CARRIED = {"curriculum": "tutor/_pack", "schemas": "tutor/_schemas"}
LEFT_OUT = shutil.ignore_patterns("__pycache__", "*.pyc", ".*", "*.partial")


class BuildWithCurriculum(build_py):  # type: ignore[misc]
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for source, target in CARRIED.items():
            into = Path(self.build_lib) / target
            shutil.rmtree(into, ignore_errors=True)
            shutil.copytree(HERE / source, into, ignore=LEFT_OUT)


setup(cmdclass={"build_py": BuildWithCurriculum})
