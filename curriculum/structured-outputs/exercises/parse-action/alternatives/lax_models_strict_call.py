"""Lax models, strictness asked for per call (validate_json(..., strict=True)); the fence cut off with str.partition."""

from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Discriminator, TypeAdapter
from pydantic import Field


class Search(BaseModel):
    """Search the document store."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["search"]
    query: str = Field(min_length=1)
    top_k: int = Field(default=5, ge=1, le=20)


class Answer(BaseModel):
    """Answer the user, citing the documents the answer relies on."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["answer"]
    text: str = Field(min_length=1)
    confidence: float = Field(ge=0, le=1)
    citations: list[UUID] = []


ACTION = TypeAdapter(Annotated[Search | Answer, Discriminator("action")])


def parse_action(reply: str) -> Search | Answer:
    """Validate the model's reply; raise ValidationError if it is not a valid action."""
    text = reply.strip()
    if text.startswith("```") and text.endswith("```") and text.count("```") == 2:
        _, _, inner = text[:-3].partition("\n")  # drop the opening line: ``` or ```json
        text = inner
    return ACTION.validate_json(text, strict=True)
