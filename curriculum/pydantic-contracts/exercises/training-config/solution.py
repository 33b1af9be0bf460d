"""A validated, frozen training config."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictInt


class TrainingConfig(BaseModel):
    """Settings of one training run, loaded with TrainingConfig.model_validate(raw_dict)."""

    # extra="forbid": a misspelled key is an error, not a silently used default.
    # frozen=True: nobody edits a running config, and equal configs hash equal.
    model_config = ConfigDict(extra="forbid", frozen=True)

    learning_rate: float = Field(gt=0, le=1)
    # StrictInt: lax mode would turn True into 1 and "64" into 64.
    batch_size: Annotated[StrictInt, Field(gt=0)]
    epochs: int = Field(default=10, ge=1)
    dropout: float = Field(default=0.1, ge=0, lt=1)
    mixed_precision: bool = False
    seed: int | None = None
