"""MkDocs event hooks: generate the site's pages, add them to the build, watch the curriculum.

Everything the pages say comes from the core (`tutor.site`); this file only translates between
MkDocs and it, and turns the tutor's errors into MkDocs' PluginError.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from tutor.base.errors import ProblemsError, TutorError
from tutor.mkdocs_plugin.config import TutorConfig
from tutor.site.model import Site, SiteOptions

log = logging.getLogger("mkdocs.plugins.tutor")
REFRESH_ENV = "TUTOR_NOTEBOOKS_REFRESH"


MARKDOWN_EXTENSIONS = (
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "pymdownx.details",
    "pymdownx.superfences",
)


class TutorPlugin(BasePlugin[TutorConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.site: Site | None = None
        self.watched: list[Path] = []  # the curriculum's folders of the last build

    def _folder(self, config: MkDocsConfig, value: str) -> Path:
        base = Path(config.config_file_path or ".").resolve().parent
        return (base / value).resolve()

    def _curriculum(self, config: MkDocsConfig) -> Path:
        """The curriculum the tutor would serve: $TUTOR_CURRICULUM when set, else the
        `curriculum` option (relative to mkdocs.yml)."""
        from tutor.app.locate import CURRICULUM_ENV, find_curriculum

        if os.environ.get(CURRICULUM_ENV, "").strip():
            return find_curriculum(None).resolve()
        return find_curriculum(self._folder(config, self.config.curriculum)).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        from tutor.site import paths

        if paths.CSS not in config.extra_css:
            config.extra_css.append(paths.CSS)
        # The generated pages use these (folded hints and solutions, badges, notebook metadata):
        # a team's mkdocs.yml that lists none still shows them as meant.
        for extension in MARKDOWN_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        from tutor.site.generate import check_collisions
        from tutor.site.nav import full_nav

        site = self._build(config, home=files.get_file_from_path("index.md") is None)
        try:
            check_collisions(site, (f.src_uri for f in files))
        except TutorError as exc:
            raise _plugin_error(exc) from None
        for path, content in site.files.items():
            files.append(File.generated(config, path, content=content))
        if self.config.nav:
            docs_pages = [f.src_uri for f in files.documentation_pages() if not f.generated_by]
            if config.nav is None:
                config.nav = full_nav(site.nav, docs_pages)
            else:
                config.nav = [*config.nav, *site.nav]
        self.site = site
        return files

    def _build(self, config: MkDocsConfig, home: bool) -> Site:
        from tutor.app.application import App
        from tutor.site.build import build_site

        options = SiteOptions(
            directory_urls=config.use_directory_urls,
            execute=self.config.notebooks_execute,
            workers=self.config.notebooks_workers,
            refresh=self.config.notebooks_refresh or os.environ.get(REFRESH_ENV, "") == "1",
            cache_dir=self.config.notebooks_cache_dir,
            team_db=self.config.team_db,
        )
        team = self._folder(config, self.config.team) if self.config.team else None
        started = time.perf_counter()
        try:
            with App(self._curriculum(config)) as app:
                site, report = build_site(app, options, team_dir=team, home=home)
                # Installed packs are not watched: they change only when reinstalled.
                self.watched = [s.root for s in app.curriculum.sources if not s.pack]
        except TutorError as exc:
            raise _plugin_error(exc) from None
        if report.executed or report.cached:
            log.info(
                "tutor: %d notebooks executed, %d from the cache, in %.1f s",
                len(report.executed),
                len(report.cached),
                time.perf_counter() - started,
            )
        return site

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled or self.site is None or page.file.generated_by:
            return markdown
        from tutor.site.generate import expand

        return expand(self.site, markdown, page.file.src_uri)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        if not self.config.enabled:
            return server
        try:
            curriculum = self._curriculum(config)
        except TutorError as exc:
            raise _plugin_error(exc) from None
        for folder in dict.fromkeys([curriculum, *self.watched]):
            server.watch(str(folder))
        team = (
            self._folder(config, self.config.team)
            if self.config.team
            else curriculum.parent / "team"
        )
        if team.is_dir():
            server.watch(str(team))
        return server


def _plugin_error(exc: TutorError) -> PluginError:
    lines = [f"tutor: {exc.message}"]
    if isinstance(exc, ProblemsError):
        lines[1:1] = [f"  {problem}" for problem in exc.problems]
    if exc.hint:
        lines.append(f"  hint: {exc.hint}")
    return PluginError("\n".join(lines))
