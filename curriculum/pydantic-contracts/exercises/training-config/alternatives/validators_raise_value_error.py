"""Bounds checked in field validators that raise ValueError (which `python -O` leaves in place)."""

from pydantic import BaseModel, ConfigDict, StrictInt, field_validator


class TrainingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    learning_rate: float
    batch_size: StrictInt
    epochs: int = 10
    dropout: float = 0.1
    mixed_precision: bool = False
    seed: int | None = None

    @field_validator("learning_rate")
    @classmethod
    def check_lr(cls, v: float) -> float:
        if not 0 < v <= 1:
            raise ValueError("learning_rate must be in (0, 1]")
        return v

    @field_validator("batch_size", "epochs")
    @classmethod
    def check_positive(cls, v: int) -> int:
        if v < 1:
            raise ValueError("must be at least 1")
        return v

    @field_validator("dropout")
    @classmethod
    def check_dropout(cls, v: float) -> float:
        if not 0 <= v < 1:
            raise ValueError("dropout must be in [0, 1)")
        return v
