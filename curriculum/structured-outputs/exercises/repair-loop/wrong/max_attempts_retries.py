"""Counts max_attempts as retries after the first call: the model is called once too often."""

from typing import Callable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class Label(BaseModel):
    """The sentiment of a piece of user feedback."""

    model_config = ConfigDict(extra="forbid")

    label: Literal["positive", "negative", "neutral"]
    confidence: float = Field(ge=0, le=1)
    evidence: str = Field(min_length=1)


def feedback(err: ValidationError) -> str:
    """A message telling the model what was wrong: each error's location and message."""
    lines = []
    for e in err.errors(include_url=False):
        where = ".".join(str(part) for part in e["loc"]) or "(the whole reply)"
        lines.append(f"- {where}: {e['msg']}")
    return (
        "Your reply did not match the schema:\n"
        + "\n".join(lines)
        + "\nReply again with only the corrected JSON object."
    )


def label_with_repair(
    ask: Callable[[list[dict]], str], messages: list[dict], max_attempts: int = 3
) -> Label:
    """Ask until the reply validates as a Label, at most max_attempts times in all."""
    conversation = list(messages)  # never modify the caller's list
    for attempt in range(0, max_attempts + 1):
        reply = ask(conversation)
        try:
            return Label.model_validate_json(reply)
        except ValidationError as err:
            if attempt == max_attempts:
                raise
            conversation = conversation + [
                {"role": "assistant", "content": reply},
                {"role": "user", "content": feedback(err)},
            ]
    raise ValueError("max_attempts must be at least 1")
