"""`tutor init`: a team's own repository, whose curriculum includes the shipped pack (unless
empty), with an example module, the site, editor schemas, hooks and CI, all working at once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from tutor import __version__
from tutor.authoring import team_example
from tutor.base.errors import TutorError
from tutor.base.files import write_atomic
from tutor.curriculum.packs import SHIPPED_PACK

_WRITABLE = "check that the folder is writable"

_CURRICULUM = """\
# yaml-language-server: $schema=../schemas/curriculum.schema.json
# The team's curriculum: one folder per module beside this file (`tutor new module ID`).
format: 1
title: {title}
{include}tracks:                 # named, ordered paths through modules (the first is the default)
  - id: team
    title: {title}
    modules: [{example}]
"""

_INCLUDE = f"""\
include:                # other curricula whose modules join this one
  - pack: {SHIPPED_PACK}        # the shipped curriculum: its modules and tracks
  # - path: ../shared-curriculum   # a folder holding a curriculum.yaml
"""

_MKDOCS = """\
# The team site: `mkdocs serve` previews it, `mkdocs build` writes it into site/.
site_name: {title}
docs_dir: docs
site_dir: site
strict: true

theme:
  name: material
  font: false           # self-contained: no Google Fonts
  features:
    - navigation.tabs
    - navigation.sections
    - navigation.indexes
    - search.suggest
    - content.code.copy

plugins:
  - search
  - tutor:              # the curriculum's pages, executed notebooks, map and skills matrix
      curriculum: curriculum

markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.highlight
  - pymdownx.inlinehilite
  - pymdownx.tabbed:
      alternate_style: true

extra:
  generator: false
"""

_INDEX = """\
# {title}

What our team learns, one short session a day: run `tutor today` in this repository.

<!-- tutor:modules -->
"""

_PRE_COMMIT = """\
# Install both hooks once per clone:
#   pre-commit install --hook-type pre-commit --hook-type pre-push
# They run the `tutor` of the environment you commit from, where the curriculum's libraries
# are installed (language: system).
repos:
  - repo: local
    hooks:
      - id: tutor-validate
        name: tutor validate (curriculum format)
        entry: tutor validate
        language: system
        files: ^(curriculum/|team/)
        pass_filenames: false
      - id: tutor-validate-run
        name: tutor validate --run (modules being pushed)
        # Only the modules the pushed commits change (pre-commit names them in
        # PRE_COMMIT_FROM_REF...PRE_COMMIT_TO_REF; every module on a branch's first push).
        entry: tutor validate --run --changed-from-push
        language: system
        files: ^curriculum/
        pass_filenames: false
        stages: [pre-push]
"""

_WORKFLOW = """\
# Checks the curriculum and builds the site on every push and pull request.
name: curriculum
on: [push, pull_request]
jobs:
  check:
    runs-on: ubuntu-latest
    env:
      TUTOR_CACHE_DIR: ${{{{ github.workspace }}}}/.tutor-cache
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0          # --changed compares with the base branch
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install "ml-daily-tutor[site,curriculum]=={version}"
      - uses: actions/cache@v4    # executed notebooks: unchanged ones are not run again
        with:
          path: .tutor-cache
          key: tutor-${{{{ github.sha }}}}
          restore-keys: tutor-
      - run: tutor validate
      - name: tutor validate --run (changed modules)
        if: github.event_name == 'pull_request'
        run: tutor validate --run --changed "origin/${{{{ github.base_ref }}}}...HEAD"
      - name: tutor validate --run (every module of ours; a pack's, --packs)
        if: github.event_name == 'push'
        run: tutor validate --run
      - run: mkdocs build --strict
"""

_README = """\
# {title}

Our team's daily learning: a curriculum (`curriculum/`{includes}), the team site
(`mkdocs.yml`, `docs/`) and everyone's shared progress (`team/`). Install the tutor with the site and the curriculum's libraries:

```sh
pip install "ml-daily-tutor[site,curriculum]"
```

The team's two commands, run in this repository:

```sh
tutor today      # today's session: due reviews, then new exercises, sized to your budget
mkdocs serve     # the team site at http://127.0.0.1:8000 (`mkdocs build` writes site/)
```

`tutor share` writes your progress summary into `team/` for the site's skills matrix.

## Adding a module

```sh
tutor new module my-topic --track team    # scaffolds curriculum/my-topic/
tutor validate --run --module my-topic    # the starter fails, the solution passes, ...
pre-commit install --hook-type pre-commit --hook-type pre-push
```

`curriculum/{example}/` is a complete example to copy from (then delete it, and remove it
from the track in `curriculum/curriculum.yaml`). Editors that read the
`yaml-language-server` comment check the YAML against `schemas/` as you type. CI
(`.github/workflows/curriculum.yml`) validates, runs the changed modules and builds the site.
"""


def make_team_repo(folder: Path, *, title: str, empty: bool = False) -> list[Path]:
    """Write a team repository into `folder` (new, empty, or holding only `.git`: a fresh
    `git init` or a clone of a new, empty repository); the files written.

    Raises TutorError, writing nothing, when `folder` holds anything else.
    """
    if folder.exists() and not folder.is_dir():
        raise TutorError(
            f"{folder} is a file: tutor init makes a new repository in a folder",
            hint="pass a new or empty folder, e.g. tutor init my-team-learning",
        )
    if folder.exists() and any(entry.name != ".git" for entry in folder.iterdir()):
        raise TutorError(
            f"{folder} is not empty: tutor init makes a new repository",
            hint="pass a new or empty folder (a fresh clone holding only .git will do), "
            "e.g. tutor init my-team-learning",
        )
    files = repository_files(title, empty=empty)
    written = []
    for relative, text in files.items():
        path = folder / relative
        write_atomic(path, text, hint=_WRITABLE)
        written.append(path)
    return written


def start_git(folder: Path) -> Literal["started", "inside", "failed"]:
    """`git init` (on branch main) for a new team repository that is not in a git work tree
    yet: its hooks, `tutor share` and `--changed` need one. "inside" when it is in one already,
    "failed" when git is missing or would not."""
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None:
        return "failed"
    inside = subprocess.run(
        [git, "-C", str(folder), "rev-parse", "--is-inside-work-tree"],
        capture_output=True,
        check=False,
    )
    if inside.returncode == 0:
        return "inside"
    for branch in (["-b", "main"], []):  # -b needs git 2.28
        done = subprocess.run(
            [git, "init", "-q", *branch, str(folder)], capture_output=True, check=False
        )
        if done.returncode == 0:
            return "started"
    return "failed"


def repository_files(title: str, *, empty: bool) -> dict[str, str]:
    """Every file of a new team repository, by relative path."""
    from tutor.curriculum.json_schema import render, schemas

    example = team_example.MODULE_ID
    quoted = json.dumps(title)  # a JSON string is a YAML string, whatever the title holds
    curriculum = _CURRICULUM.format(
        title=quoted, include="" if empty else _INCLUDE, example=example
    )
    files = {
        "curriculum/curriculum.yaml": curriculum,
        "mkdocs.yml": _MKDOCS.format(title=quoted),
        "docs/index.md": _INDEX.format(title=title),
        "team/.gitkeep": "",
        ".pre-commit-config.yaml": _PRE_COMMIT,
        ".github/workflows/curriculum.yml": _WORKFLOW.format(version=__version__),
        ".gitignore": "site/\n__pycache__/\n.tutor-cache/\n",
        "README.md": _README.format(
            title=title,
            includes="" if empty else f", which includes the shipped `{SHIPPED_PACK}` pack",
            example=example,
        ),
    }
    files.update({f"curriculum/{path}": text for path, text in team_example.files().items()})
    files.update({f"schemas/{name}": render(doc) for name, doc in schemas().items()})
    return files
