"""Reads a YAML file with PyYAML's C safe loader into values that remember their line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tutor.base.errors import Problem

try:  # The C loader is the contract; the pure-Python one only keeps odd platforms working.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# A document may reuse anchors, but walking it may not cost more than this many nodes per
# byte of source: a "billion laughs" file is a few hundred bytes that expand to gigabytes.
EXPANSION_PER_BYTE = 4
MIN_EXPANSION_BUDGET = 10_000


@dataclass(frozen=True, slots=True)
class Located:
    """A YAML value with the (1-based) line it starts on."""

    value: Any  # dict[str, Located] | list[Located] | str | int | float | bool | None
    line: int
    key_line: int = 0  # a mapping's value: the line of its key (a block value starts below it)


class _ExpansionError(Exception):
    pass


class _Walker:
    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.constructor = yaml.constructor.SafeConstructor()
        self.duplicates: list[tuple[str, int]] = []

    def walk(self, node: yaml.Node) -> Located:
        self.budget -= 1
        if self.budget < 0:
            raise _ExpansionError
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            mapping: dict[str, Located] = {}
            for key_node, value_node in node.value:
                key = str(self.walk(key_node).value)
                key_line = key_node.start_mark.line + 1
                if key in mapping:
                    self.duplicates.append((key, key_line))
                value = self.walk(value_node)
                mapping[key] = Located(value.value, value.line, key_line)
            return Located(mapping, line)
        if isinstance(node, yaml.SequenceNode):
            return Located([self.walk(item) for item in node.value], line)
        return Located(self.constructor.construct_object(node, deep=True), line)


def read_yaml(path: Path, shown: str) -> tuple[Located | None, list[Problem]]:
    """Parse `path` (reported as `shown`); on failure return None and the problems found."""
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(shown, None, "", "file not found")]
    except OSError as exc:
        return None, [Problem(shown, None, "", f"cannot read the file: {exc.strerror}")]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = exc.problem or exc.context or "invalid YAML"
        return None, [Problem(shown, line, "", f"YAML syntax error: {reason}")]
    except yaml.YAMLError as exc:
        return None, [Problem(shown, None, "", f"YAML syntax error: {exc}")]
    if node is None:
        return None, [Problem(shown, None, "", "the file is empty")]
    walker = _Walker(max(MIN_EXPANSION_BUDGET, EXPANSION_PER_BYTE * len(text)))
    try:
        value = walker.walk(node)
    except _ExpansionError:
        message = "the file expands far beyond its size through YAML aliases; remove them"
        return None, [Problem(shown, None, "", message)]
    except yaml.YAMLError as exc:
        return None, [Problem(shown, None, "", f"invalid YAML value: {exc}")]
    problems = [
        Problem(shown, line, key, "duplicate key (the later value would silently win)")
        for key, line in walker.duplicates
    ]
    return value, problems
