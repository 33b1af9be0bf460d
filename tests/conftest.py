"""Shared fixtures: a small curriculum copied per test, and an isolated tutor environment."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tutor.practice import warm
from tutor.practice.checker import new_warm_pool

DATA = Path(__file__).parent / "data"


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: one worker more than there are CPUs. Much of the suite waits on processes of
    its own (a browser, notebook kernels, a terminal, PostgreSQL, checks' guards): with one
    worker per CPU, 7.5 % of the machine's CPU time went idle on 2 cores, and one more worker
    ran the suite in 473 s instead of 535 s (/proc/stat over each run, 2 cores)."""
    return (os.cpu_count() or 1) + 1


REPO = Path(__file__).parent.parent
# Temporary files in memory, when the machine has a tmpfs with this much room.
_MEMORY_TMP = Path("/dev/shm")
_MEMORY_TMP_ROOM = 4 << 30
_MEMORY_TMP_ENV = "TUTOR_TESTS_TMPDIR"


def pytest_configure(config: pytest.Config) -> None:
    _temporary_files_in_memory()


def _temporary_files_in_memory() -> None:
    """The run's temporary files (pytest's tmp_path, the MLflow stores that lessons, quizzes and
    checks make, notebooks' scratch, PostgreSQL clusters) go to a folder on /dev/shm when it is
    a tmpfs with room: TMPDIR, which every process the suite starts inherits. SQLite commits
    and fsyncs on every write, and a new MLflow store runs ~70 migrations: on this shared disk
    a store took 6.5 to 11.4 s, in memory 1.9 to 2.1 s (alternating, the disk busy). Files are
    still real files, and still survive the killed processes the tests kill. The workers of
    pytest-xdist inherit the folder the controller chose."""
    chosen = os.environ.get(_MEMORY_TMP_ENV)
    if chosen is None:
        chosen = os.environ[_MEMORY_TMP_ENV] = _memory_folder()
    if chosen:
        os.environ["TMPDIR"] = chosen
        tempfile.tempdir = None  # gettempdir() reads TMPDIR again


def _memory_folder() -> str:
    """A folder of this user's on the tmpfs, made as /tmp is (PostgreSQL's user writes in the
    clusters the tests make); "" when there is no tmpfs with room."""
    try:
        room = os.statvfs(_MEMORY_TMP)
        mounts = Path("/proc/mounts").read_text()
    except OSError:
        return ""
    if f" {_MEMORY_TMP} tmpfs " not in mounts or room.f_bavail * room.f_frsize < _MEMORY_TMP_ROOM:
        return ""
    folder = _MEMORY_TMP / f"tutor-tests-{os.getuid()}"
    folder.mkdir(exist_ok=True)
    if folder.is_symlink() or folder.stat().st_uid != os.getuid():
        return ""
    folder.chmod(0o1777)
    return str(folder)


@pytest.fixture(scope="session")
def warm_pool() -> Iterator[warm.LauncherPool]:
    """The warm launchers of all of a worker's runs of the shipped curriculum (its exercises'
    checks, its lessons' code), one per module, all kept open: each library imported once for
    the session, whichever of those tests come to the worker and in whatever order (module
    fixtures come and go with the order)."""
    pool = new_warm_pool(keep=None)
    try:
        yield pool
    finally:
        pool.close()


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small valid curriculum in tests/data/mini."""
    root = tmp_path / "curriculum"
    shutil.copytree(DATA / "mini", root)
    return root


@pytest.fixture
def tutor_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini: Path) -> dict[str, str]:
    """Environment variables that point every tutor file (db, config, cache, workspace) into tmp."""
    env = {
        "TUTOR_CURRICULUM": str(mini),
        "TUTOR_DB": str(tmp_path / "progress.sqlite3"),
        "TUTOR_CONFIG": str(tmp_path / "config.toml"),
        "TUTOR_CACHE_DIR": str(tmp_path / "cache"),
        "TUTOR_WORKSPACE": str(tmp_path / "workspace"),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


@pytest.fixture
def shipped_notebooks(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """A cache folder (TUTOR_CACHE_DIR) for the builds of the shipped curriculum's site in this
    run, shared by the pytest-xdist workers: the first build executes the shipped notebooks, a
    later one (the repository's, a team's made by `tutor init`) serves them from the cache, as
    a team's CI does, unless something they depend on differs. Two at once both execute (the
    cache's writes are atomic). A new run starts with an empty folder."""
    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if worker_id != "master" else base) / "shipped-notebooks"
    shared.mkdir(exist_ok=True)
    return shared


# The longest tests start first, so that the workers end together; the wheel's tests come last
# (its venv is built once for them all), a team site's build last of all, when the repository's
# build has filled the shared notebook cache (`shipped_notebooks`).
FIRST = (
    "tests/test_site_build.py::test_the_repository_site_builds",
    "tests/test_site_browser.py::test_every_page_fits_the_window_and_passes_axe",
)
LAST_FILE = "tests/test_wheel.py"
LAST = f"{LAST_FILE}::test_a_repository_made_by_init_validates_plans_and_builds_its_site"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def place(item: pytest.Item) -> int:
        if item.nodeid in FIRST:
            return 0
        if item.nodeid == LAST:
            return 3
        return 2 if item.nodeid.startswith(f"{LAST_FILE}::") else 1

    items.sort(key=place)  # stable: the rest keep their order
