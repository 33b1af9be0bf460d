"""Untrusted HTML (notebook outputs, converted math) made safe to put in a page, with nh3.

nh3 binds Ammonia, a maintained allow-list sanitiser built on a browser-grade HTML parser: what
is not listed here is dropped, whatever its spelling (`<svg/onload=…>`, `<img/onerror="…"src=x>`,
upper case, entities), so there is no pattern of bad things to keep up to date.

Kept: what notebooks legitimately show. Tables (pandas and Polars DataFrames, and a Styler's
`<style>`), SVG drawings (matplotlib), images, MathML, text formatting. Dropped: scripts,
frames, objects, `<base>`, forms, event handlers and every other attribute not listed,
`javascript:` and any URL that would load something from another origin (a link a reader may
follow to another site stays). Stylesheets are rewritten: every rule is scoped to the output
it came with, and at-rules, `url()` (other than `url(#id)` references inside an SVG) and CSS
escapes are dropped.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import nh3

OUTPUT_SCOPE = ".tutor-output--html"


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_HTML_TAGS = _names(
    "a abbr b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div dl dt"
    " em figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q rp rt ruby s"
    " samp small span strong style sub summary sup table tbody td tfoot th thead time tr u ul"
    " var wbr"
)
_SVG_TAGS = _names(
    "svg g path rect circle ellipse line polyline polygon text tspan defs clipPath mask"
    " pattern marker symbol use linearGradient radialGradient stop title desc image"
)
_MATH_TAGS = _names(
    "math mi mn mo ms mtext mspace mrow mfrac msqrt mroot mstyle merror mpadded mphantom"
    " menclose msub msup msubsup munder mover munderover mtable mtr mtd mlabeledtr"
    " mmultiscripts mprescripts none semantics annotation"
)
# Removed with everything inside them (the rest of the unlisted tags keep their text).
_PURGED = _names(
    "script noscript iframe frame frameset object embed applet template textarea select"
    " metadata foreignObject"
)
_GLOBAL_ATTRS = frozenset({"class", "id", "title", "style", "lang", "dir"})
_HTML_ATTRS: dict[str, set[str]] = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align", "valign"},
    "th": {"colspan", "rowspan", "align", "valign", "scope"},
    "tr": {"align", "valign"},
    "table": {"border", "cellpadding", "cellspacing"},
    "col": {"span", "width"},
    "colgroup": {"span", "width"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
}
_SVG_ATTRS = _names(
    "x y x1 y1 x2 y2 cx cy r rx ry fx fy width height d points transform viewBox"
    " preserveAspectRatio fill fill-opacity fill-rule stroke stroke-width stroke-linecap"
    " stroke-linejoin stroke-dasharray stroke-dashoffset stroke-miterlimit stroke-opacity"
    " opacity clip-path clip-rule clipPathUnits mask maskUnits maskContentUnits font-family"
    " font-size font-weight font-style text-anchor dominant-baseline alignment-baseline"
    " baseline-shift dx dy rotate textLength lengthAdjust offset stop-color stop-opacity"
    " gradientUnits gradientTransform spreadMethod patternUnits patternContentUnits"
    " patternTransform markerWidth markerHeight markerUnits refX refY orient marker-start"
    " marker-mid marker-end visibility display overflow version xmlns href"
)
_MATH_ATTRS = _names(
    "display displaystyle scriptlevel mathvariant mathsize mathcolor mathbackground stretchy"
    " fence separator form lspace rspace minsize maxsize symmetric largeop movablelimits"
    " accent accentunder linethickness columnalign rowalign columnspacing rowspacing"
    " columnlines rowlines frame width height depth voffset notation encoding linebreak xmlns"
)
# CSS properties kept in style attributes and stylesheets: looks, not placement (no position,
# no z-index), so an output can neither load anything nor lie over the page.
_CSS_PROPERTIES = _names(
    "color background background-color background-image border border-top border-right"
    " border-bottom border-left border-color border-style border-width border-collapse"
    " border-spacing border-radius padding padding-top padding-right padding-bottom"
    " padding-left margin margin-top margin-right margin-bottom margin-left width height"
    " min-width max-width min-height max-height text-align vertical-align white-space"
    " font font-family font-size font-style font-weight font-variant font-variant-numeric"
    " line-height letter-spacing text-decoration text-transform text-indent opacity"
    " display visibility overflow overflow-x overflow-y table-layout caption-side"
    " word-break overflow-wrap fill fill-opacity stroke stroke-width stroke-linecap"
    " stroke-linejoin stroke-dasharray stroke-opacity clip-path text-anchor"
    " dominant-baseline"
)
_IMAGE_DATA = re.compile(r"(?i)^data:image/(?:png|jpeg|gif|webp|svg\+xml)[;,]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_URL_FUNCTION = re.compile(r"(?i)url\s*\(")
_FRAGMENT_URL = re.compile(r"""(?i)url\(\s*(["']?)#[\w.:-]+\1\s*\)""")
_CSS_BAD = re.compile(
    r"(?i)[\\<>{}@&]|/\*|expression\s*\(|image-set|-moz-binding|behavior|javascript"
)
_DECLARATION = re.compile(r"^\s*([a-zA-Z-]+)\s*:\s*(.+?)\s*$", re.S)
_ID = re.compile(r"^[A-Za-z][\w.:-]{0,127}$")
_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.S)
_AT_STATEMENT = re.compile(r"@[^{};]*;")
_SELECTOR = re.compile(r"""^[\w\s.#:>+~*()\[\]="'|^$,-]+$""")


def clean_html(html: str) -> str:
    """`html` with only the allowed elements, attributes, URLs and styles left.

    Each `<style>` element's rules are scoped to `OUTPUT_SCOPE`, the element that holds the
    output on the page.
    """
    cleaned = _cleaner().clean(html)
    cleaned = _IMG_WITHOUT_ALT.sub(r'\1 alt=""', cleaned)  # unnamed: marked as decoration
    return _STYLE_ELEMENT.sub(_scoped_style, cleaned)


_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S)
_IMG_WITHOUT_ALT = re.compile(r"(<img(?![^>]*\salt=)[^>]*?)(?=/?>)")


def _scoped_style(match: re.Match[str]) -> str:
    css = clean_stylesheet(match.group(1), OUTPUT_SCOPE)
    return f"<style>{css}</style>" if css else ""


@functools.cache
def _cleaner() -> nh3.Cleaner:
    import nh3

    attributes: dict[str, set[str]] = {"*": set(_GLOBAL_ATTRS)}
    attributes.update({tag: set(names) for tag, names in _HTML_ATTRS.items()})
    attributes.update({tag: set(_SVG_ATTRS) for tag in _SVG_TAGS})
    attributes.update({tag: set(_MATH_ATTRS) for tag in _MATH_TAGS})
    return nh3.Cleaner(
        tags=set(_HTML_TAGS | _SVG_TAGS | _MATH_TAGS),
        clean_content_tags=set(_PURGED),
        attributes=attributes,
        attribute_filter=_attribute,
        url_schemes={"http", "https", "mailto", "data"},
        link_rel="noopener noreferrer nofollow",
    )


def _attribute(tag: str, name: str, value: str) -> str | None:
    """The value to keep for an allowed attribute, or None to drop it. Never raises: nh3 would
    report the exception and drop the attribute, but the report is noise."""
    if name in ("href", "src"):
        return value if _url_allowed(tag, name, value) else None
    if name == "style":
        return clean_declarations(value) or None
    if name == "id":
        return value if _ID.match(value) and not value.startswith("__") else None
    if _URL_FUNCTION.search(value) and not _only_fragment_urls(value):
        return None
    return value


def _url_allowed(tag: str, name: str, value: str) -> bool:
    """Same-origin and fragment URLs load nothing from elsewhere; links may leave the site."""
    url = _CONTROL.sub("", value)  # browsers drop these before reading a scheme
    if not url or "\\" in url or url.startswith("//"):  # `/\host` and `//host` reach another origin
        return False
    if url.startswith("#"):
        return True
    scheme = _SCHEME.match(url)
    if tag == "a":
        return scheme is None or scheme.group(1).lower() in _LINK_SCHEMES
    if tag in ("img", "image"):
        return scheme is None or bool(_IMAGE_DATA.match(url))
    return False  # <use>, gradients, patterns: references inside the drawing only


def _only_fragment_urls(value: str) -> bool:
    return len(_URL_FUNCTION.findall(value)) == len(_FRAGMENT_URL.findall(value))


def clean_declarations(text: str) -> str:
    """A style attribute's declarations, keeping the allowed properties with harmless values."""
    kept = []
    for part in text.split(";"):
        declaration = _DECLARATION.match(part)
        if declaration is None:
            continue
        name, value = declaration.group(1).lower(), declaration.group(2)
        if name not in _CSS_PROPERTIES or _CSS_BAD.search(value):
            continue
        if _URL_FUNCTION.search(value) and not _only_fragment_urls(value):
            continue
        kept.append(f"{name}: {value}")
    return "; ".join(kept)


def clean_stylesheet(css: str, scope: str) -> str:
    """A stylesheet's plain rules, each selector prefixed by `scope`; at-rules are dropped."""
    css = _AT_STATEMENT.sub("", _COMMENT.sub("", css))
    if "\\" in css or "<" in css:
        return ""
    rules = []
    for prelude, body in _blocks(css):
        if "@" in prelude or "{" in body or not _SELECTOR.match(prelude):
            continue
        selectors = [s.strip() for s in prelude.split(",") if s.strip()]
        declarations = clean_declarations(body)
        if selectors and declarations:
            rules.append(f"{', '.join(f'{scope} {s}' for s in selectors)} {{ {declarations} }}")
    return "\n".join(rules)


def _blocks(css: str) -> list[tuple[str, str]]:
    """The top-level `prelude { body }` pairs of a stylesheet (bodies may nest braces)."""
    found = []
    start = 0
    while (opening := css.find("{", start)) >= 0:
        depth, end = 1, opening + 1
        while end < len(css) and depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        found.append((css[start:opening].strip(), css[opening + 1 : end - 1]))
        start = end
    return found


_DRAWN = re.compile(
    r"<img\b[^>]*\ssrc=|<(?:path|rect|circle|ellipse|line|polyline|polygon|image|use)\b"
)
_TAG_OR_SPACE = re.compile(r"<style>.*?</style>|<[^>]+>|&nbsp;|\s", re.S)


def has_content(html: str) -> bool:
    """Whether cleaned HTML still shows something: text, an image, a drawing."""
    return bool(_DRAWN.search(html) or _TAG_OR_SPACE.sub("", html))
