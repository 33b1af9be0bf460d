"""Parse an agent's reply into the action it chose."""

import json
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


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


def parse_action(reply: str) -> Search | Answer:
    """Validate the model's reply; raise ValidationError if it is not a valid action."""
    # TODO: strip a code fence, then validate the JSON text against a discriminated union.
    data = json.loads(reply)
    return Search(**data) if data.get("action") == "search" else Answer(**data)
