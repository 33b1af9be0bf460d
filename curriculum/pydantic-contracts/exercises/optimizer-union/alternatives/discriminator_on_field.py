"""Constrained type aliases (PositiveFloat, NonNegativeFloat), and the discriminator given on the field."""

from typing import Annotated, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, NonNegativeFloat, PositiveFloat

UnitInterval = Annotated[float, Field(ge=0, lt=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SGD(Strict):
    kind: Literal["sgd"] = "sgd"
    lr: PositiveFloat = 0.1
    momentum: UnitInterval = 0.9
    nesterov: bool = False


class AdamW(Strict):
    kind: Literal["adamw"] = "adamw"
    lr: PositiveFloat = 1e-3
    betas: tuple[UnitInterval, UnitInterval] = (0.9, 0.999)
    weight_decay: NonNegativeFloat = 0.01


class Experiment(Strict):
    name: Annotated[str, Field(min_length=1)]
    optimizer: Union[SGD, AdamW] = Field(discriminator="kind")
    max_grad_norm: Optional[PositiveFloat] = None
