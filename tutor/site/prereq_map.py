"""The prerequisite map: modules laid out in columns by prerequisite depth, drawn as inline SVG.

No Graphviz, no script: a module's column is the length of the longest chain of prerequisites
before it, and the modules of a column are ordered by the mean row of their prerequisites
(the barycenter heuristic), which removes most crossings in curricula of this shape. Every
node is a link to its module's page; colours come from the theme's CSS variables, so the map
follows the light and dark palettes.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import mean
from typing import NamedTuple

from tutor.curriculum.model import Curriculum, Module
from tutor.site import paths
from tutor.site.pages import LEVELS, tracks_of
from tutor.site.text import html_text, md_inline

NODE_W, NODE_H = 208, 72
COL_GAP, ROW_GAP, MARGIN = 56, 20, 12
MAX_CHARS = 24  # what fits on a line of a node at the theme's font size
# Narrower than this, the map scrolls sideways rather than shrink its text below legibility.
MIN_WIDTH = 600


class Placed(NamedTuple):
    module: Module
    x: int
    y: int


def columns(curriculum: Curriculum) -> list[list[Module]]:
    """Modules grouped by prerequisite depth, each column ordered to limit edge crossings."""
    order = {m.id: n for n, m in enumerate(m for _, ms in tracks_of(curriculum) for m in ms)}
    depth: dict[str, int] = {}

    def depth_of(module: Module) -> int:
        if module.id not in depth:
            known = [curriculum.module(p) for p in module.prerequisites]
            depth[module.id] = 1 + max((depth_of(p) for p in known if p), default=-1)
        return depth[module.id]

    cols: list[list[Module]] = []
    for module in curriculum.modules:
        d = depth_of(module)
        while len(cols) <= d:
            cols.append([])
        cols[d].append(module)
    row: dict[str, float] = {}
    for col in cols:
        col.sort(key=lambda m: (_barycenter(m, row), order.get(m.id, len(order))))
        row.update((m.id, n) for n, m in enumerate(col))
    return cols


def _barycenter(module: Module, row: dict[str, float]) -> float:
    rows = [row[p] for p in module.prerequisites if p in row]
    return mean(rows) if rows else -1.0


def layout(cols: Sequence[Sequence[Module]]) -> tuple[list[Placed], int, int]:
    """Node positions, and the drawing's width and height."""
    tallest = max((len(col) for col in cols), default=0)
    height = MARGIN * 2 + tallest * NODE_H + max(tallest - 1, 0) * ROW_GAP
    width = MARGIN * 2 + len(cols) * NODE_W + max(len(cols) - 1, 0) * COL_GAP
    placed = []
    for c, col in enumerate(cols):
        span = len(col) * NODE_H + (len(col) - 1) * ROW_GAP
        top = (height - span) // 2
        for r, module in enumerate(col):
            placed.append(
                Placed(module, MARGIN + c * (NODE_W + COL_GAP), top + r * (NODE_H + ROW_GAP))
            )
    return placed, width, height


def svg(curriculum: Curriculum, page: str, directory_urls: bool = True) -> str:
    """The map as one line-broken SVG element without blank lines (a raw HTML block)."""
    placed, width, height = layout(columns(curriculum))
    at = {p.module.id: p for p in placed}
    edges = []
    for p in placed:
        for prereq in p.module.prerequisites:
            if prereq in at:
                edges.append(_edge(at[prereq], p))
    nodes = [_node(p, page, directory_urls) for p in placed]
    title = html_text(f"Prerequisite map of {curriculum.title}")
    return "\n".join(
        [
            f'<svg class="tutor-map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"'
            f' width="{width}" height="{height}" role="group" aria-labelledby="tutor-map-title"'
            f' style="min-width: {min(width, MIN_WIDTH)}px">',
            f'<title id="tutor-map-title">{title}</title>',
            "<defs>",
            '<marker id="tutor-map-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8"'
            ' markerHeight="8" orient="auto-start-reverse">',
            '<path class="tutor-map-arrow" d="M0 0 L10 5 L0 10 z" fill="#888"/>',
            "</marker>",
            "</defs>",
            '<g class="tutor-map-edges">',
            *edges,
            "</g>",
            '<g class="tutor-map-nodes">',
            *nodes,
            "</g>",
            "</svg>",
        ]
    )


def _edge(start: Placed, end: Placed) -> str:
    x1, y1 = start.x + NODE_W, start.y + NODE_H // 2
    x2, y2 = end.x - 2, end.y + NODE_H // 2
    bend = max((x2 - x1) // 2, 24)
    return (
        f'<path class="tutor-map-edge" d="M{x1} {y1} C{x1 + bend} {y1} {x2 - bend} {y2} {x2} {y2}"'
        ' fill="none" stroke="#888" marker-end="url(#tutor-map-arrow)"/>'
    )


def _node(p: Placed, page: str, directory_urls: bool) -> str:
    m = p.module
    href = paths.url(page, paths.module_page(m.id), directory_urls)
    tooltip = html_text(f"{m.title}: {' '.join(m.summary.split())}")
    count = len(m.exercises)
    meta = f"{LEVELS.get(m.level, m.level)} · {count} exercise{'s' if count != 1 else ''}"
    lines = _wrap(m.title)
    top = p.y + (24 if len(lines) > 1 else 31)  # one line of title sits lower, centred
    return "\n".join(
        [
            f'<a class="tutor-map-node tutor-level--{m.level}" href="{html_text(href)}"'
            f' data-module="{html_text(m.id)}" aria-label="{html_text(m.title)}">',
            f"<title>{tooltip}</title>",
            f'<rect class="tutor-map-box" x="{p.x}" y="{p.y}" width="{NODE_W}" height="{NODE_H}"'
            ' rx="8" fill="#fff" stroke="#888"/>',
            f'<rect class="tutor-map-stripe" x="{p.x + 5}" y="{p.y + 9}" width="4"'
            f' height="{NODE_H - 18}" rx="2"/>',
            *(
                f'<text class="tutor-map-title" x="{p.x + 18}" y="{top + 17 * n}">'
                f"{html_text(line)}</text>"
                for n, line in enumerate(lines)
            ),
            f'<text class="tutor-map-meta" x="{p.x + 18}" y="{top + 17 * len(lines) + 4}">'
            f"{html_text(meta)}</text>",
            "</a>",
        ]
    )


def _wrap(title: str, width: int = MAX_CHARS) -> list[str]:
    """The title on at most two lines, the second cut with an ellipsis if it is too long."""
    lines: list[str] = []
    for word in title.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    return [line if len(line) <= width else line[: width - 1].rstrip() + "…" for line in lines]


def map_page(curriculum: Curriculum, directory_urls: bool = True) -> str:
    """The map page: the drawing, a legend, and the same graph in words."""
    page = paths.MAP
    if not curriculum.modules:
        return "# Prerequisite map\n\nThe curriculum has no modules yet.\n"
    legend = " ".join(
        f'<span class="tutor-badge tutor-level--{level}">{label}</span>'
        for level, label in LEVELS.items()
    )
    words = []
    for col in columns(curriculum):
        for m in col:
            link = f"[{md_inline(m.title)}]({paths.md_link(page, paths.module_page(m.id))})"
            needs = [curriculum.module(p) for p in m.prerequisites]
            after = ", ".join(md_inline(n.title) for n in needs if n) or "nothing"
            words.append(f"- {link}: needs {after}.")
    return (
        "\n\n".join(
            [
                "# Prerequisite map",
                "Each module builds on the modules to its left; an arrow goes from a prerequisite "
                "to the module that needs it. Click a module to open it.",
                # A scrolling box takes focus, so that a keyboard can scroll it too. The
                # drawing is a group of links (an image's content would be hidden from them).
                '<div class="tutor-map-wrap" data-search-exclude tabindex="0" role="region"'
                f' aria-label="Prerequisite map">\n{svg(curriculum, page, directory_urls)}\n</div>',
                '<p class="tutor-scroll-hint">Scroll the map sideways to see all of it.</p>',
                f"Levels: {legend}",
                "## In words",
                "\n".join(words),
            ]
        )
        + "\n"
    )
