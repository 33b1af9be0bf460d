"""Adding an exercise to `module.yaml` by inserting its lines, leaving every other line as
the contributor wrote it.

A round trip through ruamel.yaml keeps comments and order, but it writes the whole file again:
long lines come back wrapped, indentation comes back in its own style. So the new entry is
rendered alone and inserted into the text after the lesson's last exercise (or under a new
`exercises:`), at the file's own indentation. The result is parsed again and must equal the old
data plus the entry; when the file's shape defeats that (a flow list of exercises, say), the
round trip is the fallback.
"""

from __future__ import annotations

import io
from typing import Any


def add_exercise(text: str, lesson_index: int, entry: Any, yaml: Any) -> str | None:
    """The text of a module.yaml with `entry` appended to the exercises of lesson number
    `lesson_index`, every other line unchanged; None when that cannot be done by insertion."""
    data = yaml.load(text)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    lessons = data["lessons"]
    lesson = lessons[lesson_index]
    exercises = lesson.get("exercises")
    end = _end_of(data, lessons, lesson_index, lines)
    if exercises:
        if getattr(exercises.fa, "flow_style", lambda: False)():
            return None
        first_line, content = exercises.lc.item(0)
        dash = len(lines[first_line]) - len(lines[first_line].lstrip())
        at = _after_content(lines, end)
        new = lines[:at] + _item(entry, yaml, dash, content) + lines[at:]
    elif "exercises" in lesson:  # `exercises: []`, or nothing after the colon
        key_line, key_col = lesson.lc.key("exercises")
        value_line = lesson.lc.value("exercises")[0]
        if value_line != key_line:
            return None
        head = _key_only(lines[key_line], key_col)
        if head is None:
            return None
        rest = lines[key_line + 1 :]
        new = [*lines[:key_line], head, *_item(entry, yaml, key_col + 2, key_col + 4), *rest]
    else:
        key_col = lesson.lc.key("id")[1]
        at = _after_content(lines, end)
        block = [" " * key_col + "exercises:\n", *_item(entry, yaml, key_col + 2, key_col + 4)]
        new = lines[:at] + block + lines[at:]
    result = "".join(new)
    return result if _holds(yaml, text, result, lesson_index, entry) else None


def _end_of(data: Any, lessons: Any, index: int, lines: list[str]) -> int:
    """The line where what follows the lesson's exercises begins: the lesson's next key, the
    next lesson, the next top-level key, or the end of the file."""
    lesson = lessons[index]
    keys = list(lesson)
    after = keys[keys.index("exercises") + 1 :] if "exercises" in keys else []
    if after:
        return int(lesson.lc.key(after[0])[0])
    if index + 1 < len(lessons):
        return int(lessons.lc.item(index + 1)[0])
    top = list(data)
    following = top[top.index("lessons") + 1 :]
    return int(data.lc.key(following[0])[0]) if following else len(lines)


def _after_content(lines: list[str], end: int) -> int:
    """Back from `end` over blank lines and whole-line comments: they belong to what follows."""
    at = end
    while at > 0 and (not lines[at - 1].strip() or lines[at - 1].lstrip().startswith("#")):
        at -= 1
    return at


def _key_only(line: str, col: int) -> str | None:
    """`exercises: []  # note` as `exercises:  # note`, or None if the line is anything else."""
    body, hash_, comment = line.rstrip("\n").partition(" #")
    value = body[col:].removeprefix("exercises:").strip()
    if value not in ("", "[]", "~", "null"):
        return None
    kept = f"  #{comment}" if hash_ else ""
    return " " * col + "exercises:" + kept + "\n"


def _item(entry: Any, yaml: Any, dash: int, content: int) -> list[str]:
    """The entry as list-item lines: its dash at column `dash`, its keys at `content`."""
    out = io.StringIO()
    yaml.dump(entry, out)
    body = out.getvalue().splitlines(keepends=True)
    first = (" " * dash + "-").ljust(content) + body[0]
    return [first, *(" " * content + line if line.strip() else line for line in body[1:])]


def _holds(yaml: Any, before: str, after: str, index: int, entry: Any) -> bool:
    """Whether `after` reads as `before` with `entry` appended to the lesson, nothing else."""
    try:
        old, new = _plain(yaml.load(before)), _plain(yaml.load(after))
    except Exception:  # ruamel raises many kinds of error for text it cannot read
        return False
    lesson = old["lessons"][index]
    lesson["exercises"] = [*(lesson.get("exercises") or []), _plain(entry)]
    return bool(old == new)


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return str(node) if isinstance(node, str) else node
