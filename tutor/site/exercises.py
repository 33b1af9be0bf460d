"""Exercises on the site: each one as a block of its lesson page (the index by skill is skills_page)."""

from __future__ import annotations

from tutor.base.errors import TutorError
from tutor.curriculum.model import (
    AnswerExercise,
    AnyExercise,
    ChoiceExercise,
    CodeExercise,
)
from tutor.site import paths, solutions
from tutor.site.mathml import render_math
from tutor.site.text import code_span, fenced, html_text, indent, md_inline, md_text

TYPE_LABELS = {"code": "Code", "choice": "Quiz", "answer": "Short answer"}
DIFFICULTY = {1: "easy", 2: "medium", 3: "hard"}


def difficulty_dots(level: int) -> str:
    return "●" * level + "○" * (3 - level)


def badges(ex: AnyExercise) -> str:
    """One line of small labels: type, difficulty, minutes, key (our HTML, escaped values)."""
    parts = [
        f'<span class="tutor-badge tutor-badge--{ex.type}">{TYPE_LABELS[ex.type]}</span>',
        f'<span class="tutor-badge" title="difficulty {ex.difficulty} of 3">'
        f"{difficulty_dots(ex.difficulty)} {DIFFICULTY.get(ex.difficulty, '')}</span>",
        f'<span class="tutor-badge">~{ex.minutes} min</span>',
        f'<span class="tutor-badge tutor-badge--key">{html_text(ex.key)}</span>',
    ]
    return " ".join(parts)


def exercise_block(ex: AnyExercise) -> str:
    """The Markdown of one exercise: heading, labels, prompt, hints, solution, how to try it."""
    blocks = [
        f"### {md_inline(ex.title)} {{ #{paths.exercise_anchor(ex)} }}",
        badges(ex),
        *_body(ex),
    ]
    for n, hint in enumerate(ex.hints, 1):
        title = f"Hint {n}" if len(ex.hints) > 1 else "Hint"
        blocks.append(f'??? tip "{title}"\n\n{indent(_prose(hint))}')
    blocks.append(f'??? success "Solution"\n\n{indent(_solution(ex))}')
    blocks.extend(solutions.more_solutions(ex))
    blocks.append(_try_it(ex))
    return "\n\n".join(blocks)


def _prose(text: str) -> str:
    """Curriculum Markdown for a page: escaped as untrusted text, its math as MathML."""
    return render_math(text.strip(), prose=md_text)


def _body(ex: AnyExercise) -> list[str]:
    if isinstance(ex, CodeExercise):
        return [_prose(ex.prompt)]
    blocks = [_prose(ex.question)]
    if isinstance(ex, ChoiceExercise):
        if ex.multiple:
            blocks.append("*Select every right answer.*")
        blocks.append(
            "\n".join(f"{n}. {md_inline(option)}" for n, option in enumerate(ex.options, 1))
        )
    return blocks


def _solution(ex: AnyExercise) -> str:
    if isinstance(ex, CodeExercise):
        return f"The reference solution (`solution.py`):\n\n{fenced(_read(ex), 'python')}"
    blocks: list[str] = []
    if isinstance(ex, ChoiceExercise):
        right = [f"- **{i + 1}.** {md_inline(ex.options[i])}" for i in ex.answer]
        label = "Answers" if len(right) > 1 else "Answer"
        blocks.append(f"**{label}:**\n\n" + "\n".join(right))
    elif isinstance(ex, AnswerExercise):
        if ex.accept:
            accepted = ", ".join(code_span(answer) for answer in ex.accept)
            blocks.append(f"**Accepted answers:** {accepted}")
        if ex.pattern:
            blocks.append(f"**Any answer matching:** {code_span(ex.pattern)}")
    if ex.explanation:
        blocks.append(_prose(ex.explanation))
    return "\n\n".join(blocks)


def _read(ex: CodeExercise) -> str:
    try:
        return ex.solution.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TutorError(
            f"cannot read the solution of {ex.key}: {ex.solution}: {exc}",
            hint="run `tutor validate` to check the curriculum",
        ) from None


def _try_it(ex: AnyExercise) -> str:
    if isinstance(ex, CodeExercise):
        intro = "**Try it:** put the starter in your workspace, then check it on every save:"
        commands = f"tutor start {ex.key}\ntutor check {ex.key} --watch"
    else:
        intro = "**Try it** in your daily session, or look at it in the terminal:"
        commands = f"tutor today\ntutor show {ex.key}"
    return f"{intro}\n\n{fenced(commands, 'sh')}"
