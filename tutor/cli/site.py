"""The `tutor site` commands: the team site's pages, for engines that run no MkDocs plugins."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tutor.cli.common import app_of, terminal

cli = typer.Typer()
site = typer.Typer(
    help="The team site (built with `mkdocs build`; see docs/tutor.md).\n\n"
    "Example: tutor site export ./site-docs",
    no_args_is_help=True,
    rich_markup_mode=None,
)
cli.add_typer(site, name="site")


@site.command("export")
def export(
    ctx: typer.Context,
    folder: Annotated[
        Path,
        typer.Argument(help="Folder to write the pages into.", metavar="DIR", show_default=False),
    ],
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Execute every notebook again, ignoring the cache.")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1, help="Notebooks executed at once (default: one per CPU).", show_default=False
        ),
    ] = None,
    execute: Annotated[
        bool,
        typer.Option(
            "--execute/--no-execute", help="Execute the notebooks (or show saved outputs)."
        ),
    ] = True,
    docs: Annotated[
        Path | None,
        typer.Option(
            help="Hand-written pages to include (default: docs/ beside the curriculum).",
            show_default=False,
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            help="Also write a site config (mkdocs.yml without the tutor plugin) to this file.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write the site's pages (generated and hand-written) and assets into DIR.

    Notebooks are executed (or served from the cache) first. Engines that run no MkDocs
    plugins (Zensical) or ProperDocs then build the same site from DIR, with the config
    written by --config.

    Example: tutor site export build/site-docs --config build/mkdocs.yml
    """
    from tutor.app.locate import find_curriculum
    from tutor.base.errors import TutorError
    from tutor.site.build import build_site
    from tutor.site.export import (
        engine_config,
        export_site,
        hand_written,
        project_setting,
        write_config,
    )
    from tutor.site.model import SiteOptions

    screen = terminal()

    app = app_of(ctx)
    root = find_curriculum(app.curriculum_option).resolve()
    project: Path | None = root.parent / "mkdocs.yml"
    if project is not None and not project.is_file():
        project = None
    docs_dir = docs or root.parent / "docs"
    out = folder.resolve()
    if config is not None and config.resolve().is_relative_to(out):
        raise TutorError(
            f"the config file {config} is inside the export folder",
            hint="write it beside the folder, e.g. --config mkdocs.yml",
        )
    handwritten = hand_written(docs_dir)
    options = SiteOptions(
        directory_urls=bool(project_setting(project, "use_directory_urls", True)),
        execute=execute,
        workers=workers,
        refresh=refresh,
    )
    with screen.notebook_progress() as progress:
        built, report = build_site(
            app, options, home="index.md" not in handwritten, progress=progress
        )
    exported = export_site(built, out, handwritten)
    screen.success(
        f"{out}: {exported.pages} generated pages, {exported.files} files, "
        f"{len(exported.docs_pages)} hand-written pages"
        f" ({len(report.executed)} notebooks executed, {len(report.cached)} from the cache)"
    )
    if config is not None:
        write_config(
            engine_config(built, out, exported.docs_pages, project, config),
            config,
        )
        screen.plain(f"Build it with: properdocs build -f {config}   (or: zensical build)")
