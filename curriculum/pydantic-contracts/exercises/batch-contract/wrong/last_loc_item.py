"""Keys the counts by `loc[-1]`: a row that is not a mapping is counted under its index, not "<row>"."""

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
    counts = Counter(str(e["loc"][-1]) for e in errors)
    bad = {e["loc"][0] for e in errors}
    return BATCH.validate_python([r for i, r in enumerate(rows) if i not in bad]), dict(counts)
