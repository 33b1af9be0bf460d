"""JSON Schemas of the YAML files, derived from the same field declarations the loaders check.

Editors use them (through the `yaml-language-server` comment scaffolded files start with) to
complete and check fields as a contributor types. They are committed under `schemas/`, and a
test keeps them equal to what this module generates: `python -m tutor.curriculum.json_schema`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from tutor.curriculum import schema
from tutor.curriculum.schema import Field

DRAFT = "https://json-schema.org/draft/2020-12/schema"
FILES = {
    "curriculum.schema.json": ("curriculum.yaml", schema.CURRICULUM, schema.FORMAT_VERSION),
    "module.schema.json": ("module.yaml", schema.MODULE, None),
    "team.schema.json": ("team/<handle>.yaml", schema.TEAM, schema.TEAM_FORMAT_VERSION),
}


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema document."""
    documents = {}
    for name, (describes, fields, version) in FILES.items():
        document: dict[str, Any] = {
            "$schema": DRAFT,
            "title": f"ML Daily Tutor: {describes}",
            "description": "Generated from tutor/curriculum/schema.py; do not edit by hand.",
        }
        document.update(_object(fields, version))
        documents[name] = document
    return documents


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, document in schemas().items():
        path = folder / name
        path.write_text(render(document), encoding="utf-8")
        written.append(path)
    return written


def _object(fields: dict[str, Field], version: int | None = None) -> dict[str, Any]:
    properties = {}
    for name, field in fields.items():
        prop = _field(field)
        if name == "format" and version is not None:
            prop = {"const": version, "description": field.doc}
        properties[name] = prop
    result: dict[str, Any] = {"type": "object", "properties": properties}
    required = [name for name, field in fields.items() if field.required]
    if required:
        result["required"] = required
    result["additionalProperties"] = False
    return result


def _field(field: Field) -> dict[str, Any]:
    result = _kind(field)
    if field.doc:
        result["description"] = field.doc
    return result


def _kind(field: Field) -> dict[str, Any]:
    slug = {"type": "string", "pattern": schema.SLUG.pattern}
    kind = field.kind
    if kind == "slug":
        return dict(slug)
    if kind == "str":
        if field.choices:
            return {"enum": list(field.choices)}
        return {"type": "string", "minLength": 1}
    if kind in ("int", "number"):
        return {"type": "integer" if kind == "int" else "number", **_bounds(field)}
    if kind == "slugs":
        return {"type": "array", "items": slug}
    if kind == "strs":
        return {"type": "array", "items": {"type": "string", "minLength": 1}}
    if kind == "list":
        return {"type": "array", "items": _object(field.items or {})}
    if kind == "mapping":
        return _object(field.items or {})
    if kind == "include":  # a list of mappings, each with exactly one of its fields
        one = {**_object(field.items or {}), "minProperties": 1, "maxProperties": 1}
        return {"type": "array", "items": one}
    if kind == "levels":
        level = {"type": "integer", **_bounds(field)}
        return {"type": "object", "propertyNames": slug, "additionalProperties": level}
    if kind == "date":
        return {"type": "string", "format": "date"}
    if kind == "answer":
        index = {"type": "integer", "minimum": 0}
        return {"oneOf": [index, {"type": "array", "items": index, "minItems": 1}]}
    if kind == "exercises":
        variants = []
        for name, fields in schema.EXERCISE.items():
            variant = _object(fields)
            variant["properties"]["type"] = {"const": name}
            variants.append(variant)
        return {"type": "array", "items": {"oneOf": variants}}
    raise ValueError(f"no JSON Schema for field kind {kind!r}")  # a new kind needs a rule here


def _bounds(field: Field) -> dict[str, float]:
    bounds = {}
    if field.low is not None:
        bounds["minimum"] = field.low
    if field.high is not None:
        bounds["maximum"] = field.high
    return bounds


def main(argv: list[str]) -> None:
    folder = Path(argv[0]) if argv else Path("schemas")
    for path in write(folder):
        print(path)


if __name__ == "__main__":
    main(sys.argv[1:])
