"""Where every generated page lives, and links between pages as Markdown paths or as URLs.

Markdown links (`[x](../alpha/index.md)`) are rewritten by the site engine, whatever its URL
style. Raw HTML (the prerequisite map's SVG, the skills matrix) is not, so its links are URLs
computed here the way MkDocs computes them, with or without directory URLs.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import PurePosixPath

from tutor.curriculum.model import AnyExercise, Module, Notebook

HOME = "index.md"
CURRICULUM = "curriculum/index.md"
MAP = "curriculum/map.md"
SKILLS = "curriculum/skills.md"
TEAM = "team/index.md"
CSS = "assets/tutor/tutor.css"
GENERATED_FOLDERS = ("curriculum", "modules", "team", "assets/tutor")


def module_page(module_id: str) -> str:
    return f"modules/{module_id}/index.md"


def lesson_page(module_id: str, lesson_id: str) -> str:
    return f"modules/{module_id}/lessons/{lesson_id}.md"


def notebook_stem(notebook: Notebook) -> str:
    """A page name for a notebook: its path in the module without `notebooks/` and `.ipynb`."""
    parts = PurePosixPath(notebook.file.as_posix()).with_suffix("").parts
    if len(parts) > 1 and parts[0] == "notebooks":
        parts = parts[1:]
    return re.sub(r"[^A-Za-z0-9._-]+", "-", "-".join(parts)).strip("-.") or "notebook"


def notebook_page(module: Module, notebook: Notebook) -> str:
    return f"modules/{module.id}/notebooks/{notebook_stem(notebook)}.md"


def exercise_anchor(exercise: AnyExercise) -> str:
    return f"exercise-{exercise.id}"


def skill_anchor(skill: str) -> str:
    return f"skill-{skill}"


def md_link(from_page: str, to_page: str, anchor: str = "") -> str:
    """The relative Markdown path from one page to another (or to an asset)."""
    target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return f"{target}#{anchor}" if anchor else target


def page_url(page: str, directory_urls: bool = True) -> str:
    """The URL of a page relative to the site root, as MkDocs makes it."""
    stem, ext = posixpath.splitext(page)
    if ext != ".md":
        return page
    head, name = posixpath.split(stem)
    if name in ("index", "README"):
        return f"{head}/" if directory_urls and head else (f"{head}/index.html" if head else "./")
    if directory_urls:
        return posixpath.join(head, name) + "/"
    return posixpath.join(head, name) + ".html"


def url(from_page: str, to_page: str, directory_urls: bool = True, anchor: str = "") -> str:
    """A relative URL from a page to another page, for links in raw HTML."""
    here = page_url(from_page, directory_urls)
    there = page_url(to_page, directory_urls)
    base = here if here.endswith("/") else posixpath.dirname(here) + "/"
    if base == "./":
        base = ""
    relative = posixpath.relpath(there or ".", base or ".")
    if there.endswith("/") and not relative.endswith("/"):
        relative += "/"
    if relative == "./":
        relative = "."
    return f"{relative}#{anchor}" if anchor else relative
