"""Images a lesson or a notebook's Markdown cells refer to by relative path.

`tutor validate` checks that each exists inside its module's folder; the site copies each one
beside the page, so that the link written for the file on disk resolves on the site too. Both
read references here, so they agree on what a reference is: `![alt](path "title")`,
`![alt][label]` with its `[label]: path`, and `<img src="path">`, outside code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit


class Reference(NamedTuple):
    target: str  # the path as written, decoded, without a query or fragment
    line: int  # 1-based, in the Markdown text


class Placed(NamedTuple):
    """A reference of a file in a module: where it was written and the file it names."""

    source: Path  # the lesson or notebook, relative to the module's folder
    where: str  # 'line 3' in a lesson, 'cell 2' in a notebook
    target: str  # as written
    path: Path  # the file it names, relative to the module's folder (may not exist)
    inside: bool  # whether it stays inside the module's folder


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_INLINE = re.compile(
    r"!\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>\n]*>|[^\s)]+)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
_BY_LABEL = re.compile(r"!\[((?:[^\]\\]|\\.)*)\](?:\[((?:[^\]\\]|\\.)*)\])?(?![(\[])")
_DEFINITION = re.compile(r"^ {0,3}\[((?:[^\]\\]|\\.)+)\]:\s*(<[^>\n]*>|\S+)")
_IMG = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I)


def image_references(markdown: str) -> list[Reference]:
    """Every image the Markdown refers to by a relative path, in order."""
    lines = list(_prose_lines(markdown))
    labels: dict[str, tuple[str, int]] = {}
    for number, line in lines:
        found = _DEFINITION.match(line)
        if found:
            labels.setdefault(_label(found.group(1)), (found.group(2), number))
    refs: list[Reference] = []
    for number, line in lines:
        written = [m.group(1) for m in _INLINE.finditer(line)]
        for found in _BY_LABEL.finditer(line):
            label = _label(found.group(2) or found.group(1))
            if label in labels:
                written.append(labels[label][0])
        written += [next(g for g in m.groups() if g is not None) for m in _IMG.finditer(line)]
        refs.extend(Reference(t, number) for t in map(_relative, written) if t is not None)
    return refs


def replace_img_src(markdown: str, replace: Callable[[str], str | None]) -> str:
    """`markdown` with the `src` of each `<img>` outside code replaced by `replace(src)`
    (None keeps it): raw HTML is not rewritten by site engines, Markdown links are."""
    out = []
    fence = ""
    for line in markdown.splitlines(keepends=True):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
        elif opened:
            fence = opened.group(1)
        else:
            line = _replace_in_line(line, replace)
        out.append(line)
    return "".join(out)


def _replace_in_line(line: str, replace: Callable[[str], str | None]) -> str:
    code = [m.span() for m in _CODE_SPAN.finditer(line)]
    return _IMG.sub(lambda m: _replaced(m, code, replace), line)


def _replaced(
    match: re.Match[str], code: list[tuple[int, int]], replace: Callable[[str], str | None]
) -> str:
    if any(start <= match.start() < end for start, end in code):
        return match.group(0)
    group = next(i for i in (1, 2, 3) if match.group(i) is not None)
    new = replace(match.group(group))
    if new is None:
        return match.group(0)
    start, end = match.span(group)
    text = match.group(0)
    offset = match.start()
    quote = "" if group != 3 else '"'
    return text[: start - offset] + quote + new + quote + text[end - offset :]


def notebook_markdown(text: str) -> list[tuple[int, str]]:
    """(cell number from 1, source) of each Markdown cell; [] for a notebook that does not
    parse (`tutor validate` reports that)."""
    try:
        cells = json.loads(text).get("cells")
    except (ValueError, AttributeError):
        return []
    found = []
    for number, cell in enumerate(cells if isinstance(cells, list) else [], start=1):
        if isinstance(cell, dict) and cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            found.append((number, "".join(source) if isinstance(source, list) else str(source)))
    return found


def module_images(folder: Path, lessons: list[Path], notebooks: list[Path]) -> list[Placed]:
    """Every image the module's lessons and notebooks (paths relative to `folder`) refer to."""
    placed = []
    for source in lessons:
        text = _read(folder / source)
        for ref in image_references(text):
            placed.append(_place(folder, source, f"line {ref.line}", ref.target))
    for source in notebooks:
        for cell, markdown in notebook_markdown(_read(folder / source)):
            for ref in image_references(markdown):
                placed.append(_place(folder, source, f"cell {cell}", ref.target))
    return placed


def _place(folder: Path, source: Path, where: str, target: str) -> Placed:
    root = folder.resolve()
    resolved = ((folder / source).parent / target).resolve()
    inside = resolved.is_relative_to(root)
    path = resolved.relative_to(root) if inside else Path(target)
    return Placed(source, where, target, path, inside)


def _prose_lines(markdown: str) -> Iterator[tuple[int, str]]:
    """(line number, line) outside fenced code, with code spans blanked."""
    fence = ""
    for number, line in enumerate(markdown.splitlines(), start=1):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        yield number, _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def _label(text: str) -> str:
    return " ".join(text.lower().split())


def _relative(written: str) -> str | None:
    """The path a written link names in the module's files, or None for a URL, an absolute
    path, an anchor or a notebook attachment."""
    written = written.strip()
    if written.startswith("<") and written.endswith(">"):
        written = written[1:-1].strip()
    parts = urlsplit(written)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    return unquote(parts.path)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
