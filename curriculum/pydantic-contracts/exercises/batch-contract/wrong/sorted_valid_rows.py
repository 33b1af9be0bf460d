"""Sorts the valid rows by user_id "to be deterministic": they no longer come in input order."""

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
    good = {i: row for i, row in enumerate(rows) if i not in bad}
    # Sorting by user id "to make the output deterministic" loses the input order.
    ordered = sorted(good.values(), key=lambda row: str(row.get("user_id")))
    return BATCH.validate_python(ordered), dict(counts)
