"""The curriculum's pages: module cards by track, a page per module, lesson and notebook."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tutor.base.errors import TutorError
from tutor.curriculum.model import Curriculum, Lesson, Module, Notebook
from tutor.site import paths
from tutor.site.exercises import exercise_block
from tutor.site.mathml import render_math
from tutor.site.model import RenderedNotebook
from tutor.site.people import who_to_ask
from tutor.site.text import code_span, front_matter, html_text, md_inline, md_text
from tutor.team.summaries import TeamMember

LEVELS = {"beginner": "Beginner", "intermediate": "Intermediate", "advanced": "Advanced"}


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def level_badge(module: Module) -> str:
    label = LEVELS.get(module.level, module.level)
    return f'<span class="tutor-badge tutor-level--{module.level}">{html_text(label)}</span>'


def tracks_of(curriculum: Curriculum) -> list[tuple[str, list[Module]]]:
    """(track title, its modules) in curriculum order, then the modules no track lists."""
    groups: list[tuple[str, list[Module]]] = []
    seen: set[str] = set()
    for track in curriculum.tracks:
        modules = [m for m in map(curriculum.module, track.modules) if m is not None]
        groups.append((track.title, modules))
        seen.update(m.id for m in modules)
    rest = [m for m in curriculum.modules if m.id not in seen]
    if rest:
        groups.append(("Other modules", rest))
    return groups


def module_cards(curriculum: Curriculum, page: str) -> str:
    """Every module as a card, grouped by track, linked relative to `page`."""
    if not curriculum.modules:
        return "The curriculum has no modules yet: see [contributing](contributing.md)."
    blocks = []
    for title, modules in tracks_of(curriculum):
        blocks.append(f"### {md_inline(title)}")
        cards = "\n\n".join(_card(curriculum, module, page) for module in modules)
        blocks.append(f'<div class="grid cards tutor-cards" markdown>\n\n{cards}\n\n</div>')
    return "\n\n".join(blocks)


def _card(curriculum: Curriculum, module: Module, page: str) -> str:
    link = paths.md_link(page, paths.module_page(module.id))
    facts = [
        plural(len(module.exercises), "exercise"),
        f"~{module.minutes} min",
        plural(len(module.lessons), "lesson"),
    ]
    if module.notebooks:
        facts.append(plural(len(module.notebooks), "notebook"))
    lines = [
        f"-   __[{md_inline(module.title)}]({link})__ {level_badge(module)}",
        "",
        "    ---",
        "",
        f"    {md_inline(module.summary)}",
        "",
        f"    {' · '.join(facts)}",
        "",
        f"    Skills: {_skills(module.skills, page)}",
    ]
    if module.prerequisites:
        lines += ["", f"    Needs: {_module_links(curriculum, module.prerequisites, page)}"]
    return "\n".join(lines)


def _skills(skills: Sequence[str], page: str) -> str:
    return (
        " ".join(
            f"[{md_inline(skill)}]({paths.md_link(page, paths.SKILLS, paths.skill_anchor(skill))})"
            "{ .tutor-skill }"
            for skill in skills
        )
        or "none"
    )


def _module_links(curriculum: Curriculum, ids: Iterable[str], page: str) -> str:
    links = []
    for module_id in ids:
        module = curriculum.module(module_id)
        title = module.title if module else module_id
        links.append(f"[{md_inline(title)}]({paths.md_link(page, paths.module_page(module_id))})")
    return ", ".join(links)


def curriculum_page(curriculum: Curriculum) -> str:
    """The curriculum's front page: figures, then every module as a card by track."""
    page = paths.CURRICULUM
    modules = curriculum.modules
    exercises = curriculum.exercises
    notebooks = sum(len(m.notebooks) for m in modules)
    minutes = sum(m.minutes for m in modules)
    return front_matter(curriculum.title) + "\n\n".join(
        [
            f"# {md_inline(curriculum.title)}",
            f"{plural(len(modules), 'module')} · {plural(len(exercises), 'exercise')} · "
            f"{plural(notebooks, 'notebook')} · about {_hours(minutes)} of practice.",
            f"See how the modules build on each other in the "
            f"[prerequisite map]({paths.md_link(page, paths.MAP)}), or find exercises "
            f"[by skill]({paths.md_link(page, paths.SKILLS)}).",
            module_cards(curriculum, page),
        ]
    )


def _hours(minutes: int) -> str:
    if minutes < 90:
        return f"{minutes} minutes"
    return f"{minutes / 60:.1f} hours"


def module_page(
    curriculum: Curriculum,
    module: Module,
    team: Sequence[TeamMember] = (),
    directory_urls: bool = True,
) -> str:
    """The module: its facts, lessons, notebooks, who on the team knows it, how to start."""
    page = paths.module_page(module.id)
    blocks = [
        f"# {md_inline(module.title)}",
        md_text(module.summary.strip()),
        _facts(curriculum, module, directory_urls),
        "## Lessons",
        "\n".join(
            f"{n}. [{md_inline(lesson.title)}]({paths.md_link(page, paths.lesson_page(module.id, lesson.id))})"
            f" ({_exercise_summary(lesson)})"
            for n, lesson in enumerate(module.lessons, 1)
        ),
    ]
    if module.notebooks:
        blocks.append("## Notebooks")
        blocks.append(
            "Worked examples, executed when the site was built: real outputs, plots and tables."
        )
        blocks.append(
            "\n".join(
                f"- [{md_inline(nb.title)}]({paths.md_link(page, paths.notebook_page(module, nb))})"
                for nb in module.notebooks
            )
        )
    blocks += ["## Who to ask", who_to_ask(module, team, page), "## Start learning"]
    blocks.append(
        "`tutor today` brings this module's exercises into your daily session once its "
        "prerequisites are learned. Or start a code exercise directly:\n\n"
        + _first_code_command(module)
    )
    head = front_matter(module.title, module.summary)
    return head + "\n\n".join(blocks) + "\n"


def _facts(curriculum: Curriculum, module: Module, directory_urls: bool) -> str:
    """The module's facts as a table of row headings (raw HTML: its links are URLs)."""
    page = paths.module_page(module.id)
    unlocks = [m.id for m in curriculum.modules if module.id in m.prerequisites]

    def modules(ids: Iterable[str], none: str) -> str:
        links = []
        for module_id in ids:
            other = curriculum.module(module_id)
            href = paths.url(page, paths.module_page(module_id), directory_urls)
            links.append(_link(href, other.title if other else module_id))
        return ", ".join(links) or none

    skills = " ".join(
        _link(
            paths.url(page, paths.SKILLS, directory_urls, paths.skill_anchor(s)), s, "tutor-skill"
        )
        for s in module.skills
    )
    facts = [
        ("Level", level_badge(module)),
        ("Skills", skills or "none"),
        ("Needs", modules(module.prerequisites, "nothing: start here")),
        ("Leads to", modules(unlocks, "no other module yet")),
        (
            "Practice",
            f"{plural(len(module.exercises), 'exercise')}, about {plural(module.minutes, 'minute')}",
        ),
    ]
    if module.requires:
        facts.append(
            ("Libraries", ", ".join(f"<code>{html_text(r)}</code>" for r in module.requires))
        )
    rows = "\n".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in facts)
    # In a box that scrolls sideways: with large text on a phone the table can be wider than
    # the window, which itself does not scroll sideways.
    return (
        '<div class="tutor-facts-wrap" tabindex="0" role="region" aria-label="About this module">'
        '\n<table class="tutor-facts">\n<caption class="tutor-sr">About this module</caption>\n'
        f"<tbody>\n{rows}\n</tbody>\n</table>\n</div>"
    )


def _link(href: str, text: str, css_class: str = "") -> str:
    attribute = f' class="{css_class}"' if css_class else ""
    return f'<a{attribute} href="{html_text(href)}">{html_text(text)}</a>'


def _exercise_summary(lesson: Lesson) -> str:
    minutes = sum(ex.minutes for ex in lesson.exercises)
    return f"{plural(len(lesson.exercises), 'exercise')}, ~{minutes} min"


def _first_code_command(module: Module) -> str:
    code = [ex for ex in module.exercises if ex.type == "code"]
    command = f"tutor start {code[0].key}" if code else f"tutor list --module {module.id}"
    return f"```sh\n{command}\n```"


def lesson_page(module: Module, lesson: Lesson) -> str:
    """The lesson's own Markdown, then its exercises."""
    text = render_math(_read_lesson(module, lesson))
    if not _starts_with_title(text):
        text = f"# {md_inline(lesson.title)}\n\n{text}"
    page = paths.lesson_page(module.id, lesson.id)
    back = f"[{md_inline(module.title)}]({paths.md_link(page, paths.module_page(module.id))})"
    blocks = [text.rstrip()]
    if lesson.exercises:
        blocks.append("## Exercises")
        blocks.append(f"From {back}. Solutions are folded away: try first, then open them.")
        blocks.extend(exercise_block(ex) for ex in lesson.exercises)
    return "\n\n".join(blocks) + "\n"


def _read_lesson(module: Module, lesson: Lesson) -> str:
    path = module.folder / lesson.file
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TutorError(
            f"cannot read the lesson {module.id}/{lesson.id}: {path}: {exc}",
            hint="run `tutor validate` to check the curriculum",
        ) from None


def _starts_with_title(text: str) -> bool:
    for line in text.splitlines():
        if line.strip():
            return line.startswith("# ")
    return False


def notebook_page(module: Module, notebook: Notebook, rendered: RenderedNotebook) -> str:
    page = paths.notebook_page(module, notebook)
    download = f"{paths.notebook_stem(notebook)}.ipynb"
    back = f"[{md_inline(module.title)}]({paths.md_link(page, paths.module_page(module.id))})"
    if rendered.missing:
        needs = ", ".join(code_span(requirement) for requirement in rendered.missing)
        how = (
            f"Not executed on this site, which lacks {needs}: `tutor install {module.id}` "
            "installs it, to run the notebook yourself"
        )
    elif rendered.executed:
        how = "Executed when the site was built"
    else:
        how = "Shown with the outputs saved in the file (execution is turned off)"
    intro = (
        f'<div class="tutor-notebook-meta" markdown>\n\n'
        f"A notebook of {back}. {how}. "
        f'[Download the notebook]({download}){{ .md-button download="{download}" }}\n\n</div>'
    )
    return f"# {md_inline(notebook.title)}\n\n{intro}\n\n{rendered.markdown.rstrip()}\n"
