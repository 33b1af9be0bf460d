"""Makes the whole model strict (`ConfigDict(strict=True)`): "20" from a command line no longer loads into epochs."""

from pydantic import BaseModel, ConfigDict, Field


class TrainingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    learning_rate: float = Field(gt=0, le=1)
    batch_size: int = Field(gt=0)
    epochs: int = Field(default=10, ge=1)
    dropout: float = Field(default=0.1, ge=0, lt=1)
    mixed_precision: bool = False
    seed: int | None = None
