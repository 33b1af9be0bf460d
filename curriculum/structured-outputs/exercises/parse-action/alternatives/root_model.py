"""A RootModel holds the discriminated union; the fence is removed with removeprefix/removesuffix."""

from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, RootModel


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


class Action(RootModel[Annotated[Search | Answer, Field(discriminator="action")]]):
    pass


def strip_fence(reply: str) -> str:
    text = reply.strip()
    if text.startswith("```") and text.endswith("```") and len(text) >= 6:
        text = text.removeprefix("```").removesuffix("```")
        text = text.removeprefix("json")
    return text.strip()


def parse_action(reply: str) -> Search | Answer:
    """Validate the model's reply; raise ValidationError if it is not a valid action."""
    return Action.model_validate_json(strip_fence(reply)).root
