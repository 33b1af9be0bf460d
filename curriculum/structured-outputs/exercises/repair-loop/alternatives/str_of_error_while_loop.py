"""A while loop with a counter; the feedback is str(err), pydantic's own error report."""

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
    conversation = [*messages]
    calls = 0
    while True:
        reply = ask(conversation)
        calls += 1
        try:
            return Label.model_validate_json(reply)
        except ValidationError as err:
            if calls >= max_attempts:
                raise
            conversation += [
                {"role": "assistant", "content": reply},
                {"role": "user", "content": f"Fix these errors and reply with JSON only:\n{err}"},
            ]
