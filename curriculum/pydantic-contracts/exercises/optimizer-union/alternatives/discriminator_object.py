"""A `Discriminator("kind")` object with a `Tag` on each member of the union."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

Beta = Annotated[float, Field(ge=0, lt=1)]


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
    betas: tuple[Beta, Beta] = (0.9, 0.999)
    weight_decay: float = Field(default=0.01, ge=0)


Optimizer = Annotated[
    Annotated[SGD, Tag("sgd")] | Annotated[AdamW, Tag("adamw")],
    Discriminator("kind"),
]


class Experiment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    optimizer: Optimizer
    max_grad_norm: float | None = Field(default=None, gt=0)
