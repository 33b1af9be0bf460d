"""Images that lessons and notebooks link by relative path, copied to where the link resolves.

A lesson links `![plan](images/plan.png)` relative to its own file; on the site its page sits
at `modules/<id>/lessons/<lesson>.md`, so the image is copied to the path the same link names
from there, and the Markdown stays as written (every engine resolves it the same way). An image
that does not exist or lies outside the module's folder is left out: `tutor validate` names it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from urllib.parse import quote, unquote, urlsplit

from tutor.base.errors import TutorError
from tutor.curriculum.model import Module
from tutor.curriculum.references import module_images, replace_img_src
from tutor.site import paths


def module_image_files(module: Module) -> dict[str, dict[str, bytes]]:
    """Page -> (site path -> bytes) of every image its lesson or notebook links to."""
    shown = [(lesson.file, paths.lesson_page(module.id, lesson.id)) for lesson in module.lessons]
    shown += [(nb.file, paths.notebook_page(module, nb)) for nb in module.notebooks]
    own = posixpath.dirname(paths.module_page(module.id)) + "/"
    files: dict[str, dict[str, bytes]] = {}
    for file, page in shown:
        lessons, notebooks = ([], [file]) if file.suffix == ".ipynb" else ([file], [])
        for ref in module_images(module.folder, lessons, notebooks):
            source = module.folder / ref.path
            if not ref.inside or not source.is_file():
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), ref.target))
            if not target.startswith(own):
                raise TutorError(
                    f"{module.id}/{file.as_posix()} links the image {ref.target!r}, which would "
                    f"land outside the module's pages on the site ({target})",
                    hint="keep the image in the folder of the file that shows it, or below it",
                )
            files.setdefault(page, {})[target] = source.read_bytes()
    return files


def html_image_urls(markdown: str, page: str, images: Iterable[str], directory_urls: bool) -> str:
    """The page's `<img src>` of its copied images as URLs from the page's own URL: an engine
    rewrites a Markdown image link for directory URLs (`lessons/first/`), but not raw HTML."""
    targets = set(images)
    folder = posixpath.dirname(page)

    def url(src: str) -> str | None:
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return None
        target = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
        if target not in targets:
            return None
        return (
            quote(paths.url(page, target, directory_urls))
            + (f"?{parts.query}" if parts.query else "")
            + (f"#{parts.fragment}" if parts.fragment else "")
        )

    return replace_img_src(markdown, url)
