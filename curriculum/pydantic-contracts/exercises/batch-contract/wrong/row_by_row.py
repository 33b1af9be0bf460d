"""Validates row by row with Interaction.model_validate instead of one TypeAdapter over the batch."""

from collections import Counter
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class Interaction(BaseModel):
    """One row of the training data: a user rated an item."""

    model_config = ConfigDict(extra="forbid")

    user_id: int = Field(gt=0)
    item_id: str = Field(min_length=1)
    rating: float = Field(ge=1, le=5)
    split: Literal["train", "valid", "test"]


def validate_batch(rows: list) -> tuple[list[Interaction], dict[str, int]]:
    valid, counts = [], Counter()
    for row in rows:
        try:
            valid.append(Interaction.model_validate(row))
        except ValidationError as err:
            for e in err.errors():
                counts[str(e["loc"][0]) if e["loc"] else "<row>"] += 1
    return valid, dict(counts)
