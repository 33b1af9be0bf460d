"""The page generator on the mini curriculum: pages, links, the map, the matrix, escaping."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tutor.base.errors import TutorError
from tutor.curriculum import Curriculum, load_curriculum
from tutor.site import paths
from tutor.site.generate import check_collisions, expand, generate
from tutor.site.model import RenderedNotebook
from tutor.site.nav import full_nav
from tutor.site.prereq_map import columns
from tutor.site.skills_matrix import matrix_page
from tutor.site.text import code_span, fenced, md_inline, md_text, nav_title
from tutor.team.summaries import TeamMember

ADA = TeamMember("ada", "Ada Lovelace", {"arithmetic": 4, "logic": 2}, (), (), 3, 9, None)
HOSTILE = TeamMember(
    "mallory", "<script>alert(1)</script>", {"arithmetic": 1}, (), (), 0, 0, date(2026, 1, 2)
)
NOTEBOOK = RenderedNotebook("Some **output**.\n", {"count.ipynb": b"{}"}, True)


def site_of(curriculum: Curriculum, team: tuple[TeamMember, ...] = (), **kw: bool):  # type: ignore[no-untyped-def]
    return generate(curriculum, team, {("beta", "notebooks/count.ipynb"): NOTEBOOK}, **kw)


@pytest.fixture
def curriculum(mini: Path) -> Curriculum:
    return load_curriculum(mini)


def test_every_page_and_asset(curriculum: Curriculum) -> None:
    site = site_of(curriculum)
    assert sorted(site.files) == [
        "assets/tutor/tutor.css",
        "curriculum/index.md",
        "curriculum/map.md",
        "curriculum/skills.md",
        "modules/alpha/index.md",
        "modules/alpha/lessons/first.md",
        "modules/beta/index.md",
        "modules/beta/lessons/second.md",
        "modules/beta/notebooks/count.ipynb",
        "modules/beta/notebooks/count.md",
        "team/index.md",
    ]
    assert site.css == ("assets/tutor/tutor.css",)
    assert "index.md" in site_of(curriculum, home=True).files


def test_module_cards_are_grouped_by_track_with_their_facts(curriculum: Curriculum) -> None:
    cards = site_of(curriculum).fragments["modules"]("index.md")
    assert cards.index("### Basics") < cards.index("[Alpha](modules/alpha/index.md)")
    assert '<div class="grid cards tutor-cards" markdown>' in cards
    alpha, beta = cards.split("[Beta]")
    assert "3 exercises · ~5 min · 1 lesson" in alpha
    assert "tutor-level--beginner" in alpha and "tutor-level--intermediate" in beta
    assert "Skills: [arithmetic](curriculum/skills.md#skill-arithmetic)" in alpha
    assert "2 exercises · ~3 min · 1 lesson · 1 notebook" in beta
    assert "Needs: [Alpha](modules/alpha/index.md)" in beta
    # Links are relative to the page the cards land on.
    assert "[Alpha](../modules/alpha/index.md)" in site_of(curriculum).files["curriculum/index.md"]


def test_module_page_links_lessons_notebooks_and_neighbours(curriculum: Curriculum) -> None:
    files = site_of(curriculum).files
    alpha, beta = files["modules/alpha/index.md"], files["modules/beta/index.md"]
    assert isinstance(alpha, str) and isinstance(beta, str)
    # Front matter names the page for the theme's <title> and meta description.
    assert alpha.startswith('---\ntitle: "Alpha"\ndescription: "Adding numbers and picking')
    assert "---\n\n# Alpha\n\nAdding numbers and picking options." in alpha
    assert "1. [First lesson](lessons/first.md) (3 exercises, ~5 min)" in alpha
    # The facts: a table of row headings (no empty header row), its links as URLs.
    assert '<tr><th scope="row">Leads to</th><td><a href="../beta/">Beta</a></td></tr>' in alpha
    assert '<th scope="row">Needs</th><td>nothing: start here</td>' in alpha
    assert "<th></th>" not in alpha and "| |" not in alpha
    assert "<code>pytest&gt;=7</code>" in alpha and "tutor start alpha/add" in alpha
    assert '<th scope="row">Needs</th><td><a href="../alpha/">Alpha</a></td>' in beta
    assert "- [Counting numbers](notebooks/count.md)" in beta


def test_lesson_page_has_the_lesson_then_every_exercise(curriculum: Curriculum) -> None:
    page = site_of(curriculum).files["modules/alpha/lessons/first.md"]
    assert isinstance(page, str)
    assert page.startswith("# First lesson\n\nAdding is `a + b`.")  # the lesson's own title
    assert page.count("\n### ") == 3
    add = page[page.index("### Add two numbers") : page.index("### Pick")]
    assert "{ #exercise-add }" in add
    assert "Code</span>" in add and "●○○ easy" in add and "~3 min" in add
    assert "Write `add(a, b)` returning their sum." in add
    assert '??? tip "Hint 1"\n\n    Python has an operator for that.' in add
    assert '??? success "Solution"' in add and "    def add(a, b):" in add
    assert "tutor start alpha/add" in add
    pick = page[page.index("### Pick") : page.index("### Say")]
    assert "1. 1\n2. 2\n3. 3" in pick
    assert "    - **2.** 2" in pick and "2 is divisible by 2." in pick
    assert "tutor show alpha/pick" in pick and "tutor start" not in pick
    say = page[page.index("### Say") :]
    assert "**Accepted answers:** `4`, `four`" in say
    # Folded: `???` is closed by default (`???+` would open it).
    assert "???+" not in page


def test_multiple_choice_and_pattern_answers(curriculum: Curriculum) -> None:
    page = site_of(curriculum).files["modules/beta/lessons/second.md"]
    assert isinstance(page, str)
    assert "*Select every right answer.*" in page
    assert "**Answers:**\n\n    - **1.** 2\n    - **3.** 5" in page
    assert "**Any answer matching:** `(?i)hello!*`" in page


def test_notebook_page_links_its_download(curriculum: Curriculum) -> None:
    page = site_of(curriculum).files["modules/beta/notebooks/count.md"]
    assert isinstance(page, str)
    assert page.startswith("# Counting numbers")
    assert '[Download the notebook](count.ipynb){ .md-button download="count.ipynb" }' in page
    assert "Some **output**." in page


def add_gamma(root: Path, prerequisites: str) -> None:
    module = (root / "alpha" / "module.yaml").read_text()
    gamma = root / "gamma"
    (gamma / "lessons").mkdir(parents=True)
    (gamma / "lessons" / "first.md").write_text("# Gamma\n")
    module = re.sub(r"(?m)^id: alpha", "id: gamma", module)
    module = module.replace("prerequisites: []", f"prerequisites: {prerequisites}")
    module = module.split("    exercises:")[0]
    (gamma / "module.yaml").write_text(module.replace("title: Alpha", "title: Gamma"))


def test_map_columns_follow_prerequisite_depth(mini: Path) -> None:
    add_gamma(mini, "[alpha, beta]")
    cols = columns(load_curriculum(mini))
    assert [[m.id for m in col] for col in cols] == [["alpha"], ["beta"], ["gamma"]]


@pytest.mark.parametrize(
    ("directory_urls", "href"),
    [(True, "../../modules/beta/"), (False, "../modules/beta/index.html")],
)
def test_map_is_an_svg_whose_nodes_link_to_module_pages(
    curriculum: Curriculum, directory_urls: bool, href: str
) -> None:
    page = site_of(curriculum, directory_urls=directory_urls).files["curriculum/map.md"]
    assert isinstance(page, str)
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "\n\n" not in svg  # one raw HTML block
    assert svg.count('<a class="tutor-map-node') == 2
    assert f'href="{href}" data-module="beta"' in svg
    assert svg.count('class="tutor-map-edge"') == 1
    assert "- [Beta](../modules/beta/index.md): needs Alpha." in page


def test_skills_index_groups_exercises_by_skill_with_counts(curriculum: Curriculum) -> None:
    page = site_of(curriculum).files["curriculum/skills.md"]
    assert isinstance(page, str)
    # A table of skills with counts, then a short section per skill, a line per module.
    assert "| [arithmetic](#skill-arithmetic){ .tutor-skill } | 1 | 3 | 5 min |" in page
    assert "## arithmetic { #skill-arithmetic }" in page
    assert "3 exercises in 1 module, about 5 min of practice." in page
    assert (
        "- **[Alpha](../modules/alpha/index.md)** (3 exercises, ~5 min): "
        "[Add two numbers](../modules/alpha/lessons/first.md#exercise-add) · "
    ) in page
    assert page.count("](../modules/alpha/lessons/first.md#exercise-add)") == 1


def test_matrix_escapes_learners_and_shows_levels() -> None:
    curriculum = load_curriculum(Path(__file__).parent / "data" / "mini")
    page = matrix_page(curriculum, (ADA, HOSTILE))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'class="tutor-cell tutor-cell--4" title="Ada Lovelace: arithmetic: mastered"' in page
    assert 'title="&lt;script&gt;alert(1)&lt;/script&gt;: logic: not started"' in page
    assert "@mallory · active 2026-01-02" in page and "@ada · 3-day streak" in page
    assert page.count('<span class="tutor-legend-item">') == 5
    # The spread: arithmetic has one learner at 1 and one at 4.
    row = page[page.index('<tr><th scope="row"><a href="../curriculum/skills/#skill-arithmetic"') :]
    assert 'style="width: 50.00%" title="1 attempted"' in row.split("</tr>")[0]


def test_matrix_empty_state(curriculum: Curriculum) -> None:
    page = site_of(curriculum).files["team/index.md"]
    assert isinstance(page, str)
    assert "Nobody has shared their progress yet." in page and "tutor share" in page
    assert "<table" not in page


def test_hostile_curriculum_strings_are_text(mini: Path) -> None:
    module = mini / "alpha" / "module.yaml"
    hostile = "'<img src=x onerror=alert(1)> {: onclick=alert(2) } [x](javascript:alert(3))'"
    text = module.read_text().replace("title: Alpha", f"title: {hostile}")
    module.write_text(text.replace("Write `add(a, b)`", "Write <b onclick=alert(4)>`add(a, b)`"))
    top = mini / "curriculum.yaml"
    top.write_text(top.read_text().replace("title: Mini curriculum", f"title: {hostile}"))
    site = site_of(load_curriculum(mini), home=True)
    assert "index.md" in site.pages
    for path, content in site.pages.items():
        assert "<img src=x" not in content, path
        assert "<b onclick" not in content, path
        # Links and attribute lists only mean something in Markdown: raw HTML lines (the map)
        # hold these strings as escaped text.
        # Front matter is YAML for the theme, HTML-escaped (tests/test_site_safety.py).
        body = content.split("\n---\n", 1)[-1] if content.startswith("---\n") else content
        markdown = "\n".join(line for line in body.splitlines() if not line.startswith("<"))
        assert "{: onclick" not in markdown, path
        assert "](javascript:" not in markdown, path
    nav = str(site.nav)
    assert "<img" not in nav and "‹img src=x onerror=alert(1)›" in nav


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a <b> & c", "a &lt;b&gt; &amp; c"),
        ("keep `x < y` and **bold**", "keep `x < y` and **bold**"),
        ("``a ` b`` <", "``a ` b`` &lt;"),
        ("```python\nif a < b: pass\n```\n<i>", "```python\nif a < b: pass\n```\n&lt;i&gt;"),
        ("# T {: .x onclick=y }", "# T &#123;: .x onclick=y &#125;"),
        ("[a](JavaScript :alert(1))", "[a](JavaScript &#58;alert(1))"),
    ],
)
def test_md_text(text: str, expected: str) -> None:
    assert md_text(text) == expected


def test_inline_helpers() -> None:
    assert md_inline("a |\n b") == "a \\| b"
    assert code_span("a`b") == "``a`b``" and code_span("`x") == "`` `x ``"
    assert fenced("```\ninner\n```", "md").startswith("````md\n")
    assert nav_title("A <b> & 'c'") == "A ‹b› &amp; &#x27;c&#x27;"


@pytest.mark.parametrize(
    ("source", "target", "directory_urls", "expected"),
    [
        ("curriculum/map.md", "modules/a/index.md", True, "../../modules/a/"),
        ("curriculum/map.md", "modules/a/index.md", False, "../modules/a/index.html"),
        ("team/index.md", "curriculum/skills.md", True, "../curriculum/skills/"),
        ("team/index.md", "curriculum/skills.md", False, "../curriculum/skills.html"),
        ("index.md", "team/index.md", True, "team/"),
        ("team/index.md", "index.md", True, "../"),
        ("team/index.md", "team/index.md", True, "."),
    ],
)
def test_urls_between_pages(source: str, target: str, directory_urls: bool, expected: str) -> None:
    assert paths.url(source, target, directory_urls) == expected


def test_navigation_puts_guides_after_generated_sections(curriculum: Curriculum) -> None:
    site = site_of(curriculum)
    nav = full_nav(site.nav, ["index.md", "zeta.md", "curriculum-format.md", "tutor.md"])
    assert nav[0] == {"Home": "index.md"}
    assert nav[-1] == {"Guides": ["tutor.md", "curriculum-format.md", "zeta.md"]}
    curriculum_section = nav[1]["Curriculum"]  # type: ignore[index]
    assert curriculum_section[0] == "curriculum/index.md"
    assert curriculum_section[3] == {
        "Basics": [
            {
                "Alpha": [
                    "modules/alpha/index.md",
                    {"First lesson": "modules/alpha/lessons/first.md"},
                ]
            },
            {
                "Beta": [
                    "modules/beta/index.md",
                    {"Second lesson": "modules/beta/lessons/second.md"},
                    {"Notebook: Counting numbers": "modules/beta/notebooks/count.md"},
                ]
            },
        ]
    }
    assert nav[2] == {"Team": "team/index.md"}


def test_markers_and_collisions(curriculum: Curriculum) -> None:
    site = site_of(curriculum)
    page = expand(site, "# Hi\n\n<!-- tutor:modules -->\n<!-- tutor:unknown -->\n", "index.md")
    assert "[Alpha](modules/alpha/index.md)" in page and "<!-- tutor:unknown -->" in page
    check_collisions(site, ["index.md", "tutor.md"])
    with pytest.raises(TutorError, match=r"generated pages: team/index\.md"):
        check_collisions(site, ["team/index.md"])


def test_the_generator_imports_no_engine_and_no_terminal_library() -> None:
    """The core makes pages without MkDocs, Typer or Rich (the plugin and the CLI are edges)."""
    code = (
        "import sys, tutor.site.generate, tutor.site.export, tutor.site.build;"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'typer', 'rich'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_matrix_reads_learners_from_a_shared_store(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A team whose progress lives in one store (PostgreSQL in production; the same interface
    here on SQLite) sees it in the skills matrix, beside the team files."""
    from datetime import UTC, datetime, timedelta

    from tutor.app.application import App
    from tutor.site.build import build_site
    from tutor.site.model import SiteOptions
    from tutor.store import new_attempt, open_store
    from tutor.team.summaries import write_member

    db = tmp_path / "team.sqlite3"
    finished = datetime.now(UTC) - timedelta(hours=1)
    with open_store(db) as store:
        for key in ("alpha/add", "alpha/pick", "alpha/say"):
            store.record(
                new_attempt(
                    learner="zoe",
                    key=key,
                    started=finished - timedelta(minutes=3),
                    finished=finished,
                    outcome="passed",
                    score=1.0,
                    hints_used=0,
                    seconds=180.0,
                )
            )
    team = tmp_path / "team"
    write_member(team, TeamMember("zoe", "Zoë Q", {}, (), (), 0, 0, None))
    write_member(team, TeamMember("bo", "Bo", {"logic": 2}, (), (), 1, 1, None))
    options = SiteOptions(execute=False, team_db=str(db))
    site, _ = build_site(App(mini), options, team_dir=team)
    page = str(site.files[paths.TEAM])
    # Zoë's display name comes from her file, her level from the store: all of alpha passed.
    assert 'title="Zoë Q: arithmetic: proficient"' in page
    assert 'title="Bo: logic: familiar"' in page  # Bo is only in the team files
    # The store says who has learned a module: Zoë, by her display name, is someone to ask.
    alpha = str(site.files[paths.module_page("alpha")])
    assert '<span class="tutor-person">Zoë Q</span>' in alpha and "@zoe" in alpha
    files_only, _ = build_site(App(mini), SiteOptions(execute=False), team_dir=team)
    assert 'title="Zoë Q: arithmetic: not started"' in str(files_only.files[paths.TEAM])
    monkeypatch.setenv("TUTOR_TEAM_DB", str(db))
    site_from_env, _ = build_site(App(mini), SiteOptions(execute=False), team_dir=team)
    assert site_from_env.files[paths.TEAM] == site.files[paths.TEAM]
