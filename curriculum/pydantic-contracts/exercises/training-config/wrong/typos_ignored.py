"""Forgets `extra="forbid"`: a misspelt key is dropped without a word and the default is used."""

from pydantic import BaseModel, ConfigDict, Field, StrictInt


class TrainingConfig(BaseModel):
    model_config = ConfigDict(frozen=True)

    learning_rate: float = Field(gt=0, le=1)
    batch_size: StrictInt = Field(gt=0)
    epochs: int = Field(default=10, ge=1)
    dropout: float = Field(default=0.1, ge=0, lt=1)
    mixed_precision: bool = False
    seed: int | None = None
