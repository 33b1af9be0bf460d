"""Parses with json.loads, then validates the dict: strict Python mode rejects the UUID strings, and bad JSON raises JSONDecodeError."""

import json
import re
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class Search(BaseModel):
    """Search the document store."""

    model_config = ConfigDict(strict=True, extra="forbid")

    action: Literal["search"]
    query: str = Field(min_length=1)
    top_k: int = Field(default=5, ge=1, le=20)


class Answer(BaseModel):
    """Answer the user, citing the documents the answer relies on."""

    model_config = ConfigDict(strict=True, extra="forbid")

    action: Literal["answer"]
    text: str = Field(min_length=1)
    confidence: float = Field(ge=0, le=1)
    citations: list[UUID] = []


Action = Annotated[Search | Answer, Field(discriminator="action")]
ACTION = TypeAdapter(Action)  # built once

FENCE = re.compile(r"```(?:json)?\s*(.*?)\s*```", re.DOTALL)


def parse_action(reply: str) -> Search | Answer:
    """Validate the model's reply; raise ValidationError if it is not a valid action."""
    text = reply.strip()
    fenced = FENCE.fullmatch(text)
    if fenced:
        text = fenced.group(1)
    # validate_json parses and validates in one step, with JSON's rules: in strict mode a UUID
    # may arrive as a string (JSON has no UUID type), a number may not.
    return ACTION.validate_python(json.loads(text))
