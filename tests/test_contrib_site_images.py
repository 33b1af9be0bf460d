"""Images that lessons and notebooks link by relative path reach the site: a real
`mkdocs build --strict` of the fixture project, with and without directory URLs, resolving
every image the built pages show."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from helpers.site import build, make_project, run_engine

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'


def with_images(project: Path) -> Path:
    curriculum = project / "curriculum"
    lessons = curriculum / "alpha" / "lessons"
    (lessons / "images").mkdir()
    (lessons / "images" / "sum one.png").write_bytes(PNG)
    (curriculum / "alpha" / "figures").mkdir()
    (curriculum / "alpha" / "figures" / "plan.svg").write_bytes(SVG)
    (lessons / "first.md").write_text(
        "# First lesson\n\nAdding is `a + b`.\n\n![A sum](images/sum%20one.png)\n\n"
        '<img src="../figures/plan.svg" alt="The plan" width="40">\n\n'
        "```markdown\n![not an image](nowhere.png)\n```\n"
    )
    notebook = curriculum / "beta" / "notebooks" / "count.ipynb"
    data = json.loads(notebook.read_text())
    data["cells"].insert(1, {
        "cell_type": "markdown", "id": "pics", "metadata": {},
        "source": ["![Counts](counts.png)\n", '\n<img src="../data/chart.svg" alt="Chart">'],
    })  # fmt: skip
    notebook.write_text(json.dumps(data))
    (curriculum / "beta" / "notebooks" / "counts.png").write_bytes(PNG)
    (curriculum / "beta" / "data" / "chart.svg").write_bytes(SVG)
    return project


def shown_images(site: Path, page: Path) -> dict[str, Path]:
    """alt -> the file each <img> of a built page resolves to, as a browser would."""
    html = page.read_text()
    base = "http://site/" + page.relative_to(site).as_posix()
    found = {}
    for tag in re.findall(r"<img\b[^>]*>", html):
        src = re.search(r'src="([^"]*)"', tag)
        alt = re.search(r'alt="([^"]*)"', tag)
        if src and alt and alt.group(1) in {"A sum", "The plan", "Counts", "Chart"}:
            url = urljoin(base, src.group(1))
            found[alt.group(1)] = site / unquote(url.removeprefix("http://site/"))
    return found


@pytest.mark.parametrize("directory_urls", [True, False])
def test_lesson_and_notebook_images_are_on_the_built_site(
    tmp_path: Path, directory_urls: bool
) -> None:
    project = with_images(make_project(tmp_path / "project", team=False, plot=False))
    if not directory_urls:
        config = project / "mkdocs.yml"
        config.write_text(config.read_text() + "\nuse_directory_urls: false\n")
    site = build(project, tmp_path / "cache")
    lesson = "modules/alpha/lessons/first" + ("/index.html" if directory_urls else ".html")
    notebook = "modules/beta/notebooks/count" + ("/index.html" if directory_urls else ".html")
    images = shown_images(site, site / lesson) | shown_images(site, site / notebook)
    assert set(images) == {"A sum", "The plan", "Counts", "Chart"}, images
    for alt, path in images.items():
        assert path.is_file(), (alt, path)
        assert path.read_bytes() in (PNG, SVG)
    assert (site / "modules/alpha/lessons/images/sum one.png").read_bytes() == PNG
    assert not list(site.rglob("nowhere.png"))


def test_a_missing_image_fails_validate_and_the_strict_build_alike(tmp_path: Path) -> None:
    project = with_images(make_project(tmp_path / "project", team=False, plot=False))
    (project / "curriculum" / "alpha" / "lessons" / "images" / "sum one.png").unlink()
    done = run_engine(project, cache=tmp_path / "cache")
    assert done.returncode != 0 and "sum%20one.png" in done.stderr.replace(" ", "%20")
