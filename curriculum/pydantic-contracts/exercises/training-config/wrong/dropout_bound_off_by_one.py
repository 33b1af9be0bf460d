"""Bounds off by one: `le=1` lets dropout=1.0 (drop everything) through, and `ge=0` lets learning_rate=0."""

from pydantic import BaseModel, ConfigDict, Field, StrictInt


class TrainingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    learning_rate: float = Field(ge=0, le=1)
    batch_size: StrictInt = Field(gt=0)
    epochs: int = Field(default=10, ge=1)
    dropout: float = Field(default=0.1, ge=0, le=1)
    mixed_precision: bool = False
    seed: int | None = None
