"""An exercise's counterexamples on the site: other solutions and common mistakes, folded.

They follow the reference solution: the alternatives (`alternatives/*.py`, other correct
idioms) as "Other solutions", the wrong ones (`wrong/*.py`) as "Common mistakes", each titled
by the first line of its docstring. Everything read from the files is escaped: titles through
`md_inline`, code in a fence that no backtick run inside it can close.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tutor.base import pysource
from tutor.base.errors import TutorError
from tutor.curriculum.model import AnyExercise, CodeExercise
from tutor.site.text import code_span, fenced, indent, md_inline

OTHER_SOLUTIONS = "Other solutions"
COMMON_MISTAKES = "Common mistakes"
_OTHERS_INTRO = "Correct too, in other idioms than the reference solution's."
_MISTAKES_INTRO = (
    "Wrong solutions a learner might write. `tutor check` rejects each of them; "
    "compare with yours once you have passed."
)


def more_solutions(ex: AnyExercise) -> list[str]:
    """The folded blocks after a code exercise's reference solution (none for a quiz, or for an
    exercise without counterexamples)."""
    if not isinstance(ex, CodeExercise):
        return []
    blocks = []
    if ex.alternatives:
        codes = [(path, _read(ex, path)) for path in ex.alternatives]
        folds = [_fold("success", _title(path, code), code) for path, code in codes]
        blocks.append(_fold_all("success", OTHER_SOLUTIONS, _OTHERS_INTRO, folds))
    if ex.wrong:
        folds = [_fold("failure", md_inline(w.mistake), _read(ex, w.path)) for w in ex.wrong]
        blocks.append(_fold_all("failure", COMMON_MISTAKES, _MISTAKES_INTRO, folds))
    return blocks


def _fold(kind: str, title: str, code: str) -> str:
    """A folded block titled `title` (already escaped) holding `code`."""
    return f'??? {kind} "{title}"\n\n{indent(fenced(code, "python"))}'


def _fold_all(kind: str, title: str, intro: str, folds: list[str]) -> str:
    body = "\n\n".join([intro, *folds])
    return f'??? {kind} "{title}"\n\n{indent(body)}'


def _title(path: Path, code: str) -> str:
    """An alternative's title: the first line of its docstring, else its file name."""
    try:
        docstring = ast.get_docstring(pysource.parse(code))
    except (SyntaxError, ValueError):
        docstring = None
    first = docstring.strip().splitlines()[0] if docstring and docstring.strip() else ""
    return md_inline(first) if first else code_span(path.name)


def _read(ex: CodeExercise, path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TutorError(
            f"cannot read {path.name} of {ex.key}: {path}: {exc}",
            hint="run `tutor validate` to check the curriculum",
        ) from None
