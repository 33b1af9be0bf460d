"""A lesson drawn for the terminal, and the cache that makes drawing it again cheap.

Rendering Markdown with highlighted code imports markdown-it and Pygments, which cost more than
everything else `tutor lesson` does. The drawing (text with the terminal's escape codes) depends
only on the lesson's text, the width, the colours and the code that draws it, so it is kept in
the cache folder under a key of exactly those and read back whole the next time.
"""

from __future__ import annotations

import re

import rich
from rich.console import Console

from tutor.base.files import write_cache
from tutor.curriculum.cache import blake2b, code_stamp, default_cache_dir

FORMAT = 1
_FENCE = re.compile(r"^ *(?P<fence>`{3,}|~{3,})")
# MkDocs' admonitions (`!!! warning "Title"`, folded `??? note`), with their 4-space bodies.
_ADMONITION = re.compile(
    r'^(?P<indent> *)(?:!!!|\?\?\?\+?) *(?P<kind>[\w-]+)(?: +"(?P<title>[^"]*)")? *$'
)


def rendered_lines(console: Console, text: str) -> list[str]:
    """The lesson's Markdown as the console would print it, line by line."""
    stamp = code_stamp(__file__, rich.__file__)
    key = f"{FORMAT}\0{stamp}\0{console.width}\0{console.color_system}\0{console.no_color}\0"
    digest = blake2b((key + text).encode(), digest_size=16).hexdigest()
    path = default_cache_dir() / "lessons" / f"{digest}.txt"
    try:
        drawn = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        from rich.markdown import Markdown

        with console.capture() as captured:
            console.print(Markdown(terminal_markdown(text)))
        drawn = captured.get()
        write_cache(path, drawn)
    return drawn.splitlines()


def terminal_markdown(text: str) -> str:
    """The lesson's Markdown with what only the site draws rewritten for the terminal: an
    admonition becomes a quote that opens with its title in bold (its body, indented four
    spaces, would show as a code block or one run-on paragraph)."""
    lines = text.splitlines()
    out: list[str] = []
    fence = ""  # the fence of the code block the line is in, if any: its text is code
    i = 0
    while i < len(lines):
        opened = _FENCE.match(lines[i])
        if opened and (not fence or opened["fence"].startswith(fence)):
            fence = "" if fence else opened["fence"]
        found = None if fence else _ADMONITION.match(lines[i])
        if found is None:
            out.append(lines[i])
            i += 1
            continue
        indent = found["indent"]
        title = found["title"] if found["title"] is not None else found["kind"].capitalize()
        body: list[str] = []
        i += 1
        while i < len(lines) and (not lines[i].strip() or lines[i].startswith(indent + "    ")):
            body.append(lines[i][len(indent) + 4 :])
            i += 1
        while body and not body[-1].strip():  # the blank lines after it are the text's
            body.pop()
            i -= 1
        quoted = [f"**{title}**", "", *body] if title else body
        out.extend(f"{indent}> {line}".rstrip() for line in quoted)
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")
