"""Curriculum packs: where the curriculum is found, includes by path and by entry point."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutor.cli import app

DATA = Path(__file__).parent / "data"
runner = CliRunner()


def tutor(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every tutor file in tmp, and no curriculum chosen by the environment."""
    for name, value in {
        "TUTOR_DB": "progress.sqlite3",
        "TUTOR_CONFIG": "config.toml",
        "TUTOR_CACHE_DIR": "cache",
        "TUTOR_WORKSPACE": "workspace",
        "XDG_DATA_HOME": "data",
    }.items():
        monkeypatch.setenv(name, str(tmp_path / value))
    monkeypatch.delenv("TUTOR_CURRICULUM", raising=False)
    return tmp_path


def test_a_curriculum_folder_without_curriculum_yaml_is_an_error_naming_it(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = isolated / "team-repo"
    shutil.copytree(DATA / "mini" / "alpha", team / "curriculum" / "alpha")
    (team / "sub").mkdir()
    monkeypatch.chdir(team / "sub")
    code, output = tutor("validate")
    assert code == 2
    assert f"{team / 'curriculum'} has no curriculum.yaml" in output.replace("\n", "")
    assert "7 modules" not in output and "Traceback" not in output


def test_a_given_folder_without_curriculum_yaml_is_an_error_naming_it(isolated: Path) -> None:
    code, output = tutor("--curriculum", str(isolated), "list")
    assert code == 2 and f"no curriculum.yaml in {isolated}" in output.replace("\n", "")


def test_a_given_repository_means_its_curriculum_folder(isolated: Path) -> None:
    shutil.copytree(DATA / "mini", isolated / "repo" / "curriculum")
    code, output = tutor("--curriculum", str(isolated / "repo"), "validate")
    assert code == 0, output
    assert "no problems" in output


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"fixture edit: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def copy_module(source: Path, target: Path, module_id: str) -> None:
    shutil.copytree(source, target / module_id)
    edit(target / module_id / "module.yaml", f"id: {source.name}", f"id: {module_id}")


@pytest.fixture
def acme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The pack `acme` (a copy of tests/data/mini), installed as a distribution on sys.path
    whose entry point names its package folder."""
    site = tmp_path / "site"
    shutil.copytree(DATA / "mini", site / "acme_pack")
    info = site / "acme_pack-1.0.dist-info"
    write(info / "METADATA", "Metadata-Version: 2.1\nName: acme-pack\nVersion: 1.0\n")
    write(info / "entry_points.txt", "[tutor.curricula]\nacme = acme_pack\n")
    monkeypatch.syspath_prepend(str(site))
    return site / "acme_pack"


@pytest.fixture
def team(tmp_path: Path, acme: Path) -> Path:
    """A team's curriculum: its own module gamma (after the pack's alpha), the pack acme, and
    a shared folder by path whose module delta comes after gamma."""
    root = tmp_path / "team" / "curriculum"
    write(
        root / "curriculum.yaml",
        "format: 1\ntitle: Team curriculum\ninclude:\n  - pack: acme\n"
        "  - path: ../../shared\ntracks:\n  - id: team\n    title: Team\n"
        "    modules: [alpha, gamma, delta]\n",
    )
    copy_module(DATA / "mini" / "beta", root, "gamma")
    shared = tmp_path / "shared"
    write(shared / "curriculum.yaml", "format: 1\ntitle: Shared\ntracks: []\n")
    copy_module(DATA / "mini" / "beta", shared, "delta")
    edit(shared / "delta" / "module.yaml", "prerequisites: [alpha]", "prerequisites: [gamma]")
    return root


def test_modules_of_every_source_form_one_curriculum(team: Path, acme: Path) -> None:
    from tutor.curriculum import load_curriculum

    curriculum = load_curriculum(team)
    assert curriculum.module_ids == ("gamma", "alpha", "beta", "delta")
    assert [t.id for t in curriculum.tracks] == ["team", "basics"]
    assert curriculum.title == "Team curriculum"
    alpha = curriculum.module("alpha")
    assert alpha is not None and alpha.folder == acme / "alpha"
    assert alpha.pack == "acme" and alpha.read_only
    delta = curriculum.module("delta")
    assert delta is not None and delta.prerequisites == ("gamma",) and not delta.read_only
    add = curriculum.exercise("alpha/add")
    assert add is not None and add.timeout == 10.0  # the pack's own defaults
    assert add.check == acme / "alpha" / "exercises" / "add" / "check.py"
    assert [s.pack for s in curriculum.sources] == ["", "acme", ""]


def test_an_id_defined_twice_names_both_files(team: Path, acme: Path) -> None:
    from tutor.curriculum import check_curriculum

    copy_module(DATA / "mini" / "beta", team, "alpha")
    curriculum, problems = check_curriculum(team)
    assert curriculum is None
    text = "\n".join(map(str, problems))
    assert (
        f"module 'alpha' is defined twice: in alpha/module.yaml and in {acme}/alpha/module.yaml"
        in text
    )


def test_problems_name_the_real_file(team: Path, tmp_path: Path) -> None:
    from tutor.curriculum import check_curriculum

    edit(
        tmp_path / "shared" / "delta" / "module.yaml",
        "prerequisites: [gamma]",
        "prerequisites: [omega]",
    )
    edit(
        tmp_path / "shared" / "delta" / "module.yaml",
        "file: lessons/second.md",
        "file: lessons/gone.md",
    )
    edit(team / "curriculum.yaml", "pack: acme", "pack: nope")
    _, problems = check_curriculum(team)
    shown = [str(p) for p in problems]
    assert any(
        p.startswith("curriculum.yaml:4: [include[0].pack] no installed pack 'nope'") for p in shown
    ), shown
    assert any(
        "../../shared/delta/module.yaml" in p
        and "file not found: ../../shared/delta/lessons/gone.md" in p
        for p in shown
    ), shown


def test_prerequisites_and_tracks_must_name_a_module_of_some_source(
    team: Path, tmp_path: Path
) -> None:
    from tutor.curriculum import check_curriculum

    edit(
        tmp_path / "shared" / "delta" / "module.yaml",
        "prerequisites: [gamma]",
        "prerequisites: [omega]",
    )
    edit(team / "curriculum.yaml", "[alpha, gamma, delta]", "[alpha, gamma, zeta]")
    _, problems = check_curriculum(team)
    assert [str(p) for p in problems] == [
        "curriculum.yaml:7: [tracks.modules] track 'team' names unknown module 'zeta'",
        "../../shared/delta/module.yaml:6: [prerequisites] unknown module 'omega'",
    ]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("- path: ../nowhere", "[include[0].path] no curriculum.yaml in"),
        (
            "- {pack: acme, path: x}",
            "[include[0]] give exactly one of `pack: NAME` or `path: FOLDER`",
        ),
        ("- colour: blue", "[include[0].colour] unknown field (known: pack, path)"),
        ("- x", "[include[0]] expected a mapping of fields"),
    ],
)
def test_a_bad_include_is_a_problem(team: Path, entry: str, message: str) -> None:
    from tutor.curriculum import check_curriculum

    edit(team / "curriculum.yaml", "- pack: acme", entry)
    _, problems = check_curriculum(team)
    assert any(message in str(p) for p in problems), problems


def test_an_include_cycle_reads_each_curriculum_once(team: Path, tmp_path: Path) -> None:
    from tutor.curriculum import load_curriculum

    edit(
        tmp_path / "shared" / "curriculum.yaml",
        "tracks: []",
        "include: [{path: ../team/curriculum}]\ntracks: []",
    )
    assert load_curriculum(team).module_ids == ("gamma", "alpha", "beta", "delta")


def test_the_load_cache_sees_changes_in_included_folders(team: Path, tmp_path: Path) -> None:
    from tutor.curriculum.cache import load_cached

    cache = tmp_path / "cache"
    assert load_cached(team, cache).module("delta").title == "Beta"  # type: ignore[union-attr]
    edit(tmp_path / "shared" / "delta" / "module.yaml", "title: Beta", "title: Delta")
    assert load_cached(team, cache).module("delta").title == "Delta"  # type: ignore[union-attr]
    copy_module(DATA / "mini" / "beta", tmp_path / "shared", "epsilon")
    assert "epsilon" in load_cached(team, cache).module_ids


def test_the_tutor_serves_a_curriculum_with_includes(
    isolated: Path, team: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(team.parent)
    code, output = tutor("validate")
    assert code == 0, output
    assert "4 modules" in output and "no problems" in output
    code, output = tutor("today", "--plan", "--name", "Ada", "--budget", "30")
    assert code == 0, output
    assert "alpha/" in output
    code, output = tutor("list")
    assert code == 0 and all(m in output for m in ("alpha", "beta", "gamma", "delta"))
    code, output = tutor("show", "alpha/add")
    assert code == 0, output


def test_stamping_leaves_an_installed_packs_modules_alone(
    isolated: Path, team: Path, acme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(team.parent)
    code, output = tutor("validate", "--run", "--stamp", "--no-notebooks", "--workers", "2")
    assert code == 0, output
    assert (team / "gamma" / "verified.json").is_file()  # the team's own module
    assert not (acme / "alpha" / "verified.json").exists()  # the pack's, read-only


def test_validate_run_leaves_an_installed_packs_modules_to_their_publisher(
    isolated: Path, team: Path, acme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A team's CI runs its own modules; the pack's (alpha, beta) were verified where they
    were made, and their libraries (PyTorch, for the shipped pack) may not be installed."""
    monkeypatch.chdir(team.parent)
    args = ("validate", "--run", "--no-notebooks", "--workers", "2")
    code, output = tutor(*args)
    assert code == 0, output
    assert "Not run: the pack acme (2 modules)" in " ".join(output.split())

    def modules(*extra: str) -> set[str]:
        code, output = tutor(*args, "--json", *extra)
        assert code == 0, output
        return {finding["module"] for finding in json.loads(output)["findings"]}

    assert modules() == set()  # gamma and delta, copies of beta, have no code exercise
    assert modules("--packs") == modules("--module", "alpha") == {"alpha"}


def test_outside_a_repository_the_shipped_curriculum_is_served_and_said_once(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutor.curriculum.packs import shipped

    (isolated / "empty").mkdir()
    monkeypatch.chdir(isolated / "empty")
    code, first = tutor("today", "--plan", "--name", "Ada", "--budget", "20")
    assert code == 0, first
    assert "the tutor serves its shipped one (the ml-daily pack" in first.replace("\n", " ")
    assert str(shipped()) in first.replace("\n", "")
    assert "numpy-idioms/" in first
    code, again = tutor("today", "--plan")
    assert code == 0 and "shipped one" not in again and "numpy-idioms/" in again
    assert (isolated / "data" / "ml-daily-tutor" / "shipped-curriculum-noted").is_file()


def test_the_site_builds_the_curriculum_the_tutor_uses_with_its_packs(
    team: Path, acme: Path, tmp_path: Path
) -> None:
    """TUTOR_CURRICULUM wins over the plugin's `curriculum` option, and modules of included
    curricula (a pack, a folder by path) get their pages."""
    import os
    import subprocess
    import sys

    project = tmp_path / "site-project"
    write(project / "docs" / "index.md", "# Our team\n\n<!-- tutor:modules -->\n")
    write(
        project / "mkdocs.yml",
        "site_name: Team\nstrict: true\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - tutor:\n      curriculum: not-this-one\n      notebooks_execute: false\n",
    )
    env = {
        **os.environ,
        "TUTOR_CURRICULUM": str(team),
        "TUTOR_CACHE_DIR": str(tmp_path / "cache"),
        "PYTHONPATH": str(acme.parent),
        "NO_MKDOCS_2_WARNING": "1",
    }
    mkdocs = Path(sys.executable).parent / "mkdocs"
    done = subprocess.run(
        [str(mkdocs), "build", "--strict"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for module in ("gamma", "alpha", "beta", "delta"):
        assert (project / "site" / "modules" / module / "index.html").is_file(), module
    assert "Team curriculum" in (project / "site" / "curriculum" / "index.html").read_text()
    del env["TUTOR_CURRICULUM"]
    done = subprocess.run(
        [str(mkdocs), "build", "--strict"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1
    assert f"no curriculum.yaml in {project / 'not-this-one'}" in done.stderr


def test_a_packs_notebook_whose_libraries_are_missing_is_shown_not_executed(
    team: Path, acme: Path, tmp_path: Path
) -> None:
    """A team's site need not install every library of an included pack: such a notebook is
    shown as saved, naming what it lacks; the team's own notebooks are executed."""
    import os
    import subprocess
    import sys

    edit(acme / "beta" / "module.yaml", "id: beta", 'id: beta\nrequires: ["no-such-lib>=1"]')
    project = tmp_path / "site-project"
    write(project / "docs" / "index.md", "# Our team\n")
    write(
        project / "mkdocs.yml",
        "site_name: Team\nstrict: true\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - tutor\n",
    )
    env = {
        **os.environ,
        "TUTOR_CURRICULUM": str(team),
        "TUTOR_CACHE_DIR": str(tmp_path / "cache"),
        "PYTHONPATH": str(acme.parent),
        "NO_MKDOCS_2_WARNING": "1",
    }
    mkdocs = Path(sys.executable).parent / "mkdocs"
    done = subprocess.run(
        [str(mkdocs), "build", "--strict"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    pages = project / "site" / "modules"
    waiting = " ".join((pages / "beta" / "notebooks" / "count" / "index.html").read_text().split())
    assert "Not executed on this site, which lacks <code>no-such-lib&gt;=1</code>" in waiting
    assert "tutor install beta" in waiting
    own = (pages / "gamma" / "notebooks" / "count" / "index.html").read_text()
    assert "Executed when the site was built" in own


def test_every_plugin_option_is_documented() -> None:
    from tutor.mkdocs_plugin.config import TutorConfig

    docs = (Path(__file__).parent.parent / "docs" / "site.md").read_text()
    section = docs.split("## The plugin's options", 1)[1].split("\n## ", 1)[0]
    for name, _ in TutorConfig._schema:
        assert f"| `{name}` |" in section, name
    assert "TUTOR_CURRICULUM" in section


def test_the_installed_pack_is_not_written_to(
    isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside a repository an installed tutor serves its pack: scaffolding into it or sharing
    beside it is refused with the way to a curriculum of one's own."""
    from tutor.curriculum import packs

    shipped = tmp_path / "site-packages" / "tutor" / "_pack"
    shutil.copytree(DATA / "mini", shipped)
    monkeypatch.setattr(packs, "_IN_WHEEL", shipped.resolve())
    monkeypatch.setenv("TUTOR_CURRICULUM", str(shipped))
    before = sorted(p.relative_to(shipped) for p in shipped.rglob("*"))
    for args in (
        ["new", "module", "ours", "--title", "Ours", "--summary", "S", "--level", "beginner"],
        ["new", "exercise", "alpha", "more", "--type", "choice"],
        ["share", "--handle", "ada"],
    ):
        code, output = tutor(*args)
        assert code == 2, (args, output)
        assert "tutor init DIR" in output and "Traceback" not in output, output
    assert sorted(p.relative_to(shipped) for p in shipped.rglob("*")) == before
