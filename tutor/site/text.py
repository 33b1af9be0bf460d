"""Escaping: every string from the curriculum or from team files lands in a page through here.

Curriculum strings (titles, prompts, options, hints) are Markdown written by contributors: their
emphasis, links and code spans are kept, but raw HTML, attribute lists and script links are
neutralised so that a string can only ever be text. Team files are untrusted and only ever land
in HTML, escaped with `html_text`.
"""

from __future__ import annotations

import html
import json
import re

# A code span: a run of backticks, then anything up to the same run (CommonMark's rule).
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
# A fenced block at any indentation (inside a list item too), up to its closing fence.
_FENCE = re.compile(
    r"^([ \t]*)(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]*\2[`~]*[ \t]*$|\Z)", re.DOTALL | re.M
)
_SCRIPT_SCHEME = re.compile(r"(?i)\b((?:java|vb)script\s*):")
_MD_UNSAFE = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "{": "&#123;", "}": "&#125;"}
_MD_UNSAFE_RE = re.compile("[&<>{}]")


def html_text(value: object) -> str:
    """Text for HTML content or a quoted attribute value."""
    return html.escape(str(value), quote=True)


def md_text(value: str) -> str:
    """Markdown from a curriculum string that cannot inject HTML or attributes.

    Code spans and fenced blocks are left alone (Markdown escapes their content itself).
    """
    out: list[str] = []
    for segment, is_code in split_code(value):
        out.append(segment if is_code else _escape_prose(segment))
    return "".join(out)


def md_inline(value: str) -> str:
    """`md_text` for a place that holds one line (a heading, a list item, a table cell)."""
    return " ".join(md_text(value).split()).replace("|", "\\|")


def nav_title(value: str) -> str:
    """A title for the navigation and the page's <title>.

    Themes print navigation titles unescaped, and Material's `<title>` runs them through
    `striptags`, which unescapes entities again: angle brackets are replaced by look-alikes, so
    no round of unescaping can turn the title into markup.
    """
    flat = " ".join(value.split()).replace("<", "‹").replace(">", "›")
    return html.escape(flat, quote=True)


def front_matter(title: str, description: str = "") -> str:
    """YAML front matter naming the page (its `<title>`) and describing it (its meta tag).

    Themes print both unescaped (Material: `<title>{{ page.meta.title }}`), so the values are
    HTML-escaped here; a title left to the theme would come from the page's heading, through
    a filter that unescapes it (`striptags`).
    """
    lines = ["---", f"title: {_yaml_text(title)}"]
    if description.strip():
        lines.append(f"description: {_yaml_text(description)}")
    return "\n".join([*lines, "---", "", ""])


def _yaml_text(value: str) -> str:
    # A JSON string is a YAML double-quoted scalar.
    return json.dumps(html_text(" ".join(value.split())), ensure_ascii=False)


def code_span(value: str) -> str:
    """`value` as one Markdown code span, whatever backticks it holds."""
    value = " ".join(value.split())
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def fenced(code: str, language: str = "") -> str:
    """A fenced code block holding `code` verbatim, whatever fences it holds itself."""
    longest = max((len(run) for run in re.findall(r"^\s*(`{3,})", code, re.M)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{code.rstrip()}\n{fence}"


def indent(text: str, spaces: int = 4) -> str:
    """Every line indented (blank ones too), as the body of an admonition or a list item."""
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


def _escape_prose(text: str) -> str:
    text = _MD_UNSAFE_RE.sub(lambda m: _MD_UNSAFE[m.group()], text)
    return _SCRIPT_SCHEME.sub(r"\1&#58;", text)


def split_code(text: str) -> list[tuple[str, bool]]:
    """`text` cut into (segment, is_code) pieces: fenced blocks first, then code spans."""
    pieces: list[tuple[str, bool]] = []
    last = 0
    for fence in _FENCE.finditer(text):
        pieces.extend(_split_spans(text[last : fence.start()]))
        pieces.append((fence.group(), True))
        last = fence.end()
    pieces.extend(_split_spans(text[last:]))
    return pieces


def _split_spans(text: str) -> list[tuple[str, bool]]:
    pieces: list[tuple[str, bool]] = []
    last = 0
    for span in _CODE_SPAN.finditer(text):
        pieces.append((text[last : span.start()], False))
        pieces.append((span.group(), True))
        last = span.end()
    pieces.append((text[last:], False))
    return pieces
