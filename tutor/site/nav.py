"""One navigation for hand-written and generated pages, in the shape of mkdocs.yml's `nav`."""

from __future__ import annotations

from collections.abc import Iterable

from tutor.curriculum.model import Curriculum, Module
from tutor.site import paths
from tutor.site.model import NavEntry
from tutor.site.pages import tracks_of
from tutor.site.text import nav_title

# Hand-written pages the project ships, in reading order; any other page follows, sorted.
GUIDE_ORDER = ("tutor.md", "contributing.md", "curriculum-format.md")


def generated_nav(curriculum: Curriculum) -> list[NavEntry]:
    """The Curriculum and Team sections."""
    entries: list[NavEntry] = [
        paths.CURRICULUM,
        {"Prerequisite map": paths.MAP},
        {"Exercises by skill": paths.SKILLS},
    ]
    placed: set[str] = set()
    for title, modules in tracks_of(curriculum):
        # A page appears once in a navigation: a module listed by two tracks sits in the first.
        fresh = [m for m in modules if m.id not in placed]
        placed.update(m.id for m in fresh)
        if fresh:
            entries.append({nav_title(title): [_module(m) for m in fresh]})
    return [{"Curriculum": entries}, {"Team": paths.TEAM}]


def _module(module: Module) -> NavEntry:
    children: list[NavEntry] = [paths.module_page(module.id)]
    children.extend(
        {nav_title(lesson.title): paths.lesson_page(module.id, lesson.id)}
        for lesson in module.lessons
    )
    children.extend(
        {nav_title(f"Notebook: {nb.title}"): paths.notebook_page(module, nb)}
        for nb in module.notebooks
    )
    return {nav_title(module.title): children}


def full_nav(generated: list[NavEntry], docs_pages: Iterable[str]) -> list[NavEntry]:
    """Home, the generated sections, then the hand-written guides."""
    pages = sorted(set(docs_pages) - {paths.HOME})
    known = [page for page in GUIDE_ORDER if page in pages]
    others = [page for page in pages if page not in known]
    nav: list[NavEntry] = [{"Home": paths.HOME}, *generated]
    guides: list[NavEntry] = [*known, *others]
    if guides:
        nav.append({"Guides": guides})
    return nav
