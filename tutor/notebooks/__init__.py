"""The modules' example notebooks: executed with nbclient (cached), rendered for the site."""

from __future__ import annotations

from pathlib import Path

from tutor.curriculum.model import Curriculum
from tutor.notebooks.execute import (
    Job,
    Progress,
    Report,
    read_notebook,
    run_notebooks,
)
from tutor.site.generate import NotebookKey, notebook_key
from tutor.site.model import RenderedNotebook, SiteOptions
from tutor.site.paths import notebook_stem

__all__ = ["Job", "Progress", "Report", "render_notebooks", "run_notebooks"]


def jobs_of(curriculum: Curriculum) -> list[Job]:
    return [Job(module, nb) for module in curriculum.modules for nb in module.notebooks]


def render_notebooks(
    curriculum: Curriculum, options: SiteOptions, progress: Progress | None = None
) -> tuple[dict[NotebookKey, RenderedNotebook], Report]:
    """Every notebook of the curriculum as a page: executed (or from the cache), then rendered.

    With `options.execute` off, notebooks are shown with the outputs saved in their files.
    """
    from tutor.notebooks.markdown import render

    jobs = jobs_of(curriculum)
    if options.execute:
        report = run_notebooks(
            jobs,
            cache_dir=Path(options.cache_dir) if options.cache_dir else None,
            workers=options.workers,
            refresh=options.refresh,
            progress=progress,
        )
    else:
        report = Report({job: read_notebook(job) for job in jobs}, [], [])
    pages = {
        notebook_key(job.module.id, job.notebook.file.as_posix()): render(
            nb, notebook_stem(job.notebook), executed=options.execute
        )
        for job, nb in report.notebooks.items()
    }
    return pages, report
