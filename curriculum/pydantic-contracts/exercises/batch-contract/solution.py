"""A data contract for a batch of interaction records."""

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


# Built once: constructing an adapter compiles a validator.
BATCH = TypeAdapter(list[Interaction])


def validate_batch(rows: list) -> tuple[list[Interaction], dict[str, int]]:
    """Validate a batch of raw rows; return the valid ones and the error counts per field."""
    try:
        return BATCH.validate_python(rows), {}
    except ValidationError as err:
        errors = err.errors()
    # Each loc is (row_index, field, ...), or just (row_index,) when the row
    # itself is not a mapping.
    counts = Counter(str(e["loc"][1]) if len(e["loc"]) > 1 else "<row>" for e in errors)
    bad_rows = {e["loc"][0] for e in errors}
    valid = BATCH.validate_python([row for i, row in enumerate(rows) if i not in bad_rows])
    return valid, dict(counts)
