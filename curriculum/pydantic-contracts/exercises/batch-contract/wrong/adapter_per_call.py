"""Builds the TypeAdapter inside the function: a new validator is compiled on every call."""

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


def validate_batch(rows: list) -> tuple[list[Interaction], dict[str, int]]:
    batch = TypeAdapter(list[Interaction])
    try:
        return batch.validate_python(rows), {}
    except ValidationError as err:
        errors = err.errors()
    counts = Counter(str(e["loc"][1]) if len(e["loc"]) > 1 else "<row>" for e in errors)
    bad = {e["loc"][0] for e in errors}
    return batch.validate_python([r for i, r in enumerate(rows) if i not in bad]), dict(counts)
