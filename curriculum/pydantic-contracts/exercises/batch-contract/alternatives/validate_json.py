"""The batch goes through the adapter as JSON text (validate_json); the error locs are the same."""

import json
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


ROWS = TypeAdapter(list[Interaction])


def validate_batch(rows: list) -> tuple[list[Interaction], dict[str, int]]:
    try:
        return ROWS.validate_json(json.dumps(rows)), {}
    except ValidationError as err:
        errors = err.errors()
    fields = [e["loc"][1] if len(e["loc"]) > 1 else "<row>" for e in errors]
    bad = {e["loc"][0] for e in errors}
    keep = [row for i, row in enumerate(rows) if i not in bad]
    return ROWS.validate_python(keep), dict(Counter(map(str, fields)))
