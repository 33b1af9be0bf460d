"""Label a text with a model, feeding validation errors back until the reply is valid."""

from typing import Callable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class Label(BaseModel):
    """The sentiment of a piece of user feedback."""

    model_config = ConfigDict(extra="forbid")

    label: Literal["positive", "negative", "neutral"]
    confidence: float = Field(ge=0, le=1)
    evidence: str = Field(min_length=1)


def label_with_repair(
    ask: Callable[[list[dict]], str], messages: list[dict], max_attempts: int = 3
) -> Label:
    """Ask until the reply validates as a Label, at most max_attempts times in all."""
    # TODO: validate each reply; on a ValidationError, show the model its reply and the errors,
    # and ask again, at most max_attempts calls in all.
    return Label.model_validate_json(ask(messages))
