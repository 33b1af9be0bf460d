"""Checks betas and max_grad_norm with `assert` in validators: `python -O` strips the checks."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class SGD(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["sgd"] = "sgd"
    lr: float = Field(default=0.1, gt=0)
    momentum: float = Field(default=0.9, ge=0, lt=1)
    nesterov: bool = False


class AdamW(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["adamw"] = "adamw"
    lr: float = Field(default=1e-3, gt=0)
    betas: tuple[float, float] = (0.9, 0.999)
    weight_decay: float = Field(default=0.01, ge=0)

    @field_validator("betas")
    @classmethod
    def betas_in_range(cls, value: tuple[float, float]) -> tuple[float, float]:
        assert all(0 <= b < 1 for b in value), "each beta must be in [0, 1)"
        return value


class Experiment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    optimizer: Annotated[SGD | AdamW, Field(discriminator="kind")]
    max_grad_norm: float | None = None

    @field_validator("max_grad_norm")
    @classmethod
    def positive(cls, value: float | None) -> float | None:
        assert value is None or value > 0, "max_grad_norm must be > 0"
        return value
