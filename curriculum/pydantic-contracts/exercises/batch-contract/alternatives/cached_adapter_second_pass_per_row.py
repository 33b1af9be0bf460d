"""The adapter is built lazily on first use (functools.cache); the valid rows are re-validated one by one."""

from collections import defaultdict
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError


class Interaction(BaseModel):
    """One row of the training data: a user rated an item."""

    model_config = ConfigDict(extra="forbid")

    user_id: int = Field(gt=0)
    item_id: str = Field(min_length=1)
    rating: float = Field(ge=1, le=5)
    split: Literal["train", "valid", "test"]


@cache
def batch_adapter() -> TypeAdapter[list[Interaction]]:
    return TypeAdapter(list[Interaction])


def validate_batch(rows: list) -> tuple[list[Interaction], dict[str, int]]:
    try:
        return batch_adapter().validate_python(rows), {}
    except ValidationError as err:
        errors = err.errors()
    counts: dict[str, int] = defaultdict(int)
    bad_rows = set()
    for error in errors:
        index, *rest = error["loc"]
        bad_rows.add(index)
        counts[str(rest[0]) if rest else "<row>"] += 1
    valid = [Interaction.model_validate(row) for i, row in enumerate(rows) if i not in bad_rows]
    return valid, dict(counts)
