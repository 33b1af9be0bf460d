"""Checks the bounds with `assert` in validators: pydantic reports them, but `python -O` strips them."""

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
        assert 0 < v <= 1, "learning_rate must be in (0, 1]"
        return v

    @field_validator("batch_size")
    @classmethod
    def check_batch_size(cls, v: int) -> int:
        assert v > 0, "batch_size must be > 0"
        return v

    @field_validator("epochs")
    @classmethod
    def check_epochs(cls, v: int) -> int:
        assert v >= 1, "epochs must be >= 1"
        return v

    @field_validator("dropout")
    @classmethod
    def check_dropout(cls, v: float) -> float:
        assert 0 <= v < 1, "dropout must be in [0, 1)"
        return v
