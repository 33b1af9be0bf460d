"""The plugin's options in mkdocs.yml (`plugins: [tutor: {...}]`), grouped by prefix."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class TutorConfig(Config):  # type: ignore[no-untyped-call]
    enabled = opt.Type(bool, default=True)
    # Every option is documented in docs/site.md ("The plugin's options").
    # The curriculum folder and the team folder, relative to mkdocs.yml; $TUTOR_CURRICULUM, when
    # set, wins over `curriculum`, so that the site shows the curriculum the tutor serves.
    curriculum = opt.Type(str, default="curriculum")
    team = opt.Optional(opt.Type(str))  # default: team/ beside the curriculum
    # A shared progress store (postgresql:// URL or SQLite file) for the skills matrix, beside
    # team/*.yaml; default: $TUTOR_TEAM_DB if set. Keep passwords out of mkdocs.yml: use
    # !ENV TUTOR_TEAM_DB, or the environment variable itself.
    team_db = opt.Optional(opt.Type(str))
    # Build the navigation from the docs pages and the generated ones (unless mkdocs.yml has a nav).
    nav = opt.Type(bool, default=True)
    # Notebook execution; TUTOR_NOTEBOOKS_REFRESH=1 forces it for one build.
    notebooks_execute = opt.Type(bool, default=True)
    notebooks_workers = opt.Optional(opt.Type(int))  # default: one per CPU
    notebooks_refresh = opt.Type(bool, default=False)
    notebooks_cache_dir = opt.Optional(opt.Type(str))  # default: the tutor's cache folder
