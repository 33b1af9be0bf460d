"""The page generator: curriculum + rendered notebooks + team summaries -> pages and assets."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from tutor.base.errors import TutorError
from tutor.curriculum.model import Curriculum
from tutor.site import paths
from tutor.site.images import html_image_urls, module_image_files
from tutor.site.model import NotebookKey, RenderedNotebook, Site, notebook_key
from tutor.site.nav import generated_nav
from tutor.site.pages import curriculum_page, lesson_page, module_cards, module_page, notebook_page
from tutor.site.prereq_map import map_page
from tutor.site.skills_matrix import matrix_page
from tutor.site.skills_page import skills_page
from tutor.site.style import CSS
from tutor.site.text import md_inline
from tutor.team.summaries import TeamMember

MARKER = re.compile(r"<!--\s*tutor:([a-z-]+)\s*-->")


def generate(
    curriculum: Curriculum,
    team: Sequence[TeamMember],
    notebooks: Mapping[NotebookKey, RenderedNotebook],
    *,
    directory_urls: bool = True,
    home: bool = False,
) -> Site:
    """Every generated page and asset. `home`: also write `index.md` (no hand-written one)."""
    files: dict[str, str | bytes] = {
        paths.CURRICULUM: curriculum_page(curriculum),
        paths.MAP: map_page(curriculum, directory_urls),
        paths.SKILLS: skills_page(curriculum),
        paths.TEAM: matrix_page(curriculum, team, directory_urls),
        paths.CSS: CSS,
    }
    for module in curriculum.modules:
        files[paths.module_page(module.id)] = module_page(curriculum, module, team, directory_urls)
        images = module_image_files(module)
        for lesson in module.lessons:
            page = paths.lesson_page(module.id, lesson.id)
            linked = images.get(page, {})
            files[page] = html_image_urls(lesson_page(module, lesson), page, linked, directory_urls)
        for notebook in module.notebooks:
            rendered = notebooks.get(notebook_key(module.id, notebook.file.as_posix()))
            if rendered is None:
                continue
            page = paths.notebook_page(module, notebook)
            linked = images.get(page, {})
            text = notebook_page(module, notebook, rendered)
            files[page] = html_image_urls(text, page, linked, directory_urls)
            folder = page.rsplit("/", 1)[0]
            files.update((f"{folder}/{name}", data) for name, data in rendered.files.items())
        for linked in images.values():
            for path, data in linked.items():
                files.setdefault(path, data)  # a generated file of the same path wins
    site = Site(
        files=files,
        nav=generated_nav(curriculum),
        css=(paths.CSS,),
        fragments={"modules": lambda page: module_cards(curriculum, page)},
    )
    if home:
        files[paths.HOME] = expand(site, _default_home(curriculum), paths.HOME)
    return site


def _default_home(curriculum: Curriculum) -> str:
    return (
        f"# {md_inline(curriculum.title)}\n\nWhat the team can learn, module by module.\n\n"
        "<!-- tutor:modules -->\n"
    )


def expand(site: Site, markdown: str, page: str) -> str:
    """A hand-written page with its `<!-- tutor:NAME -->` markers replaced by generated Markdown."""

    def replace(match: re.Match[str]) -> str:
        fragment = site.fragments.get(match.group(1))
        return match.group() if fragment is None else fragment(page)

    return MARKER.sub(replace, markdown)


def check_collisions(site: Site, docs_files: Iterable[str]) -> None:
    """Refuse hand-written files that the generator would silently replace."""
    clashes = sorted(set(docs_files) & site.files.keys())
    if clashes:
        raise TutorError(
            f"these files in the docs folder have the paths of generated pages: {', '.join(clashes)}",
            hint=f"rename them: {', '.join(paths.GENERATED_FOLDERS)} are generated",
        )
