"""What untrusted text becomes on a page: the HTML sanitiser, math to MathML, front matter."""

from __future__ import annotations

import re

import pytest
import yaml

from tutor.site.mathml import mathml, render_math
from tutor.site.sanitise import OUTPUT_SCOPE, clean_html, clean_stylesheet, has_content
from tutor.site.text import front_matter, md_text

# Each must come out unable to run script or load anything from another origin.
PAYLOADS = [
    '<svg/onload=alert("svg")>',
    "<img/onerror=\"alert('img')\"src=x>",
    "<IMG SRC=x OnError=alert(1)>",
    '<base href="//evil.example/">',
    "<script>alert(1)</script>",
    '<iframe src="javascript:alert(1)"></iframe><iframe srcdoc="<script>alert(1)</script>">',
    '<a href="javascript:alert(1)">x</a><a href="JaVa&#x09;ScRiPt:alert(1)">y</a>',
    '<a href=" javascript:alert(1)">x</a><a href="vbscript:msgbox(1)">y</a>',
    '<img src="https://evil.example/x.png"><img src="//evil.example/x.png">',
    '<img src="/\\evil.example/x.png"><img src="data:text/html,<script>alert(1)</script>">',
    '<div style="background-image: url(https://evil.example/x.png)">x</div>',
    '<style>@import url("https://evil.example/x.css"); td { background: url(//evil.example) }</style>',
    '<svg><image href="https://evil.example/x.png"/><use href="https://evil.example/s.svg#a"/></svg>',
    '<svg><a href="javascript:alert(1)"><text>t</text></a><animate attributeName="href" to="javascript:alert(1)"/></svg>',
    '<svg><path fill="url(https://evil.example/p.svg#g)" d="M0 0"/></svg>',
    "<details open ontoggle=alert(1)><summary>s</summary></details>",
    '<form action="//evil.example"><input name=x></form><meta http-equiv="refresh" content="0;url=//evil.example">',
    "<object data=//evil.example></object><embed src=//evil.example><link rel=stylesheet href=//evil.example>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<div markdown="1">*x*</div><p id="__search">clobber</p>',
]
DANGER = re.compile(
    r"<\s*(?:script|iframe|object|embed|base|form|meta|link|animate)\b|\son\w+\s*=|javascript:"
    r"|vbscript:|evil\.example|@import|markdown=|__search",
    re.I,
)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_html_is_defused(payload: str) -> None:
    cleaned = clean_html(payload)
    assert not DANGER.search(cleaned), cleaned


def test_dataframes_keep_their_table_and_styling() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"n": [1, 2], "square": [1, 4]})
    plain = clean_html(frame._repr_html_())
    assert '<table border="1" class="dataframe">' in plain and "<th>square</th>" in plain
    styled = clean_html(frame.style.background_gradient(cmap="Blues").to_html())
    # The Styler's rules stay, each scoped to the output, and its cell ids with them.
    rule = re.search(rf"{re.escape(OUTPUT_SCOPE)} #(T_\w+_row1_col1)[^{{]*{{ ([^}}]+) }}", styled)
    assert rule is not None and "background-color: #" in rule.group(2)
    assert f'id="{rule.group(1)}"' in styled


def test_an_svg_plot_keeps_its_drawing() -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import io

    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([1, 2, 3], [1, 4, 9])
    svg = io.StringIO()
    fig.savefig(svg, format="svg")
    plt.close(fig)
    cleaned = clean_html(svg.getvalue())
    assert cleaned.count("<path") == svg.getvalue().count("<path") > 5
    assert re.search(r'clip-path="url\(#\w+\)"', cleaned)  # references inside the drawing
    assert "<metadata" not in cleaned and "Matplotlib v" not in cleaned
    assert has_content(cleaned)


@pytest.mark.parametrize(
    ("html", "kept"),
    [
        ('<a href="https://docs.pola.rs/">docs</a>', 'href="https://docs.pola.rs/"'),
        ('<a href="../other/">page</a>', 'href="../other/"'),
        ('<a href="#here">here</a>', 'href="#here"'),
        ('<img src="plot.png" alt="a plot">', 'src="plot.png" alt="a plot"'),
        ('<img src="data:image/png;base64,iVBORw0KGgo=">', 'src="data:image/png;base64,'),
        ('<td style="color: red; position: fixed">x</td>', 'style="color: red"'),
        ("<p>x<sub>1</sub> &lt; 2</p>", "<p>x<sub>1</sub> &lt; 2</p>"),
    ],
)
def test_what_notebooks_legitimately_show_is_kept(html: str, kept: str) -> None:
    assert kept in clean_html(f"<table><tr><td>{html}</td></tr></table>")


def test_links_may_leave_but_tell_nothing() -> None:
    assert 'rel="noopener noreferrer nofollow"' in clean_html('<a href="https://x.org">x</a>')


def test_images_without_text_are_marked_decorative() -> None:
    assert clean_html("<img src=x>") == '<img src="x" alt="">'


def test_stylesheets_are_scoped_and_load_nothing() -> None:
    css = (
        "/* c */ @import 'x.css'; @media print { td { color: red } } "
        ".a, #b > td { color: #fff; background: url(x.png); width: 2em } "
        "body { position: fixed } td { color: expression(alert(1)) }"
    )
    assert clean_stylesheet(css, ".o") == ".o .a, .o #b > td { color: #fff; width: 2em }"
    assert clean_stylesheet("td { color: red } \\0041", ".o") == ""  # CSS escapes


@pytest.mark.parametrize(
    ("html", "shows"),
    [
        ("<svg></svg>", False),
        ('<img src="" alt="">', False),
        ("<p> &nbsp; </p>", False),
        ("<p>x</p>", True),
        ('<svg><path d="M0 0"/></svg>', True),
        ('<img src="a.png">', True),
    ],
)
def test_has_content(html: str, shows: bool) -> None:
    assert has_content(clean_html(html)) is shows


def test_math_becomes_mathml_in_a_span() -> None:
    out = render_math("The area is $\\pi r^2$.\n\n$$\\sum_{i=1}^{n} i$$\n")
    assert out.startswith('The area is <span class="tutor-math"><math ')
    assert "<msup><mi>r</mi><mn>2</mn></msup>" in out
    assert '<span class="tutor-math tutor-math--block"><math ' in out and 'display="block"' in out
    assert "$" not in out


@pytest.mark.parametrize(
    "text",
    [
        "It costs $5 to $10.",
        "Code `$x$` and\n\n```sh\necho $HOME $PATH\n```\n",
        "  - in a list\n\n    ```sh\n    echo $a $b\n    ```\n",
        "A dollar $ alone, and $a\n\nb$ across paragraphs.",
    ],
)
def test_text_that_is_not_math_is_left_alone(text: str) -> None:
    assert render_math(text) == text


def test_markdown_signs_inside_math_are_references() -> None:
    """Markdown reads `*` and `_` inside inline HTML: in the MathML they are only text."""
    out = mathml("a * b + \\text{x_y}")
    assert "&#42;" in out and "x&#95;y" in out
    assert not re.search(r">[^<]*[*_][^<]*<", out)


def test_math_that_cannot_be_converted_is_shown_as_tex() -> None:
    assert render_math("bad $\\frac{a}{$ here") == "bad `\\frac{a}{` here"
    assert render_math("$\\notacommand x$") == "`\\notacommand x`"


def test_math_is_sanitised_too() -> None:
    """latex2mathml copies \\text{...} verbatim."""
    out = render_math("$\\text{<img src=x onerror=alert(1)>}$")
    assert "<img" not in out and "onerror" not in out


def test_untrusted_markdown_keeps_math_and_loses_html() -> None:
    out = render_math("<b onclick=x>hi</b> $y^2$ {: .a }", prose=md_text)
    assert out.startswith("&lt;b onclick=x&gt;hi&lt;/b&gt; <span")
    assert out.endswith("</span> &#123;: .a &#125;")


def test_front_matter_is_yaml_with_html_escaped_values() -> None:
    title = "</title><script>alert('x')</script> & \"co\"\n"
    head = front_matter(title, "A <b>summary</b>")
    assert head.startswith("---\n") and head.endswith("\n---\n\n")
    data = yaml.safe_load(head.strip().strip("-"))
    assert data == {
        "title": "&lt;/title&gt;&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;co&quot;",
        "description": "A &lt;b&gt;summary&lt;/b&gt;",
    }
    assert "description" not in front_matter("T")


def test_exercise_prompts_hints_and_explanations_show_math_and_stay_escaped() -> None:
    from pathlib import Path

    from tutor.curriculum import load_curriculum
    from tutor.site.exercises import exercise_block

    mini = load_curriculum(Path(__file__).parent / "data" / "mini")
    add = next(ex for ex in mini.exercises if ex.key == "alpha/add")
    shown = add._replace(
        prompt="Return $\\sqrt{x}$ for <script>alert(1)</script>, costing $5 to $10.",
        hints=("Remember $$e^{i\\pi} + 1 = 0$$",),
    )
    page = exercise_block(shown)
    assert "<msqrt><mrow><mi>x</mi></mrow></msqrt>" in page and 'display="block"' in page
    assert "<script>" not in page and "costing $5 to $10" in page
