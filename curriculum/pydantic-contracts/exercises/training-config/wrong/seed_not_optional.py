"""Declares `seed: int = None`: the default is never validated, but an explicit `seed: null` is rejected."""

from pydantic import BaseModel, ConfigDict, Field, StrictInt


class TrainingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    learning_rate: float = Field(gt=0, le=1)
    batch_size: StrictInt = Field(gt=0)
    epochs: int = Field(default=10, ge=1)
    dropout: float = Field(default=0.1, ge=0, lt=1)
    mixed_precision: bool = False
    seed: int = None
