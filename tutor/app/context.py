"""What every command needs, resolved once from options, environment and config."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.app.settings import Config, default_config_path, handle_from_name, load_config
from tutor.base.errors import NotFoundError
from tutor.practice.workspace import Workspace, default_workspace

if TYPE_CHECKING:
    from tutor.curriculum.model import Curriculum
    from tutor.progress.derived import Progress
    from tutor.progress.plan import DayPlan, Limits
    from tutor.store import ProgressStore

CURRICULUM_ENV = "TUTOR_CURRICULUM"


def find_curriculum(explicit: Path | None) -> Path:
    """The curriculum folder: the option, the environment, the nearest `curriculum/` upwards
    from the current folder, or the one beside the installed package (a repository checkout)."""
    if explicit is None and os.environ.get(CURRICULUM_ENV):
        explicit = Path(os.environ[CURRICULUM_ENV])
    if explicit is not None:
        if not (explicit / "curriculum.yaml").is_file():
            raise NotFoundError(
                f"no curriculum.yaml in {explicit}",
                hint="pass the folder that holds curriculum.yaml (--curriculum or TUTOR_CURRICULUM)",
            )
        return explicit
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "curriculum" / "curriculum.yaml").is_file():
            return folder / "curriculum"
    beside = Path(__file__).resolve().parents[2] / "curriculum"
    if (beside / "curriculum.yaml").is_file():
        return beside
    raise NotFoundError(
        "no curriculum found here",
        hint="run the tutor inside the team's repository, or pass --curriculum PATH",
    )


class Context:
    """Resolves each part on first use: a command that needs no store never opens one."""

    def __init__(self, curriculum_option: Path | None = None, db_option: str | None = None) -> None:
        self.curriculum_option = curriculum_option
        self.db_option = db_option
        self._curriculum: Curriculum | None = None
        self._store: ProgressStore | None = None
        self._config: Config | None = None
        self._progress: Progress | None = None

    @property
    def config_path(self) -> Path:
        return default_config_path()

    def saved_config(self) -> Config | None:
        return load_config(self.config_path)

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = self.saved_config() or Config()
        return self._config

    def use_config(self, config: Config) -> None:
        """Adopt settings just saved, for the rest of this command."""
        self._config = config

    @property
    def learner(self) -> str:
        return self.config.handle or handle_from_name(
            self.config.name or os.environ.get("USER", "")
        )

    @property
    def curriculum(self) -> Curriculum:
        if self._curriculum is None:
            from tutor.curriculum.cache import load_cached

            self._curriculum = load_cached(find_curriculum(self.curriculum_option))
        return self._curriculum

    @property
    def store(self) -> ProgressStore:
        if self._store is None:
            from tutor.store import default_location, open_store

            self._store = open_store(self.db_option or default_location())
        return self._store

    def progress(self) -> Progress:
        """The learner's history as of this morning and now (from the derived cache)."""
        if self._progress is None:
            from tutor.base import clock
            from tutor.curriculum.cache import default_cache_dir
            from tutor.progress.derived import estimates, load_progress

            curriculum = self.curriculum
            self._progress = load_progress(
                self.store,
                self.learner,
                now=clock.now(),
                zone=None,
                minutes_of=estimates(curriculum),
                curriculum_digest=curriculum.digest,
                cache_dir=default_cache_dir() if curriculum.digest else None,
            )
        return self._progress

    @property
    def limits(self) -> Limits:
        from tutor.progress.plan import Limits

        config = self.config
        return Limits(config.budget, config.new_per_day, config.reviews_per_day)

    def day_plan(self) -> DayPlan:
        """Today's plan, as made this morning, with what is done since."""
        from tutor.progress.plan import day_plan

        progress = self.progress()
        return day_plan(
            self.curriculum,
            progress.morning,
            progress.today_entries,
            progress.today,
            self.limits,
            track=self.config.track,
        )

    @property
    def workspace(self) -> Workspace:
        configured = self.config.workspace
        return Workspace(Path(configured).expanduser() if configured else default_workspace())

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
