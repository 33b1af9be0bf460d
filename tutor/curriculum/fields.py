"""Typed reads of YAML mappings that record a Problem (file, line, field) instead of raising."""

from __future__ import annotations

import difflib
from datetime import date, datetime
from typing import Any

from tutor.base.errors import Problem
from tutor.curriculum.schema import SLUG, Field
from tutor.curriculum.yamlfile import Located

_KIND_NAMES = {
    "str": "a string",
    "slug": "an id",
    "int": "an integer",
    "number": "a number",
    "slugs": "a list of ids",
    "strs": "a list of strings",
    "list": "a list",
    "mapping": "a mapping",
    "levels": "a mapping of skill id -> level",
    "exercises": "a list of exercises",
    "include": "a list of `pack: NAME` or `path: FOLDER` entries",
    "date": "a date (YYYY-MM-DD)",
}


class FileReader:
    """Reads one YAML file's mappings against field declarations, collecting problems."""

    def __init__(self, shown: str, problems: list[Problem]) -> None:
        self.shown = shown
        self.problems = problems

    def problem(self, line: int | None, field: str, message: str) -> None:
        self.problems.append(Problem(self.shown, line, field, message))

    def mapping(
        self, loc: Located, fields: dict[str, Field], where: str
    ) -> dict[str, Located] | None:
        """Check `loc` is a mapping with only known keys and every required one."""
        if not isinstance(loc.value, dict):
            self.problem(loc.line, where, "expected a mapping of fields")
            return None
        for key, value in loc.value.items():
            if key not in fields:
                close = difflib.get_close_matches(key, fields, n=1)
                guess = f"did you mean '{close[0]}'? " if close else ""
                known = ", ".join(fields)
                line = value.key_line or value.line  # a block value starts below its key
                self.problem(line, _join(where, key), f"unknown field ({guess}known: {known})")
        for name, spec in fields.items():
            if spec.required and name not in loc.value:
                self.problem(loc.line, _join(where, name), "missing required field")
        return {k: v for k, v in loc.value.items() if k in fields}

    def get(self, data: dict[str, Located], spec: Field, where: str) -> Any:
        """The field's value when present and of the right kind, else None (problem noted)."""
        loc = data.get(spec.name)
        if loc is None:
            return None
        field = _join(where, spec.name)
        value = loc.value
        ok = _is_kind(value, spec.kind)
        if not ok:
            self.problem(loc.line, field, f"expected {_KIND_NAMES.get(spec.kind, spec.kind)}")
            return None
        if spec.kind == "slug" and not SLUG.match(value):
            self.problem(loc.line, field, _bad_slug(value))
            return None
        if spec.kind == "str" and not value.strip():
            self.problem(loc.line, field, "must not be empty")
            return None
        if spec.kind in ("int", "number") and not _in_range(value, spec.low, spec.high):
            self.problem(loc.line, field, _range_message(spec.low, spec.high))
            return None
        if spec.choices and value not in spec.choices:
            self.problem(loc.line, field, f"{value!r} is not one of {', '.join(spec.choices)}")
            return None
        if spec.kind in ("slugs", "strs"):
            items = [item.value for item in value]
            for item in value:
                if spec.kind == "slugs" and not SLUG.match(item.value):
                    self.problem(item.line, field, _bad_slug(item.value))
            return tuple(items)
        return value

    def line(self, data: dict[str, Located], name: str, default: int) -> int:
        loc = data.get(name)
        return loc.line if loc is not None else default


def _is_kind(value: Any, kind: str) -> bool:
    if kind in ("str", "slug"):
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "slugs" or kind == "strs":
        return isinstance(value, list) and all(isinstance(i.value, str) for i in value)
    if kind == "list":
        return isinstance(value, list)
    if kind in ("mapping", "levels"):
        return isinstance(value, dict)
    if kind in ("exercises", "include"):
        return isinstance(value, list)
    if kind == "date":
        return isinstance(value, date) and not isinstance(value, datetime)
    return True  # "answer" and other composite kinds are checked by their reader


def _in_range(value: float, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def _range_message(low: float | None, high: float | None) -> str:
    def show(n: float) -> str:
        return str(int(n)) if n == int(n) else str(n)

    if low is not None and high is not None:
        return f"must be between {show(low)} and {show(high)}"
    if low is not None:
        return f"must be at least {show(low)}"
    return f"must be at most {show(high or 0)}"


def _bad_slug(value: str) -> str:
    return (
        f"{value!r} is not a valid id: use lowercase letters, digits and '-', "
        "starting with a letter or digit, at most 48 characters"
    )


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name
