"""The modules' example notebooks: read, executed with nbclient, and cached (rendering them
into pages is the site's job: `tutor.site.notebook_pages`)."""

from __future__ import annotations

from tutor.notebooks.execute import (
    Job,
    Progress,
    Report,
    jobs_of,
    read_notebook,
    run_notebooks,
)

__all__ = ["Job", "Progress", "Report", "jobs_of", "read_notebook", "run_notebooks"]
