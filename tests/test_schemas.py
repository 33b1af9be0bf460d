"""The committed JSON Schemas: current with the field declarations, and agreeing with the loaders."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tutor.curriculum.json_schema import render, schemas
from tutor.team.summaries import TeamMember, render_member

REPO = Path(__file__).parent.parent
SCHEMAS = REPO / "schemas"


def validator(name: str) -> jsonschema.Draft202012Validator:
    document = json.loads((SCHEMAS / name).read_text())
    jsonschema.Draft202012Validator.check_schema(document)
    return jsonschema.Draft202012Validator(document, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("name", sorted(schemas()))
def test_committed_schemas_are_current(name: str) -> None:
    committed = (SCHEMAS / name).read_text()
    assert committed == render(schemas()[name]), (
        f"schemas/{name} is stale: run `python -m tutor.curriculum.json_schema schemas`"
    )


def test_the_shipped_curriculum_validates() -> None:
    top = yaml.safe_load((REPO / "curriculum" / "curriculum.yaml").read_text())
    assert not list(validator("curriculum.schema.json").iter_errors(top))
    modules = sorted((REPO / "curriculum").glob("*/module.yaml"))
    assert len(modules) >= 6
    check = validator("module.schema.json")
    for path in modules:
        errors = [e.message for e in check.iter_errors(yaml.safe_load(path.read_text()))]
        assert not errors, (path, errors)


def test_a_team_file_validates() -> None:
    member = TeamMember("ada", "Ada", {"numpy": 3}, ("numpy-idioms",), (), 2, 5, date(2026, 1, 2))
    data = yaml.safe_load(render_member(member))
    data["last_active"] = data["last_active"].isoformat()  # JSON has no dates; editors see text
    assert not list(validator("team.schema.json").iter_errors(data))


def module(**changes: Any) -> dict[str, Any]:
    data = yaml.safe_load((REPO / "tests/data/mini/alpha/module.yaml").read_text())
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "data",
    [
        module(level="expert"),
        module(colour="blue"),
        module(id="Not A Slug"),
        module(
            lessons=[
                {
                    "id": "x",
                    "title": "X",
                    "file": "x.md",
                    "exercises": [{"id": "e", "type": "essay"}],
                }
            ]
        ),
        module(
            lessons=[
                {
                    "id": "x",
                    "title": "X",
                    "file": "x.md",
                    "exercises": [{"id": "e", "type": "answer", "question": "Q?", "minutes": 500}],
                }
            ]
        ),
    ],
)
def test_what_the_loader_refuses_the_schema_refuses(data: dict[str, Any]) -> None:
    assert list(validator("module.schema.json").iter_errors(data))
