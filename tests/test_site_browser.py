"""The built fixture site in real headless Chromium (Debian's), served on localhost.

Every page visit records console errors, uncaught exceptions, dialogs and every request: none
may leave the site's origin. One browser for the session; the sweep over every page reuses one
tab per palette. Skipped only when Chromium is missing outside CI.

`TUTOR_SITE_SCREENSHOTS=DIR` saves every page of the sweep at 1280 and 390 px, light and dark,
for a person to look at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.site_browser import Audit, axe_failures, overflow, serve, site_pages, start_axe

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
WIDTHS = (1280, 390)  # a laptop, a phone
# The axe-core rules whose outcome depends on the palette; the dark run checks only these.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
HOSTILE_TITLE = (
    "</title><script>alert('title')</script><img src=x onerror=alert('title-img')> Gamma & co"
)

if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip(
        f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install chromium`) to run the "
        "site's browser tests (CI installs it and never skips them)",
        allow_module_level=True,
    )


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def title(page: Any) -> str:
    """The page's heading, without its permalink sign."""
    return str(page.locator("h1").first.inner_text()).rstrip("¶").strip()


@pytest.fixture
def audited(browser: Any, base_url: str) -> Iterator[tuple[Any, Audit]]:
    """A fresh light-mode tab and what it did; after the test, nothing left the origin and no
    dialog opened."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    tab = context.new_page()
    audit = Audit(base_url)
    audit.attach(tab)
    tab.set_default_timeout(10_000)
    yield tab, audit
    context.close()
    assert audit.foreign == [], f"requests outside the site's origin: {audit.foreign}"
    assert audit.dialogs == [], f"dialogs: {audit.dialogs}"


@pytest.fixture
def page(audited: tuple[Any, Audit]) -> Iterator[Any]:
    """As `audited`, and no console error either."""
    tab, audit = audited
    yield tab
    assert audit.errors == [], f"console errors: {audit.errors}"


def test_the_home_page_lists_the_modules_and_links_them(page: Any, base_url: str) -> None:
    page.goto(base_url)
    cards = page.locator(".tutor-cards li")
    assert cards.count() == 3
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
    assert nodes.count() == 3
    assert page.locator("svg.tutor-map .tutor-map-edge").count() == 2
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
    # A tap opens the image alone, to zoom into a plot scaled down to a phone's width.
    alone = image.evaluate("img => img.closest('a').href")
    assert alone == image.evaluate("img => img.src")
    opened = page.request.get(alone)
    assert opened.ok and opened.headers["content-type"].startswith("image/")
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


def test_on_a_phone_the_matrix_keeps_its_names_and_tables_fit_their_boxes(
    page: Any, base_url: str
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    # A matrix wider than the screen (many skills): its learner column stays in view.
    page.goto(f"{base_url}team/")
    wrap = page.get_by_role("region", name="Skills matrix")
    wrap.evaluate("w => { w.style.width = '160px'; w.scrollLeft = 120; }")
    assert wrap.evaluate("w => w.scrollLeft") > 0
    name = page.locator("th.tutor-learner").first
    assert name.evaluate(
        "th => Math.abs(th.getBoundingClientRect().left"
        " - th.closest('.tutor-matrix-wrap').getBoundingClientRect().left) < 4"
    )
    # A notebook's table that fits does not scroll (Material's wrapper's margins did, 16 px).
    page.goto(f"{base_url}modules/beta/notebooks/plot/")
    box = page.locator(".tutor-output--html > .tutor-scroll").first
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth"), box.evaluate(
        "b => [b.scrollWidth, b.clientWidth]"
    )
    # Text at 200 %: the module's facts stay in the window, in a box that scrolls to the rest
    # (the page itself does not scroll sideways, so a wider table was cut off).
    page.goto(f"{base_url}modules/beta/")
    page.evaluate("document.documentElement.style.fontSize = '250%'")
    facts = page.get_by_role("region", name="About this module")
    window = page.evaluate("document.documentElement.clientWidth")
    assert facts.evaluate("w => w.getBoundingClientRect().right") <= window + 1
    facts.evaluate("w => { w.scrollLeft = 10000; }")
    assert facts.evaluate(
        "w => w.querySelector('table').getBoundingClientRect().right"
        " <= w.getBoundingClientRect().right + 1"
    )


def test_each_skill_in_the_matrix_links_to_the_exercises_that_teach_it(
    page: Any, base_url: str
) -> None:
    page.goto(f"{base_url}team/")
    page.locator(".tutor-matrix thead a", has_text="logic").click()
    page.wait_for_url(f"{base_url}curriculum/skills/#skill-logic")
    section = page.locator("h2#skill-logic")
    assert section.is_visible()
    page.get_by_role("link", name="Primes").click()
    page.wait_for_url(f"{base_url}modules/beta/lessons/second/#exercise-primes")


def test_who_to_ask_lists_the_learners_who_know_a_module_as_text(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}modules/gamma/")
    people = page.locator(".tutor-people li")
    assert [people.nth(n).inner_text() for n in range(people.count())] == [
        "Grace Hopper mastered @grace",
        "<script>alert(1)</script> proficient @mallory",
    ]
    page.goto(f"{base_url}modules/beta/")
    assert "Nobody on the team has shared" in page.locator("#who-to-ask + p").inner_text()


def test_hostile_outputs_and_title_run_nothing_and_load_nothing(
    audited: tuple[Any, Audit], base_url: str
) -> None:
    """Every payload of tests/data/site/gamma (each in its own cell) is shown inert; the audit
    fixture fails the test on any dialog or request leaving the origin."""
    tab, audit = audited
    tab.goto(f"{base_url}modules/gamma/")
    assert tab.title() == f"{HOSTILE_TITLE} - ML Daily Tutor"  # the whole title, as text
    assert title(tab) == HOSTILE_TITLE
    tab.goto(f"{base_url}modules/gamma/notebooks/hostile/")
    assert tab.evaluate("document.baseURI") == tab.url  # no <base> took over the links
    for _ in range(8):  # down the page, so that every lazy image loads (or would)
        tab.mouse.wheel(0, 900)
        tab.wait_for_timeout(50)
    link = tab.locator("#js-link")
    assert link.get_attribute("href") is None
    link.click()
    tab.locator("details summary", has_text="details").click()  # ontoggle
    assert tab.locator(".tutor-output--note").count() >= 4  # script-only outputs, explained
    # What notebooks legitimately show survives: a styled DataFrame and an SVG plot.
    nine = tab.locator(".tutor-output--html table td", has_text="9")
    assert nine.evaluate("td => getComputedStyle(td).backgroundColor") not in (
        "",
        "rgba(0, 0, 0, 0)",
    )
    plot = tab.locator(".tutor-output--html svg").filter(has=tab.locator("path")).first
    box = plot.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 100
    assert plot.locator("path").count() > 10  # axes, ticks, the line and its markers
    markdown = tab.locator(".tutor-output", has_text="A Markdown output")
    assert (
        "<img src=x onerror=" in markdown.inner_text() and markdown.locator("strong").count() == 1
    )
    # The one allowed miss: an image at a same-origin path that does not exist.
    assert all("404" in error for error in audit.errors), audit.errors


def test_math_renders_as_mathml(page: Any, base_url: str, built_site: Path) -> None:
    page.goto(f"{base_url}modules/gamma/lessons/math/")
    block = page.locator(".tutor-math--block math")
    assert block.count() == 1 and block.get_attribute("display") == "block"
    # Laid out as math: the fraction's numerator sits above its denominator.
    numerator, denominator = (
        page.locator(".tutor-math--block mfrac > *").nth(n).bounding_box() for n in (0, 1)
    )
    assert (
        numerator and denominator and numerator["y"] + numerator["height"] <= denominator["y"] + 1
    )
    inline = page.locator("p .tutor-math math").first
    box = inline.bounding_box()
    assert box is not None and 0 < box["height"] < 40  # within a line of text
    assert inline.evaluate("m => m.querySelector('mover mi').textContent") == "y"
    text = page.locator("article").inner_text()
    assert "$5 to $10" in text and "\\frac" not in text and "$$" not in text
    notebook = (built_site / "modules/gamma/notebooks/hostile/index.html").read_text()
    # Markdown cells (inline and display), a Markdown output and a LaTeX output.
    assert notebook.count('<span class="tutor-math') == 4


def test_every_page_fits_the_window_and_passes_axe(
    browser: Any, base_url: str, built_site: Path
) -> None:
    """Every page: no serious or critical axe-core violation (WCAG 2.1 A and AA) in the light
    palette and, for the rules that depend on colour, in the dark one; no horizontal overflow
    at 1280 or 390 px. The two palettes are audited in two tabs at once (two processes)."""
    shots = os.environ.get("TUTOR_SITE_SCREENSHOTS")
    tabs: dict[str, Any] = {}
    audit = Audit(base_url)
    for scheme in ("light", "dark"):
        context = browser.new_context(
            viewport={"width": WIDTHS[0], "height": 900}, color_scheme=scheme
        )
        tabs[scheme] = context.new_page()
        audit.attach(tabs[scheme])
    failures: dict[str, list[str]] = {}
    too_wide: dict[str, dict[int, int]] = {}
    try:
        for path in site_pages(built_site):
            for scheme, tab in tabs.items():
                tab.set_viewport_size({"width": WIDTHS[0], "height": 900})
                tab.goto(base_url + path)
                palette = tab.evaluate("document.body.dataset.mdColorScheme")
                assert palette == {"light": "default", "dark": "slate"}[scheme]
            start_axe(tabs["dark"], COLOUR_RULES)
            start_axe(tabs["light"])
            for scheme, tab in tabs.items():
                if found := axe_failures(tab):
                    failures[f"{path} ({scheme})"] = found
            for width in WIDTHS:
                tabs["light"].set_viewport_size({"width": width, "height": 900})
                if extra := overflow(tabs["light"]):
                    too_wide.setdefault(path, {})[width] = extra
            if shots:
                _screenshots(tabs, path, Path(shots))
    finally:
        for tab in tabs.values():
            tab.context.close()
    assert failures == {}
    assert too_wide == {}, f"pages wider than the window (extra pixels by width): {too_wide}"
    assert audit.foreign == [] and audit.dialogs == []


def _screenshots(tabs: dict[str, Any], path: str, folder: Path) -> None:
    name = path.strip("/").replace("/", "_").removesuffix(".html") or "home"
    for scheme, tab in tabs.items():
        for width in WIDTHS:
            tab.set_viewport_size({"width": width, "height": 900})
            tab.screenshot(path=folder / f"{name}-{scheme}-{width}.png", full_page=True)
