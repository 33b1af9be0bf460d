"""The built wheel, installed into a fresh virtual environment outside the repository: the
shipped curriculum and the schemas travel with it, `tutor init` makes a repository in which
validate, today and a strict site build work, and an installed pack joins a curriculum."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tutor.notebooks.cache import notebook_id

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
# What the wheel is built from: the package, the folders its build maps into it, the build files.
SOURCES = (
    "tutor",
    "curriculum",
    "schemas",
    "pyproject.toml",
    "setup.py",
    "MANIFEST.in",
    "README.md",
)
TUTOR = "ml-daily-tutor"
EXTRAS = ("site", "curriculum")
# The shipped notebook the team's site build executes itself, whatever the suite's cache holds.
EXECUTED_HERE = "structured-outputs/notebooks/llm-output-audit.ipynb"  # what a team installs; not the deep-learning libraries
LEFT_OUT = shutil.ignore_patterns("__pycache__", "*.pyc", ".*", "*.partial", "*.egg-info")

pytestmark = pytest.mark.slow


def run(
    args: list[str], cwd: Path, env: dict[str, str], timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def libraries(folder: Path, wheel: Path, extras: tuple[str, ...]) -> Path:
    """The libraries the wheel with `extras` requires (its own METADATA says which), from those this test runs with (which
    `make test` installed from the registry): a folder of links to exactly those distributions,
    which the wheel's venv sees through a .pth line. `pip install WHEEL[extras]` then resolves
    the wheel's requirements against them, installs the wheel alone and downloads nothing;
    installing the same libraries again would be pip's work, not the wheel's, and take minutes."""
    import zipfile
    from email.parser import Parser
    from importlib import metadata

    from packaging.requirements import Requirement

    def requires(name: str) -> list[str]:
        if name != TUTOR:
            return metadata.distribution(name).requires or []
        with zipfile.ZipFile(wheel) as archive:
            [info] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
            headers = Parser().parsestr(archive.read(info).decode())
        return headers.get_all("Requires-Dist") or []

    folder.mkdir()
    seen: set[str] = set()
    todo = [(TUTOR, extras)]
    while todo:
        name, wanted = todo.pop()
        for line in requires(name):
            requirement = Requirement(line)
            marker = requirement.marker
            if marker and not any(marker.evaluate({"extra": e}) for e in (*wanted, "")):
                continue
            key = requirement.name.lower().replace("_", "-")
            if key not in seen:
                seen.add(key)
                todo.append((requirement.name, tuple(requirement.extras)))
            elif requirement.extras:  # the same library, with more of its extras
                todo.append((requirement.name, tuple(requirement.extras)))
    for key in sorted(seen):
        dist = metadata.distribution(key)
        top = {Path(str(file)).parts[0] for file in dist.files or () if ".." not in str(file)}
        for entry in top:
            source = Path(str(dist.locate_file(entry)))
            if source.exists() and not (folder / entry).exists():
                (folder / entry).symlink_to(source)
    return folder


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], Path]:
    """A venv holding the wheel with the extras a team installs (the site and the light
    modules' libraries; not the deep-learning ones, whose notebooks its site shows unexecuted),
    and an environment whose every tutor file lives in tmp; neither inside the repository."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=LEFT_OUT)
        else:
            shutil.copy2(REPO / name, source / name)
    dist = base / "dist"
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            ".",
            "-w",
            str(dist),
        ],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = dist.glob("ml_daily_tutor-*.whl")
    env_dir = base / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    [site_packages] = env_dir.glob("lib/python*/site-packages")
    needed = libraries(base / "libraries", wheel, EXTRAS)
    (site_packages / "libraries.pth").write_text(f"{needed}\n")
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", f"{wheel}[{','.join(EXTRAS)}]"],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # pip found every requirement of the wheel and its extras there, in the versions the wheel
    # asks for: it installed the wheel alone.
    quiet = {"PATH": os.environ["PATH"], "HOME": str(base), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    listed = run([str(python), "-m", "pip", "list", "--path", str(site_packages)], base, quiet)
    assert "ml-daily-tutor" in listed.stdout and "mkdocs" not in listed.stdout, listed.stdout
    home = base / "home"
    env = {
        "PATH": f"{env_dir / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "TUTOR_WORKSPACE": str(home / "workspace"),
        "NO_MKDOCS_2_WARNING": "1",
        "COLUMNS": "200",
        "LANG": "C.UTF-8",
    }
    return env_dir, env, wheel


def test_the_wheel_carries_the_shipped_curriculum_and_the_schemas(
    installed: tuple[Path, dict[str, str], Path],
) -> None:
    import zipfile

    env_dir, _, wheel = installed
    [package] = env_dir.glob("lib/python*/site-packages/tutor")
    assert (package / "_pack" / "curriculum.yaml").is_file()
    assert (package / "_pack" / "numpy-idioms" / "module.yaml").is_file()
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".partial"))]
    assert sorted(p.name for p in (package / "_schemas").iterdir()) == sorted(
        p.name for p in (REPO / "schemas").iterdir()
    )


def test_outside_a_repository_the_shipped_pack_is_served_and_said_once(
    installed: tuple[Path, dict[str, str], Path], tmp_path: Path
) -> None:
    _, env, _ = installed
    empty = tmp_path / "empty"
    empty.mkdir()
    first = run(["tutor", "today", "--plan", "--name", "Ada", "--budget", "20"], empty, env)
    assert first.returncode == 0, first.stderr
    assert "the tutor serves its shipped one (the ml-daily pack" in first.stderr.replace("\n", " ")
    assert "site-packages/tutor/_pack" in first.stderr.replace("\n", "")
    assert "numpy-idioms/" in first.stdout
    again = run(["tutor", "validate"], empty, env)
    assert again.returncode == 0, again.stderr
    assert "no problems" in again.stdout and "shipped one" not in again.stderr


def test_a_repository_made_by_init_validates_plans_and_builds_its_site(
    installed: tuple[Path, dict[str, str], Path], tmp_path: Path, shipped_notebooks: Path
) -> None:
    env_dir, env, _ = installed
    [pack] = env_dir.glob("lib/python*/site-packages/tutor/_pack")
    shipped = len(list(pack.glob("*/module.yaml")))
    made = run(["tutor", "init", "team-repo"], tmp_path, env)
    assert made.returncode == 0, made.stderr
    repo = tmp_path / "team-repo"
    checked = run(["tutor", "validate"], repo, env)
    assert checked.returncode == 0, checked.stderr + checked.stdout
    assert f"{shipped + 1} modules" in checked.stdout and "no problems" in checked.stdout
    plan = run(["tutor", "today", "--plan", "--name", "Ada", "--budget", "20"], repo, env)
    assert plan.returncode == 0, plan.stderr
    assert plan.stdout.startswith("team-example/top-words\tcode")
    # The venv's own interpreter: the libraries' scripts (mkdocs) are in the test's venv.
    # The pack's notebooks come from the repository's build when it ran first (the suite's
    # shared cache), except one, which executes here in the venv's own kernel.
    cache = tmp_path / "cache"
    shutil.copytree(shipped_notebooks, cache, dirs_exist_ok=True)
    for entry in (cache / "notebooks").glob(f"{notebook_id(EXECUTED_HERE)}-*.json"):
        entry.unlink()
    built_with = {**env, "TUTOR_CACHE_DIR": str(cache)}
    site = run(
        [str(env_dir / "bin" / "python"), "-m", "mkdocs", "build", "--strict"], repo, built_with
    )
    assert site.returncode == 0, site.stderr
    executed = re.search(r"(\d+) notebooks? executed", " ".join(site.stderr.split()))
    assert executed and int(executed[1]) >= 1, site.stderr
    audit = repo / "site" / "modules" / "structured-outputs" / "notebooks" / "llm-output-audit"
    assert "Not executed" not in (audit / "index.html").read_text()
    for module in ("team-example", "numpy-idioms"):
        assert (repo / "site" / "modules" / module / "index.html").is_file(), module
    [torch_notebook] = (repo / "site" / "modules" / "pytorch-training" / "notebooks").glob("*/")
    shown = " ".join((torch_notebook / "index.html").read_text().split())
    assert "Not executed on this site, which lacks <code>torch==2.13.0</code>" in shown


def test_an_installed_pack_joins_a_team_curriculum(
    installed: tuple[Path, dict[str, str], Path], tmp_path: Path
) -> None:
    """A pack installed as a distribution (its files and its entry point in site-packages, as
    pip leaves them): a team module after a pack module, and a collision naming both files."""
    env_dir, env, _ = installed
    [site_packages] = env_dir.glob("lib/python*/site-packages")
    shutil.copytree(DATA / "mini", site_packages / "acme_pack")
    info = site_packages / "acme_pack-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-pack\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[tutor.curricula]\nacme = acme_pack\n")
    try:
        assert run(["tutor", "init", "team", "--empty"], tmp_path, env).returncode == 0
        curriculum = tmp_path / "team" / "curriculum"
        top = curriculum / "curriculum.yaml"
        top.write_text(top.read_text().replace("tracks:", "include:\n  - pack: acme\ntracks:", 1))
        module = curriculum / "team-example" / "module.yaml"
        module.write_text(module.read_text().replace("prerequisites: []", "prerequisites: [beta]"))
        checked = run(["tutor", "validate"], tmp_path / "team", env)
        assert checked.returncode == 0, checked.stderr + checked.stdout
        assert "3 modules" in checked.stdout
        plan = run(
            ["tutor", "today", "--plan", "--name", "Ada", "--budget", "60"], tmp_path / "team", env
        )
        assert (
            plan.returncode == 0
            and "alpha/add" in plan.stdout
            and "team-example/" not in plan.stdout
        )
        shutil.copytree(curriculum / "team-example", curriculum / "alpha")
        (curriculum / "alpha" / "module.yaml").write_text(
            (curriculum / "alpha" / "module.yaml")
            .read_text()
            .replace("id: team-example", "id: alpha")
        )
        clash = run(["tutor", "validate"], tmp_path / "team", env)
        assert clash.returncode == 1
        message = f"module 'alpha' is defined twice: in alpha/module.yaml and in {site_packages / 'acme_pack'}/alpha/module.yaml"
        assert message in clash.stderr.replace("\n", ""), clash.stderr
    finally:
        shutil.rmtree(info)
        shutil.rmtree(site_packages / "acme_pack")
