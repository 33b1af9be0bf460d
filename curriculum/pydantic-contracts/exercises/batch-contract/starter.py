"""A data contract for a batch of interaction records."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Interaction(BaseModel):
    """One row of the training data: a user rated an item."""

    model_config = ConfigDict(extra="forbid")

    user_id: int = Field(gt=0)
    item_id: str = Field(min_length=1)
    rating: float = Field(ge=1, le=5)
    split: Literal["train", "valid", "test"]


def validate_batch(rows: list) -> tuple[list[Interaction], dict[str, int]]:
    """Validate a batch of raw rows (usually dicts) against Interaction.

    Returns (valid, error_counts):
      valid:        the rows without any error, as Interaction objects, in input order.
      error_counts: how many errors each field had across the batch, keyed by the
                    field name (for an unknown key, the key's name). A row that is
                    not a mapping at all counts once under "<row>". Fields without
                    errors are left out; a clean batch gives {}.
    """
    # TODO: validate the whole batch with one TypeAdapter, and read each error's loc.
    return [Interaction.model_validate(row) for row in rows], {}
