"""Settings as class keywords, and strictness on the field itself with Field(strict=True)."""

from pydantic import BaseModel, Field


class TrainingConfig(BaseModel, extra="forbid", frozen=True):
    learning_rate: float = Field(gt=0, le=1)
    batch_size: int = Field(gt=0, strict=True)
    epochs: int = Field(default=10, ge=1)
    dropout: float = Field(default=0.1, ge=0, lt=1)
    mixed_precision: bool = False
    seed: int | None = None
