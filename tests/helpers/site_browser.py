"""Browser test helpers: serve a built site on localhost, watch what a page does, run axe-core.

axe-core comes from the `axe-playwright-python` package (the dev extra), which bundles
`axe.min.js`: it is read from the installed package and run inside the page, never fetched.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

# WCAG 2.0 and 2.1, levels A and AA; "serious" and "critical" are the impacts that fail a test.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = ("serious", "critical")
# Material animates its tabs and header: axe must measure colours at rest, not mid-fade.
NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """`folder` served over HTTP on 127.0.0.1; yields the base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class Audit:
    """What a page did besides rendering: requests elsewhere, console errors, dialogs."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []

    def attach(self, page: Any) -> None:
        page.on("request", self._request)
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)

    def _request(self, request: Any) -> None:
        url = request.url
        if not (url.startswith(self.origin) or url.startswith(("data:", "blob:", "about:"))):
            self.foreign.append(url)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


def site_pages(site: Path) -> list[str]:
    """Every page of a built site, as URL paths relative to its root."""
    pages = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        pages.append(rel.removesuffix("index.html"))
    return pages


@functools.cache
def axe_source() -> str:
    return (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def start_axe(page: Any, rules: list[str] | None = None) -> None:
    """Start axe-core on the page as it is now (WCAG A/AA rules, or only `rules`), without
    waiting: pages in other tabs run in other processes, so audits of two tabs overlap."""
    page.add_style_tag(content=NO_MOTION)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}
    page.evaluate(
        "only => { window.__tutorAxe = axe.run(document,"
        " {runOnly: only, resultTypes: ['violations']}); }",
        only,
    )


def axe_failures(page: Any) -> list[str]:
    """The serious and critical violations found by the audit `start_axe` started."""
    result = page.evaluate("window.__tutorAxe")
    return [
        f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:5])}"
        for v in result["violations"]
        if v["impact"] in FAILING
    ]


def overflow(page: Any) -> int:
    """How many pixels the page is wider than the window (0 when it fits)."""
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )
