"""TeX math in Markdown turned into MathML when the page is made: browsers draw MathML
themselves, so the site loads no math script and no font from anywhere.

Recognised as in Jupyter: `$…$` and `\\(…\\)` inline, `$$…$$`, `\\[…\\]` and the
`equation`/`align`/`gather` environments as display math. Code spans and fenced blocks are left
alone, as is a `$` that does not open math the way Pandoc reads it (a price: "$5 and $10").
latex2mathml converts; its output goes through the sanitiser like any other HTML (it copies
`\\text{…}` verbatim), and TeX it cannot convert is shown as code rather than guessed at.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from tutor.site.sanitise import clean_html
from tutor.site.text import code_span, split_code

_MATH = re.compile(
    r"(?P<display>\$\$(?P<d1>.+?)\$\$|\\\[(?P<d2>.+?)\\\]"
    r"|(?P<d3>\\begin\{(?P<env>equation|align|gather|multline)\*?\}.*?\\end\{(?P=env)\*?\}))"
    r"|\\\((?P<i1>.+?)\\\)"
    r"|(?<![\\$\w])\$(?=[^\s$])(?P<i2>(?:\\\$|[^$])+?)(?<=[^\s\\])\$(?![\w$])",
    re.DOTALL,
)
# Markdown reads these even inside inline HTML: as character references they are only text.
_MARKDOWN_SIGNS = re.compile(r"[\\`*_{}\[\]()!|~^$]")
_TEXT = re.compile(r">([^<]+)<")
_UNKNOWN = re.compile(r"<m[io][^>]*>\\")  # latex2mathml's output for a command it does not know


def render_math(markdown: str, prose: Callable[[str], str] | None = None) -> str:
    """`markdown` with its math as MathML. `prose`, if given, rewrites the text between (such
    as an escaper for untrusted Markdown)."""
    if "$" not in markdown and "\\" not in markdown:
        return prose(markdown) if prose else markdown
    out: list[str] = []
    for segment, is_code in split_code(markdown):
        out.append(segment if is_code else _prose_math(segment, prose))
    return "".join(out)


def _prose_math(text: str, prose: Callable[[str], str] | None) -> str:
    out: list[str] = []
    last = 0
    for match in _MATH.finditer(text):
        if "\n\n" in match.group():  # math never spans paragraphs: this `$` is plain text
            continue
        out.append(prose(text[last : match.start()]) if prose else text[last : match.start()])
        display = match.group("display") is not None
        tex = next(g for g in match.group("d1", "d2", "d3", "i1", "i2") if g is not None)
        out.append(mathml(tex, display))
        last = match.end()
    out.append(prose(text[last:]) if prose else text[last:])
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def mathml(tex: str, display: bool = False) -> str:
    """One formula as inline HTML: MathML in a span (a line opening with `<math>` would be read
    as a block of raw HTML), or the TeX as code if it cannot be converted."""
    from latex2mathml.converter import convert

    try:
        converted = convert(" ".join(tex.split()), display="block" if display else "inline")
    except Exception:  # latex2mathml raises many kinds of error for TeX it cannot read
        return code_span(tex)
    if _UNKNOWN.search(converted):
        return code_span(tex)
    safe = _TEXT.sub(
        lambda m: f">{_MARKDOWN_SIGNS.sub(_reference, m.group(1))}<", clean_html(converted)
    )
    kind = "tutor-math tutor-math--block" if display else "tutor-math"
    return f'<span class="{kind}">{safe}</span>'


def _reference(match: re.Match[str]) -> str:
    return f"&#{ord(match.group())};"
