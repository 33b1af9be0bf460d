"""What the page generator takes in (rendered notebooks) and gives out (files and navigation)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple, TypeAlias

# A navigation entry as in mkdocs.yml: a page path, or {title: path}, or {title: [entries]}.
NavEntry: TypeAlias = str | dict[str, "str | list[NavEntry]"]
NotebookKey: TypeAlias = tuple[str, str]  # (module id, notebook file as written in module.yaml)


def notebook_key(module_id: str, file: object) -> NotebookKey:
    return module_id, str(file).replace("\\", "/")


class RenderedNotebook(NamedTuple):
    """A notebook as Markdown, with the files it links to (relative to its page's folder)."""

    markdown: str
    files: Mapping[str, bytes]
    executed: bool  # False when execution was turned off and the saved outputs are shown
    # What an installed pack's module needs and this site's Python lacks: shown unexecuted.
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class SiteOptions:
    """How the site is made. Defaults suit `mkdocs build`."""

    directory_urls: bool = True
    execute: bool = True
    workers: int | None = None  # None: one per CPU
    refresh: bool = False  # execute every notebook again, ignoring the cache
    cache_dir: str | None = None  # None: the tutor's cache folder
    # A shared progress store (a postgresql:// URL or a SQLite file) whose learners join the
    # skills matrix beside team/*.yaml; None: $TUTOR_TEAM_DB, else team files only.
    team_db: str | None = None


@dataclass
class Site:
    """Generated pages (Markdown) and assets, keyed by their path in the docs folder."""

    files: dict[str, str | bytes] = field(default_factory=dict)
    nav: list[NavEntry] = field(default_factory=list)  # the generated sections, in order
    css: tuple[str, ...] = ()  # stylesheets every page needs
    # Markers hand-written pages may hold (`<!-- tutor:NAME -->`): NAME -> Markdown for a page.
    fragments: dict[str, Callable[[str], str]] = field(default_factory=dict)

    @property
    def pages(self) -> dict[str, str]:
        return {path: text for path, text in self.files.items() if isinstance(text, str)}
