"""The curriculum's notebooks as site pages: executed (or served from the cache) by
`tutor.notebooks`, then rendered here into Markdown, escaped HTML for outputs, and files for
images.

Code is a highlighted code block (the theme adds a copy button); every output is wrapped in an
element marked `data-search-exclude`, so printed numbers and tables do not flood the search
index; images become files next to the page rather than base64 in the HTML; HTML outputs
(DataFrame tables, SVG drawings) go through the sanitiser (`tutor.site.sanitise`), and an HTML
output left empty by it (a widget that only scripts) gives way to the output's image or text.
Math in Markdown cells, and LaTeX outputs, become MathML. Cell tags: `remove-cell`,
`remove-input`, `remove-output` leave parts out; `hide-input` folds the code away.

nbconvert is not used: its preprocessors would replace about ten lines here (tags, output
files) but its import alone costs seconds per build, and its sanitiser builds on bleach.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat

from tutor.base.requirements import unmet
from tutor.curriculum.model import Curriculum
from tutor.notebooks import Progress, Report, jobs_of, read_notebook, run_notebooks
from tutor.notebooks.execute import ANSI
from tutor.site.mathml import render_math
from tutor.site.model import NotebookKey, RenderedNotebook, SiteOptions, notebook_key
from tutor.site.paths import notebook_stem
from tutor.site.sanitise import clean_html, has_content
from tutor.site.text import fenced, html_text, indent, md_text

IMAGES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/svg+xml": "svg"}
MAX_OUTPUT_CHARS = 20_000
_HEADING = re.compile(r"^(#{1,5})(\s)", re.M)
_FENCE_LINE = re.compile(r"^\s*(```|~~~)")


def render_notebooks(
    curriculum: Curriculum, options: SiteOptions, progress: Progress | None = None
) -> tuple[dict[NotebookKey, RenderedNotebook], Report]:
    """Every notebook of the curriculum as a page: executed (or from the cache), then rendered.

    With `options.execute` off, notebooks are shown with the outputs saved in their files.
    """
    jobs = jobs_of(curriculum)
    # A team's site that includes an installed pack need not install every library of it: the
    # pack's notebooks whose libraries are missing are shown as saved, saying what they need.
    # The team's own modules are executed always, so that a missing library fails the build.
    missing = {job: unmet(job.module.requires) if job.module.read_only else [] for job in jobs}
    runnable = [job for job in jobs if not missing[job]]
    if options.execute:
        report = run_notebooks(
            runnable,
            cache_dir=Path(options.cache_dir) if options.cache_dir else None,
            workers=options.workers,
            refresh=options.refresh,
            progress=progress,
        )
    else:
        report = Report({job: read_notebook(job) for job in runnable}, [], [])
    shown = {**{job: read_notebook(job) for job in jobs if missing[job]}, **report.notebooks}
    pages = {
        notebook_key(job.module.id, job.notebook.file.as_posix()): render(
            nb,
            notebook_stem(job.notebook),
            executed=options.execute and not missing[job],
            missing=tuple(missing[job]),
        )
        for job, nb in shown.items()
    }
    return pages, report


def render(
    nb: Any, stem: str, executed: bool = True, missing: tuple[str, ...] = ()
) -> RenderedNotebook:
    """`nb` (with outputs) as Markdown; its files are named relative to the page's folder.

    The page has its own title (from module.yaml): a title the notebook opens with is dropped,
    and when other `#` headings remain, every heading goes one level down.
    """
    files: dict[str, bytes] = {}
    language = _language(nb)
    texts = {i: str(c.source) for i, c in enumerate(nb.cells) if c.cell_type == "markdown"}
    if 0 in texts and texts[0].lstrip().startswith("# "):
        texts[0] = texts[0].lstrip().partition("\n")[2]
    demote = any(line.startswith("# ") for text in texts.values() for _, line in _prose_lines(text))
    blocks: list[str] = []
    for index, cell in enumerate(nb.cells):
        tags = set(cell.get("metadata", {}).get("tags", ()))
        if "remove-cell" in tags:
            continue
        if cell.cell_type == "markdown":
            blocks.append(_markdown_cell(cell, texts[index], index, stem, files, demote))
        elif cell.cell_type == "code":
            blocks.extend(_code_cell(cell, index, tags, language, stem, files))
    files[f"{stem}.ipynb"] = nbformat.writes(nb).encode("utf-8")  # type: ignore[no-untyped-call]
    return RenderedNotebook("\n\n".join(b for b in blocks if b) + "\n", files, executed, missing)


def _language(nb: Any) -> str:
    info = nb.metadata.get("language_info") or nb.metadata.get("kernelspec") or {}
    name = str(info.get("name") or info.get("language") or "python")
    return "python" if name.startswith("python") else re.sub(r"[^a-z0-9+-]", "", name.lower())


def _markdown_cell(
    cell: Any, text: str, index: int, stem: str, files: dict[str, bytes], demote: bool
) -> str:
    for name, bundle in (cell.get("attachments") or {}).items():
        for mime, ext in IMAGES.items():
            if mime in bundle:
                file = f"{stem}_files/cell{index + 1}-{_safe(name)}.{ext}"
                files[file] = _decode(bundle[mime], mime)
                text = text.replace(f"attachment:{name}", file)
                break
    if demote:
        prose = {n for n, _ in _prose_lines(text)}
        text = "\n".join(
            _HEADING.sub(r"#\1\2", line) if n in prose else line
            for n, line in enumerate(text.strip().splitlines())
        )
    return render_math(text.strip())


def _prose_lines(text: str) -> list[tuple[int, str]]:
    """The lines of Markdown outside fenced code, with their numbers."""
    out: list[tuple[int, str]] = []
    in_fence = False
    for n, line in enumerate(text.strip().splitlines()):
        if _FENCE_LINE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            out.append((n, line))
    return out


def _code_cell(
    cell: Any, index: int, tags: set[str], language: str, stem: str, files: dict[str, bytes]
) -> list[str]:
    blocks = []
    source = str(cell.source)
    if source.strip() and "remove-input" not in tags:
        code = fenced(source, language)
        if "hide-input" in tags:
            code = f'??? example "Show the code"\n\n{indent(code)}'
        blocks.append(code)
    if "remove-output" not in tags:
        for n, output in enumerate(cell.get("outputs", ()), 1):
            blocks.append(_output(output, f"{stem}_files/cell{index + 1}-{n}", index, files))
    return blocks


def _output(output: Any, base: str, index: int, files: dict[str, bytes]) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        name = output.get("name", "stdout")
        label = "stderr" if name == "stderr" else ""
        return _pre(ANSI.sub("", _text(output.get("text", ""))), name, label)
    if kind == "error":
        trace = "\n".join(
            line
            for line in ANSI.sub("", "\n".join(output.get("traceback", ()))).splitlines()
            if set(line.strip()) != {"-"}
        )
        return _pre(trace or f"{output.get('ename')}: {output.get('evalue')}", "error", "error")
    if kind in ("execute_result", "display_data"):
        return _rich(output.get("data", {}), output.get("metadata", {}), base, index, files)
    return ""


def _rich(
    data: Mapping[str, Any], meta: Mapping[str, Any], base: str, index: int, files: dict[str, bytes]
) -> str:
    html = clean_html(_text(data.get("text/html", "")))
    if "text/html" in data and not has_content(html):
        # Only script or hostile markup: another form of the output, else a word on why not
        # (the plain-text form of HTML is Python's repr, `<IPython...HTML object>`).
        image = _image(data, meta, base, index, files)
        return image or (
            '<div class="tutor-output tutor-output--note" data-search-exclude><p>'
            "An HTML output is not shown: it needs script, which the site does not run.</p></div>"
        )
    if html:
        # Raw HTML ends at a blank line in some engines: join the lines of the output. It may
        # scroll sideways (a wide table), so its box takes focus for keyboard users.
        body = "\n".join(line for line in html.splitlines() if line.strip())
        return (
            '<div class="tutor-output tutor-output--html" data-search-exclude>\n'
            f'<div class="tutor-scroll" tabindex="0" role="region" aria-label="Output of cell'
            f' {index + 1}">\n{body}\n</div>\n</div>'
        )
    image = _image(data, meta, base, index, files)
    if image:
        return image
    # Markdown and LaTeX outputs come from code: their raw HTML is shown as text.
    for mime in ("text/markdown", "text/latex"):
        if mime in data:
            text = render_math(_text(data[mime]).strip(), prose=md_text)
            return f'<div class="tutor-output" data-search-exclude markdown>\n\n{text}\n\n</div>'
    if "text/plain" in data:
        return _pre(ANSI.sub("", _text(data["text/plain"])), "result", "")
    return ""


def _image(
    data: Mapping[str, Any], meta: Mapping[str, Any], base: str, index: int, files: dict[str, bytes]
) -> str:
    for mime, ext in IMAGES.items():
        if mime in data:
            file = f"{base}.{ext}"
            files[file] = _decode(data[mime], mime)
            size = meta.get(mime, {}) if isinstance(meta.get(mime), Mapping) else {}
            attrs = "".join(
                f' {dim}="{int(size[dim])}"'
                for dim in ("width", "height")
                if _is_int(size.get(dim))
            )
            alt = f"Output of cell {index + 1}"
            # A link to the image itself: a wide figure scaled to a phone's width is too small
            # to read, and opened alone it can be zoomed.
            return (
                '<div class="tutor-output tutor-output--image" data-search-exclude="" markdown>\n\n'
                f'[![{alt}]({file}){{ loading=lazy{attrs} }}]({file} "Open the image alone, '
                'to zoom in")\n\n</div>'
            )
    return ""


def _pre(text: str, kind: str, label: str) -> str:
    text = text.rstrip("\n")
    if not text:
        return ""
    if len(text) > MAX_OUTPUT_CHARS:
        cut = len(text) - MAX_OUTPUT_CHARS
        text = f"{text[:MAX_OUTPUT_CHARS]}\n… ({cut} more characters not shown)"
    # Newlines as entities: the block stays one line, whatever blank lines the output holds.
    body = html_text(text).replace("\n", "&#10;")
    tag = f'<span class="tutor-output-label">{label}</span>' if label else ""
    # A long output scrolls in its box (its lines wrap, so how long is known only on screen):
    # the box takes focus, as the theme's code blocks do, so that a keyboard can scroll it.
    return (
        f'<div class="tutor-output tutor-output--{kind}" data-search-exclude>'
        f'<div class="tutor-scroll" tabindex="0">{tag}<pre>{body}</pre></div></div>'
    )


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _decode(value: Any, mime: str) -> bytes:
    text = _text(value)
    if mime == "image/svg+xml":
        return text.encode("utf-8")
    try:
        return base64.b64decode(text)
    except (binascii.Error, ValueError):
        return b""


def _is_int(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "file"
