"""Recursion on the attempts left, with the errors fed back as JSON (err.json())."""

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
    reply = ask(messages)
    try:
        return Label.model_validate_json(reply)
    except ValidationError as err:
        if max_attempts <= 1:
            raise
        errors = err.json(include_url=False, include_context=False, include_input=False)
        repaired = [
            *messages,
            {"role": "assistant", "content": reply},
            {"role": "user", "content": "Validation errors (JSON): " + errors + "\nReply with the corrected JSON."},
        ]
        return label_with_repair(ask, repaired, max_attempts - 1)
