"""Real builds: `mkdocs build --strict` of the fixture project and of this repository, the plugin's
options and errors, and `tutor site export` built by ProperDocs."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from tutor.cli import app
from tutor.mkdocs_plugin.config import TutorConfig
from tutor.mkdocs_plugin.plugin import TutorPlugin

pytest_plugins = ["helpers.site_fixtures"]
from helpers.site import REPO, build, make_project, run_engine  # noqa: E402


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


class Loads(HTMLParser):
    """Every attribute that makes a browser fetch something from another host.

    Links a reader may follow (`<a href>`) and XML namespaces are not requests.
    """

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if not value or (tag == "a" and name == "href") or name.startswith("xmlns"):
                continue
            if re.search(r"(?:^|[\s,(])(?:https?:)?//", value):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_data(self, data: str) -> None:
        if self.lasttag == "style" and re.search(r"url\(\s*[\"']?(?:https?:)?//", data):
            self.found.append(f"<style> {data[:80]!r}")


def test_the_fixture_site_has_every_page(built_site: Path) -> None:
    for page in [
        "index.html",
        "curriculum/index.html",
        "curriculum/map/index.html",
        "curriculum/skills/index.html",
        "modules/alpha/index.html",
        "modules/alpha/lessons/first/index.html",
        "modules/beta/notebooks/count/index.html",
        "modules/beta/notebooks/plot/index.html",
        "modules/beta/notebooks/plot.ipynb",
        "modules/beta/notebooks/plot_files/cell4-1.png",
        "team/index.html",
        "tutor/index.html",
        "contributing/index.html",
        "curriculum-format/index.html",
        "assets/tutor/tutor.css",
    ]:
        assert (built_site / page).is_file(), page
    home = (built_site / "index.html").read_text()
    assert 'href="modules/alpha/"' in home and "<!-- tutor:modules -->" not in home
    assert 'href="assets/tutor/tutor.css"' in home
    tabs = re.findall(r'class="md-tabs__link[^"]*"[^>]*>\s*([^<]+?)\s*<', home)
    assert tabs == ["Home", "Curriculum", "Team", "Guides"]


def test_the_site_requests_nothing_from_other_hosts(built_site: Path) -> None:
    for page in html_files(built_site):
        text = page.read_text()
        loads = Loads()
        loads.feed(text)
        assert loads.found == [], page
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


class Markup(HTMLParser):
    """What a browser would run: event-handler attributes, scripts' code, <base>, frames."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        self.found += [f"<{tag} {name}=...>" for name, _ in attrs if name.startswith("on")]
        if tag in ("base", "iframe", "frame", "object", "embed"):
            self.found.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and "alert(" in data:
            self.found.append(f"<script>{data[:60]!r}")


def test_team_files_and_curriculum_strings_are_escaped(built_site: Path) -> None:
    """The hostile team file and module (tests/data/site) are text wherever they land, the
    page's <title> and meta description included."""
    team = (built_site / "team" / "index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in team
    gamma = (built_site / "modules" / "gamma" / "index.html").read_text()
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in gamma
    assert '<meta name="description" content="Math, and notebook outputs' in gamma
    for page in html_files(built_site):
        markup = Markup()
        markup.feed(page.read_text())
        assert markup.found == [], page


def test_notebook_outputs_stay_out_of_the_search_index(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "Choosing several options" in text  # a module's summary is searchable
    assert "to stdout" in text  # in the code, which is searchable; the outputs are not:
    assert "input removed" not in text and "division by zero" not in text
    assert 'class="dataframe"' not in text


def test_the_plugins_default_config() -> None:
    config = TutorConfig()
    config.load_dict({})
    assert config.validate() == ([], [])
    assert dict(config) == {
        "enabled": True,
        "curriculum": "curriculum",
        "team": None,
        "team_db": None,
        "nav": True,
        "notebooks_execute": True,
        "notebooks_workers": None,
        "notebooks_refresh": False,
        "notebooks_cache_dir": None,
    }


def test_serve_watches_the_curriculum_and_the_team(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", plot=False)
    plugin = TutorPlugin()
    plugin.load_config({}, str(project / "mkdocs.yml"))
    watched: list[str] = []
    server = SimpleNamespace(watch=watched.append)
    config = SimpleNamespace(config_file_path=str(project / "mkdocs.yml"))
    plugin.on_serve(server, config=config, builder=None)  # type: ignore[arg-type]
    assert watched == [str(project / "curriculum"), str(project / "team")]


def test_a_broken_curriculum_fails_the_build_in_one_message(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", plot=False)
    module = project / "curriculum" / "alpha" / "module.yaml"
    module.write_text(module.read_text().replace("level: beginner", "level: expert"))
    done = run_engine(project, cache=tmp_path / "cache")
    assert done.returncode == 1
    assert "tutor: the curriculum has 1 problem" in done.stderr
    assert "alpha/module.yaml:4: [level]" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_failing_notebook_fails_the_build_naming_the_cell(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", plot=False)
    nb = project / "curriculum" / "beta" / "notebooks" / "count.ipynb"
    nb.write_text(nb.read_text().replace("sum(numbers)", "sum(numbers) / 0"))
    done = run_engine(project, cache=tmp_path / "cache")
    assert done.returncode == 1
    assert "notebook notebooks/count.ipynb, cell 2 (`import csv`) failed: ZeroDivisionError" in (
        done.stderr
    )
    assert "Traceback (most recent call last)" not in done.stderr.split("ZeroDivisionError")[0]


def test_a_disabled_plugin_generates_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", plot=False)
    shutil.rmtree(project / "docs")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Plain\n")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - tutor:\n", "  - tutor:\n      enabled: false\n")
    )
    site = build(project, tmp_path / "cache")
    assert not (site / "modules").exists() and (site / "index.html").is_file()


def test_without_directory_urls_links_still_work(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", plot=False)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "use_directory_urls: false\n")
    site = build(project, tmp_path / "cache")
    page = (site / "curriculum" / "map.html").read_text()
    for href in re.findall(r'<a class="tutor-map-node[^>]* href="([^"]+)"', page):
        assert (site / "curriculum" / href).resolve().is_file(), href


def test_export_is_built_by_properdocs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "p", plot=False)
    monkeypatch.setenv("TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    out, config = tmp_path / "export" / "docs", tmp_path / "export" / "mkdocs.yml"
    result = CliRunner().invoke(
        app,
        [
            "--curriculum",
            str(project / "curriculum"),
            "site",
            "export",
            str(out),
            "--config",
            str(config),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "1 notebooks executed" in " ".join(result.output.split())
    assert (out / "modules" / "beta" / "notebooks" / "count.ipynb").is_file()
    assert "<!-- tutor:modules -->" not in (out / "index.md").read_text()
    assert "tutor" not in config.read_text().split("plugins:")[1].split("markdown_extensions")[0]
    # ProperDocs runs Material as MkDocs does: the same theme, without the tutor plugin.
    done = run_engine(
        config.parent, "-f", str(config), cache=tmp_path / "cache", engine="properdocs"
    )
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr
    exported = config.parent / "site"
    plugin_site = build(project, tmp_path / "cache")
    pages = {p.relative_to(plugin_site) for p in html_files(plugin_site)}
    assert {p.relative_to(exported) for p in html_files(exported)} == pages
    assert "md-header" in (exported / "team" / "index.html").read_text()  # Material
    # Exporting again replaces the earlier export; a foreign non-empty folder is refused.
    again = CliRunner().invoke(
        app, ["--curriculum", str(project / "curriculum"), "site", "export", str(out)]
    )
    assert again.exit_code == 0
    assert "0 notebooks executed, 1 from the cache" in " ".join(again.output.split())
    refused = CliRunner().invoke(
        app, ["--curriculum", str(project / "curriculum"), "site", "export", str(project)]
    )
    assert refused.exit_code == 1 and "not empty" in " ".join(refused.output.split())


@pytest.mark.slow
def test_the_repository_site_builds(tmp_path: Path, shipped_notebooks: Path) -> None:
    """The real site: this repository's mkdocs.yml, docs and shipped curriculum, notebooks run."""
    done = run_engine(REPO, "-d", str(tmp_path / "site"), cache=shipped_notebooks)
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr, done.stderr
    from tutor.curriculum import load_curriculum
    from tutor.site import paths

    curriculum = load_curriculum(REPO / "curriculum")
    for module in curriculum.modules:
        for nb in module.notebooks:
            page = paths.notebook_page(module, nb).removesuffix(".md")
            assert (tmp_path / "site" / page / "index.html").is_file(), page
