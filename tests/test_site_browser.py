"""The built fixture site in real headless Chromium (Debian's), served on localhost.

Every page visit records console errors, uncaught exceptions, dialogs and every request: none
may leave the site's origin. Skipped only when Chromium is missing outside CI.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest_plugins = ["helpers.site_fixtures"]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip(
        f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install chromium`) to run the "
        "site's browser tests (CI installs it and never skips them)",
        allow_module_level=True,
    )


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


class Audit:
    """What a page did besides rendering: requests elsewhere, console errors, dialogs."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.foreign: list[str] = []
        self.errors: list[str] = []

    def attach(self, page: Any) -> None:
        page.on("request", self._request)
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"), d.dismiss()))

    def _request(self, request: Any) -> None:
        url = request.url
        if not (url.startswith(self.origin) or url.startswith(("data:", "blob:", "about:"))):
            self.foreign.append(url)


def title(page: Any) -> str:
    """The page's heading, without its permalink sign."""
    return str(page.locator("h1").first.inner_text()).rstrip("¶").strip()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    """A fresh light-mode tab; after the test, nothing left the origin and nothing errored."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    tab = context.new_page()
    audit = Audit(base_url)
    audit.attach(tab)
    tab.set_default_timeout(10_000)
    yield tab
    context.close()
    assert audit.foreign == [], f"requests outside the site's origin: {audit.foreign}"
    assert audit.errors == [], f"console errors: {audit.errors}"


def test_the_home_page_lists_the_modules_and_links_them(page: Any, base_url: str) -> None:
    page.goto(base_url)
    cards = page.locator(".tutor-cards li")
    assert cards.count() == 2
    assert "3 exercises" in cards.nth(0).inner_text()
    cards.nth(1).get_by_role("link", name="Beta", exact=True).click()
    page.wait_for_url(f"{base_url}modules/beta/")
    assert title(page) == "Beta"


def test_navigation_tabs_reach_every_section(page: Any, base_url: str) -> None:
    page.goto(base_url)
    for tab, heading in [
        ("Curriculum", "Mini curriculum"),
        ("Team", "Skills matrix"),
        ("Guides", "Using the daily tutor"),
        ("Home", "ML Daily Tutor"),
    ]:
        page.locator(".md-tabs__link", has_text=tab).click()
        page.wait_for_load_state()
        assert title(page) == heading


def test_the_dark_mode_toggle(page: Any, base_url: str) -> None:
    page.goto(base_url)
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    background = "getComputedStyle(document.body).backgroundColor"
    assert page.evaluate(scheme) == "default"
    light = page.evaluate(background)
    page.locator("label[title='Switch to dark mode']").click()
    page.wait_for_function(f"{scheme} === 'slate'")
    assert page.evaluate(background) != light
    page.reload()  # the choice is remembered
    assert page.evaluate(scheme) == "slate"


def test_the_prerequisite_map_is_an_svg_whose_nodes_open_modules(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}curriculum/map/")
    nodes = page.locator("svg.tutor-map a.tutor-map-node")
    assert nodes.count() == 2
    assert page.locator("svg.tutor-map .tutor-map-edge").count() == 1
    nodes.filter(has_text="Beta").click()
    page.wait_for_url(f"{base_url}modules/beta/")
    assert title(page) == "Beta"


def test_the_solution_is_folded_until_clicked(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}modules/alpha/lessons/first/")
    exercise = page.locator("h3#exercise-add")
    assert exercise.is_visible()
    solution = page.locator("details", has=page.locator("summary", has_text="Solution")).first
    code = solution.locator("code", has_text="return a + b")
    assert solution.get_attribute("open") is None
    assert not code.is_visible()
    solution.locator("summary").click()
    page.wait_for_function("(d) => d.open", arg=solution.element_handle())
    assert code.is_visible()
    assert page.locator("code", has_text="tutor start alpha/add").is_visible()


def test_a_notebook_shows_its_plot_and_table(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}modules/beta/notebooks/plot/")
    image = page.locator("img[alt='Output of cell 4']")
    image.scroll_into_view_if_needed()
    assert image.is_visible()
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 100", arg=image.element_handle()
    )
    table = page.locator(".tutor-output--html table.dataframe")
    assert table.is_visible() and "square" in table.inner_text()
    assert page.locator(".tutor-output--stderr", has_text="careful: to stderr").is_visible()
    download = page.get_by_role("link", name="Download the notebook")
    assert download.get_attribute("download") == "plot.ipynb"
    assert page.request.get(download.evaluate("a => a.href")).ok


def test_search_finds_a_module_by_a_word_of_its_summary(page: Any, base_url: str) -> None:
    with page.expect_response("**/search/search_index.json"):
        page.goto(base_url)
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("several", delay=50)  # key by key, as the theme listens
    result = page.locator(".md-search-result__item", has_text="Beta").first
    result.wait_for(state="visible")
    assert "Choosing several options" in result.inner_text()


def test_the_skills_matrix_shows_learners_as_text(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}team/")
    learners = page.locator("th.tutor-learner")
    names = [learners.nth(n).inner_text().splitlines()[0] for n in range(learners.count())]
    assert names == ["Ada Lovelace", "Grace Hopper", "<script>alert(1)</script>"]
    cell = page.locator("td.tutor-cell--4").first
    assert cell.is_visible() and cell.get_attribute("title") == "Ada Lovelace: arithmetic: mastered"
    assert page.locator(".tutor-legend-item").count() == 5
